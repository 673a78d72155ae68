"""Demo data for "You said, we did": the demo council's carers' forum and survey, and public
wording for the demo plan's reviewed actions (the carers' bulletin approved; the safeguarding
assurance group, partly effective, approved with what comes next; nothing else published).
Idempotent: sources are found by name, wording is written only where there is none."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from actions.models import ActionPlan, EffectivenessReview, FeedbackSource
from actions.services.public import approve_public_wording, save_public_wording

SOURCES = [
    (
        "Carers' forum",
        FeedbackSource.Kind.FORUM,
        "Unpaid carers meeting monthly with commissioners; run by the carers' centre.",
    ),
    (
        "Adult social care survey",
        FeedbackSource.Kind.SURVEY,
        "The national annual survey of people who use care and support.",
    ),
]

# Title snippet of the demo action reviewed -> its public wording and where it was heard.
WORDING = {
    "You said, we did": {
        "you_said": "Carers told us they never heard what happened after raising things at the "
        "forum.",
        "we_did": "We now send a short bulletin after every forum meeting, to carers and to the "
        "care providers who attend, and put it on our website.",
        "what_changed": "Most carers at the forum now say they know what changed after they "
        "spoke up; before, only about one in five did.",
        "sources": ["Carers' forum"],
    },
    "safeguarding learning assurance group": {
        "you_said": "Inspectors and partners told us we did not check whether lessons from "
        "safeguarding reviews changed practice.",
        "we_did": "We set up a group that follows every recommendation and checks, three and "
        "six months later, whether practice changed.",
        "what_changed": "Most recommendations are now checked and in place; we do not yet "
        "check how partner organisations put them in place.",
        "next_steps": "We are auditing partner organisations' practice with health and police "
        "colleagues, and will report what we find to the Safeguarding Adults Board.",
        "sources": ["Adult social care survey"],
    },
}


def create_demo_public_wording(plan: ActionPlan) -> None:
    """The demo council's feedback sources, and approved wording for two reviewed actions."""
    users = get_user_model().objects
    officer, manager = users.get(username="officer"), users.get(username="manager")
    sources = {
        name: FeedbackSource.objects.get_or_create(
            organisation=plan.organisation,
            name=name,
            defaults={"kind": kind, "description": description},
        )[0]
        for name, kind, description in SOURCES
    }
    reviews = EffectivenessReview.objects.filter(action__plan=plan, public_wording__isnull=True)
    for snippet, words in WORDING.items():
        review = reviews.filter(action__title__icontains=snippet).first()
        if review is None:
            continue
        wording = save_public_wording(
            review=review,
            user=officer,
            you_said=words["you_said"],
            we_did=words["we_did"],
            what_changed=words["what_changed"],
            next_steps=words.get("next_steps", ""),
            sources=[sources[name] for name in words["sources"]],
        )
        approve_public_wording(review=review, user=manager, expected_version=wording.version)
