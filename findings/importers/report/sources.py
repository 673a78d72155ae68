"""Suggesting who a finding comes from, from how its paragraph opens ("Staff told us" ->
staff). A suggestion: the officer checks it."""

from __future__ import annotations

import re

from findings.importers.report.text import clean_line

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
