"""The findings panel of the statement page (see assessment/panels.py)."""

from assessment.panels import Panel
from findings.selectors.findings import statement_topics


def statement_findings(request, score_record) -> Panel:
    return Panel(
        template_name="findings/_statement_findings.html",
        context={
            "topics": statement_topics(score_record.assessment, score_record.statement),
            "score_record": score_record,
        },
    )
