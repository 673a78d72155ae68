"""Public wording of reviews: written by officers, approved by a manager of the organisation
(draft -> approved; an edit sends it back to draft), and the officers' queue."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actions.models import Action, EffectivenessReview, PublicWording
from actions.services.public import (
    NEXT_STEPS_NEEDED,
    approve_public_wording,
    save_public_wording,
    withdraw_public_wording,
)
from assessment.roles import MANAGER
from tests.actions.factories import ActionFactory, ActionPlanFactory, ReviewFactory
from tests.actions.public_factories import FeedbackSourceFactory, PublicWordingFactory
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

WORDS = {
    "you_said": "Carers said letters came late.",
    "we_did": "We send letters within ten days.",
    "what_changed": "Letters arrive within ten days.",
}


@pytest.fixture
def review(cqc_framework, organisation, manager):
    """An effective review of an action answering a complaint (an entry of the page)."""
    review = ReviewFactory(action__plan__owner=manager, reviewer=manager)
    review.action.complaints.add(ComplaintFactory(organisation=organisation))
    return review


@pytest.fixture
def not_effective(cqc_framework, manager):
    return ReviewFactory(
        action__plan__owner=manager,
        reviewer=manager,
        outcome=EffectivenessReview.Outcome.NOT_EFFECTIVE,
    )


@pytest.fixture
def other_manager(cqc_framework):
    """A manager of another organisation only."""
    elsewhere = OrganisationFactory(name="Elsewhere Council")
    return make_member(UserFactory(username="elsewhere-manager"), elsewhere, MANAGER).user


def _save(review, user, **changes):
    return save_public_wording(review=review, user=user, **(WORDS | changes))


# --- services ---------------------------------------------------------------------------------


def test_officer_writes_a_draft_and_a_manager_approves_it(review, officer, manager):
    wording = _save(review, officer)
    assert (wording.status, wording.written_by, wording.version) == ("draft", officer, 1)
    wording = approve_public_wording(review=review, user=manager, expected_version=1)
    assert wording.is_approved
    assert (wording.approved_by, wording.approved_at is not None) == (manager, True)


def test_editing_approved_wording_sends_it_back_to_draft(review, officer, manager):
    _save(review, officer)
    approve_public_wording(review=review, user=manager, expected_version=1)
    wording = _save(review, officer, we_did="We send letters within five days.")
    assert (wording.status, wording.approved_by, wording.approved_at) == ("draft", None, None)
    assert wording.version == 2


def test_saving_the_same_words_keeps_the_approval(review, officer, manager):
    _save(review, officer)
    approve_public_wording(review=review, user=manager, expected_version=1)
    wording = _save(review, officer, you_said="  Carers said letters came late.  ")
    assert wording.is_approved
    assert wording.version == 1


def test_changing_only_the_sources_sends_it_back_to_draft(review, officer, manager, organisation):
    _save(review, officer)
    approve_public_wording(review=review, user=manager, expected_version=1)
    wording = _save(review, officer, sources=[FeedbackSourceFactory(organisation=organisation)])
    assert wording.status == PublicWording.Status.DRAFT


def test_an_officer_may_not_approve(review, officer):
    _save(review, officer)
    with pytest.raises(PermissionDenied):
        approve_public_wording(review=review, user=officer, expected_version=1)
    assert PublicWording.objects.get().status == PublicWording.Status.DRAFT


def test_a_manager_of_another_organisation_may_not_approve(review, officer, other_manager):
    _save(review, officer)
    with pytest.raises(PermissionDenied):
        approve_public_wording(review=review, user=other_manager, expected_version=1)
    assert PublicWording.objects.get().status == PublicWording.Status.DRAFT


def test_a_manager_of_another_organisation_may_not_write_wording(review, other_manager):
    with pytest.raises(PermissionDenied):
        _save(review, other_manager)
    assert not PublicWording.objects.exists()


def test_approving_a_version_since_edited_is_refused(review, officer, manager):
    _save(review, officer)
    _save(review, officer, we_did="Edited after the manager opened it.")
    with pytest.raises(ValidationError) as refused:
        approve_public_wording(review=review, user=manager, expected_version=1)
    assert refused.value.code == "changed_since"
    assert PublicWording.objects.get().status == PublicWording.Status.DRAFT


def test_approving_without_wording_or_twice_says_why(review, officer, manager):
    with pytest.raises(ValidationError, match="Write the public wording"):
        approve_public_wording(review=review, user=manager, expected_version=1)
    _save(review, officer)
    approve_public_wording(review=review, user=manager, expected_version=1)
    with pytest.raises(ValidationError, match="already approved"):
        approve_public_wording(review=review, user=manager, expected_version=1)


def test_not_effective_needs_what_comes_next(not_effective, officer):
    with pytest.raises(ValidationError) as refused:
        _save(not_effective, officer, next_steps="  ")
    assert refused.value.message_dict == {"next_steps": [NEXT_STEPS_NEEDED]}
    assert not PublicWording.objects.exists()
    wording = _save(not_effective, officer, next_steps="A second letter by text; checked in May.")
    assert wording.next_steps == "A second letter by text; checked in May."


def test_blank_wording_and_another_organisations_sources_are_refused(review, officer):
    elsewhere = FeedbackSourceFactory(organisation=OrganisationFactory(name="Elsewhere Council"))
    with pytest.raises(ValidationError) as refused:
        _save(review, officer, we_did=" ", sources=[elsewhere])
    assert set(refused.value.message_dict) == {"we_did", "sources"}
    assert not PublicWording.objects.exists()


def test_an_edit_of_a_version_since_changed_is_refused(review, officer):
    _save(review, officer)
    _save(review, officer, we_did="Someone else's edit.")
    with pytest.raises(ValidationError, match="since you opened it"):
        _save(review, officer, we_did="My edit.", expected_version=1)
    assert PublicWording.objects.get().we_did == "Someone else's edit."


# --- pages -----------------------------------------------------------------------------------


def _url(review, name="actions:public-wording"):
    return reverse(name, args=[review.pk])


def test_officer_writes_wording_on_its_page(officer_client, review):
    page = officer_client.get(_url(review))
    assert page.status_code == HTTPStatus.OK
    assert "No public wording yet" in page.content.decode()
    response = officer_client.post(_url(review), WORDS)
    assert response.status_code == HTTPStatus.FOUND
    wording = PublicWording.objects.get()
    assert (wording.you_said, wording.status) == (WORDS["you_said"], "draft")
    page = officer_client.get(_url(review)).content.decode()
    assert "Draft: not shown" in page
    assert "Approve for publication" not in page  # officers do not approve


def test_missing_next_steps_is_shown_on_its_field(officer_client, not_effective):
    response = officer_client.post(_url(not_effective), WORDS)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {"next_steps": [NEXT_STEPS_NEEDED]}
    assert not PublicWording.objects.exists()


def test_manager_approves_on_the_page(manager_client, review, officer):
    _save(review, officer)
    page = manager_client.get(_url(review)).content.decode()
    assert "Approve for publication" in page
    response = manager_client.post(_url(review, "actions:public-wording-approve"), {"version": 1})
    assert response.status_code == HTTPStatus.FOUND
    assert PublicWording.objects.get().is_approved
    page = manager_client.get(_url(review)).content.decode()
    assert "Approved by" in page


def test_approving_a_stale_version_on_the_page_says_so(manager_client, review, officer):
    _save(review, officer)
    _save(review, officer, we_did="Changed again.")
    response = manager_client.post(
        _url(review, "actions:public-wording-approve"), {"version": 1}, follow=True
    )
    assert "changed since you opened it" in response.content.decode()
    assert not PublicWording.objects.get().is_approved


def test_officer_post_to_approve_is_403(officer_client, review, officer):
    _save(review, officer)
    response = officer_client.post(_url(review, "actions:public-wording-approve"), {"version": 1})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not PublicWording.objects.get().is_approved


def test_another_organisations_manager_gets_404(client, review, officer, other_manager):
    _save(review, officer)
    client.force_login(other_manager)
    approve = client.post(_url(review, "actions:public-wording-approve"), {"version": 1})
    assert approve.status_code == HTTPStatus.NOT_FOUND
    assert client.get(_url(review)).status_code == HTTPStatus.NOT_FOUND
    assert not PublicWording.objects.get().is_approved


def test_officer_of_the_organisation_who_manages_another_may_not_approve(
    client, review, officer, other_manager, organisation
):
    """Approval is by a manager *of that organisation*: a manager elsewhere who is only an
    officer here is refused (403: they may see the review, not approve it)."""
    from assessment.roles import OFFICER

    make_member(other_manager, organisation, OFFICER)
    _save(review, officer)
    client.force_login(other_manager)
    response = client.post(_url(review, "actions:public-wording-approve"), {"version": 1})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not PublicWording.objects.get().is_approved


# --- the queue -------------------------------------------------------------------------------


def test_queue_lists_entries_needing_wording_or_approval(officer_client, review, manager):
    plan = review.action.plan
    draft = PublicWordingFactory(review=ReviewFactory(action__plan=plan))
    draft.review.action.complaints.add(ComplaintFactory())
    approved = PublicWordingFactory(review=ReviewFactory(action__plan=plan), approved=True)
    approved.review.action.complaints.add(ComplaintFactory())
    ReviewFactory(action__plan=plan)  # answers nothing: not an entry
    url = reverse("actions:public-wording-queue")
    listed = {r.pk for r in officer_client.get(url).context["object_list"]}
    assert listed == {review.pk, draft.review_id}
    states = {
        state: {r.pk for r in officer_client.get(f"{url}?state={state}").context["object_list"]}
        for state in ("missing", "draft", "approved")
    }
    assert states == {
        "missing": {review.pk},
        "draft": {draft.review_id},
        "approved": {approved.review_id},
    }


def test_queue_shows_only_the_users_organisations(officer_client, review):
    elsewhere = ActionPlanFactory(assessment__organisation=OrganisationFactory(name="Elsewhere"))
    hidden = ReviewFactory(action__plan=elsewhere)
    hidden.action.complaints.add(ComplaintFactory(organisation=elsewhere.organisation))
    response = officer_client.get(reverse("actions:public-wording-queue"))
    assert [r.pk for r in response.context["object_list"]] == [review.pk]


def test_queue_query_count_with_many_rows(officer_client, review, django_assert_max_num_queries):
    plan = review.action.plan
    finding_action = ActionFactory(plan=plan)
    for i in range(55):
        action = ActionFactory(plan=plan, status=Action.Status.COMPLETE)
        action.complaints.add(*review.action.complaints.all())
        if i % 2:
            PublicWordingFactory(review=ReviewFactory(action=action))
        else:
            ReviewFactory(action=action)
    assert finding_action  # an action without a review is not listed
    # session, user, permissions (2), memberships; the count and the page of reviews (with
    # their action, plan, organisation and wording); the organisation filter's choices.
    with django_assert_max_num_queries(9):
        response = officer_client.get(reverse("actions:public-wording-queue"))
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 56


def test_queue_is_for_officers_not_viewers(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("actions:public-wording-queue")).status_code == HTTPStatus.FORBIDDEN


# --- withdrawing published wording ------------------------------------------------------------


def test_a_manager_withdraws_published_wording_from_the_public_page(
    manager_client, review, officer, manager
):
    _save(review, officer)
    approve_public_wording(review=review, user=manager, expected_version=1)
    organisation = review.action.plan.organisation
    public = reverse("actions:you-said-we-did", args=[organisation.pk])
    assert WORDS["we_did"] in manager_client.get(public).content.decode()
    page = manager_client.get(_url(review)).content.decode()
    assert "Withdraw from the public pages" in page
    assert 'value="Save and take off the public pages until approved again"' in page
    response = manager_client.post(
        _url(review, "actions:public-wording-withdraw"), {"version": 1}, follow=True
    )
    assert "no longer shows this entry" in response.content.decode()
    wording = PublicWording.objects.get()
    assert (wording.status, wording.approved_by, wording.we_did) == ("draft", None, WORDS["we_did"])
    assert WORDS["we_did"] not in manager_client.get(public).content.decode()
    assert wording.history.filter(approved_by=manager).exists()


def test_withdrawing_draft_or_stale_wording_is_refused(review, officer, manager):
    _save(review, officer)
    with pytest.raises(ValidationError, match="not on the public pages"):
        withdraw_public_wording(review=review, user=manager, expected_version=1)
    approve_public_wording(review=review, user=manager, expected_version=1)
    with pytest.raises(ValidationError, match="changed since you opened it"):
        withdraw_public_wording(review=review, user=manager, expected_version=2)
    assert PublicWording.objects.get().is_approved


def test_an_officer_may_not_withdraw(officer_client, review, officer, manager):
    _save(review, officer)
    approve_public_wording(review=review, user=manager, expected_version=1)
    with pytest.raises(PermissionDenied):
        withdraw_public_wording(review=review, user=officer, expected_version=1)
    response = officer_client.post(_url(review, "actions:public-wording-withdraw"), {"version": 1})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert PublicWording.objects.get().is_approved
