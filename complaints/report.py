"""What the complaints app adds to the findings app's assessment report (registered in
ComplaintsConfig.ready(), see core/panels.py): an appendix with the complaint figures of the
assessment's year, and its part of the report's version."""

from __future__ import annotations

from django.db.models import OuterRef

from complaints.models import Complaint
from complaints.models.clock import financial_year_bounds, financial_year_of
from complaints.selectors import annual_report, latest_financial_year
from core.panels import ReportSection


def complaints_year_for(assessment) -> int | None:
    """The financial year of complaints that belongs with the assessment: the year in which
    assessment activity started, else the organisation's latest year with complaints."""
    if assessment.start_date:
        return financial_year_of(assessment.start_date)
    return latest_financial_year(assessment.organisation)


def complaints_appendix(assessment) -> ReportSection | None:
    """The year's complaint figures beside the year before (7 queries, 8 when the assessment
    has no start date); None when the organisation has no year of complaints to show."""
    year = complaints_year_for(assessment)
    if year is None:
        return None
    report = annual_report(assessment.organisation, year)
    return ReportSection(
        template_name="complaints/report/_appendix.html",
        context={"complaints": report},
        anchor="complaints",
        title=f"Appendix: complaints {report.label}",
    )


def appendix_version_parts(assessment) -> dict:
    """The appendix's part of the report's version (jobs/versions.py): the complaints of the
    assessment's financial year and the year before, and their categories' names (ranked by
    name in the appendix)."""
    from jobs import versions

    complaints = Complaint.objects.filter(organisation=OuterRef("organisation"))
    if assessment.start_date:
        year = financial_year_of(assessment.start_date)
        first, last = financial_year_bounds(year - 1)[0], financial_year_bounds(year)[1]
        complaints = complaints.filter(date_received__range=(first, last))
    return {
        **versions.prefixed("complaints", versions.rows(complaints, edited="updated_at")),
        "complaints.categories": versions.total_length(complaints, "category__name"),
    }
