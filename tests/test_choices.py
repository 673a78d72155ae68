"""Model selects read their choices with one plain query, and per-organisation filters wait for
an organisation instead of listing every council's choices."""

import factory
import pytest
from django import forms
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.filters import AssessmentFilter
from assessment.models import Organisation
from assessment.roles import OFFICER
from core.choices import read_choices_in_one_query
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db


class OrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"))


def test_a_select_reads_its_choices_in_one_plain_query():
    OrganisationFactory.create_batch(60, name=factory.Sequence(lambda n: f"Council {n}"))
    form = OrganisationForm()
    read_choices_in_one_query(form)
    with CaptureQueriesContext(connection) as captured:
        html = str(form["organisation"])
    # Django's own iterator uses a server-side cursor on PostgreSQL: DECLARE, FETCH, CLOSE.
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["SELECT"]
    assert html.count("<option") == 61


def as_request_of(user):
    """A request of `user`: what a filter scopes its choices by."""
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x")


def test_filter_selects_keep_djangos_choices_and_null_label(root):
    first, second = OrganisationFactory(name="Ashire"), OrganisationFactory(name="Bshire")
    form = AssessmentFilter({"organisation": str(second.pk)}, request=as_request_of(root)).form
    assert list(form.fields["organisation"].choices)[0] == ("", "All organisations")
    html = str(form["organisation"])
    assert f'<option value="{second.pk}" selected>Bshire</option>' in html
    assert f'<option value="{first.pk}">Ashire</option>' in html


def test_findings_assessment_filter_waits_for_an_organisation(officer_client, cqc_framework):
    mine = AssessmentFactory(title="Mine 2024")
    AssessmentFactory(title="Theirs 2024", organisation=OrganisationFactory(name="Elsewhere"))
    url = reverse("findings:finding-list")
    field = officer_client.get(url).context["filter"].form.fields["assessment"]
    assert field.disabled
    assert list(field.choices) == [("", "All assessments")]
    chosen = officer_client.get(url, {"organisation": mine.organisation_id})
    labels = [label for _, label in chosen.context["filter"].form.fields["assessment"].choices]
    assert labels == ["All assessments", f"{mine.organisation}: Mine 2024"]
    assert "Theirs 2024" not in chosen.content.decode()


def test_people_and_organisations_are_listed_from_plain_rows(django_user_model, root):
    from actions.filters import ActionFilter

    named = django_user_model.objects.create(username="ak", first_name="Ada", last_name="King")
    bare = django_user_model.objects.create(username="nobody-named")
    cshire = OrganisationFactory(name="Cshire")
    for person in (named, bare):
        make_member(person, cshire, OFFICER)
    request = as_request_of(root)
    form = ActionFilter({}, request=request).form
    with CaptureQueriesContext(connection) as captured:
        owner, organisation = str(form["owner"]), str(form["organisation"])
    assert len(captured) == 2  # one plain query per select
    assert f'<option value="{named.pk}">Ada King</option>' in owner
    assert f'<option value="{bare.pk}">nobody-named</option>' in owner
    assert ">Cshire</option>" in organisation
    chosen = ActionFilter({"owner": str(bare.pk)}, request=request).form
    assert f'<option value="{bare.pk}" selected>nobody-named</option>' in str(chosen["owner"])
    # The value still validates against the queryset.
    assert ActionFilter({"owner": "999999"}, request=request).form.is_valid() is False


def test_filters_list_only_the_users_organisations_and_their_people(officer, organisation):
    """Choices that belong to organisations are scoped to the requesting user's (another
    council's name or people never offered); used in code without a request, a filter offers
    none rather than every council's."""
    from actions.filters import ActionFilter

    elsewhere = OrganisationFactory(name="Elsewhere")
    stranger = make_member(UserFactory(username="stranger"), elsewhere, OFFICER).user
    form = ActionFilter({}, request=as_request_of(officer)).form
    assert [label for _, label in form.fields["organisation"].choices] == [
        "All organisations",
        organisation.name,
    ]
    owners = [value for value, _ in form.fields["owner"].choices]
    assert officer.pk in owners
    assert stranger.pk not in owners
    refused = ActionFilter({"organisation": str(elsewhere.pk)}, request=as_request_of(officer))
    assert refused.form.is_valid() is False
    assert list(ActionFilter({}).form.fields["organisation"].choices) == [("", "All organisations")]
