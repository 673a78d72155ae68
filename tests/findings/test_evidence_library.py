"""The evidence library: an organisation's evidence with owners, review dates and versions,
supporting findings of any of its assessments and never another organisation's."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessment.models import Membership
from findings.models import Evidence, EvidenceVersion
from findings.reminders import evidence_due_for_review
from findings.services.evidence import save_evidence
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.findings.factories import EvidenceFactory, FindingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def assessment(cqc_framework, organisation):
    return AssessmentFactory(organisation=organisation)


def post_new(client, organisation, **data):
    fields = {"title": "Carers' survey 2025", "kind": "note", "description": "", **data}
    return client.post(reverse("findings:library-evidence-create", args=[organisation.pk]), fields)


def test_evidence_supports_findings_of_several_assessments(officer_client, organisation):
    first, second = AssessmentFactory.create_batch(2, organisation=organisation)
    findings = [FindingFactory(topic__assessment=first), FindingFactory(topic__assessment=second)]
    response = post_new(officer_client, organisation, findings=[f.pk for f in findings])
    evidence = Evidence.objects.get()
    assert response.url == evidence.get_absolute_url()
    assert evidence.organisation == organisation
    for assessment in (first, second):
        page = officer_client.get(reverse("findings:evidence-list", args=[assessment.pk]))
        assert list(page.context["object_list"]) == [evidence]
    detail = officer_client.get(evidence.get_absolute_url()).content.decode()
    assert f"{first.title} · " in detail
    assert f"{second.title} · " in detail


def test_a_finding_of_another_organisation_is_refused_on_its_field(officer_client, organisation):
    elsewhere = FindingFactory(
        topic__assessment=AssessmentFactory(organisation=OrganisationFactory(name="Elsewhere"))
    )
    response = post_new(officer_client, organisation, findings=[elsewhere.pk])
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["findings"] == [
        f"Finding {elsewhere.pk} is not a finding of {organisation}: evidence can support only "
        "its own organisation's findings."
    ]
    assert not Evidence.objects.exists()


def test_the_service_refuses_another_organisations_finding_too(officer, organisation):
    elsewhere = FindingFactory(
        topic__assessment=AssessmentFactory(organisation=OrganisationFactory(name="Elsewhere"))
    )
    evidence = Evidence(organisation=organisation, title="Minutes", kind="note")
    with pytest.raises(ValidationError) as refused:
        save_evidence(evidence=evidence, user=officer, findings=[elsewhere])
    assert "is not a finding of" in refused.value.message_dict["findings"][0]
    assert not Evidence.objects.exists()


def test_the_owner_must_be_a_member(officer_client, officer, organisation):
    stranger = UserFactory(username="stranger")
    make_member(stranger, OrganisationFactory(name="Elsewhere"), Membership.Role.OFFICER)
    refused = post_new(officer_client, organisation, owner=stranger.pk)
    assert "Choose a member of the organisation as the owner." in str(
        refused.context["form"].errors["owner"]
    )
    assert not Evidence.objects.exists()
    post_new(officer_client, organisation, owner=officer.pk, review_date="2027-03-31")
    evidence = Evidence.objects.get()
    assert (evidence.owner, evidence.review_date) == (officer, datetime.date(2027, 3, 31))


def test_a_new_version_keeps_the_old_one(officer_client, officer, organisation):
    post_new(
        officer_client,
        organisation,
        kind="document",
        file=SimpleUploadedFile("minutes.txt", b"First minutes."),
    )
    evidence = Evidence.objects.get()
    url = reverse("findings:evidence-version-create", args=[evidence.pk])
    response = officer_client.post(url, {"file": SimpleUploadedFile("v2.txt", b"Second.")})
    assert response.url == evidence.get_absolute_url()
    evidence.refresh_from_db()
    assert evidence.original_filename == "v2.txt"
    versions = list(evidence.versions.order_by("number"))
    assert [(v.number, v.original_filename, v.uploaded_by) for v in versions] == [
        (1, "minutes.txt", officer),
        (2, "v2.txt", officer),
    ]
    for version, content in zip(versions, (b"First minutes.", b"Second."), strict=True):
        served = officer_client.get(version.get_absolute_url())
        assert b"".join(served.streaming_content) == content
    page = officer_client.get(evidence.get_absolute_url()).content.decode()
    assert "minutes.txt" in page
    assert "v2.txt" in page
    assert "current" in page


def test_a_new_version_is_checked_by_content(officer_client, organisation):
    evidence = EvidenceFactory(organisation=organisation)
    url = reverse("findings:evidence-version-create", args=[evidence.pk])
    response = officer_client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")})
    assert response.status_code == HTTPStatus.OK
    assert "does not contain what its name says" in str(response.context["form"].errors["file"])
    assert not EvidenceVersion.objects.exists()


def test_a_viewer_may_not_upload_a_version(client, viewer, organisation):
    evidence = EvidenceFactory(organisation=organisation)
    client.force_login(viewer)
    url = reverse("findings:evidence-version-create", args=[evidence.pk])
    response = client.post(url, {"file": SimpleUploadedFile("v2.txt", b"Second.")})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not EvidenceVersion.objects.exists()


def _library(officer, organisation, assessment):
    """55 items: every fifth overdue, owned by the officer, supporting a finding."""
    today = timezone.localdate()
    findings = FindingFactory.create_batch(5, topic__assessment=assessment)
    items = []
    for n in range(55):
        item = EvidenceFactory(
            organisation=organisation,
            owner=officer if n % 5 == 0 else None,
            review_date=today - datetime.timedelta(days=1) if n % 5 == 0 else None,
            title=f"Policy {n}",
        )
        item.findings.add(findings[n % 5])
        items.append(item)
    return items


def test_library_filters_and_query_count(
    officer_client, officer, organisation, assessment, django_assert_max_num_queries
):
    _library(officer, organisation, assessment)
    EvidenceFactory(organisation=OrganisationFactory(name="Elsewhere"), title="Policy 99")
    url = reverse("findings:evidence-library", args=[organisation.pk])
    with django_assert_max_num_queries(11):
        response = officer_client.get(url)
    assert response.context["paginator"].count == 55
    assert "Review overdue" in response.content.decode()
    overdue = officer_client.get(url, {"review": "overdue", "owner": officer.pk})
    assert overdue.context["paginator"].count == 11
    assert officer_client.get(url, {"q": "policy 42"}).context["paginator"].count == 1
    statement = assessment.topics.first().statement
    assert officer_client.get(url, {"statement": statement.pk}).context["paginator"].count == 55
    other = assessment.scores.exclude(statement=statement).first().statement
    assert officer_client.get(url, {"statement": other.pk}).context["paginator"].count == 0


def test_review_reminders_go_to_owners_who_are_still_members(officer, organisation):
    leaver = make_member(UserFactory(username="leaver"), organisation, "officer", is_active=False)
    lapsed = EvidenceFactory(
        organisation=organisation, owner=officer, review_date=TODAY - datetime.timedelta(days=3)
    )
    soon = EvidenceFactory(
        organisation=organisation, owner=officer, review_date=TODAY + datetime.timedelta(days=14)
    )
    EvidenceFactory(
        organisation=organisation, owner=officer, review_date=TODAY + datetime.timedelta(days=15)
    )
    EvidenceFactory(organisation=organisation, owner=leaver.user, review_date=TODAY)
    EvidenceFactory(organisation=organisation, owner=None, review_date=TODAY)

    lines = evidence_due_for_review(TODAY)

    assert list(lines) == [officer.pk]
    assert [(line.url, line.due) for line in lines[officer.pk]] == [
        (lapsed.get_absolute_url(), lapsed.review_date),
        (soon.get_absolute_url(), soon.review_date),
    ]
    assert lines[officer.pk][0].text == (
        f"{lapsed.title} ({organisation.name}) was due for review on 29 May 2026"
    )
    assert "is due for review on 15 June 2026" in lines[officer.pk][1].text


def test_the_library_downloads_its_filtered_rows(officer_client, officer, organisation):
    EvidenceFactory(organisation=organisation, title="Kept", owner=officer)
    EvidenceFactory(organisation=organisation, title="Filtered out")
    EvidenceFactory(organisation=OrganisationFactory(name="Elsewhere"), title="Theirs")
    url = reverse("findings:evidence-library", args=[organisation.pk])
    response = officer_client.get(url, {"owner": officer.pk, "format": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ID,Title,Kind,Date,Owner,Review by")
    assert len(lines) == 2
    assert ",Kept,Note," in lines[1]


def test_item_page_query_count_with_55_versions_and_findings(
    officer_client, officer, organisation, django_assert_max_num_queries
):
    first, second = AssessmentFactory.create_batch(2, organisation=organisation)
    evidence = EvidenceFactory(organisation=organisation, owner=officer)
    evidence.findings.set(
        FindingFactory.create_batch(30, topic__assessment=first)
        + FindingFactory.create_batch(25, topic__assessment=second)
    )
    EvidenceVersion.objects.bulk_create(
        EvidenceVersion(
            evidence=evidence,
            number=n,
            file=f"evidence/v{n}.txt",
            original_filename=f"v{n}.txt",
            content_type="text/plain",
            size=n,
            uploaded_by=officer,
        )
        for n in range(1, 56)
    )
    # session, user, permissions (2), memberships, the item, its findings, its versions, its
    # history, the self-assessments relying on it, the navigation bar's unread count
    with django_assert_max_num_queries(11):
        page = officer_client.get(evidence.get_absolute_url()).content.decode()
    assert page.count('/file/">v') == 55  # each version's download
    assert page.count("/findings/") >= 55


def test_owner_and_review_date_edits_are_in_the_items_history(
    officer_client, officer, manager, organisation
):
    post_new(officer_client, organisation, owner=officer.pk)
    evidence = Evidence.objects.get()
    response = officer_client.post(
        reverse("findings:evidence-update", args=[evidence.pk]),
        {
            "title": evidence.title,
            "kind": "note",
            "owner": manager.pk,
            "review_date": "2027-03-31",
            "version": 1,
        },
    )
    assert response.url == evidence.get_absolute_url()
    evidence.refresh_from_db()
    assert (evidence.owner, evidence.review_date) == (manager, datetime.date(2027, 3, 31))
    page = officer_client.get(evidence.get_absolute_url()).content.decode()
    history = page[page.index('id="changes-heading"') :]
    assert "Owner:" in history
    assert "Review by:" in history
    assert "2027" in history


def test_the_organisation_page_counts_the_library_and_its_reviews(officer_client, organisation):
    today = timezone.localdate()
    EvidenceFactory(organisation=organisation, review_date=today - datetime.timedelta(days=1))
    EvidenceFactory(organisation=organisation, review_date=today + datetime.timedelta(days=3))
    EvidenceFactory(organisation=organisation)
    page = officer_client.get(organisation.get_absolute_url()).content.decode()
    assert "3 items." in page
    assert "1 past its review date" in page
    assert "2 due for review" in page


def test_an_edit_form_opened_before_a_new_version_is_refused(officer_client, officer, organisation):
    post_new(
        officer_client,
        organisation,
        kind="document",
        file=SimpleUploadedFile("minutes.txt", b"First minutes."),
    )
    evidence = Evidence.objects.get()
    edit = reverse("findings:evidence-update", args=[evidence.pk])
    opened = officer_client.get(edit).context["form"]["version"].value()
    officer_client.post(
        reverse("findings:evidence-version-create", args=[evidence.pk]),
        {"file": SimpleUploadedFile("v2.txt", b"Second.")},
    )
    response = officer_client.post(
        edit, {"title": "Renamed", "kind": "document", "version": opened}
    )
    assert "changed this evidence after you opened it" in response.content.decode()
    assert Evidence.objects.get().title == evidence.title


def test_the_daily_digest_reminds_the_owner(
    officer, organisation, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.management import call_command

    from tests.jobs.helpers import run_worker

    EvidenceFactory(
        organisation=organisation,
        owner=officer,
        title="Safeguarding audit",
        review_date=TODAY - datetime.timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_daily_digest", "--date", TODAY.isoformat())
    run_worker()
    [email] = mail.outbox
    assert email.to == [officer.email]
    assert "EVIDENCE DUE FOR REVIEW (WITHIN 14 DAYS OR PAST) (1)" in email.body
    assert f"- Safeguarding audit ({organisation.name}) was due for review on 30 May 2026" in (
        email.body
    )


def test_the_form_finds_findings_by_search_not_by_scrolling(officer_client, organisation):
    """Every finding of the organisation is a checkbox (1,350 at national scale): the form has
    the finding picker's search box, and each checkbox carries its finding's whole text."""
    finding = FindingFactory(
        topic__assessment=AssessmentFactory(organisation=organisation),
        text="Carers were not told about outcomes of their complaints.",
    )
    url = reverse("findings:library-evidence-create", args=[organisation.pk])
    page = officer_client.get(url).content.decode()
    assert 'id="finding-search"' in page
    assert 'data-picker="finding-search"' in page
    assert f'data-search="{finding.topic.statement.title} {finding.text}"' in page
    assert "/static/js/picker.js" in page
