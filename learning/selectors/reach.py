"""Who a published brief reached: per team and overall, acknowledged / audience, overdue,
median days to acknowledge and who is outstanding. Counted by the database against the
audience fixed at publishing (AudienceMember); a person in two teams counts in each team and
once overall."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from learning.models import Acknowledgement, AudienceMember, LearningBrief, Team


def acknowledged(brief_ref="brief_id", person_ref="person_id") -> Exists:
    """Whether the audience row's person has acknowledged its brief."""
    return Exists(
        Acknowledgement.objects.filter(brief_id=OuterRef(brief_ref), person_id=OuterRef(person_ref))
    )


def percent(part: int, whole: int) -> int | None:
    """A whole percentage, rounded half up (None of nobody)."""
    return (part * 200 + whole) // (whole * 2) if whole else None


@dataclass
class ReachRow:
    label: str
    audience: int
    acknowledged: int
    overdue: int
    median_days: float | None
    team: Team | None = None
    outstanding: list = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return percent(self.acknowledged, self.audience)

    @property
    def outstanding_count(self) -> int:
        return self.audience - self.acknowledged


@dataclass
class Reach:
    overall: ReachRow
    teams: list[ReachRow]


def median_days(values) -> float | None:
    """The median of days to acknowledge, to one decimal (None: nobody yet)."""
    return round(statistics.median(values), 1) if values else None


def days_to_acknowledge(brief: LearningBrief, at: datetime.datetime) -> float:
    """Days from the brief's publication to an acknowledgement at `at`."""
    return (at - brief.published_at).total_seconds() / 86400


def _days_to_acknowledge(brief: LearningBrief) -> dict[int | None, list[float]]:
    """{team id (None: named people): days each acknowledgement took}, and overall under
    the key "all" (each person once)."""
    rows = (
        AudienceMember.objects.filter(brief=brief)
        .annotate(
            at=Subquery(
                Acknowledgement.objects.filter(
                    brief_id=OuterRef("brief_id"), person_id=OuterRef("person_id")
                ).values("at")[:1]
            )
        )
        .filter(at__isnull=False)
        .values_list("team_id", "person_id", "at")
    )
    by_team, overall = {}, {}
    for team_id, person_id, at in rows:
        days = days_to_acknowledge(brief, at)
        by_team.setdefault(team_id, []).append(days)
        overall[person_id] = days
    by_team["all"] = list(overall.values())
    return by_team


def reach(brief: LearningBrief, today: datetime.date, *, outstanding: bool = False) -> Reach:
    """The brief's reach per team (named people as their own row) and overall; with
    `outstanding`, who has not acknowledged yet, by name, in each row."""
    audience = AudienceMember.objects.filter(brief=brief)
    late = today > brief.acknowledge_by
    per_team = (
        audience.values("team_id")
        .annotate(
            people=Count("pk"),
            done=Count("pk", filter=Q(acknowledged())),
        )
        .order_by()
    )
    totals = audience.aggregate(
        people=Count("person_id", distinct=True),
        done=Count("person_id", distinct=True, filter=Q(acknowledged())),
    )
    days = _days_to_acknowledge(brief)
    teams = {team.pk: team for team in Team.objects.filter(pk__in=[r["team_id"] for r in per_team])}
    rows = [
        ReachRow(
            label=str(teams[r["team_id"]]) if r["team_id"] else "Named people",
            team=teams.get(r["team_id"]),
            audience=r["people"],
            acknowledged=r["done"],
            overdue=(r["people"] - r["done"]) if late else 0,
            median_days=median_days(days.get(r["team_id"])),
        )
        for r in per_team
    ]
    rows.sort(key=lambda row: (row.team is None, row.label.lower()))
    overall = ReachRow(
        label="Everyone",
        audience=totals["people"],
        acknowledged=totals["done"],
        overdue=(totals["people"] - totals["done"]) if late else 0,
        median_days=median_days(days["all"]),
    )
    if outstanding:
        _add_outstanding(brief, rows, overall)
    return Reach(overall=overall, teams=rows)


def _add_outstanding(brief: LearningBrief, rows: list[ReachRow], overall: ReachRow) -> None:
    waiting = (
        AudienceMember.objects.filter(brief=brief)
        .exclude(acknowledged())
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "person__username", "pk")
    )
    by_team = {row.team.pk if row.team else None: row for row in rows}
    seen = set()
    for member in waiting:
        by_team[member.team_id].outstanding.append(member.person)
        if member.person_id not in seen:
            seen.add(member.person_id)
            overall.outstanding.append(member.person)


def with_reach(briefs):
    """Briefs with `audience_count` and `acknowledged_count` (people, each once), by the
    database in the same query."""
    people = (
        AudienceMember.objects.filter(brief_id=OuterRef("pk"))
        .order_by()
        .values("brief_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    done = (
        Acknowledgement.objects.filter(brief_id=OuterRef("pk"))
        .order_by()
        .values("brief_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return briefs.annotate(
        audience_count=Coalesce(Subquery(people, output_field=IntegerField()), Value(0)),
        acknowledged_count=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
    )
