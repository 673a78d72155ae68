"""A member of one council sees only that council's rows: in the lists, searches, exports,
reports, counts and filter choices of assessments, organisations, findings and evidence, and
in the choices of the forms that write them (organisations where their role allows it, and
their members as leads). tests/test_cross_organisation.py checks each object's pages; this
checks the pages of many."""

import io
from http import HTTPStatus

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import Assessment
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.findings.factories import FindingFactory, TopicFactory
from tests.tenancy import two_organisations

pytestmark = pytest.mark.django_db

A, B = "ASHIRE-ONLY", "BSHIRE-ONLY"


@pytest.fixture
def world(cqc_framework):
    return two_organisations()


@pytest.fixture
def b_client(client, world):
    client.force_login(world["b_users"]["officer"])
    return client


def text_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def cells_of(response) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def pages(world) -> dict[str, tuple[str, dict, str]]:
    """Pages listing many records: (URL, query, what they show of B's)."""
    b = world["b"]
    finding, evidence, assessment = f"Finding {B}", f"Evidence {B}", f"Assessment {B}"
    return {
        "assessment list": (reverse("assessment:assessment-list"), {}, assessment),
        "organisation list": (reverse("assessment:organisation-list"), {}, "Bshire"),
        "findings list": (reverse("findings:finding-list"), {}, finding),
        "findings search": (reverse("findings:finding-list"), {"q": "finding"}, finding),
        "findings CSV": (reverse("findings:finding-export"), {}, finding),
        "evidence list": (
            reverse("findings:evidence-list", args=[b["assessment"].pk]),
            {},
            evidence,
        ),
        "report": (reverse("findings:assessment-report", args=[b["assessment"].pk]), {}, finding),
        "dashboard": (reverse("dashboard"), {}, assessment),
    }


def test_each_list_search_and_export_shows_only_the_users_council(b_client, world):
    for name, (url, params, theirs) in pages(world).items():
        response = b_client.get(url, params)
        assert response.status_code == HTTPStatus.OK, name
        text = text_of(response)
        assert theirs in text, name
        assert "Ashire" not in text, name  # no row, no filter choice: not even its name
        assert A not in text, name


def test_the_findings_list_and_its_export_hold_the_councils_findings(b_client, world):
    response = b_client.get(reverse("findings:finding-list"), {"q": "finding"})
    assert [f.pk for f in response.context["object_list"]] == [world["b"]["finding"].pk]
    csv_text = text_of(b_client.get(reverse("findings:finding-export")))
    assert f"Finding {B}" in csv_text
    workbook = cells_of(b_client.get(reverse("findings:finding-export"), {"format": "xlsx"}))
    assert f"Finding {B}" in workbook
    assert "Ashire" not in workbook
    assert A not in workbook


def test_the_report_workbook_is_the_councils(b_client, world):
    url = reverse("findings:assessment-report-xlsx", args=[world["b"]["assessment"].pk])
    workbook = cells_of(b_client.get(url))
    assert f"Finding {B}" in workbook
    assert A not in workbook


def test_a_superuser_sees_every_council(client, world):
    client.force_login(UserFactory(username="root", is_superuser=True))
    text = text_of(client.get(reverse("findings:finding-export")))
    assert f"Finding {A}" in text
    assert f"Finding {B}" in text
    response = client.get(reverse("assessment:assessment-list"))
    assert response.context["paginator"].count == 2


def test_the_dashboard_counts_only_the_users_council(b_client, world):
    AssessmentFactory(organisation=world["a"]["organisation"], status=Assessment.Status.PUBLISHED)
    response = b_client.get(reverse("dashboard"))
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {"planned": 0, "in_progress": 1, "report_drafted": 0, "published": 0}
    assert list(response.context["recent_assessments"]) == [world["b"]["assessment"]]


# --- filter choices ----------------------------------------------------------------------------


def options(response, field: str) -> set[str]:
    """The labels of a filter's choices (without the empty one)."""
    return {
        label for value, label in response.context["filter"].form.fields[field].choices if value
    }


def test_filters_offer_only_the_users_organisations_and_assessments(b_client, world):
    b = world["b"]
    response = b_client.get(
        reverse("findings:finding-list"), {"organisation": b["organisation"].pk}
    )
    assert options(response, "organisation") == {"Bshire"}
    assert options(response, "assessment") == {str(b["assessment"])}
    response = b_client.get(reverse("assessment:assessment-list"))
    assert options(response, "organisation") == {"Bshire"}


@pytest.mark.parametrize("field", ["organisation", "assessment"])
def test_another_councils_id_in_a_filter_is_refused_and_shows_nothing(b_client, world, field):
    a = world["a"]
    response = b_client.get(reverse("findings:finding-list"), {field: a[field].pk})
    assert field in response.context["filter"].form.errors
    assert A not in response.content.decode()
    export = b_client.get(reverse("findings:finding-export"), {field: a[field].pk})
    assert export.status_code == HTTPStatus.FOUND  # back to the list: nothing exported


# --- forms that write ----------------------------------------------------------------------------


def test_the_assessment_form_offers_the_organisations_where_the_role_may_add(client, world):
    """An officer of B and a viewer of A may record assessments for B only; the leads offered
    are B's members."""
    officer = world["b_users"]["officer"]
    make_member(officer, world["a"]["organisation"], "viewer")
    client.force_login(officer)
    form = client.get(reverse("assessment:assessment-create")).context["form"]
    assert list(form.fields["organisation"].queryset) == [world["b"]["organisation"]]
    assert {user.username for user in form.fields["lead"].queryset} == {
        "b-officer",
        "b-manager",
    }


