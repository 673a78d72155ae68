"""Proof of closure: progress updates (the completing one too) carry evidence, a file checked as
every evidence upload is or a link; a manager confirms a completed action is "verified
complete" before its effectiveness review, as incident systems do."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Action, EffectivenessReview, ProgressUpdate
from tests.actions.factories import ActionFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_update(client, action, **data):
    data = {"text": "Audit done.", "date": timezone.localdate().isoformat()} | data
    return client.post(reverse("actions:action-progress", args=[action.pk]), data)


def test_the_completing_update_carries_a_file_and_a_link(officer_client, officer_action):
    response = post_update(
        officer_client,
        officer_action,
        text="Every carer was written to; the letters are attached.",
        status_to="complete",
        evidence_file=SimpleUploadedFile("letters.pdf", PDF, content_type="application/pdf"),
        evidence_url="https://intranet.example.gov.uk/carers/letters",
    )
    assert response.status_code == HTTPStatus.FOUND
    update = ProgressUpdate.objects.get()
    assert update.status_to == "complete"
    assert update.evidence_filename == "letters.pdf"
    assert update.evidence_content_type == "application/pdf"
    assert update.evidence_url == "https://intranet.example.gov.uk/carers/letters"
    assert "letters" not in update.evidence_file.name  # stored under a random name
    page = officer_client.get(officer_action.get_absolute_url()).content.decode()
    file_url = reverse("actions:progress-evidence", args=[update.pk])
    assert f'<a href="{file_url}">letters.pdf</a>' in page
    assert 'href="https://intranet.example.gov.uk/carers/letters"' in page
    download = officer_client.get(file_url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_a_file_that_is_not_what_it_says_is_refused_on_its_field(officer_client, officer_action):
    response = post_update(
        officer_client,
        officer_action,
        evidence_file=SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf"),
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["progress_form"].errors
    assert errors["evidence_file"] == [
        "“minutes.pdf” does not contain what its name says (.pdf file); it was refused."
    ]
    assert not ProgressUpdate.objects.exists()
    officer_action.refresh_from_db()
    assert officer_action.status == "not_started"


def test_a_file_of_a_type_not_allowed_is_refused(officer_action, officer):
    with pytest.raises(ValidationError) as refused:
        services.post_progress(
            action=officer_action,
            author=officer,
            text="Done.",
            evidence_file=SimpleUploadedFile("run.exe", b"MZ\x90\x00"),
        )
    assert "is not an allowed type" in refused.value.message_dict["evidence_file"][0]


def test_only_those_who_see_progress_get_the_file(client, nobody, officer_action):
    update = ProgressUpdateFactory(
        action=officer_action,
        evidence_file=SimpleUploadedFile("notes.txt", b"Notes."),
        evidence_content_type="text/plain",
    )
    url = reverse("actions:progress-evidence", args=[update.pk])
    assert client.get(url).status_code == HTTPStatus.FOUND  # to log in
    client.force_login(nobody)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


@pytest.fixture
def completed(approved_plan, officer):
    """Completed by its owner, not yet verified."""
    return ActionFactory(
        plan=approved_plan,
        owner=officer,
        status=Action.Status.COMPLETE,
        verified_by=None,
        title="Write to every carer",
    )


def test_a_review_needs_the_action_verified_complete_first(completed, manager):
    with pytest.raises(ValidationError, match="verified complete .* before reviewing"):
        services.record_review(
            action=completed, reviewer=manager, outcome="effective", evidence="Survey."
        )
    assert not EffectivenessReview.objects.exists()
    services.verify_completion(action=completed, user=manager, note="Saw the letters.")
    completed.refresh_from_db()
    assert completed.verified_by == manager
    assert completed.verification_note == "Saw the letters."
    assert completed.history.filter(verified_by=manager).exists()
    services.record_review(
        action=completed, reviewer=manager, outcome="effective", evidence="Survey."
    )
    assert EffectivenessReview.objects.filter(action=completed).exists()


def test_verify_is_refused_to_officers_and_for_open_or_verified_actions(
    completed, officer, manager, officer_action
):
    with pytest.raises(PermissionDenied):
        services.verify_completion(action=completed, user=officer)
    with pytest.raises(ValidationError, match="Only a completed action"):
        services.verify_completion(action=officer_action, user=manager)
    services.verify_completion(action=completed, user=manager)
    with pytest.raises(ValidationError, match="already been verified"):
        services.verify_completion(action=completed, user=manager)


def test_the_action_page_asks_to_verify_then_to_review(manager_client, completed, manager):
    page = manager_client.get(completed.get_absolute_url()).content.decode()
    assert "Confirm verified complete" in page
    assert "Record review" not in page
    assert "Reviewed once it is verified complete." in page
    response = manager_client.post(
        reverse("actions:action-verify", args=[completed.pk]),
        {"note": "Checked the letters on file."},
        follow=True,
    )
    page = response.content.decode()
    assert "Verified complete. Its effectiveness review can now be recorded." in page
    assert f"Verified complete by {manager.get_full_name()} on" in page
    assert "Checked the letters on file." in page
    assert "Record review" in page
    # And on the plan: who verified it, and when.
    plan_page = manager_client.get(completed.plan.get_absolute_url()).content.decode()
    row = plan_page[plan_page.index("Write to every carer") :]
    assert f"verified by {manager.get_full_name()}" in row[: row.index("</tr>")]


def test_an_officer_cannot_verify(officer_client, completed):
    response = officer_client.post(reverse("actions:action-verify", args=[completed.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    completed.refresh_from_db()
    assert completed.verified_at is None
    page = officer_client.get(completed.get_absolute_url()).content.decode()
    assert "Awaiting a manager's check that it was done." in page


def test_the_plan_says_which_complete_actions_await_verification(manager_client, completed):
    page = manager_client.get(completed.plan.get_absolute_url()).content.decode()
    row = page[page.index("Write to every carer") :]
    assert "not yet verified" in row[: row.index("</tr>")]


def test_action_page_query_count_with_evidence_on_every_update(
    manager_client, officer_action, django_assert_max_num_queries
):
    for i in range(55):
        ProgressUpdateFactory(
            action=officer_action,
            text=f"Update {i}",
            evidence_url=f"https://example.gov.uk/{i}",
            date=timezone.localdate() - datetime.timedelta(days=i),
        )
    with django_assert_max_num_queries(12):  # with the memberships, read once per request
        response = manager_client.get(officer_action.get_absolute_url())
    assert response.content.decode().count('data-testid="update-evidence"') == 25
