"""Complaint pages: permissions (403 and nothing changed), validation, query counts, export."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.demo import DEMO_ORGANISATION
from assessment.roles import OFFICER
from complaints.demo import load_demo_complaints
from complaints.models import Complaint
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory, load_bank_holidays
from tests.factories import make_member
from tests.jobs.helpers import run_started_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


D = datetime.date


@pytest.fixture
def complaints(officer, manager):
    org = OrganisationFactory(name="Listshire")
    make_member(officer, org, "officer")
    make_member(manager, org, "manager")
    return [
        ComplaintFactory(
            organisation=org,
            date_received=D(2023, 4, 3) + datetime.timedelta(days=i * 3),
            date_acknowledged=D(2023, 4, 3) + datetime.timedelta(days=i * 3 + i % 6),
            response_due=D(2023, 5, 1) + datetime.timedelta(days=i * 3),
        )
        for i in range(60)
    ]


def post_data(org, **overrides):
    data = {
        "organisation": org.pk,
        "reference": "NEW-1",
        "date_received": "05/06/2023",
        "relationship": "family",
        "procedure": "statutory",
        "status": "open",
        "lgsco_status": "none",
    }
    data.update(overrides)
    return data


def test_nobody_gets_403_everywhere(client, nobody, complaints):
    client.force_login(nobody)
    for name, args in [
        ("complaints:complaint-list", []),
        ("complaints:complaint-detail", [complaints[0].pk]),
        ("complaints:complaints-report", []),
        ("complaints:complaint-export", []),
        ("complaints:complaint-import", []),
        ("complaints:complaint-create", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == HTTPStatus.FORBIDDEN


def test_unauthorised_post_changes_nothing(client, nobody, complaints):
    client.force_login(nobody)
    complaint = complaints[0]
    org = complaint.organisation
    response = client.post(reverse("complaints:complaint-create"), post_data(org))
    assert response.status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        reverse("complaints:complaint-update", args=[complaint.pk]),
        post_data(org, reference=complaint.reference, summary="Hacked"),
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    upload = SimpleUploadedFile("c.csv", b"reference,date_received\nZ,2023-06-01\n")
    response = client.post(
        reverse("complaints:complaint-import"), {"organisation": org.pk, "file": upload}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Complaint.objects.count() == 60
    complaint.refresh_from_db()
    assert complaint.summary != "Hacked"


def test_officer_records_a_complaint_and_the_clock_shows(officer_client):
    org = OrganisationFactory()
    response = officer_client.post(
        reverse("complaints:complaint-create"),
        post_data(org, date_acknowledged="2023-06-09"),  # Monday -> Friday: 4 working days
    )
    complaint = Complaint.objects.get(reference="NEW-1")
    assert response.url == complaint.get_absolute_url()
    page = officer_client.get(complaint.get_absolute_url())
    assert "4 working days after receipt" in page.content.decode()
    assert "<strong>not within</strong> the 3 working days" in page.content.decode()


def test_form_reports_bad_dates_and_missing_outcome(officer_client):
    org = OrganisationFactory()
    response = officer_client.post(
        reverse("complaints:complaint-create"),
        post_data(org, date_responded="2023-06-01", status="responded"),
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert errors["date_responded"] == [
        "A complaint cannot be responded to before it was received (5 Jun 2023)."
    ]
    assert errors["outcome"] == [
        "Give the outcome of a complaint that is responded to (or close it without a decision "
        "if it was not investigated)."
    ]
    assert not Complaint.objects.exists()


def test_edit_keeps_history_shown_on_the_page(officer_client, complaints):
    complaint = complaints[0]
    officer_client.post(
        reverse("complaints:complaint-update", args=[complaint.pk]),
        post_data(
            complaint.organisation,
            reference=complaint.reference,
            date_received="2023-04-03",
            status="closed",
            outcome="upheld",
        )
        | {"version": complaint.version},
    )
    complaint.refresh_from_db()
    assert complaint.outcome == "upheld"
    page = officer_client.get(complaint.get_absolute_url()).content.decode()
    assert "Outcome: — → Upheld" in page


def test_list_query_count_and_filters(officer_client, complaints, django_assert_max_num_queries):
    url = reverse("complaints:complaint-list")
    with django_assert_max_num_queries(9):
        response = officer_client.get(url, {"status": "open", "q": "C-"})
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["object_list"]) == 25
    late = officer_client.get(url, {"acknowledgement": "late"}).context["paginator"].count
    # i % 6 working-day-ish offsets: count by the same rule the list shows, row by row.
    expected = sum(1 for c in Complaint.objects.with_clock() if c.ack_working_days > 3)
    assert late == expected > 0
    on_time = officer_client.get(url, {"acknowledgement": "on_time"}).context["paginator"].count
    assert on_time == 60 - late
    found = officer_client.get(url, {"q": complaints[5].reference})
    assert list(found.context["object_list"]) == [complaints[5]]
    assert officer_client.get(url, {"year": "2022"}).context["paginator"].count == 0


def test_detail_query_count_with_long_history(
    officer_client, complaints, django_assert_max_num_queries
):
    complaint = complaints[0]
    for n in range(55):
        complaint.summary = f"Edit {n}"
        complaint.save()
    # +1 since memberships: the user's, read once per request.
    with django_assert_max_num_queries(8):
        response = officer_client.get(complaint.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["changes"]) == 50


def test_report_page_query_count_is_fixed(officer_client, officer, django_assert_max_num_queries):
    load_demo_complaints()
    demo = Complaint.objects.first().organisation
    make_member(officer, demo, OFFICER)
    org_pk = demo.pk
    url = reverse("complaints:complaints-report")
    # +1 since memberships: the user's, read once per request.
    with django_assert_max_num_queries(17):
        response = officer_client.get(url, {"organisation": org_pk, "year": 2023})
    page = response.content.decode()
    assert "Upheld or partly upheld: <strong>39 of 87 decided (45%)</strong>" in page
    assert 'role="img"' in page
    assert '<title id="chart-categories-title">' in page
    # Each ranked category links to its complaints in the list, which agrees with the count.
    top = response.context["report"].categories[0]
    assert f"category={top.key}" in page
    listed = officer_client.get(
        reverse("complaints:complaint-list"),
        {"organisation": org_pk, "year": 2023, "category": top.key},
    )
    assert listed.context["paginator"].count == top.current == 32
    # Twice the complaints (another council, another year) must not cost more queries.
    ComplaintFactory.create_batch(60, date_received=D(2023, 7, 1))
    with django_assert_max_num_queries(17):
        officer_client.get(url, {"organisation": org_pk, "year": 2023})


def test_report_defaults_to_an_organisation_with_complaints(officer_client, officer):
    aardvark = OrganisationFactory(name="Aardvark Council")  # no complaints, first by name
    load_demo_complaints(today=D(2024, 1, 10))  # no recent complaints: 2023/24 is the latest
    for name in (aardvark.name, DEMO_ORGANISATION):
        make_member(officer, OrganisationFactory(name=name), OFFICER)
    response = officer_client.get(reverse("complaints:complaints-report"))
    assert response.context["report"].organisation.name == DEMO_ORGANISATION
    assert response.context["report"].year == 2023


def test_export_streams_the_filtered_rows(officer_client, complaints):
    response = officer_client.get(
        reverse("complaints:complaint-export"), {"q": complaints[3].reference}
    )
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["reference"] for r in rows] == [complaints[3].reference]
    assert rows[0]["financial_year"] == "2023/24"  # as people read it (it was "2023")


def test_export_writes_labels_and_the_import_takes_them(officer_client, complaints):
    """The export wrote internal codes (partly_upheld, not_referred); now the labels people
    read, and the import accepts the labels as well as the codes."""
    complaint = complaints[0]
    Complaint.objects.filter(pk=complaint.pk).update(
        relationship="family",
        status="closed",
        outcome="partly_upheld",
        lgsco_status="decided",
        lgsco_decision="upheld_no_injustice",
    )
    response = officer_client.get(
        reverse("complaints:complaint-export"), {"q": complaint.reference}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = rows[0]
    assert [row[c] for c in ("relationship", "procedure", "status", "outcome")] == [
        "Family member",
        "Statutory",
        "Closed",
        "Partly upheld",
    ]
    assert (row["lgsco_status"], row["lgsco_decision"]) == (
        "Decided",
        "Upheld: fault, no injustice",
    )
    # Imported back (as a new complaint elsewhere), labels and codes alike.
    other = OrganisationFactory()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row | {"reference": "BY-LABEL", "service_area": "", "category": ""})
    writer.writerow(
        row | {"reference": "BY-CODE", "service_area": "", "category": "", "outcome": "not_upheld"}
    )
    upload = SimpleUploadedFile("export.csv", out.getvalue().encode())
    response = officer_client.post(
        reverse("complaints:complaint-import"), {"organisation": other.pk, "file": upload}
    )
    assert run_started_job(response).status == "done"
    imported = Complaint.objects.get(organisation=other, reference="BY-LABEL")
    assert (imported.relationship, imported.outcome, imported.lgsco_decision) == (
        "family",
        "partly_upheld",
        "upheld_no_injustice",
    )
    assert Complaint.objects.get(organisation=other, reference="BY-CODE").outcome == "not_upheld"


def test_import_job_page_shows_every_problem(officer_client):
    org = OrganisationFactory()
    upload = SimpleUploadedFile("c.csv", b"reference,date_received\nA,2023-06-01\nB,32/01/2023\n")
    response = officer_client.post(
        reverse("complaints:complaint-import"), {"organisation": org.pk, "file": upload}
    )
    job = run_started_job(response)
    assert [(p["row"], p["column"]) for p in job.error_rows] == [(3, "date_received")]
    page = officer_client.get(job.get_absolute_url()).content.decode()
    assert "Nothing was imported: 1 problem in c.csv." in page
    assert "<td>3</td><td>date_received</td><td>“32/01/2023” is not a date" in page
    assert not Complaint.objects.exists()


def test_only_managers_delete(client, officer, manager, complaints):
    complaint = complaints[0]
    url = reverse("complaints:complaint-delete", args=[complaint.pk])
    client.force_login(officer)
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    client.force_login(manager)
    response = client.post(url)
    assert response.url == reverse("complaints:complaint-list")
    assert not Complaint.objects.filter(pk=complaint.pk).exists()
    assert complaint.history.filter(history_type="-").exists()


def test_load_demo_adds_the_complaints_once(cqc_framework):
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")
    # 2023/24 and 2022/23 (106 + 94), and 15 recent ones dated back from today; the second
    # council has its own 15 recent ones.
    assert Complaint.objects.count() == 230
    assert Complaint.objects.filter(organisation__name=DEMO_ORGANISATION).count() == 215


def test_exported_file_imports_back_with_update(officer_client, complaints):
    """Export, change a value, import with "update existing": the change lands, nothing else."""
    response = officer_client.get(reverse("complaints:complaint-export"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 60
    rows[0]["summary"] = "Edited in the spreadsheet"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("export.csv", out.getvalue().encode())
    org = complaints[0].organisation
    response = officer_client.post(
        reverse("complaints:complaint-import"),
        {"organisation": org.pk, "file": upload, "update_existing": "on"},
    )
    assert run_started_job(response).status == "done"
    assert Complaint.objects.count() == 60
    assert Complaint.objects.get(reference=rows[0]["reference"]).summary == (
        "Edited in the spreadsheet"
    )


def test_category_choices_wait_for_an_organisation(officer_client, officer):
    first = ComplaintFactory(organisation=OrganisationFactory(name="Ashire"))
    second = ComplaintFactory(organisation=OrganisationFactory(name="Bshire"))
    for complaint in (first, second):
        make_member(officer, complaint.organisation, OFFICER)
    url = reverse("complaints:complaint-list")
    # No organisation: every council's categories would be thousands of options; none offered.
    response = officer_client.get(url)
    field = response.context["filter"].form.fields["category"]
    assert [label for _, label in field.choices] == ["Any category"]
    assert field.disabled
    page = response.content.decode()
    assert "Choose an organisation, then Apply." in page
    assert f">{first.category.name} (Ashire)</option>" not in page
    # One organisation: its own names, as they are.
    one = officer_client.get(url, {"organisation": first.organisation_id})
    labels = [label for _, label in one.context["filter"].form.fields["category"].choices]
    assert labels == ["Any category", first.category.name]
    # A category chosen by a link without an organisation still filters and says whose it is.
    linked = officer_client.get(url, {"category": second.category_id})
    assert list(linked.context["object_list"]) == [second]
    assert f"{second.category.name} (Bshire)" in linked.content.decode()


def test_complaint_export_as_excel_has_real_dates(officer_client, officer, cqc_framework):
    import datetime
    import io

    import openpyxl
    from django.urls import reverse

    from complaints.demo import load_demo_complaints

    load_demo_complaints("Demo Borough Council")
    make_member(officer, OrganisationFactory(name="Demo Borough Council"), OFFICER)
    response = officer_client.get(reverse("complaints:complaint-export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("organisation", "reference", "date_received")
    assert len(rows) > 200
    assert isinstance(rows[1][2], datetime.datetime)