def test_an_assessment_for_another_organisation_or_led_by_its_member_is_refused(b_client, world):
    data = {
        "organisation": world["a"]["organisation"].pk,
        "framework": world["a"]["assessment"].framework_id,
        "title": "Smuggled",
        "status": "planned",
        "lead": "",
    }
    response = b_client.post(reverse("assessment:assessment-create"), data)
    assert "organisation" in response.context["form"].errors
    a_officer = world["a"]["membership"].user
    data |= {"organisation": world["b"]["organisation"].pk, "lead": a_officer.pk}
    response = b_client.post(reverse("assessment:assessment-create"), data)
    assert "lead" in response.context["form"].errors
    assert not Assessment.objects.filter(title="Smuggled").exists()


def test_a_lead_must_be_a_member_of_the_assessments_organisation(client, world):
    """A manager of both councils may pick either's members, but not A's to lead B's."""
    manager = world["b_users"]["manager"]
    make_member(manager, world["a"]["organisation"], "manager")
    client.force_login(manager)
    data = {
        "organisation": world["b"]["organisation"].pk,
        "framework": world["b"]["assessment"].framework_id,
        "title": "Led from elsewhere",
        "status": "planned",
        "lead": world["a"]["membership"].user.pk,
    }
    response = client.post(reverse("assessment:assessment-create"), data)
    assert response.context["form"].errors["lead"] == ["Choose a lead who is a member of Bshire."]
    data["lead"] = world["b_users"]["officer"].pk
    response = client.post(reverse("assessment:assessment-create"), data)
    assert response.status_code == HTTPStatus.FOUND
    assert Assessment.objects.get(title="Led from elsewhere").lead == world["b_users"]["officer"]


@pytest.mark.parametrize(
    ("name", "obj"),
    [
        ("assessment:assessment-update", "assessment"),
        ("findings:finding-update", "finding"),
        ("findings:finding-delete", "finding"),
        ("findings:evidence-update", "evidence"),
        ("findings:evidence-create", "assessment"),
        ("findings:report-import", "assessment"),
    ],
)
def test_a_viewer_there_may_not_open_a_form_that_writes(client, world, name, obj):
    """An officer of B who is a viewer of A: A's records are visible (not a 404) but their
    forms are refused (403), though the role grants the permission in B."""
    officer = world["b_users"]["officer"]
    make_member(officer, world["a"]["organisation"], "viewer")
    client.force_login(officer)
    assert client.get(reverse(name, args=[world["a"][obj].pk])).status_code == 403
    assert client.get(reverse(name, args=[world["b"][obj].pk])).status_code == HTTPStatus.OK


def test_a_viewer_there_gets_no_score_form(client, world):
    officer = world["b_users"]["officer"]
    make_member(officer, world["a"]["organisation"], "viewer")
    client.force_login(officer)
    for side, shown in (("a", False), ("b", True)):
        record = world[side]["score"]
        response = client.get(record.get_absolute_url())
        assert ("form" in response.context) is shown
    response = client.post(world["a"]["score"].get_absolute_url(), {"score": 4, "summary": ""})
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- query counts ---------------------------------------------------------------------------------


@pytest.fixture
def crowded(world):
    """55 assessments with a finding each in each council."""
    for side in ("a", "b"):
        for _ in range(55):
            topic = TopicFactory(
                assessment=AssessmentFactory(organisation=world[side]["organisation"])
            )
            FindingFactory(topic=topic)
    return world


@pytest.mark.parametrize(
    ("name", "queries", "rows"),
    [
        ("assessment:assessment-list", 9, 56),
        ("findings:finding-list", 12, 56),
    ],
)
def test_a_councils_lists_read_in_a_fixed_number_of_queries(
    b_client, crowded, django_assert_max_num_queries, name, queries, rows
):
    with django_assert_max_num_queries(queries):
        response = b_client.get(reverse(name))
    assert response.context["paginator"].count == rows
    assert A not in response.content.decode()


def test_the_organisation_list_of_a_member_of_many(
    client, cqc_framework, django_assert_max_num_queries
):
    viewer = UserFactory(username="regional")
    for i in range(55):
        make_member(viewer, OrganisationFactory(name=f"Member {i:02d}"), "viewer")
    for i in range(10):
        OrganisationFactory(name=f"Outsider {i:02d}")
    client.force_login(viewer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("assessment:organisation-list"), {"page": 3})
    assert response.context["paginator"].count == 55
    assert "Outsider" not in response.content.decode()


def test_a_lead_who_left_the_organisation_is_kept_when_the_assessment_is_edited(client, world):
    assessment = world["b"]["assessment"]
    former = UserFactory(username="former-lead")
    assessment.lead = former
    assessment.save()
    client.force_login(world["b_users"]["officer"])
    url = reverse("assessment:assessment-update", args=[assessment.pk])
    form = client.get(url).context["form"]
    assert former in form.fields["lead"].queryset
    data = {
        "organisation": assessment.organisation_id,
        "framework": assessment.framework_id,
        "title": "Renamed",
        "status": assessment.status,
        "lead": former.pk,
        "version": assessment.version,
    }
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    assessment.refresh_from_db()
    assert (assessment.title, assessment.lead) == ("Renamed", former)
