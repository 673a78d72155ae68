"""The readiness pages and panels: each reads what it shows in a fixed number of queries (pinned
with 50+ rows of what it lists), escapes what people typed, and links where it says."""

import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessment.models import Membership
from readiness.models import Metric
from readiness.services.self_assessment import save_self_assessment, save_summary
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import make_member
from tests.findings.factories import EvidenceFactory
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(record, officer):
    """55 evidence items linked to every statement's self-assessment, every metric of the
    statement with 10 years of values, one metric with 55."""
    assessment = record.assessment
    evidence = EvidenceFactory.create_batch(55, assessment=assessment)
    for score_record in assessment.scores.select_related("statement"):
        tags = dict.fromkeys(range(1, len(score_record.statement.i_statements) + 1), evidence[:20])
        save_self_assessment(
            score_record=score_record, user=officer, score=3, evidence={0: evidence, **tags}
        )
    for metric in record.statement.metrics.all():
        for year in range(2015, 2025):
            value_for(assessment.organisation, metric, year, 50 + year % 7, england=Decimal(55))
    first = record.statement.metrics.in_order().first()
    for year in range(1960, 2015):
        value_for(assessment.organisation, first, year, 40)
    return record


@pytest.mark.parametrize(
    ("page", "most"),
    [
        # session and user, permissions, memberships, the unread notifications' count, the
        # page's own reads; the panels:
        # self-assessment 2, readiness 1, findings, actions, metrics 2.
        ("statement", 18),
        ("assessment", 12),
        ("self-assessment", 8),
        # the form's evidence choices, once per field (the statement and its 2 I statements)
        ("form", 14),
        ("metric detail", 12),
    ],
)
def test_pages_read_in_a_fixed_number_of_queries(
    busy, officer_client, django_assert_max_num_queries, page, most
):
    assessment, organisation = busy.assessment, busy.assessment.organisation
    first = busy.statement.metrics.in_order().first()
    urls = {
        "statement": busy.get_absolute_url(),
        "assessment": assessment.get_absolute_url(),
        "self-assessment": reverse("readiness:self-assessment", args=[assessment.pk]),
        "form": reverse(
            "readiness:statement-self-assessment", args=[assessment.pk, busy.statement.slug]
        ),
        "metric detail": reverse("readiness:metric-detail", args=[organisation.pk, first.pk]),
    }
    with django_assert_max_num_queries(most):
        response = officer_client.get(urls[page])
    assert response.status_code == HTTPStatus.OK


def test_the_metric_detail_pages_its_values_and_charts_the_latest_ten(busy, officer_client):
    organisation = busy.assessment.organisation
    first = busy.statement.metrics.in_order().first()
    response = officer_client.get(
        reverse("readiness:metric-detail", args=[organisation.pk, first.pk])
    )
    assert response.context["paginator"].count == 65
    assert len(response.context["chart"].points) == 10
    assert response.context["trend"].values[-1].period_label == "2024-25"


def test_the_metric_list_reads_in_a_fixed_number_of_queries(
    assessment, officer_client, django_assert_max_num_queries
):
    metric_list = Metric.objects.first().metric_list
    safeguarding = assessment.scores.get(statement__slug="safeguarding").statement
    for n in range(55):
        metric = Metric.objects.create(
            metric_list=metric_list,
            statement=safeguarding,
            order=100 + n,
            evidence_category="processes",
            name=f"Metric {n:02d} (test)",
            source="Test source",
            source_full="Test source",
        )
        value_for(assessment.organisation, metric, 2024, n)
    url = reverse("readiness:metric-list", args=[assessment.organisation_id])
    with django_assert_max_num_queries(12):  # with the memberships, read once per request
        response = officer_client.get(url)
    assert response.context["paginator"].count == 73
    with django_assert_max_num_queries(13):  # and the chosen statement, checked
        response = officer_client.get(url, {"statement": safeguarding.pk, "page": 2})
    rows = list(response.context["object_list"])
    assert [(m.name, m.latest_value, m.latest_period) for m in rows[:1]] == [
        ("Metric 25 (test)", Decimal("25.00"), datetime.date(2024, 4, 1))
    ]


def test_the_dashboard_shows_the_latest_assessment_of_each_organisation(
    officer, officer_client, cqc_framework, django_assert_max_num_queries
):
    for n in range(55):  # a regional lead's councils: the officer views each
        organisation = OrganisationFactory(name=f"Council {n:02d}")
        make_member(officer, organisation, Membership.Role.VIEWER)
        AssessmentFactory(organisation=organisation, title="Earlier")
        AssessmentFactory(organisation=organisation, title=f"Latest of {n:02d}")
    officer_client.get(reverse("dashboard"))
    # the learning panel's counts and the navbar's unread notifications too
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("dashboard"))
    (panel,) = response.context["panels"]
    shown = [item.assessment.title for item in panel.context["items"]]
    assert shown == [f"Latest of {n:02d}" for n in (54, 53, 52, 51, 50)]
    assert all(item.total == 108 for item in panel.context["items"])
    page = response.content.decode()
    assert "Ready for re-assessment" in page
    assert "0 of 108</strong> checks passed" not in page  # unscored: some checks pass


def test_the_assessment_page_shows_the_readiness_summary_and_the_pack(busy, officer_client):
    page = officer_client.get(busy.assessment.get_absolute_url()).content.decode()
    assert 'data-testid="assessment-readiness"' in page
    assert reverse("readiness:pack-pdf", args=[busy.assessment_id]) in page
    assert reverse("readiness:pack-xlsx", args=[busy.assessment_id]) in page
    assert "Not checked yet" not in page  # every check the issue names is counted now


HOSTILE = '<script>alert("x")</script>'


def test_what_people_typed_is_escaped(record, officer, officer_client):
    evidence = EvidenceFactory(assessment=record.assessment, title=HOSTILE)
    save_self_assessment(
        score_record=record,
        user=officer,
        score=2,
        narrative=HOSTILE,
        strengths=HOSTILE,
        areas_for_improvement=HOSTILE,
        evidence={0: [evidence], 1: [evidence]},
    )
    save_summary(assessment=record.assessment, user=officer, narrative=HOSTILE)
    metric = record.statement.metrics.in_order().first()
    value_for(record.assessment.organisation, metric, 2024, 50, source_note=HOSTILE)
    organisation = record.assessment.organisation_id
    for url in (
        record.get_absolute_url(),
        reverse("readiness:self-assessment", args=[record.assessment_id]),
        reverse(
            "readiness:statement-self-assessment",
            args=[record.assessment_id, record.statement.slug],
        ),
        reverse("readiness:metric-detail", args=[organisation, metric.pk]),
    ):
        page = officer_client.get(url).content.decode()
        assert HOSTILE not in page, url
        assert "&lt;script&gt;" in page, url


def test_a_viewer_of_the_statement_page_without_readiness_permissions_sees_no_panels(
    record, officer
):
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.factories import UserFactory

    reader = UserFactory()
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_statementscore", "view_assessment"])
    )
    client = Client()
    client.force_login(reader)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'data-testid="statement-self-assessment"' not in page
    assert 'data-testid="statement-readiness"' not in page
    assert 'data-testid="statement-metrics"' not in page
