"""What the reader knows about the framework, what it returns, and how it refuses."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatementRef:
    """A quality statement the reader can recognise, with the wordings that name it."""

    key: str  # e.g. the statement's slug
    title: str
    aliases: tuple[str, ...] = ()
    commitment: str = ""
    topics: tuple[str, ...] = ()  # headings reports usually use: strong hints of a heading


@dataclass(frozen=True)
class Catalogue:
    statements: tuple[StatementRef, ...]
    theme_titles: tuple[str, ...] = ()


@dataclass
class ParsedFinding:
    text: str
    line: int
    source: str  # a Finding.Source value


@dataclass
class ParsedTopic:
    title: str
    line: int
    findings: list[ParsedFinding] = field(default_factory=list)


@dataclass
class ParsedSection:
    statement: StatementRef
    title_as_printed: str
    line: int
    score: int
    i_statements: list[str] = field(default_factory=list)
    commitment: str = ""
    topics: list[ParsedTopic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def finding_count(self) -> int:
        return sum(len(topic.findings) for topic in self.topics)


class ReportFormatError(ValueError):
    """The text cannot be read. The message starts with the line number."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"line {line}: {message}")
