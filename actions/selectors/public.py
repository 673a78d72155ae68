"""Reads for "You said, we did": the published entries of an organisation or of one feedback
source, and the officers' list of reviews still needing public wording or its approval.

A published entry is built from approved public wording and from values that carry no
internal text (the review's outcome and date, the follow-ups' status and due date, the names
of feedback sources). The page and the PDF get only these entries, never the models, so no
template can print a review's evidence, an action's title or a finding's text by mistake.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q

from actions.models import Action, EffectivenessReview, FeedbackSource, PublicWording

# How the public pages word a review's outcome and a follow-up's progress.
PUBLIC_OUTCOME = {
    EffectivenessReview.Outcome.EFFECTIVE: "It worked",
    EffectivenessReview.Outcome.PARTLY_EFFECTIVE: "It partly worked",
    EffectivenessReview.Outcome.NOT_EFFECTIVE: "It has not worked yet",
}
PUBLIC_STATUS = {
    Action.Status.NOT_STARTED: "Not started yet",
    Action.Status.IN_PROGRESS: "Under way",
    Action.Status.BLOCKED: "Delayed",
    Action.Status.COMPLETE: "Done",
}


@dataclass(frozen=True)
class FollowUp:
    """What comes next for an entry that did not (fully) work: a follow-up's progress."""

    status: str
    due: datetime.date
    checked: str  # its own review's outcome, in public words ("" until it is checked)


@dataclass(frozen=True)
class SourceLink:
    pk: int
    name: str


@dataclass(frozen=True)
class PublicEntry:
    """One published "You said, we did" entry: only approved wording and plain facts."""

    you_said: str
    we_did: str
    what_changed: str
    next_steps: str
    outcome: str
    outcome_label: str
    reviewed_on: datetime.date
    heard_through: tuple[str, ...]
    sources: tuple[SourceLink, ...]
    follow_ups: tuple[FollowUp, ...]

    @property
    def needs_follow_up(self) -> bool:
        return self.outcome != EffectivenessReview.Outcome.EFFECTIVE


def _answered(through, action=None):
    return Exists(through.objects.filter(action_id=action or OuterRef("action_id")))


def answers_people():
    """Q: the review's action answers a finding, a complaint or a complaint category (someone
    told the organisation something): what makes a review an entry of "You said, we did"."""
    return (
        Q(_answered(Action.findings.through))
        | Q(_answered(Action.complaints.through))
        | Q(_answered(Action.complaint_categories.through))
    )


def _published(wordings) -> list[PublicEntry]:
    """Approved wordings as PublicEntry, newest review first: three queries."""
    action = OuterRef("review__action_id")
    rows = list(
        wordings.approved()
        .select_related("review")
        .only(
            "review",
            "you_said",
            "we_did",
            "what_changed",
            "next_steps",
            "review__outcome",
            "review__date",
            "review__action_id",
        )
        .annotate(
            from_inspection=_answered(Action.findings.through, action),
            from_complaints=_answered(Action.complaints.through, action),
            from_categories=_answered(Action.complaint_categories.through, action),
        )
        .prefetch_related(
            Prefetch("sources", queryset=FeedbackSource.objects.only("pk", "name").order_by("name"))
        )
        .order_by("-review__date", "-pk")
    )
    follow_ups = defaultdict(list)
    for original, status, due, checked in (
        Action.objects.filter(follow_up_of_id__in=[row.review.action_id for row in rows])
        .order_by("due_date", "pk")
        .values_list("follow_up_of_id", "status", "due_date", "review__outcome")
    ):
        follow_ups[original].append(
            FollowUp(PUBLIC_STATUS.get(status, ""), due, PUBLIC_OUTCOME.get(checked, ""))
        )
    return [_entry(row, tuple(follow_ups[row.review.action_id])) for row in rows]


def _entry(row: PublicWording, follow_ups: tuple[FollowUp, ...]) -> PublicEntry:
    heard = []
    if row.from_inspection:
        heard.append("The CQC assessment")
    if row.from_complaints or row.from_categories:
        heard.append("Complaints")
    return PublicEntry(
        you_said=row.you_said,
        we_did=row.we_did,
        what_changed=row.what_changed,
        next_steps=row.next_steps,
        outcome=row.review.outcome,
        outcome_label=PUBLIC_OUTCOME.get(row.review.outcome, ""),
        reviewed_on=row.review.date,
        heard_through=tuple(heard),
        sources=tuple(SourceLink(source.pk, source.name) for source in row.sources.all()),
        follow_ups=follow_ups,
    )


def you_said_we_did(organisation) -> dict:
    """The organisation's published entries (approved wording only) and its feedback sources:
    four queries."""
    wordings = PublicWording.objects.filter(review__action__plan__organisation=organisation)
    return {
        "entries": _published(wordings),
        "sources": list(
            FeedbackSource.objects.filter(organisation=organisation).only("pk", "name", "kind")
        ),
    }


def source_outcomes(source: FeedbackSource) -> dict:
    """What people said through one feedback source and what changed: its published entries
    (three queries)."""
    return {"entries": _published(PublicWording.objects.filter(sources=source))}


def wording_queue(user):
    """Reviews of the user's organisations that are entries of "You said, we did" (see
    answers_people), with their action, organisation and any wording, newest first. The
    list page narrows them to those needing wording or approval."""
    return (
        EffectivenessReview.objects.for_user(user)
        .filter(answers_people())
        .select_related("action__plan__organisation", "public_wording")
        .order_by("-date", "-pk")
    )
