"""The registry through which apps add to each other's pages, without the page's app importing
them (dependencies point one way: actions -> complaints/findings -> assessment -> core).

Two kinds of contribution, each registered in code by the contributing app, in its
`AppConfig.ready()` (so following the imports from an app's apps.py finds them):

- **Panels** on a page: `register(page, provider, order=...)`, where `provider(request, obj)`
  returns a `Panel` (a template and its context) or None (e.g. the user may not see it). The
  page's view calls `panels_for(page, request, obj)` and renders each panel's template in
  `order`. Pages: STATEMENT (obj: the StatementScore), ASSESSMENT (the Assessment),
  ORGANISATION (the Organisation), FINDING (a findings.Finding), COMPARISON (an
  assessment.selectors.Comparison: two assessments, statement by statement), DASHBOARD (obj:
  None; the home page, for what each user should look at first), EVIDENCE (a findings.Evidence:
  where else it is used, e.g. the self-assessments relying on it).
- **Report sections** of the assessment report: `register_report_section(name, provider)`,
  one provider per name, called as `provider(assessment)`; the report asks with
  `report_section(name)` and leaves the section out when nothing is registered. Names:
  ACTIONS_BY_STATEMENT (-> {statement id: [actions]}) and the appendices printed after the
  statements, in APPENDICES order: COMPLAINTS_APPENDIX (-> a `ReportSection`, or None).
- **Report versions**: what a section prints must be part of the report's version (the stored
  PDF is rebuilt when it changes): `register_report_version(provider)`, where
  `provider(assessment)` returns parts for `jobs.versions` (a dict of name -> expression).

Each provider must read what it shows in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Pages that take panels.
STATEMENT = "statement"
ASSESSMENT = "assessment"
ORGANISATION = "organisation"
FINDING = "finding"
COMPARISON = "comparison"
DASHBOARD = "dashboard"
EVIDENCE = "evidence"
PAGES = (STATEMENT, ASSESSMENT, ORGANISATION, FINDING, COMPARISON, DASHBOARD, EVIDENCE)

# Sections of the assessment report that other apps provide.
ACTIONS_BY_STATEMENT = "actions_by_statement"
COMPLAINTS_APPENDIX = "complaints_appendix"
REPORT_SECTIONS = (ACTIONS_BY_STATEMENT, COMPLAINTS_APPENDIX)
# The sections printed after the statements, in this order.
APPENDICES = (COMPLAINTS_APPENDIX,)


@dataclass
class Panel:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReportSection(Panel):
    """A section printed after the report's statements: `anchor` is its id, `title` its line
    in the PDF's contents; the template gets `context` as `section`."""

    anchor: str = ""
    title: str = ""


PanelProvider = Callable[[Any, Any], Panel | None]

# page -> {provider's dotted name: (order, provider)}: registering the same provider twice
# (ready() run again by a test) keeps one.
_panels: dict[str, dict[str, tuple[int, PanelProvider]]] = {page: {} for page in PAGES}
_report_sections: dict[str, Callable] = {}
_report_versions: dict[str, Callable] = {}


def _name(provider: Callable) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def register(page: str, provider: PanelProvider, *, order: int = 100) -> None:
    """Show `provider`'s panel on `page`, after the panels of lower `order`."""
    if page not in _panels:
        raise ValueError(f"No page {page!r} takes panels; pages: {', '.join(PAGES)}.")
    _panels[page][_name(provider)] = (order, provider)


def registered(page: str) -> list[PanelProvider]:
    """The providers of `page`'s panels, in the order the page shows them."""
    ordered = sorted(_panels[page].items(), key=lambda item: (item[1][0], item[0]))
    return [provider for _key, (_order, provider) in ordered]


def panels_for(page: str, request, obj) -> list[Panel]:
    """The panels registered for `page` that have something to show for `obj`, in order."""
    panels = (provider(request, obj) for provider in registered(page))
    return [panel for panel in panels if panel is not None]


def register_report_section(name: str, provider: Callable) -> None:
    """Let `provider(assessment)` fill the report's section `name` (one provider per name)."""
    if name not in REPORT_SECTIONS:
        raise ValueError(f"No report section {name!r}; sections: {', '.join(REPORT_SECTIONS)}.")
    current = _report_sections.get(name)
    if current is not None and _name(current) != _name(provider):
        raise ValueError(f"The report section {name!r} is already provided by {_name(current)}.")
    _report_sections[name] = provider


def report_section(name: str) -> Callable | None:
    """The provider of the report's section `name`, or None when no installed app gives one."""
    return _report_sections.get(name)


def report_appendices(assessment) -> list[ReportSection]:
    """The appendices that registered apps have something to print in, in APPENDICES order."""
    sections = []
    for name in APPENDICES:
        provider = report_section(name)
        section = provider(assessment) if provider is not None else None
        if section is not None:
            sections.append(section)
    return sections


def register_report_version(provider: Callable) -> None:
    """Make `provider(assessment)`'s parts (what the app's sections print) part of the report's
    version."""
    _report_versions[_name(provider)] = provider


def report_version_parts(assessment) -> dict:
    """Every registered app's parts of the report's version, each under its provider's name."""
    parts = {}
    for name, provider in sorted(_report_versions.items()):
        parts |= {f"{name}.{key}": value for key, value in provider(assessment).items()}
    return parts
