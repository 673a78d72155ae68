"""An organisation's categories and service areas, run by its managers: add, rename, merge,
retire and restore, every refusal on its field with nothing changed, nothing ever deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints import setup_services
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import (
    ComplaintCategoryFactory,
    ComplaintFactory,
    ServiceAreaFactory,
)
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

FACTORIES = {ComplaintCategory: ComplaintCategoryFactory, ServiceArea: ServiceAreaFactory}
FIELD = {ComplaintCategory: "category", ServiceArea: "service_area"}


@pytest.fixture(params=[ComplaintCategory, ServiceArea], ids=["category", "service area"])
def model(request):
    return request.param


def make(model, organisation, name, **kwargs):
    return FACTORIES[model](organisation=organisation, name=name, **kwargs)


def errors(excinfo, field) -> str:
    return " ".join(excinfo.value.message_dict[field])


def test_a_manager_adds_and_renames(model, organisation, manager):
    item = setup_services.save_item(
        item=model(organisation=organisation, name="  Delay   in service "), user=manager
    )
    assert item.name == "Delay in service"
    item.name = "Delays"
    setup_services.save_item(item=item, user=manager)
    item.refresh_from_db()
    assert item.name == "Delays"
    assert [h.name for h in item.history.order_by("history_date")] == ["Delay in service", "Delays"]


@pytest.mark.parametrize("name", ["Delay in service", "DELAY IN SERVICE", " delay  in service"])
def test_a_name_the_list_has_is_refused_on_the_field(model, organisation, manager, name):
    make(model, organisation, "Delay in service")
    with pytest.raises(ValidationError) as excinfo:
        setup_services.save_item(item=model(organisation=organisation, name=name), user=manager)
    assert "Test Borough Council already has the" in errors(excinfo, "name")
    assert model.objects.count() == 1


def test_a_retired_name_is_restored_not_added_again(model, organisation, manager):
    make(model, organisation, "Charging", active=False)
    with pytest.raises(ValidationError) as excinfo:
        setup_services.save_item(
            item=model(organisation=organisation, name="charging"), user=manager
        )
    assert "(retired): restore it instead." in errors(excinfo, "name")


def test_renaming_to_another_items_name_is_refused(model, organisation, manager):
    make(model, organisation, "Charging")
    other = make(model, organisation, "Delay")
    other.name = "Charging"
    with pytest.raises(ValidationError):
        setup_services.save_item(item=other, user=manager)
    other.refresh_from_db()
    assert other.name == "Delay"


def test_another_organisation_may_use_the_same_name(model, organisation, manager):
    elsewhere = OrganisationFactory(name="Elsewhere")
    make(model, elsewhere, "Charging")
    setup_services.save_item(item=model(organisation=organisation, name="Charging"), user=manager)
    assert model.objects.filter(name="Charging").count() == 2


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_blank_or_overlong_name_is_refused(model, organisation, manager, name):
    with pytest.raises(ValidationError) as excinfo:
        setup_services.save_item(item=model(organisation=organisation, name=name), user=manager)
    assert "name" in excinfo.value.message_dict
    assert not model.objects.exists()


def test_officers_and_other_managers_may_not_change_the_lists(model, organisation, officer):
    item = make(model, organisation, "Charging")
    elsewhere = make_member(UserFactory(), OrganisationFactory(name="Elsewhere"), "manager").user
    for user in (officer, elsewhere):
        with pytest.raises(PermissionDenied):
            setup_services.save_item(item=model(organisation=organisation, name="New"), user=user)
        with pytest.raises(PermissionDenied):
            setup_services.set_active(item=item, active=False, user=user)
    assert list(model.objects.values_list("name", "active")) == [("Charging", True)]


def test_retire_keeps_old_complaints_and_restore_brings_it_back(model, organisation, manager):
    item = make(model, organisation, "Charging")
    complaint = ComplaintFactory(organisation=organisation, **{FIELD[model]: item})
    setup_services.set_active(item=item, active=False, user=manager)
    complaint.refresh_from_db()
    assert getattr(complaint, FIELD[model]) == item
    assert not model.objects.get(pk=item.pk).active
    setup_services.set_active(item=item, active=True, user=manager)
    assert model.objects.get(pk=item.pk).active


def test_merge_moves_the_complaints_with_history_and_retires_the_merged_one(
    model, organisation, manager
):
    source, target = make(model, organisation, "Delays"), make(model, organisation, "Delay")
    moved = ComplaintFactory.create_batch(3, organisation=organisation, **{FIELD[model]: source})
    stays = ComplaintFactory(organisation=organisation, **{FIELD[model]: target})
    assert setup_services.merge_items(source=source, target=target, user=manager) == 3
    field = FIELD[model]
    assert Complaint.objects.filter(**{field: target}).count() == 4
    source.refresh_from_db()
    assert not source.active
    latest = moved[0].history.latest()
    assert latest.history_change_reason == "“Delays” merged into “Delay”"
    assert latest.history_user == manager
    assert getattr(latest, f"{field}_id") == target.pk
    assert stays.history.count() == 1


@pytest.mark.parametrize("case", ["itself", "retired", "other organisation", "none"])
def test_a_merge_that_cannot_be_done_is_refused_on_the_field(model, organisation, manager, case):
    source = make(model, organisation, "Delays")
    complaint = ComplaintFactory(organisation=organisation, **{FIELD[model]: source})
    target = {
        "itself": source,
        "retired": make(model, organisation, "Old", active=False),
        "other organisation": make(model, OrganisationFactory(name="Elsewhere"), "Delay"),
        "none": None,
    }[case]
    with pytest.raises(ValidationError) as excinfo:
        setup_services.merge_items(source=source, target=target, user=manager)
    assert excinfo.value.message_dict["target"]
    complaint.refresh_from_db()
    assert getattr(complaint, FIELD[model]) == source
    source.refresh_from_db()
    assert source.active


def test_officers_may_not_merge(model, organisation, officer):
    source, target = make(model, organisation, "Delays"), make(model, organisation, "Delay")
    with pytest.raises(PermissionDenied):
        setup_services.merge_items(source=source, target=target, user=officer)
    assert model.objects.get(pk=source.pk).active
