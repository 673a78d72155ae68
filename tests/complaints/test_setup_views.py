"""The category and service area pages: who sees what, refusals on their fields, retired names
left out of a new complaint's choices but kept on the old ones, queries pinned with 50+ rows."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Complaint, ComplaintCategory, ServiceArea
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import (
    ComplaintCategoryFactory,
    ComplaintFactory,
    ServiceAreaFactory,
)
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"complaints:{name}", args=args)


def test_a_manager_sees_the_list_with_counts_and_buttons(manager_client, organisation):
    used = ComplaintCategoryFactory(organisation=organisation, name="Charging")
    ComplaintFactory.create_batch(2, organisation=organisation, category=used)
    ComplaintCategoryFactory(organisation=organisation, name="Old one", active=False)
    page = manager_client.get(url("complaintcategory-list", organisation.pk))
    assert page.status_code == HTTPStatus.OK
    rows = [(item.name, item.active, item.complaint_count) for item in page.context["object_list"]]
    assert rows == [("Charging", True, 2), ("Old one", False, 0)]
    html = page.content.decode()
    assert "Complaint categories of Test Borough Council" in html
    assert url("complaintcategory-merge", used.pk) in html
    assert "Restore" in html


def test_officers_read_the_list_only(officer_client, organisation):
    item = ServiceAreaFactory(organisation=organisation, name="Hospital team")
    page = officer_client.get(url("servicearea-list", organisation.pk))
    assert page.status_code == HTTPStatus.OK
    assert "Hospital team" in page.content.decode()
    assert url("servicearea-update", item.pk) not in page.content.decode()
    for name, arg in [("servicearea-create", organisation.pk), ("servicearea-update", item.pk)]:
        assert officer_client.get(url(name, arg)).status_code == HTTPStatus.FORBIDDEN
    assert officer_client.post(url("servicearea-retire", item.pk)).status_code == 403
    assert ServiceArea.objects.get(pk=item.pk).active


def test_another_organisations_lists_are_a_404(client, organisation):
    item = ComplaintCategoryFactory(organisation=organisation, name="Charging")
    stranger = make_member(UserFactory(), OrganisationFactory(name="Elsewhere"), "manager").user
    client.force_login(stranger)
    assert client.get(url("complaintcategory-list", organisation.pk)).status_code == 404
    assert client.get(url("complaintcategory-update", item.pk)).status_code == 404
    assert client.post(url("complaintcategory-retire", item.pk)).status_code == 404
    assert ComplaintCategory.objects.get(pk=item.pk).active


def test_add_rename_retire_restore_through_the_pages(manager_client, organisation):
    response = manager_client.post(
        url("complaintcategory-create", organisation.pk), {"name": "Charging"}, follow=True
    )
    assert "“Charging” added to the complaint categories." in response.content.decode()
    item = ComplaintCategory.objects.get(name="Charging", organisation=organisation)
    response = manager_client.post(
        url("complaintcategory-update", item.pk), {"name": "Charges"}, follow=True
    )
    assert "“Charging” renamed “Charges”." in response.content.decode()
    response = manager_client.post(url("complaintcategory-retire", item.pk), follow=True)
    assert "“Charges” retired" in response.content.decode()
    assert not ComplaintCategory.objects.get(pk=item.pk).active
    manager_client.post(url("complaintcategory-restore", item.pk))
    assert ComplaintCategory.objects.get(pk=item.pk).active


def test_a_name_taken_shows_on_the_field(manager_client, organisation):
    ComplaintCategoryFactory(organisation=organisation, name="Charging", active=False)
    response = manager_client.post(
        url("complaintcategory-create", organisation.pk), {"name": "CHARGING"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "(retired): restore it instead." in " ".join(response.context["form"].errors["name"])
    assert "Nothing was changed" in response.content.decode()
    assert ComplaintCategory.objects.count() == 1


def test_merge_through_the_page(manager_client, organisation):
    source = ServiceAreaFactory(organisation=organisation, name="Hospital")
    target = ServiceAreaFactory(organisation=organisation, name="Hospital team")
    ServiceAreaFactory(organisation=organisation, name="Retired team", active=False)
    ComplaintFactory.create_batch(2, organisation=organisation, service_area=source)
    page = manager_client.get(url("servicearea-merge", source.pk))
    choices = [label for _, label in page.context["form"].fields["target"].choices]
    assert choices == ["Choose a service area", "Hospital team"]
    assert "2 complaints are filed under “Hospital”" in page.content.decode()
    response = manager_client.post(
        url("servicearea-merge", source.pk), {"target": target.pk}, follow=True
    )
    assert "“Hospital” merged into “Hospital team”: 2 complaints moved" in (
        response.content.decode()
    )
    assert Complaint.objects.filter(service_area=target).count() == 2


@pytest.mark.parametrize("target", ["self", "retired", "other", "", "abc"])
def test_a_bad_merge_shows_on_the_field_and_changes_nothing(manager_client, organisation, target):
    source = ServiceAreaFactory(organisation=organisation, name="Hospital")
    complaint = ComplaintFactory(organisation=organisation, service_area=source)
    value = {
        "self": source.pk,
        "retired": ServiceAreaFactory(organisation=organisation, name="Old", active=False).pk,
        "other": ServiceAreaFactory(organisation=OrganisationFactory(name="B"), name="X").pk,
        "": "",
        "abc": "abc",
    }[target]
    response = manager_client.post(url("servicearea-merge", source.pk), {"target": value})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["target"]
    assert "Nothing was merged" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.service_area == source
    assert ServiceArea.objects.get(pk=source.pk).active


def test_retired_names_are_not_offered_for_new_complaints_but_stay_on_old_ones(
    officer_client, manager_client, organisation
):
    retired = ComplaintCategoryFactory(organisation=organisation, name="Retired category")
    complaint = ComplaintFactory(organisation=organisation, category=retired)
    manager_client.post(url("complaintcategory-retire", retired.pk))
    new = officer_client.get(reverse("complaints:complaint-create")).content.decode()
    assert "Retired category" not in new
    edit = officer_client.get(reverse("complaints:complaint-update", args=[complaint.pk]))
    assert "Retired category" in edit.content.decode()
    detail = officer_client.get(complaint.get_absolute_url()).content.decode()
    assert "Retired category" in detail


def test_the_organisation_page_links_to_the_lists(officer_client, organisation):
    page = officer_client.get(organisation.get_absolute_url()).content.decode()
    assert url("complaintcategory-list", organisation.pk) in page
    assert url("servicearea-list", organisation.pk) in page


def test_names_are_escaped(manager_client, organisation):
    ComplaintCategoryFactory(organisation=organisation, name="<img src=x onerror=alert(1)>")
    html = manager_client.get(url("complaintcategory-list", organisation.pk)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == HTTPStatus.OK
    return len(queries)


def test_the_list_reads_a_fixed_number_of_queries(
    manager_client, organisation, django_assert_max_num_queries
):
    path = url("complaintcategory-list", organisation.pk)
    ComplaintCategory.objects.bulk_create(
        ComplaintCategory(organisation=organisation, name=f"Category {n}") for n in range(3)
    )
    small = count_queries(manager_client, path)
    categories = ComplaintCategory.objects.bulk_create(
        ComplaintCategory(organisation=organisation, name=f"More {n}", active=n % 3 > 0)
        for n in range(60)
    )
    ComplaintFactory.create_batch(10, organisation=organisation, category=categories[1])
    with django_assert_max_num_queries(9):
        page = manager_client.get(path)
    assert len(page.context["object_list"]) == 25
    assert count_queries(manager_client, path) == small
    assert count_queries(manager_client, path + "?q=more&active=true&page=2") == small
