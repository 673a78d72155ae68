""" "You said, we did" publishes approved public wording and nothing internal: a marker planted
in every internal text field appears neither on the pages nor in the PDFs."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from actions.models import Action, EffectivenessReview, PublicWording
from actions.services.public import approve_public_wording, save_public_wording
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.actions.public_factories import FeedbackSourceFactory, PublicWordingFactory
from tests.complaints.factories import ComplaintCategoryFactory, ComplaintFactory
from tests.jobs.helpers import fetch_built_document
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

MARKER = "INTERNAL-ONLY-7Q"
NOT_EFFECTIVE = EffectivenessReview.Outcome.NOT_EFFECTIVE


def _internal(label: str) -> str:
    return f"{label} {MARKER}"


@pytest.fixture
def published(cqc_framework, organisation, manager):
    """One effective and one not effective entry, each answering a finding and a complaint,
    with approved wording tagged with the carers' forum; a marker in every internal field."""
    plan = ActionPlanFactory(
        title=_internal("Plan"), purpose=_internal("Purpose"), owner=manager, status="approved"
    )
    finding = ShortfallFindingFactory(topic__assessment=plan.assessment, text=_internal("Finding"))
    complaint = ComplaintFactory(
        organisation=organisation,
        summary=_internal("Complaint"),
        learning=_internal("Learning"),
        investigating_officer=_internal("Officer"),
        category=ComplaintCategoryFactory(organisation=organisation, name=_internal("Category")),
    )
    forum = FeedbackSourceFactory(organisation=organisation, name="Carers' forum")
    entries = {}
    for outcome in (EffectivenessReview.Outcome.EFFECTIVE, NOT_EFFECTIVE):
        action = ActionFactory(
            plan=plan,
            status=Action.Status.COMPLETE,
            title=_internal(f"Action {outcome}"),
            description=_internal("Description"),
            success_measure=_internal("Measure"),
            verification_note=_internal("Verified"),
        )
        action.findings.add(finding)
        action.complaints.add(complaint)
        action.complaint_categories.add(complaint.category)
        review = ReviewFactory(
            action=action, reviewer=manager, outcome=outcome, evidence=_internal("Evidence")
        )
        entries[outcome] = PublicWordingFactory(
            review=review,
            approved=True,
            you_said=f"Carers told us letters came late ({outcome}).",
            next_steps="We are trying a text message as well; we check again in March."
            if outcome == NOT_EFFECTIVE
            else "",
            sources=[forum],
        )
    follow_up = ActionFactory(
        plan=plan,
        follow_up_of=entries[NOT_EFFECTIVE].review.action,
        title=_internal("Follow-up"),
        description=_internal("Follow-up description"),
        status=Action.Status.IN_PROGRESS,
        due_date=datetime.date(2031, 3, 31),
    )
    return {"plan": plan, "forum": forum, "entries": entries, "follow_up": follow_up}


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_page_and_pdf_show_approved_wording_and_no_internal_text(officer_client, published):
    organisation = published["plan"].organisation_id
    page = _page(officer_client, reverse("actions:you-said-we-did", args=[organisation]))
    pdf = pdf_text(
        fetch_built_document(
            officer_client, reverse("actions:you-said-we-did-pdf", args=[organisation])
        )
    )
    for text in (page, pdf):
        assert MARKER not in text
        assert "Carers told us letters came late (effective)." in text
        assert "Carers told us letters came late (not_effective)." in text
        assert "We now write to every carer within ten days." in text
        assert "Carers' forum" in text or "Carers&#x27; forum" in text


def test_source_page_and_pdf_show_no_internal_text(officer_client, published):
    forum = published["forum"]
    page = _page(officer_client, forum.get_absolute_url())
    pdf = pdf_text(
        fetch_built_document(
            officer_client, reverse("actions:feedback-source-pdf", args=[forum.pk])
        )
    )
    for text in (page, pdf):
        assert MARKER not in text
        assert "What people said and what changed" in text
        assert "Carers told us letters came late (effective)." in text
        assert "Carers hear back within ten days." in text


