"""The layout docs/architecture.md describes, checked from the source: dependencies point one
way (readiness -> learning -> actions -> findings, complaints -> notifications -> jobs ->
assessment -> core; findings and complaints are siblings that never import each other; config may
use any app), core imports no app, no two modules import each other (directly or round a loop),
and modules and functions stay small enough to read."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core",
    "assessment",
    "jobs",
    "notifications",
    "findings",
    "complaints",
    "actions",
    "learning",
    "readiness",
    "config",
)
# What each app may import from the project (itself apart).
ALLOWED = {
    "core": set(),
    "assessment": {"core"},
    "jobs": {"assessment", "core"},
    "notifications": {"jobs", "assessment", "core"},
    "findings": {"notifications", "jobs", "assessment", "core"},
    "complaints": {"notifications", "jobs", "assessment", "core"},
    "actions": {"findings", "complaints", "notifications", "jobs", "assessment", "core"},
    # Learning briefs carry lessons of SARs, complaints and findings, through actions.
    "learning": {
        "actions",
        "findings",
        "complaints",
        "notifications",
        "jobs",
        "assessment",
        "core",
    },
    # Ready for re-assessment draws on everything below it (the checks count actions too).
    "readiness": {
        "learning",
        "actions",
        "findings",
        "complaints",
        "notifications",
        "jobs",
        "assessment",
        "core",
    },
    "config": {
        "readiness",
        "learning",
        "actions",
        "findings",
        "complaints",
        "notifications",
        "jobs",
        "assessment",
        "core",
    },
}
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
# Tests that are long on purpose: each reads as one worked example from top to bottom.
NOT_YET_SPLIT = {
    # Every figure of a year of complaints, counted by hand beside the rows that make it.
    "tests/complaints/test_import.py:test_independent_xlsx_file_gives_the_figures_worked_out_by_hand",
    "tests/complaints/test_report.py:test_report_counts_by_hand",
    # Rows of every moved model written with the old schema's models, then checked one by one.
    "tests/complaints/test_migrations.py:fill_old_schema",
    "tests/complaints/test_migrations.py:"
    "test_moving_the_complaints_app_keeps_every_row_link_and_permission",
}


def modules() -> dict[str, Path]:
    """Every module of the apps (migrations apart), by dotted name."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `path` imports, anywhere in it (a submodule named in a `from`
    import counts as that submodule)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name in known}


def test_every_app_imports_only_the_apps_below_it():
    known = modules()
    wrong = []
    for name, path in known.items():
        app = name.split(".")[0]
        for target in imports(path, known):
            other = target.split(".")[0]
            if other != app and other not in ALLOWED[app]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_core_imports_no_app():
    known = modules()
    core = {name: path for name, path in known.items() if name.split(".")[0] == "core"}
    assert len(core) > 10  # the check below looks at something
    assert {t for path in core.values() for t in imports(path, known)} <= set(core)


def test_no_import_cycles():
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    # A package imports its own submodules to re-export them; that is no cycle.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (t.startswith(name + ".") and name != t)}
    cycles = strongly_connected(graph)
    assert [sorted(c) for c in cycles if len(c) > 1] == []


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def source_files():
    """Every Python file of ours, tests and benchmarks too (migrations apart)."""
    for folder in (*APPS, "tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative.as_posix(), path


def test_modules_and_functions_stay_small():
    too_long = []
    for name, path in source_files():
        text = path.read_text()
        if len(text.splitlines()) > MAX_MODULE_LINES and name not in NOT_YET_SPLIT:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                key = f"{name}:{node.name}"
                if lines > MAX_FUNCTION_LINES and key not in NOT_YET_SPLIT:
                    too_long.append(f"{key}: {lines} lines")
    assert too_long == []


def test_extension_points_are_registered_in_code_not_settings():
    from django.conf import settings

    dotted = [
        name
        for name in dir(settings)
        if name.endswith("_PANELS") or name.startswith("REPORT_ACTIONS")
    ]
    assert dotted == []
