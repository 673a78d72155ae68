"""Triage in place: a finding's judgement, source and category set on the statement page (saved
as made, against the version the page showed; without script the page's form posts them), and
set for many findings at once on the findings list. Every change keeps its history."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from findings.models import Finding
from findings.services import findings as services
from tests.assessment.factories import AssessmentFactory
from tests.findings.factories import FindingFactory, TopicFactory

pytestmark = pytest.mark.django_db
SLUG = "learning-improvement-innovation"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()  # of the organisation the officer and manager fixtures are in


def add(assessment, topic, text, **kwargs):
    statement = assessment.framework.statements.get(slug=SLUG)
    kwargs.setdefault("recorded_by", None)  # set-up, not a user's edit
    return services.create_finding(
        assessment=assessment, statement=statement, topic_title=topic, text=text, **kwargs
    )


def statement_url(assessment):
    return reverse("assessment:statement-detail", args=[assessment.pk, SLUG])


def triage(client, finding, version=None, json=True, **values):
    data = {
        "judgement": finding.judgement,
        "source": finding.source,
        "evidence_category": finding.evidence_category,
        "version": finding.version if version is None else version,
    } | values
    prefixed = {f"f{finding.pk}-{name}": value for name, value in data.items()}
    url = reverse("findings:finding-triage", args=[finding.pk])
    return client.post(url, prefixed, **(JSON if json else {}))


def test_a_change_is_saved_with_its_history_and_answers_the_new_version(
    officer_client, officer, assessment
):
    finding = add(assessment, "Learning from feedback", "Carers were never told outcomes.")
    response = triage(
        officer_client, finding, judgement="shortfall", evidence_category="people_experience"
    )
    assert response.status_code == HTTPStatus.OK
    answer = response.json()
    assert answer["version"] == 2
    assert answer["values"] == {
        "judgement": "shortfall",
        "source": "other",
        "evidence_category": "people_experience",
    }
    assert answer["message"] == "Saved: Shortfall, Other, People's experience."
    finding.refresh_from_db()
    assert (finding.judgement, finding.version) == ("shortfall", 2)
    latest = finding.history.order_by("-history_id").first()
    assert (latest.judgement, latest.history_user) == ("shortfall", officer)


def test_the_same_values_again_record_nothing(officer_client, assessment):
    finding = add(assessment, "Topic", "Unchanged finding.")
    response = triage(officer_client, finding)
    assert response.json()["message"] == "No change: it already said this."
    assert finding.history.count() == 1
    finding.refresh_from_db()
    assert finding.version == 1


def test_a_stale_version_is_refused_with_what_changed(officer_client, manager, assessment):
    finding = add(assessment, "Topic", "Two people judge this.")
    # Someone else sets it first (the page still shows version 1).
    services.update_finding(
        finding=finding, user=None, expected_version=1, topic_title="Topic", judgement="strength"
    )
    Finding.history.filter(version=2).update(history_user=manager)
    response = triage(officer_client, finding, version=1, judgement="shortfall")
    assert response.status_code == HTTPStatus.CONFLICT
    answer = response.json()
    assert answer["version"] == 2
    assert answer["values"]["judgement"] == "strength"
    assert answer["message"].startswith(f"Not saved: {manager.get_full_name()} changed this")
    assert "Judgement: Not yet reviewed → Strength" in answer["message"]
    finding.refresh_from_db()
    assert finding.judgement == "strength"


def test_an_invalid_value_is_refused_in_words(officer_client, assessment):
    finding = add(assessment, "Topic", "A finding.")
    response = triage(officer_client, finding, judgement="brilliant")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["message"].startswith("Not saved: Judgement: Select a valid choice.")
    finding.refresh_from_db()
    assert finding.judgement == "not_reviewed"


def test_without_script_the_finding_form_comes_back_to_the_finding(officer_client, assessment):
    finding = add(assessment, "Topic", "A finding.")
    response = triage(officer_client, finding, json=False, judgement="mixed")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{statement_url(assessment)}#finding-{finding.pk}"
    finding.refresh_from_db()
    assert finding.judgement == "mixed"


def test_save_all_saves_the_changed_findings_only(officer_client, assessment):
    first = add(assessment, "Topic", "First finding.")
    second = add(assessment, "Topic", "Second finding.")
    third = add(assessment, "Topic", "Third finding.")
    # Someone edits the third meanwhile; this page changes it too, from version 1.
    services.update_finding(
        finding=third, user=None, expected_version=1, topic_title="Topic", judgement="strength"
    )
    data = {}
    for finding, judgement in ((first, "shortfall"), (second, "not_reviewed"), (third, "mixed")):
        data |= {
            f"f{finding.pk}-judgement": judgement,
            f"f{finding.pk}-source": "other",
            f"f{finding.pk}-evidence_category": "",
            f"f{finding.pk}-version": 1,
        }
    url = reverse("findings:statement-triage", args=[assessment.pk, SLUG])
    response = officer_client.post(url, data, follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.judgement, first.version) == ("shortfall", 2)
    assert second.version == 1  # unchanged: not saved, no history
    assert third.judgement == "strength"  # refused: someone else changed it
    messages = [str(m) for m in response.context["messages"]]
    assert "Saved 1 finding." in messages
    assert any(m.startswith("“Third finding.”: Not saved:") for m in messages)
    assert response.redirect_chain[0][0] == f"{statement_url(assessment)}#finding-{third.pk}"


def test_no_role_may_not_triage(client, nobody, assessment):
    client.force_login(nobody)
    finding = add(assessment, "Topic", "A finding.")
    assert triage(client, finding, judgement="strength").status_code == HTTPStatus.FORBIDDEN
    finding.refresh_from_db()
    assert finding.judgement == "not_reviewed"


def test_the_statement_page_offers_triage_in_one_form(
    officer_client, assessment, django_assert_max_num_queries
):
    statement = assessment.framework.statements.get(slug=SLUG)
    for t in range(5):
        topic = TopicFactory(assessment=assessment, statement=statement, order=t)
        FindingFactory.create_batch(12, topic=topic)
    judged = Finding.objects.order_by("topic__order", "order").first()
    Finding.objects.filter(pk=judged.pk).update(judgement="strength")
    with django_assert_max_num_queries(16):  # with the memberships, read once per request
        response = officer_client.get(statement_url(assessment))
    page = response.content.decode()
    assert page.count('data-testid="finding"') == 60
    # No form and no CSRF token per finding (there were two of each): one form holds every
    # finding's fields. The others: log out, the score and the add-a-finding forms.
    assert page.count("<form") == 4
    assert page.count("csrfmiddlewaretoken") == 5  # the add form has two (crispy adds one)
    assert page.count('data-field="judgement"') == 60
    assert "<strong>59</strong> not yet reviewed" in page
    findings = list(Finding.objects.order_by("topic__order", "order"))
    # "Next not yet reviewed" links to the next finding with no judgement yet.
    assert f'href="#finding-{findings[1].pk}" data-next-unreviewed' in page


def test_next_not_yet_reviewed_goes_round_to_the_top(officer_client, assessment):
    first = add(assessment, "Topic", "First, not reviewed.")
    add(assessment, "Topic", "Second, judged.", judgement="strength")
    last = add(assessment, "Topic", "Last, not reviewed.")
    panels = officer_client.get(statement_url(assessment)).context["panels"]
    (panel,) = [p.context for p in panels if p.template_name == "findings/_statement_findings.html"]
    findings = [f for group in panel["topics"] for f in group.findings]
    assert [f.next_unreviewed for f in findings] == [last, last, first]
    assert panel["first_unreviewed"] == first


# --- the findings list: many at once ---------------------------------------------------------


def bulk(client, findings, next_url="", **values):
    data = {"findings": [f.pk for f in findings], "next": next_url} | values
    return client.post(reverse("findings:finding-bulk-triage"), data, follow=True)


def test_set_the_judgement_of_the_ticked_findings(officer_client, officer, assessment):
    chosen = [add(assessment, "Topic", f"Finding {i}.") for i in range(12)]
    other = add(assessment, "Topic", "Not ticked.")
    back = reverse("findings:finding-list") + "?judgement=not_reviewed&page=1"
    response = bulk(officer_client, chosen, next_url=back, judgement="shortfall")
    assert response.redirect_chain[-1][0] == back
    assert "12 findings set to Shortfall." in [str(m) for m in response.context["messages"]]
    assert Finding.objects.filter(judgement="shortfall").count() == 12
    other.refresh_from_db()
    assert other.judgement == "not_reviewed"
    for finding in chosen:
        latest = finding.history.order_by("-history_id").first()
        assert (latest.judgement, latest.history_user, latest.version) == ("shortfall", officer, 2)


def test_set_several_fields_and_clear_the_category(officer_client, assessment):
    finding = add(assessment, "Topic", "A finding.", evidence_category="processes")
    response = bulk(officer_client, [finding], source="staff", evidence_category="-")
    messages = [str(m) for m in response.context["messages"]]
    assert "1 finding set to source Staff, category None." in messages
    finding.refresh_from_db()
    assert (finding.source, finding.evidence_category) == ("staff", "")


def test_bulk_is_all_or_nothing(officer_client, assessment):
    kept = add(assessment, "Topic", "Still here.")
    gone = add(assessment, "Topic", "Deleted meanwhile.")
    gone_pk = gone.pk
    services.delete_finding(finding=gone, user=None)
    gone.pk = gone_pk
    response = bulk(officer_client, [kept, gone], judgement="strength")
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].startswith("Nothing was changed: 1 of the chosen findings no longer exists")
    kept.refresh_from_db()
    assert (kept.judgement, kept.version) == ("not_reviewed", 1)


def test_bulk_needs_findings_and_something_to_set(officer_client, assessment):
    finding = add(assessment, "Topic", "A finding.")
    response = bulk(officer_client, [], judgement="strength")
    assert "Nothing was changed: Tick the findings to change first." in [
        str(m) for m in response.context["messages"]
    ]
    response = bulk(officer_client, [finding])
    assert "Nothing was changed: Choose a judgement, source or category to set." in [
        str(m) for m in response.context["messages"]
    ]


def test_bulk_goes_back_only_to_the_list(officer_client, assessment):
    finding = add(assessment, "Topic", "A finding.")
    response = bulk(officer_client, [finding], next_url="https://evil.example/", judgement="mixed")
    assert response.redirect_chain[-1][0] == reverse("findings:finding-list")


def test_no_role_may_not_set_findings_in_bulk(client, nobody, assessment):
    client.force_login(nobody)
    finding = add(assessment, "Topic", "A finding.")
    response = client.post(
        reverse("findings:finding-bulk-triage"), {"findings": [finding.pk], "judgement": "mixed"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    finding.refresh_from_db()
    assert finding.judgement == "not_reviewed"


def test_the_list_offers_ticks_and_keeps_its_query_count(
    officer_client, cqc_framework, django_assert_max_num_queries
):
    for _ in range(3):
        FindingFactory.create_batch(20, topic=TopicFactory())
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("findings:finding-list"))
    page = response.content.decode()
    assert page.count('name="findings"') == 25
    assert "Set for ticked findings" in page
