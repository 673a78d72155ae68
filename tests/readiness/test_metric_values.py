"""Recording metric values: the form, the rules (a percentage 0-100, a number, a period that
has started, one value per period) and the pages that show them."""

import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from readiness import periods
from readiness.models import Metric, MetricValue
from readiness.selectors.metrics import statement_metrics
from readiness.services.metrics import delete_metric_value, save_metric_value
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric(cqc_metrics):
    return Metric.objects.in_order().first()


def create_url(assessment, metric) -> str:
    return reverse("readiness:value-create", args=[assessment.organisation_id, metric.pk])


def post(client, url, **values):
    data = {"period_start": "2024-25", "value": "64.3", "target_aim": "at_least"} | values
    return client.post(url, data)


def test_a_value_is_recorded(assessment, metric, officer_client, officer):
    response = post(officer_client, create_url(assessment, metric), target="60", england="62.1")
    assert response.status_code == HTTPStatus.FOUND
    value = MetricValue.objects.get()
    assert value.period_start == datetime.date(2024, 4, 1)
    assert (value.value, value.target, value.england) == (
        Decimal("64.3"),
        Decimal("60"),
        Decimal("62.1"),
    )
    assert (value.entered_by, value.organisation) == (officer, assessment.organisation)
    assert value.target_met is True


@pytest.mark.parametrize(
    ("field", "given", "message"),
    [
        ("value", "100.5", "100.5 is not a percentage: enter a number from 0 to 100."),
        ("value", "-1", "-1 is not a percentage: enter a number from 0 to 100."),
        ("england", "250", "250 is not a percentage: enter a number from 0 to 100."),
        ("value", "lots", "Enter a number."),
        ("period_start", "2024", "“2024” is not a period: write a financial year as 2024-25."),
        (
            "period_start",
            "2024-26",
            "“2024-26” is not a financial year: the second year must follow the first "
            "(e.g. 2024-25).",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    assessment, metric, officer_client, field, given, message
):
    response = post(officer_client, create_url(assessment, metric), **{field: given})
    assert response.status_code == HTTPStatus.OK
    assert message in response.context["form"].errors[field]
    assert not MetricValue.objects.exists()


def test_a_period_in_the_future_is_refused(assessment, metric, officer_client):
    year = timezone.localdate().year + 1
    label = periods.label(datetime.date(year, 4, 1))
    response = post(officer_client, create_url(assessment, metric), period_start=label)
    assert response.context["form"].errors["period_start"] == [
        f"{label} is in the future: it starts on 1 April {year}."
    ]
    assert not MetricValue.objects.exists()


def test_a_second_value_for_the_same_period_is_refused(assessment, metric, officer_client):
    value_for(assessment.organisation, metric, 2024, 61)
    response = post(officer_client, create_url(assessment, metric), period_start="2024/25")
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["period_start"] == [
        f"{metric.name} already has a value for 2024-25: edit that one instead."
    ]
    assert MetricValue.objects.get().value == Decimal("61")


def test_a_value_is_edited_and_deleted(assessment, metric, officer_client, manager_client):
    value = value_for(assessment.organisation, metric, 2023, 61)
    url = reverse("readiness:value-update", args=[value.pk])
    page = officer_client.get(url)
    assert page.context["form"]["period_start"].value() == "2023-24"
    response = post(officer_client, url, period_start="2023-24", value="62")
    assert response.status_code == HTTPStatus.FOUND
    value.refresh_from_db()
    assert value.value == Decimal("62")
    delete = reverse("readiness:value-delete", args=[value.pk])
    assert officer_client.post(delete).status_code == HTTPStatus.FORBIDDEN
    assert manager_client.post(delete).status_code == HTTPStatus.FOUND
    assert not MetricValue.objects.exists()


def test_the_services_check_permissions_and_rules(assessment, metric, nobody, officer):
    value = MetricValue(organisation=assessment.organisation, metric=metric, value=Decimal("101"))
    value.period_start = datetime.date(2024, 4, 1)
    with pytest.raises(PermissionDenied):
        save_metric_value(value=value, user=nobody)
    with pytest.raises(ValidationError) as refused:
        save_metric_value(value=value, user=officer)
    assert "value" in refused.value.message_dict
    stored = value_for(assessment.organisation, metric, 2022, 50)
    with pytest.raises(PermissionDenied):
        delete_metric_value(value=stored, user=officer)


def test_a_number_metric_takes_numbers_above_100(assessment, metric, officer):
    Metric.objects.filter(pk=metric.pk).update(unit=Metric.Unit.NUMBER)
    metric.refresh_from_db()
    value = MetricValue(
        organisation=assessment.organisation,
        metric=metric,
        period_start=datetime.date(2024, 4, 1),
        value=Decimal("1204"),
    )
    save_metric_value(value=value, user=officer)
    assert MetricValue.objects.get().value == Decimal("1204")


def test_direction_of_travel_and_target_in_words(assessment, record):
    organisation = assessment.organisation
    metrics = list(record.statement.metrics.in_order()[:3])
    value_for(organisation, metrics[0], 2023, "61.0")
    value_for(organisation, metrics[0], 2024, "64.3", target=Decimal("65"))
    value_for(organisation, metrics[1], 2023, 70)
    value_for(organisation, metrics[1], 2024, "67.5", target=Decimal("68"), target_aim="at_most")
    value_for(organisation, metrics[2], 2024, 12)
    trends = statement_metrics(organisation, record.statement)
    assert [(t.direction, t.arrow) for t in trends[:4]] == [
        ("Up 3.3 points since 2023-24", "↑"),
        ("Down 2.5 points since 2023-24", "↓"),
        ("First value recorded", ""),
        ("No value recorded yet", ""),
    ]
    assert (trends[0].latest.target_met, trends[1].latest.target_met) == (False, True)


def test_the_statement_page_shows_each_metric_with_its_trend(assessment, record, officer_client):
    metric = record.statement.metrics.in_order().first()
    for year, number in ((2021, 58), (2022, 60), (2023, "61.0"), (2024, "64.3")):
        value_for(assessment.organisation, metric, year, number, england=Decimal("62.8"))
    page = officer_client.get(record.get_absolute_url()).content.decode()
    assert metric.name in page
    assert "64.3%</strong> in 2024-25" in page
    assert "Up 3.3 points since 2023-24" in page
    assert 'class="trend-chart"' in page
    assert (
        '<desc id="trend-0-desc">2021-22: 58%; 2022-23: 60%; 2023-24: 61%; 2024-25: 64.3%' in page
    )
    assert page.count('class="comparator-marker"') == 4  # England, as squares
    assert '<td data-label="England">62.8%</td>' in page  # the numbers as a table


def test_the_metric_list_says_only_part_of_cqcs_list_is_loaded(assessment, officer_client):
    url = reverse("readiness:metric-list", args=[assessment.organisation_id])
    page = officer_client.get(url).content.decode()
    assert "Only part of CQC's list is loaded." in page
    assert "Page last updated: 8 December 2023" in page
    assert "Safeguarding" in page  # named among the statements not loaded yet
    healthier = assessment.scores.get(statement__slug="supporting-healthier-lives").statement
    filtered = officer_client.get(url, {"statement": healthier.pk})
    assert list(filtered.context["object_list"]) == list(healthier.metrics.in_order())
