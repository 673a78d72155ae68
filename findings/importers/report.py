"""Read quality statement sections of a published CQC report, as text. Pure: no ORM.

A section is laid out like this (see the reference file's "Layout"), with any number of blank
lines, and real reports vary in punctuation, dashes, quotes, case and line breaks:

    <Quality statement title>
    Score: <n>
    <n> - <label>
    What people expect                (optional)
    <one I statement per line>
    The local authority commitment
    <commitment text>
    Key findings for this quality statement
    <topic heading>
    <paragraph>
    ...

Text extracted from a PDF is hard-wrapped: a paragraph spans several lines and paragraphs may
not be separated by blank lines. The reader copes with both shapes (see _split_blocks).

`parse_report(text, catalogue)` returns the sections it read, or raises ReportFormatError naming
the line and what was expected. Nothing here touches the database; findings.services.reports
saves the result, all or nothing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

# --- what the reader knows about the framework ----------------------------------------------


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


# --- what it returns ------------------------------------------------------------------------


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


# --- normalising text -----------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
SCORE_LABELS = {
    1: "evidence shows significant shortfalls",
    2: "evidence shows some shortfalls",
    3: "evidence shows a good standard",
    4: "evidence shows an exceptional standard",
}


def clean_line(line: str) -> str:
    """Unicode-normalise a line: curly quotes and dashes to plain, odd spaces folded."""
    line = unicodedata.normalize("NFKC", line).translate(_QUOTES)
    line = line.replace("\u00ad", "").replace("\ufeff", "")
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


def normalise(text: str) -> str:
    """For comparing titles and commitments: lower case, & as and, punctuation dropped."""
    text = clean_line(text).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# --- recognising lines ----------------------------------------------------------------------

SCORE_RE = re.compile(
    r"^(?:indicative\s+)?score\s*[:\-]?\s*(?P<score>\d+)\s*(?:/\s*4|out of 4)?"
    r"(?:\s*[-:]?\s*(?P<label>[A-Za-z].*))?$",
    re.IGNORECASE,
)
LABEL_RE = re.compile(
    r"^(?:(?P<score>\d+)\s*[-:.]?\s*)?(?P<label>evidence shows .*)$", re.IGNORECASE
)
THEME_BLURB_RE = re.compile(r"^this theme (includes|covers)", re.IGNORECASE)
WHAT_PEOPLE_EXPECT_RE = re.compile(r"^what people expect:?$", re.IGNORECASE)
COMMITMENT_RE = re.compile(r"^the local authority('s)? commitment:?$", re.IGNORECASE)
KEY_FINDINGS_RE = re.compile(r"^key findings( for this quality statement)?:?$", re.IGNORECASE)
THEME_PREFIX_RE = re.compile(r"^theme\s*\d+\s*[:.\-]?\s*", re.IGNORECASE)
STATEMENT_PREFIX_RE = re.compile(r"^(quality statement|statement)\s*\d*\s*[:.\-]\s*", re.IGNORECASE)
PAGE_NUMBER_RE = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)
BULLET_RE = re.compile(r"^([•▪◦·*\-]|\d+[.)])\s+")
TERMINAL = ".!?:;"
CLOSERS = "'\")]"

HEADING_MAX = 150


def _strip_closers(text: str) -> str:
    return text.rstrip(CLOSERS + " ")


def ends_sentence(text: str) -> bool:
    stripped = _strip_closers(text)
    return bool(stripped) and stripped[-1] in TERMINAL


def starts_lower(text: str) -> bool:
    first = text.lstrip(CLOSERS + "(")[:1]
    return first.islower()


class TitleMatcher:
    """Matches printed titles to statements: exact, alias, then close wording."""

    def __init__(self, catalogue: Catalogue):
        self.by_name: dict[str, StatementRef] = {}
        for ref in catalogue.statements:
            for name in (ref.title, *ref.aliases):
                self.by_name[normalise(name)] = ref
        self.themes = {normalise(t) for t in catalogue.theme_titles}

    def match(self, line: str) -> StatementRef | None:
        name = normalise(STATEMENT_PREFIX_RE.sub("", clean_line(line)))
        if not name or len(name) > 120:
            return None
        if name in self.by_name:
            return self.by_name[name]
        words = set(name.split())
        best, best_ratio = None, 0.0
        for known, ref in self.by_name.items():
            ratio = difflib.SequenceMatcher(None, name, known).ratio()
            known_words = set(known.split())
            # Same words in another order ("Safe systems, pathways and transitions").
            if words == known_words:
                ratio = max(ratio, 0.99)
            if ratio > best_ratio:
                best, best_ratio = ref, ratio
        return best if best_ratio >= 0.86 else None

    def closest(self, line: str) -> str | None:
        names = difflib.get_close_matches(normalise(line), list(self.by_name), n=1, cutoff=0.5)
        return self.by_name[names[0]].title if names else None

    def is_theme(self, line: str) -> bool:
        return normalise(THEME_PREFIX_RE.sub("", clean_line(line))) in self.themes


# --- suggesting a source from how a paragraph opens -----------------------------------------

_SOURCE_OPENINGS: list[tuple[str, str]] = [
    (
        r"(senior (management|managers|leaders|leadership)|leaders|the leadership|leadership team|"
        r"the director|directors?|the (chief|principal)|elected members|councillors|the cabinet)",
        "leaders",
    ),
    (
        r"(staff|social workers|practitioners|frontline|front line|managers|team managers|"
        r"occupational therapists|employees)",
        "staff",
    ),
    (r"(partners|partner organisations|health partners|stakeholders)", "partners"),
    (r"(providers|care providers|commissioned providers)", "providers"),
    (
        r"(people|carers|unpaid carers|service users|residents|families|a person|one person|"
        r"people's|feedback from people|people and carers)",
        "people",
    ),
    (
        r"(data|national data|the (adult social care )?survey|survey (data|results)|the ascof|"
        r"ascof|figures|statistics|according to|the (annual|latest) (complaints )?report|"
        r"the local authority('s)? (data|own data|records|figures|self-assessment|"
        r"annual report|performance))",
        "data",
    ),
    (r"(complaints|the complaints|compliments)", "complaints"),
]
_SOURCE_RES = [
    (
        re.compile(
            r"^(?:the\s+|some\s+|most\s+|many\s+|all\s+|several\s+)?" + pattern + r"\b",
            re.IGNORECASE,
        ),
        source,
    )
    for pattern, source in _SOURCE_OPENINGS
]
_TOLD_BY_RE = re.compile(
    r"^(we were told by|we heard from|feedback from|according to)\s+(?P<who>[\w' ]+)",
    re.IGNORECASE,
)
_WHO = {
    "staff": "staff",
    "partners": "partners",
    "providers": "providers",
    "people": "people",
    "carers": "people",
    "leaders": "leaders",
    "senior leaders": "leaders",
    "senior management": "leaders",
}
_SAID_BY_RE = re.compile(
    r"\b(?:from|by)\s+(?P<a>senior leaders|senior management|staff|partners|providers|people|"
    r"carers|leaders)\b|\b(?P<b>senior leaders|senior management|staff|partners|providers|people|"
    r"carers|leaders)\s+(?:told|said|described|reported|identified|felt|informed|gave|shared)\b",
    re.IGNORECASE,
)
_FIGURE_RE = re.compile(r"\d+(\.\d+)?\s*%|\b\d{2,}\b")


def suggest_source(paragraph: str) -> str:
    """Who said it, read from the opening words ("Staff told us" -> staff)."""
    text = clean_line(paragraph)
    told_by = _TOLD_BY_RE.match(text)
    if told_by:
        text = told_by.group("who")
    for regex, source in _SOURCE_RES:
        if regex.match(text):
            return source
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    # "There were mixed views from partners ...", "We heard that staff felt ..."
    if said_by := _SAID_BY_RE.search(first_sentence[:100]):
        return _WHO[(said_by.group("a") or said_by.group("b")).lower()]
    if re.match(r"^the local authority (had|has|have|kept|produced|provided|used)\b", text, re.I):
        return "data"  # what the council's own documents and records show
    if _FIGURE_RE.search(first_sentence[:120]):
        return "data"
    return "other"


# --- the reader -----------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str
    blank_before: bool


SCORE_ALONE_RE = re.compile(r"^(indicative\s+)?score\s*:?$", re.IGNORECASE)


def _content_lines(text: str) -> list[_Line]:
    """Non-empty lines with their numbers; page numbers dropped; "Score:" joined to its value
    when a PDF put the number on a line of its own."""
    lines: list[_Line] = []
    blank = True
    pending_score: _Line | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw)
        if pending_score is not None and line:
            if re.match(r"^\d+\b", line):
                pending_score.text = f"Score: {line}"
                pending_score = None
                continue
            pending_score = None
        if not line or PAGE_NUMBER_RE.match(line):
            blank = True
            continue
        lines.append(_Line(number, line, blank))
        if SCORE_ALONE_RE.match(line):
            pending_score = lines[-1]
        blank = False
    return lines


def _is_score(line: str) -> bool:
    return bool(SCORE_RE.match(line))


class _Reader:
    def __init__(self, text: str, catalogue: Catalogue):
        self.lines = _content_lines(text)
        self.titles = TitleMatcher(catalogue)
        self.pos = 0

    # A section starts at a title whose next line is a score line.
    def _section_start(self, index: int) -> StatementRef | None:
        if index + 1 >= len(self.lines) or not _is_score(self.lines[index + 1].text):
            return None
        ref = self.titles.match(self.lines[index].text)
        if ref is None:
            line = self.lines[index]
            hint = self.titles.closest(line.text)
            raise ReportFormatError(
                line.number,
                f"{line.text!r} is not a quality statement of this framework"
                + (f" (did you mean {hint!r}?)" if hint else ""),
            )
        return ref

    def parse(self) -> list[ParsedSection]:
        sections: list[ParsedSection] = []
        index = 0
        while index < len(self.lines):
            ref = self._section_start(index)
            if ref is None:
                index += 1  # preamble, theme headings, lists of statements: not findings
                continue
            section, index = self._section(index, ref)
            sections.append(section)
        if not sections:
            first = self.lines[0].number if self.lines else 1
            raise ReportFormatError(
                first,
                "no quality statement found: expected a statement title followed by a "
                "'Score: <1-4>' line",
            )
        seen: dict[str, int] = {}
        for section in sections:
            if section.statement.key in seen:
                raise ReportFormatError(
                    section.line,
                    f"{section.statement.title!r} appears twice (first at line "
                    f"{seen[section.statement.key]})",
                )
            seen[section.statement.key] = section.line
        return sections

    def _section(self, index: int, ref: StatementRef) -> tuple[ParsedSection, int]:
        title_line = self.lines[index]
        score_line = self.lines[index + 1]
        match = SCORE_RE.match(score_line.text)
        score = int(match.group("score"))
        if not 1 <= score <= 4:
            raise ReportFormatError(score_line.number, f"the score must be 1 to 4, not {score}")
        section = ParsedSection(
            statement=ref, title_as_printed=title_line.text, line=title_line.number, score=score
        )
        index += 2
        labels = [match.group("label")] if match.group("label") else []
        if index < len(self.lines) and (label := LABEL_RE.match(self.lines[index].text)):
            if label.group("score") and int(label.group("score")) != score:
                raise ReportFormatError(
                    self.lines[index].number,
                    f"the label says {label.group('score')} but the score is {score}",
                )
            labels.append(label.group("label"))
            index += 1
        for label in labels:
            if normalise(label) != SCORE_LABELS[score] and (
                difflib.SequenceMatcher(None, normalise(label), SCORE_LABELS[score]).ratio() < 0.8
            ):
                raise ReportFormatError(
                    score_line.number,
                    f"score {score} is labelled {label!r}; expected "
                    f"{SCORE_LABELS[score].capitalize()!r}",
                )

        # Optional "What people expect", then the commitment, then the key findings.
        block = self._until(index, (COMMITMENT_RE, KEY_FINDINGS_RE))
        index += len(block)
        if block:
            if WHAT_PEOPLE_EXPECT_RE.match(block[0].text):
                section.i_statements = _join_statements(block[1:])
            else:
                raise ReportFormatError(
                    block[0].number,
                    "expected 'What people expect', 'The local authority commitment' or 'Key "
                    "findings for this quality statement' after the score, found "
                    f"{block[0].text!r}",
                )
        if index < len(self.lines) and COMMITMENT_RE.match(self.lines[index].text):
            commitment_lines = self._until(index + 1, (KEY_FINDINGS_RE,))
            section.commitment = " ".join(line.text for line in commitment_lines)
            if ref.commitment and normalise(section.commitment) != normalise(ref.commitment):
                section.warnings.append(
                    f"line {self.lines[index].number}: the commitment differs from the "
                    f"framework's wording for {ref.title!r}"
                )
            index += 1 + len(commitment_lines)
        if index >= len(self.lines) or not KEY_FINDINGS_RE.match(self.lines[index].text):
            number = self.lines[index].number if index < len(self.lines) else self.lines[-1].number
            raise ReportFormatError(number, "expected 'Key findings for this quality statement'")
        heading_line = self.lines[index]
        index += 1
        end = index
        while end < len(self.lines):
            if self._theme_boundary(end):
                break
            if end + 1 < len(self.lines) and _is_score(self.lines[end + 1].text):
                break  # the next section's title
            end += 1
        section.topics = _topics(self.lines[index:end], heading_line, ref.topics)
        # After a theme heading, skip its blurb and list of statements up to the next section.
        return section, end

    def _theme_boundary(self, index: int) -> bool:
        """A theme heading between sections ("Theme 2: How local authorities provide support").

        A bare theme title counts only when a blurb or a statement title follows it, so a topic
        heading that happens to read "Leadership" stays a topic heading.
        """
        line = self.lines[index].text
        if THEME_PREFIX_RE.match(line) and len(line) < HEADING_MAX:
            return True
        if not self.titles.is_theme(line) or index + 1 >= len(self.lines):
            return False
        following = self.lines[index + 1].text
        return bool(THEME_BLURB_RE.match(following)) or self.titles.match(following) is not None

    def _until(self, index: int, stops: tuple[re.Pattern, ...]) -> list[_Line]:
        out = []
        while index < len(self.lines) and not any(r.match(self.lines[index].text) for r in stops):
            if index + 1 < len(self.lines) and _is_score(self.lines[index + 1].text):
                break
            out.append(self.lines[index])
            index += 1
        return out


def _join_statements(lines: list[_Line]) -> list[str]:
    """I statements, one per line, except where a PDF wrapped one over two lines."""
    out: list[str] = []
    for line in lines:
        text = BULLET_RE.sub("", line.text)
        if (
            out
            and not BULLET_RE.match(line.text)
            and (starts_lower(text) or not ends_sentence(out[-1]))
        ):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _is_wrapped(lines: list[_Line]) -> bool:
    """Hard-wrapped text (from a PDF): no long lines, and lines that continue a sentence."""
    if not lines:
        return False
    longest = max(len(line.text) for line in lines)
    continuations = sum(1 for line in lines if starts_lower(line.text))
    return longest <= 200 and continuations >= max(1, len(lines) // 10)


def _known_heading(known: set[str]):
    def matches(line: _Line) -> bool:
        name = normalise(line.text)
        return name in known or any(
            difflib.SequenceMatcher(None, name, k).ratio() >= 0.92 for k in known
        )

    return matches


def _blocks(lines: list[_Line], known_topics=()) -> list[tuple[str, list[_Line]]]:
    """Split the key findings into ("heading" | "paragraph", lines) blocks, in order.

    Three shapes: one paragraph per line (pasted text, like the seed); hard-wrapped lines with
    blank lines between paragraphs (a PDF read in layout mode); hard-wrapped with no blank
    lines, where a short last line ending a sentence closes the paragraph.
    """
    wrapped = _is_wrapped(lines)
    separated = wrapped and sum(line.blank_before for line in lines) >= max(2, len(lines) // 10)
    width = sorted(len(line.text) for line in lines)[int(len(lines) * 0.9)] if wrapped else 0
    blocks: list[tuple[str, list[_Line]]] = []
    current: list[_Line] = []
    in_list = False  # after "...as follows:", short lines are the list's items
    known = {normalise(t) for t in known_topics}
    is_known = _known_heading(known)

    def flush():
        if current:
            blocks.append(("paragraph", list(current)))
            current.clear()

    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        text = line.text
        if (
            is_known(line)
            and following is not None
            and not starts_lower(following.text)
            and not (current and starts_lower(text))
        ):
            flush()  # a heading the framework says reports use
            blocks.append(("heading", [line]))
            in_list = False
            continue
        if current and _strip_closers(current[-1].text).endswith(":"):
            in_list = True
        if BULLET_RE.match(text) and current:
            current.append(line)
            continue
        if in_list:
            # An item, unless it is a heading with a paragraph under it (where the framework
            # lists its usual headings, matched above, any other short line is an item), or a
            # full sentence after items that were not (a new paragraph).
            last = _strip_closers(current[-1].text)
            heading = _looks_like_heading(line, following) and _paragraph_like(following)
            new_paragraph = (
                ends_sentence(text) and not last.endswith(":") and last[-1:] not in TERMINAL
            )
            if not new_paragraph and (known or not heading):
                current.append(line)
                in_list = not ends_sentence(text) and len(text) <= HEADING_MAX
                continue
            in_list = False
            if new_paragraph:
                flush()
                current.append(line)
                continue
        continues = current and (starts_lower(text) or not ends_sentence(current[-1].text))
        if continues and (wrapped or not line.blank_before or starts_lower(text)):
            current.append(line)  # a sentence carried over a line (or a page) break
            continue
        if (line.blank_before or not separated) and _looks_like_heading(line, following):
            flush()
            blocks.append(("heading", [line]))
            continue
        if current and wrapped and not line.blank_before:
            last = current[-1].text
            if separated or not (ends_sentence(last) and len(last) < width * 0.85):
                current.append(line)
                continue
        flush()
        current.append(line)
    flush()
    return blocks


def _paragraph_like(line: _Line | None) -> bool:
    return line is not None and (len(line.text) > HEADING_MAX or ends_sentence(line.text))


def _looks_like_heading(line: _Line, following: _Line | None) -> bool:
    text = line.text
    if len(text) > HEADING_MAX or ends_sentence(text) or text.endswith(","):
        return False
    if starts_lower(text) or BULLET_RE.match(text):
        return False
    if following is None:
        return False  # a heading with nothing under it is not a heading
    return not starts_lower(following.text)


def _topics(lines: list[_Line], key_findings_line: _Line, known=()) -> list[ParsedTopic]:
    topics: list[ParsedTopic] = []
    current: ParsedTopic | None = None
    for kind, block in _blocks(lines, known):
        if kind == "heading":
            title = block[0].text.rstrip(":").strip()
            # A heading printed again (e.g. repeated after a page break) continues its topic.
            current = next((t for t in topics if normalise(t.title) == normalise(title)), None)
            if current is None:
                current = ParsedTopic(title=title, line=block[0].number)
                topics.append(current)
            continue
        if current is None:
            raise ReportFormatError(
                block[0].number,
                "expected a topic heading before the first finding (after 'Key findings for "
                f"this quality statement' on line {key_findings_line.number})",
            )
        text = _join_paragraph(block)
        current.findings.append(
            ParsedFinding(text=text, line=block[0].number, source=suggest_source(text))
        )
    if not topics:
        raise ReportFormatError(
            key_findings_line.number, "no topic headings or findings after the key findings line"
        )
    for topic in topics:
        if not topic.findings:
            raise ReportFormatError(topic.line, f"the topic {topic.title!r} has no findings")
    return topics


def _join_paragraph(block: list[_Line]) -> str:
    parts: list[str] = []
    listing = False
    for line in block:
        if listing or BULLET_RE.match(line.text):
            parts.append("\n" + line.text)
        elif parts and parts[-1].endswith("-") and not parts[-1].endswith(" -"):
            parts.append(line.text)  # "co-" + "production": keep the hyphen, no space
        else:
            parts.append((" " if parts else "") + line.text)
        listing = _strip_closers(line.text).endswith(":") or (
            listing and not ends_sentence(line.text)
        )
    return "".join(parts).strip()


def parse_report(text: str, catalogue: Catalogue) -> list[ParsedSection]:
    """Read every quality statement section in the text (see the module docstring)."""
    return _Reader(text, catalogue).parse()
