"""The learning report of an organisation for a financial year (1 April to 31 March): its
Safeguarding Adults Reviews and their recommendations' status, the briefs issued, their reach
and time to acknowledge, the checks done and their results. One reading for the page, the
PDF and the workbook."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from learning.models import (
    Acknowledgement,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
)
from learning.selectors.reach import days_to_acknowledge, median_days, percent, with_reach


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def current_year(today: datetime.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


@dataclass
class LearningReport:
    organisation: object
    year: int
    reviews: list
    briefs: list
    checks: list
    check_results: list[tuple[str, int]]
    checks_overdue: int
    median_days: float | None

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def audience(self) -> int:
        return sum(brief.audience_count for brief in self.briefs)

    @property
    def acknowledged(self) -> int:
        return sum(brief.acknowledged_count for brief in self.briefs)

    @property
    def percent(self) -> int | None:
        return percent(self.acknowledged, self.audience)

    @property
    def recommendations(self) -> list:
        return [rec for review in self.reviews for rec in review.recommendations.all()]


def _in_year(year: int, field: str) -> Q:
    start, end = year_bounds(year)
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def _published_in_year(year: int) -> Q:
    start, end = year_bounds(year)
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return Q(published_at__gte=first, published_at__lt=after)


def _reviews(organisation, year: int) -> list:
    briefs = Count("briefs", distinct=True)
    checked = Count("briefs", filter=Q(briefs__checks__isnull=False), distinct=True)
    recommendations = (
        SARRecommendation.objects.select_related("owner")
        .annotate(brief_count=briefs, checked_count=checked)
        .order_by("number", "pk")
    )
    return list(
        SafeguardingAdultsReview.objects.filter(organisation=organisation)
        .filter(_in_year(year, "published"))
        .prefetch_related(Prefetch("recommendations", queryset=recommendations))
        .order_by("published", "pk")
    )


def _days(briefs: list) -> tuple[dict[int, list[float]], list[float]]:
    published = {brief.pk: brief for brief in briefs}
    by_brief: dict[int, list[float]] = {}
    for brief_id, at in Acknowledgement.objects.filter(brief_id__in=published).values_list(
        "brief_id", "at"
    ):
        by_brief.setdefault(brief_id, []).append(days_to_acknowledge(published[brief_id], at))
    return by_brief, [days for values in by_brief.values() for days in values]


def learning_report(organisation, year: int, today: datetime.date | None = None) -> LearningReport:
    """The report's figures, each counted by the database (medians from the days each
    acknowledgement took, read in one query)."""
    today = today or timezone.localdate()
    latest = EffectivenessCheck.objects.filter(brief_id=OuterRef("pk")).order_by("-date", "-pk")
    briefs = list(
        with_reach(LearningBrief.objects.filter(organisation=organisation).published())
        .filter(_published_in_year(year))
        .select_related("recommendation__review", "complaint", "finding")
        .annotate(latest_result=Subquery(latest.values("result")[:1]))
        .order_by("published_at", "pk")
    )
    by_brief, all_days = _days(briefs)
    results = dict(EffectivenessCheck.Result.choices)
    for brief in briefs:
        brief.median_days = median_days(by_brief.get(brief.pk))
        brief.latest_result_label = results.get(brief.latest_result, "")
    in_year = EffectivenessCheck.objects.filter(brief__organisation=organisation).filter(
        _in_year(year, "date")
    )
    checks = list(
        in_year.select_related("brief", "follow_up_action", "follow_up_brief").order_by(
            "date", "pk"
        )
    )
    counted = dict.fromkeys(results, 0)
    counted |= dict(
        in_year.order_by().values("result").annotate(n=Count("pk")).values_list("result", "n")
    )
    overdue = LearningBrief.objects.filter(organisation=organisation).check_overdue(today).count()
    return LearningReport(
        organisation=organisation,
        year=year,
        reviews=_reviews(organisation, year),
        briefs=briefs,
        checks=checks,
        check_results=[(results[key], count) for key, count in counted.items()],
        checks_overdue=overdue,
        median_days=median_days(all_days),
    )
