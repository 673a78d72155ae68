"""Run axe-core (shipped by axe-playwright-python) on the page a browser test has open, and
describe what it finds in words a failing test can print."""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0-2.2 A and AA, plus Deque's best practices (landmarks, heading order, ...).
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# The issue asks for no serious or critical violation; none of the others are left either, so
# the suite keeps it that way: every impact fails a test.
SERIOUS = frozenset({"serious", "critical"})
ANY_IMPACT = SERIOUS | {"moderate", "minor"}
_axe = Axe()


def violations(page, impacts=ANY_IMPACT) -> list[str]:
    """One line per offending element: page, rule, impact, selector and axe's summary."""
    results = _axe.run(page, options=RULES)
    address = urlsplit(page.url)
    where = address.path + (f"?{address.query}" if address.query else "")
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in impacts:
            continue
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}) at "
                f"{' '.join(node['target'])}: {summary}"
            )
    return lines
