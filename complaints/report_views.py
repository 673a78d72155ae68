"""The annual complaints report page: an organisation of the user's and a financial year,
beside the year before."""

from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.views.generic import TemplateView

from assessment.models import Organisation
from complaints import selectors
from complaints.forms import ReportChoiceForm
from complaints.models import Complaint, complaints_version
from complaints.models.clock import financial_year_label, financial_year_of
from complaints.models.clock import report_years as allowed_report_years
from complaints.selectors.cached import KEY_FORMAT, cached_annual_report, report_years
from complaints.views import SEE
from core.charts import bar_chart
from core.params import id_param, parse_int


class ComplaintsReportView(PermissionRequiredMixin, TemplateView):
    """The annual complaints report for an organisation and financial year, beside the year
    before. A fixed number of queries whatever the number of complaints."""

    permission_required = "complaints.view_complaint"
    permission_denied_message = SEE
    template_name = "complaints/complaints_report.html"

    def choose(self) -> tuple[Organisation | None, int, list[int]]:
        """The organisation and year asked for (?organisation=, ?year=), else the defaults,
        with a message when what was asked for cannot be shown; and the years to offer (kept
        in the cache with the report, under its complaints version: self.version)."""
        params = self.request.GET
        mine = Organisation.objects.for_user(self.request.user, "complaints.view_complaint")
        chosen = id_param(params, "organisation")
        organisation = mine.filter(pk=chosen).first() if chosen else None
        if organisation is None and params.get("organisation"):
            messages.warning(self.request, "That organisation was not found: showing another.")
        organisation = organisation or self._default_organisation(mine)
        years = []
        if organisation is not None:
            self.version = complaints_version(organisation)
            years = report_years(organisation, self.version)
        year = self._year(organisation, years)
        if year not in years:
            years = sorted({*years, year}, reverse=True)
        return organisation, year, years

    @staticmethod
    def _default_organisation(mine) -> Organisation | None:
        """The first of the user's organisations, by name, that has complaints (one query)."""
        with_complaints = Exists(Complaint.objects.filter(organisation=OuterRef("pk")))
        return mine.filter(with_complaints).order_by("name", "pk").first()

    def _year(self, organisation, years: list[int]) -> int:
        """?year=, else the organisation's default year (the latest that is over). A year kept
        from another organisation (the form sends the year shown with the organisation chosen,
        and `shown`, the organisation it was shown for) that this one has no complaints in is
        not shown empty: its default year is, saying why."""
        default = selectors.default_report_year(years)
        asked = self.request.GET.get("year")
        if not asked:
            return default
        allowed = allowed_report_years()
        year = parse_int(asked, minimum=allowed[0], maximum=allowed[-1])
        if year is None:
            messages.warning(
                self.request,
                f"There is no report for year “{asked[:20]}”: choose a year from "
                f"{allowed[0]} to {allowed[-1]} (the year the financial year starts in). "
                f"Showing {financial_year_label(default)}.",
            )
            return default
        shown = id_param(self.request.GET, "shown")
        switched = organisation is not None and shown is not None and shown != organisation.pk
        if switched and years and year not in years:
            messages.info(
                self.request,
                f"{organisation} has no complaints received in {financial_year_label(year)}: "
                f"showing {financial_year_label(default)}.",
            )
            return default
        return year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation, year, years = self.choose()
        form = ReportChoiceForm(
            user=self.request.user,
            initial={
                "organisation": organisation,
                "year": year,
                "shown": organisation.pk if organisation else None,
            },
            years=years,
            current=financial_year_of(timezone.localdate()),
        )
        context.update(form=form, organisation=organisation)
        if organisation is None:
            return context
        today = timezone.localdate()
        report = cached_annual_report(organisation, year, today, version=self.version)
        context["report"] = report
        # The body is kept in the cache with the report (the template's {% cache %}): the
        # charts are drawn only when it is not there.
        context["report_key"] = f"{KEY_FORMAT}:{organisation.pk}:{self.version}:{year}:{today}"
        context["charts"] = cache(lambda: self.charts(report))
        return context

    @staticmethod
    def charts(report) -> dict:
        return {
            "outcomes": bar_chart(
                id="chart-outcomes",
                title=f"Complaints by outcome, {report.label}",
                rows=[(f.label, f.current, f.previous) for f in report.outcomes],
                current_label=report.label,
                previous_label=report.previous_label,
            ),
            "categories": bar_chart(
                id="chart-categories",
                title=f"Complaints by category, {report.label}",
                rows=[(r.label, r.current, r.previous) for r in report.categories],
                current_label=report.label,
                previous_label=report.previous_label,
            ),
            "months": bar_chart(
                id="chart-months",
                title=f"Complaints received per month, {report.label}",
                rows=[(m.month.strftime("%b %Y"), m.current, m.previous) for m in report.months],
                current_label=report.label,
                previous_label=report.previous_label,
            ),
        }
