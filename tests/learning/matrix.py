"""Learning's rows of tests/test_permission_matrix.py (who may use each page) and the objects
they name. Teams and SARs are run by managers; briefs drafted by officers, published by
managers, acknowledged by their audience (the officer and manager here); reach for managers."""

from django.core.files.uploadedfile import SimpleUploadedFile

from learning.models import (
    Acknowledgement,
    AudienceMember,
    BriefAttachment,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
    Team,
)
from tests.learning.factories import BriefFactory, RecommendationFactory, TeamFactory

OFFICER, MANAGER = "officer", "manager"

# What must not change when a request is refused.
WATCHED = [
    Team, SafeguardingAdultsReview, SARRecommendation, LearningBrief, BriefAttachment,
    AudienceMember, Acknowledgement, EffectivenessCheck,
]  # fmt: skip

# name -> (GET level, GET ok, POST level, POST ok, path arguments, query string)
ROWS = {
    "learning:team-list": (OFFICER, True, OFFICER, False, {}, ""),
    "learning:team-create": (MANAGER, True, MANAGER, True, {}, ""),
    "learning:team-update": (MANAGER, True, MANAGER, True, {"pk": "team"}, ""),
    "learning:review-list": (OFFICER, True, OFFICER, False, {}, ""),
    "learning:review-create": (MANAGER, True, MANAGER, True, {}, ""),
    "learning:review-detail": (OFFICER, True, OFFICER, False, {"pk": "sar"}, ""),
    "learning:review-update": (MANAGER, True, MANAGER, True, {"pk": "sar"}, ""),
    "learning:recommendation-create": (MANAGER, True, MANAGER, True, {"pk": "sar"}, ""),
    "learning:recommendation-update": (MANAGER, True, MANAGER, True, {"pk": "recommendation"}, ""),
    "learning:brief-list": (OFFICER, True, OFFICER, False, {}, ""),
    "learning:brief-create": (OFFICER, True, OFFICER, True, {}, "recommendation=recommendation"),
    "learning:brief-detail": (OFFICER, True, OFFICER, False, {"pk": "brief"}, ""),
    "learning:brief-update": (OFFICER, True, OFFICER, True, {"pk": "draft_brief"}, ""),
    "learning:brief-publish": (MANAGER, False, MANAGER, True, {"pk": "draft_brief"}, ""),
    "learning:brief-acknowledge": (OFFICER, False, OFFICER, True, {"pk": "brief"}, ""),
    "learning:brief-reach": (MANAGER, True, MANAGER, False, {"pk": "brief"}, ""),
    "learning:check-create": (OFFICER, True, OFFICER, True, {"pk": "brief"}, ""),
    "learning:attachment-file": (OFFICER, True, OFFICER, False, {"pk": "attachment"}, ""),
    "learning:report": (OFFICER, True, OFFICER, False, {"pk": "organisation"}, ""),
    "learning:report-pdf": (OFFICER, True, OFFICER, False, {"pk": "organisation"}, ""),
    "learning:report-xlsx": (OFFICER, True, OFFICER, False, {"pk": "organisation"}, ""),
}


def rows(row, cell) -> dict:
    """ROWS as the matrix's rows (its `row` and `Cell`)."""
    return {
        name: [row(cell(get, get_ok), cell(post, post_ok), query, **kwargs)]
        for name, (get, get_ok, post, post_ok, kwargs, query) in ROWS.items()
    }


def objects(organisation, officer, manager) -> dict[str, int]:
    """A team, a SAR's recommendation, a brief published to the officer and manager (with an
    attachment) and a draft brief, by pk."""
    recommendation = RecommendationFactory(review__organisation=organisation, owner=manager)
    brief = BriefFactory(
        organisation=organisation,
        recommendation=recommendation,
        people=[officer, manager],
        published=True,
    )
    attachment = brief.attachments.create(
        file=SimpleUploadedFile("guide.txt", b"A practice guide."),
        filename="guide.txt",
        content_type="text/plain",
    )
    draft = BriefFactory(organisation=organisation, recommendation=recommendation, people=[officer])
    return {
        "team": TeamFactory(organisation=organisation).pk,
        "sar": recommendation.review_id,
        "recommendation": recommendation.pk,
        "brief": brief.pk,
        "draft_brief": draft.pk,
        "attachment": attachment.pk,
    }
