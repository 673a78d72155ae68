"""The daily digest's registry: what other apps remind people of, once a day, in one e-mail.

An app registers, in its AppConfig.ready():
- a section: `register_section(title, provider, order)`, where `provider(today)` returns
  {user id: [DigestLine, ...]}: the lines to remind each person of today (actions: overdue
  and due soon; briefs: those waiting for an acknowledgement);
- a notice maker: `register_notices(maker, order)`, where `maker(today)` makes today's
  notifications (through services.notify, with a `key` so a second run makes none) before
  the digests are put together: a complaint's response due in 3 working days.

The daily run (notifications.sending.send_digests) sends each person ONE e-mail a day with
every section that has lines for them and their notifications waiting for the digest.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DigestLine:
    text: str
    url: str
    due: datetime.date | None = None


Provider = Callable[[datetime.date], dict[int, list[DigestLine]]]
NoticeMaker = Callable[[datetime.date], int]


@dataclass(frozen=True)
class Section:
    title: str
    provider: Provider
    order: int


_sections: dict[str, Section] = {}
_notice_makers: dict[str, tuple[int, NoticeMaker]] = {}


def _name(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def register_section(title: str, provider: Provider, order: int) -> None:
    """Add a section to the daily digest (registering the same title again replaces it)."""
    _sections[title] = Section(title=title, provider=provider, order=order)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.title))


def register_notices(maker: NoticeMaker, order: int = 50) -> None:
    """Run `maker(today)` in each daily run, before the digests are put together."""
    _notice_makers[_name(maker)] = (order, maker)


def notice_makers() -> list[NoticeMaker]:
    return [maker for _, maker in sorted(_notice_makers.values(), key=lambda entry: entry[0])]
