from django.core.management.base import BaseCommand, CommandError

from assessment.models import Organisation
from complaints.selectors import (
    AnnualReport,
    Figure,
    RankedRow,
    annual_report,
    format_change,
    format_number,
)


def _change(value, unit="") -> str:
    """ "change +7", "change +7 points" (of a percentage), "change −3 days", "no change"."""
    if value is None:
        return "change n/a"
    return f"change {format_change(value, unit)}" if value else "no change"


def _value(value, unit="") -> str:
    return "n/a" if value is None else f"{format_number(value)}{unit}"


def _previous(report: AnnualReport, figure: Figure, indent: str = "  ") -> str:
    return (
        f"{indent}{report.previous_label}: {_value(figure.previous, figure.unit)}"
        f" ({_change(figure.change, figure.unit)})"
    )


def _ranked(report: AnnualReport, title: str, rows: list[RankedRow]) -> list[str]:
    lines = [f"{title}:"]
    for row in rows:
        share = f" ({row.current_percent}%)" if row.current_percent is not None else ""
        previous = f" ({row.previous_percent}%)" if row.previous_percent is not None else ""
        lines.append(
            f"  {f'{row.rank}.' if row.rank else '-'} {row.label}: {row.current}{share}"
            f" | {report.previous_label}: {row.previous}{previous}, {_change(row.change)}"
        )
    if not rows:
        lines.append("  (none)")
    return lines


def report_lines(report: AnnualReport) -> list[str]:
    """The annual report as plain text lines (what the command prints)."""
    lines = [
        f"Annual complaints report: {report.organisation}",
        f"Year {report.label} (1 Apr {report.year} to 31 Mar {report.year + 1}), "
        f"compared with {report.previous_label}",
        "Percentages are whole percents, rounded half up.",
        "",
    ]

    def figure(label: str, fig: Figure) -> None:
        _figure(lines, report, label, fig)

    figure("Received", report.received)
    for fig in report.outcomes:
        figure(fig.label, fig)
    decided, share = report.decided, report.upheld_or_partly_percent
    lines.append(
        f"Upheld or partly upheld: {report.upheld_or_partly.current} of {decided.current} "
        f"decided ({_value(share.current, '%')})"
    )
    lines.append(
        f"  {report.previous_label}: {report.upheld_or_partly.previous} of {decided.previous} "
        f"decided ({_value(share.previous, '%')}; {_change(share.change, '%')})"
    )
    figure(
        "Withdrawn or closed without a decision (not counted as decided)",
        report.withdrawn_or_undecided,
    )
    figure("Still open: no outcome yet (not counted above)", report.awaiting_decision)
    lines.append("")
    lines += _ranked(report, "Categories (ranked)", report.categories)
    lines.append("")
    lines += _ranked(report, "Service areas (ranked)", report.service_areas)
    lines.append("")
    lines += _ranked(report, "Complainants' relationship to the person", report.relationships)
    lines.append("")
    _lgsco_timeliness_months(lines, report)
    return lines


def _figure(lines: list[str], report: AnnualReport, label: str, fig: Figure) -> None:
    """A figure's line and, indented under it, the year before with the change."""
    lines.append(f"{label}: {_value(fig.current, fig.unit)}")
    indent = " " * (len(label) - len(label.lstrip()) + 2)
    lines.append(_previous(report, fig, indent))


def _lgsco_timeliness_months(lines: list[str], report: AnnualReport) -> None:
    """The Ombudsman, timeliness and per-month parts of report_lines."""
    lines.append("Local Government and Social Care Ombudsman (LGSCO):")
    for fig in report.lgsco:
        _figure(lines, report, f"  {fig.label}", fig)
    for fig in report.lgsco_decisions:
        if fig.current or fig.previous:
            _figure(lines, report, f"  Decision: {fig.label}", fig)
    lines.append("")
    lines.append("Timeliness:")
    _figure(lines, report, "  Median days to respond", report.median_days_to_respond)
    on_time = report.acknowledged_on_time
    lines.append(
        f"  Acknowledged within 3 working days: {on_time.current} of "
        f"{report.received.current} ({_value(report.acknowledged_on_time_percent.current, '%')})"
    )
    lines.append(
        f"    {report.previous_label}: {on_time.previous} of {report.received.previous} "
        f"({_value(report.acknowledged_on_time_percent.previous, '%')}; "
        f"{_change(report.acknowledged_on_time_percent.change, '%')})"
    )
    _figure(lines, report, "  Still open", report.still_open)
    _figure(lines, report, "  Open past the agreed response date", report.overdue)
    for fig in report.procedures:
        _figure(lines, report, f"  {fig.label}", fig)
    lines.append("")
    lines.append(f"Complaints received per month ({report.label}, {report.previous_label}):")
    for month in report.months:
        lines.append(f"  {month.month:%b %Y}: {month.current} ({month.previous})")


class Command(BaseCommand):
    help = (
        "Print the annual complaints report of an organisation for a financial year "
        "(--year 2023 = 1 April 2023 to 31 March 2024), beside the year before."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument(
            "--year", type=int, required=True, help="The year the financial year starts in."
        )

    def handle(self, *args, organisation, year, **options):
        try:
            org = Organisation.objects.get(name__iexact=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called “{organisation}”.") from None
        for line in report_lines(annual_report(org, year)):
            self.stdout.write(line)
