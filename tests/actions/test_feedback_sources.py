"""Feedback sources: each organisation's forums and surveys, managed by its officers and
managers, each with a page of what people said through it and what changed."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actions.models import FeedbackSource
from actions.services.public import save_feedback_source
from tests.actions.public_factories import FeedbackSourceFactory, PublicWordingFactory
from tests.assessment.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _form(organisation, **changes):
    return {
        "organisation": organisation.pk,
        "name": "Carers' forum",
        "kind": FeedbackSource.Kind.FORUM,
        "description": "Run by the carers' centre.",
    } | changes


def test_officer_adds_a_source(officer_client, organisation):
    response = officer_client.post(reverse("actions:feedback-source-create"), _form(organisation))
    source = FeedbackSource.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == source.get_absolute_url()
    assert (source.organisation, source.name) == (organisation, "Carers' forum")


def test_a_name_taken_in_the_organisation_is_refused_on_the_form(officer_client, organisation):
    FeedbackSourceFactory(organisation=organisation, name="Carers' Forum")
    response = officer_client.post(
        reverse("actions:feedback-source-create"), _form(organisation, name=" carers' forum ")
    )
    assert response.status_code == HTTPStatus.OK
    assert "already has a feedback source of this name" in response.content.decode()
    assert FeedbackSource.objects.count() == 1


def test_the_same_name_is_fine_in_another_organisation(officer, organisation):
    FeedbackSourceFactory(organisation=OrganisationFactory(name="Elsewhere"), name="Carers' forum")
    source = save_feedback_source(
        source=FeedbackSource(organisation=organisation, name="Carers' forum"), user=officer
    )
    assert source.pk


def test_another_organisation_cannot_be_chosen(officer_client, officer):
    elsewhere = OrganisationFactory(name="Elsewhere")
    response = officer_client.post(reverse("actions:feedback-source-create"), _form(elsewhere))
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["organisation"]
    with pytest.raises(PermissionDenied):
        save_feedback_source(source=FeedbackSource(organisation=elsewhere, name="X"), user=officer)
    assert not FeedbackSource.objects.exists()


def test_editing_keeps_the_organisation(officer_client, organisation):
    source = FeedbackSourceFactory(organisation=organisation)
    elsewhere = OrganisationFactory(name="Elsewhere")
    response = officer_client.post(
        reverse("actions:feedback-source-update", args=[source.pk]),
        _form(elsewhere, name="Adult social care survey", kind="survey"),
    )
    assert response.status_code == HTTPStatus.FOUND
    source.refresh_from_db()
    assert (source.name, source.kind, source.organisation) == (
        "Adult social care survey",
        "survey",
        organisation,
    )


def test_viewer_reads_the_source_page_but_changes_nothing(client, viewer, organisation):
    source = FeedbackSourceFactory(organisation=organisation)
    client.force_login(viewer)
    assert client.get(source.get_absolute_url()).status_code == HTTPStatus.OK
    edit = client.post(reverse("actions:feedback-source-update", args=[source.pk]), {})
    assert edit.status_code == HTTPStatus.FORBIDDEN
    create = client.post(reverse("actions:feedback-source-create"), _form(organisation))
    assert create.status_code == HTTPStatus.FORBIDDEN
    assert FeedbackSource.objects.count() == 1


def test_another_organisations_source_is_a_404(officer_client):
    source = FeedbackSourceFactory(organisation=OrganisationFactory(name="Elsewhere"))
    for name in ("detail", "update", "pdf"):
        url = reverse(f"actions:feedback-source-{name}", args=[source.pk])
        assert officer_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_list_counts_published_entries_in_fixed_queries(
    officer_client, organisation, cqc_framework, django_assert_max_num_queries
):
    FeedbackSourceFactory.create_batch(52, organisation=organisation)
    first = [FeedbackSourceFactory(organisation=organisation, name=f"A forum {i}") for i in "123"]
    PublicWordingFactory(approved=True, sources=first)
    PublicWordingFactory(approved=True, sources=first[:1])
    PublicWordingFactory(sources=first)  # a draft is not published
    FeedbackSourceFactory(organisation=OrganisationFactory(name="Elsewhere"))  # not theirs
    # session, user, permissions (2), memberships; count, page; the organisation filter.
    with django_assert_max_num_queries(9):
        response = officer_client.get(reverse("actions:feedback-source-list"))
    rows = response.context["object_list"]
    assert response.context["paginator"].count == 55
    assert len(rows) == 25
    assert [(row.name, row.published) for row in rows[:4]] == [
        ("A forum 1", 2),
        ("A forum 2", 1),
        ("A forum 3", 1),
        (rows[3].name, 0),
    ]


def test_saving_a_source_unchanged_records_no_history(officer, organisation):
    source = FeedbackSourceFactory(organisation=organisation)
    rows = source.history.count()
    save_feedback_source(source=FeedbackSource.objects.get(pk=source.pk), user=officer)
    assert source.history.count() == rows
    edited = FeedbackSource.objects.get(pk=source.pk)
    edited.description = "Now run by the council."
    save_feedback_source(source=edited, user=officer)
    assert source.history.count() == rows + 1