def test_not_effective_entry_says_what_is_being_done_next(officer_client, published):
    page = _page(
        officer_client, reverse("actions:you-said-we-did", args=[published["plan"].organisation_id])
    )
    assert "It has not worked yet." in page
    assert "What we are doing next" in page
    assert "We are trying a text message as well; we check again in March." in page
    assert "Next step: under way, due by March 2031." in page
    assert page.count('data-testid="next-steps"') == 1  # the effective entry has none


def test_unapproved_wording_is_not_shown_until_approved(
    officer, manager, officer_client, published
):
    entry = published["entries"][NOT_EFFECTIVE]
    url = reverse("actions:you-said-we-did", args=[published["plan"].organisation_id])
    save_public_wording(
        review=entry.review,
        user=officer,
        you_said="Carers said the new letters still came late.",
        we_did=entry.we_did,
        what_changed=entry.what_changed,
        next_steps=entry.next_steps,
        sources=[published["forum"]],
    )
    entry.refresh_from_db()
    assert entry.status == PublicWording.Status.DRAFT  # an edit of approved wording
    page = _page(officer_client, url)
    assert "Carers said the new letters still came late." not in page
    assert "(not_effective)" not in page  # nor its earlier approved words
    assert "Carers told us letters came late (effective)." in page

    approve_public_wording(review=entry.review, user=manager, expected_version=entry.version)
    assert "Carers said the new letters still came late." in _page(officer_client, url)


def test_a_draft_never_reaches_the_source_page(officer_client, published):
    forum = published["forum"]
    draft = PublicWordingFactory(
        review=ReviewFactory(action__plan=published["plan"]),
        you_said="A draft nobody approved yet.",
        sources=[forum],
    )
    assert draft.status == PublicWording.Status.DRAFT
    assert "A draft nobody approved yet." not in _page(officer_client, forum.get_absolute_url())


def test_source_page_lists_only_its_own_entries(officer_client, published, organisation):
    survey = FeedbackSourceFactory(organisation=organisation, name="Adult social care survey")
    PublicWordingFactory(
        review=ReviewFactory(action__plan=published["plan"]),
        approved=True,
        you_said="Survey answers said the forms were too long.",
        sources=[survey],
    )
    forum_page = _page(officer_client, published["forum"].get_absolute_url())
    survey_page = _page(officer_client, survey.get_absolute_url())
    assert "Survey answers said the forms were too long." not in forum_page
    assert "Survey answers said the forms were too long." in survey_page
    assert "letters came late" not in survey_page


def test_another_organisations_entries_are_not_on_the_page(officer_client, published):
    from tests.assessment.factories import OrganisationFactory

    elsewhere = ActionPlanFactory(assessment__organisation=OrganisationFactory(name="Elsewhere"))
    PublicWordingFactory(
        review=ReviewFactory(action__plan=elsewhere),
        approved=True,
        you_said="Elsewhere's people said something.",
    )
    page = _page(
        officer_client, reverse("actions:you-said-we-did", args=[published["plan"].organisation_id])
    )
    assert "Elsewhere's people said something." not in page
    assert page.count('data-testid="public-entry"') == 2


def test_nothing_published_says_so(officer_client, organisation):
    page = _page(officer_client, reverse("actions:you-said-we-did", args=[organisation.pk]))
    assert "Nothing is published yet" in page


def test_page_query_count_is_fixed_with_many_entries(
    manager_client, published, django_assert_max_num_queries
):
    plan = published["plan"]
    for i in range(55):
        review = ReviewFactory(action__plan=plan, outcome=NOT_EFFECTIVE)
        ActionFactory(plan=plan, follow_up_of=review.action)
        PublicWordingFactory(
            review=review, approved=True, next_steps=f"Next {i}.", sources=[published["forum"]]
        )
    url = reverse("actions:you-said-we-did", args=[plan.organisation_id])
    # session, user, the user's permissions (2), memberships, organisation; the entries, their
    # sources, their follow-ups; the organisation's feedback sources.
    with django_assert_max_num_queries(11):
        response = manager_client.get(url)
    assert response.content.decode().count('data-testid="public-entry"') == 57
    with django_assert_max_num_queries(10):  # the source and its organisation in one
        response = manager_client.get(published["forum"].get_absolute_url())
    assert response.content.decode().count('data-testid="public-entry"') == 57
