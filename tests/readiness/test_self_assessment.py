"""The self-assessment: a self-score beside each CQC score, the gaps, the self-assessed result
by CQC's rules, and the refusals (score outside 1-4, another organisation's evidence)."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessment.models import Membership
from core.concurrency import EditConflict
from findings.demo import import_seed_report
from readiness.models import SelfAssessmentEvidence, SelfAssessmentSummary, StatementSelfAssessment
from readiness.selectors.self_assessment import self_assessment_comparison
from readiness.services.self_assessment import NO_VERSION, save_self_assessment, save_summary
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.findings.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

LEARNING = "learning-improvement-innovation"


def form_url(record) -> str:
    return reverse(
        "readiness:statement-self-assessment", args=[record.assessment_id, record.statement.slug]
    )


@pytest.fixture
def seeded(assessment, officer):
    """The seed report imported (CQC scored "Learning, improvement and innovation" 2), then a
    self-assessment of 3 on every statement."""
    import_seed_report(assessment)
    for record in assessment.scores.select_related("statement"):
        save_self_assessment(score_record=record, user=officer, score=3)
    return assessment


def test_self_3_everywhere_beside_cqcs_2_shows_the_gap_and_75_percent_good(seeded):
    comparison = self_assessment_comparison(seeded)
    assert [row.statement.slug for row in comparison.gaps] == [LEARNING]
    gap = comparison.gaps[0]
    assert (gap.cqc, gap.self_score, gap.gap) == (2, 3, 1)
    assert gap.gap_text == "self 3, CQC 2"
    assert gap.gap_words == "Self-assessed 1 point higher than CQC"
    result = comparison.self_result
    assert (result.percent, str(result.rating), result.provisional) == (75, "Good", False)
    assert str(comparison.cqc_result) == "50% Requires improvement (provisional)"


def test_the_pages_show_the_gap_and_the_self_assessed_result(seeded, officer_client):
    statement = officer_client.get(
        reverse("assessment:statement-detail", args=[seeded.pk, LEARNING])
    )
    assert "Gap: self 3, CQC 2" in statement.content.decode()
    other = officer_client.get(
        reverse("assessment:statement-detail", args=[seeded.pk, "safeguarding"])
    )
    assert "Gap:" not in other.content.decode()  # not scored by CQC: nothing to compare
    page = officer_client.get(reverse("readiness:self-assessment", args=[seeded.pk]))
    text = page.content.decode()
    assert "<strong>75%</strong> Good" in text
    assert "Gaps: where the self-assessment and CQC differ (1)" in text
    assert text.count('class="gap-row"') == 2  # in the gaps table and in every statement's
    summary = officer_client.get(seeded.get_absolute_url())
    assert "Gap: self 3, CQC 2" in summary.content.decode()


def test_a_self_score_outside_1_to_4_is_refused_naming_the_field(record, officer_client):
    url = reverse(
        "readiness:statement-self-assessment", args=[record.assessment_id, "assessing-needs"]
    )
    for bad in ("5", "0", "three"):
        response = officer_client.post(url, {"score": bad, "narrative": "Kept?", "version": 0})
        assert response.status_code == HTTPStatus.OK
        form = response.context["form"]
        assert form.errors["score"] == [
            f"A self-score is 1 to 4 (or empty until decided), not {bad}."
        ]
    assert not StatementSelfAssessment.objects.exists()


def test_the_service_refuses_a_score_outside_1_to_4(record, officer):
    for bad in (0, 5, True):
        with pytest.raises(ValidationError) as refused:
            save_self_assessment(score_record=record, user=officer, score=bad)
        assert "score" in refused.value.message_dict
    assert not StatementSelfAssessment.objects.exists()


def test_evidence_of_another_organisation_is_refused_and_nothing_saved(record, officer_client):
    elsewhere = EvidenceFactory(organisation=OrganisationFactory(name="Elsewhere"))
    url = reverse(
        "readiness:statement-self-assessment", args=[record.assessment_id, "assessing-needs"]
    )
    response = officer_client.post(
        url, {"score": "3", "evidence": [elsewhere.pk], "i_statement_1": [elsewhere.pk]}
    )
    assert response.status_code == HTTPStatus.OK
    message = (
        f"Evidence {elsewhere.pk} is not evidence of this organisation: only the organisation's "
        "own evidence library can be linked."
    )
    assert response.context["form"].errors["evidence"] == [message]
    assert response.context["form"].errors["i_statement_1"] == [message]
    assert not StatementSelfAssessment.objects.exists()
    assert not SelfAssessmentEvidence.objects.exists()


def test_the_service_refuses_another_organisations_evidence(record, officer):
    elsewhere = EvidenceFactory(organisation=OrganisationFactory(name="Elsewhere"))
    with pytest.raises(ValidationError) as refused:
        save_self_assessment(score_record=record, user=officer, score=3, evidence={0: [elsewhere]})
    (message,) = refused.value.message_dict["evidence"]
    assert message == (
        f"Evidence {elsewhere.pk} is evidence of another organisation: only evidence of "
        f"{record.assessment.organisation} can be linked."
    )
    mine = EvidenceFactory(assessment=record.assessment)
    with pytest.raises(ValidationError, match="no I statement 3"):
        save_self_assessment(score_record=record, user=officer, score=3, evidence={3: [mine]})
    assert not StatementSelfAssessment.objects.exists()


def test_evidence_of_another_assessment_of_the_organisation_may_be_linked(record, officer):
    """The library is the organisation's: last cycle's evidence can back this cycle's score."""
    earlier = EvidenceFactory(
        assessment=AssessmentFactory(organisation=record.assessment.organisation)
    )
    save_self_assessment(score_record=record, user=officer, score=3, evidence={0: [earlier]})
    assert SelfAssessmentEvidence.objects.get().evidence == earlier


def test_a_self_assessment_is_saved_with_its_evidence_and_tags(record, officer_client, officer):
    minutes, survey = EvidenceFactory.create_batch(2, assessment=record.assessment)
    url = reverse(
        "readiness:statement-self-assessment", args=[record.assessment_id, "assessing-needs"]
    )
    response = officer_client.post(
        url,
        {
            "score": "2",
            "narrative": "Waiting lists are long.",
            "strengths": "Strengths-based practice.",
            "areas_for_improvement": "Reviews are late.",
            "evidence": [minutes.pk],
            "i_statement_2": [survey.pk, minutes.pk],
            "version": 0,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    own = StatementSelfAssessment.objects.get()
    assert (own.score, own.narrative, own.updated_by) == (2, "Waiting lists are long.", officer)
    links = set(own.evidence_links.values_list("evidence_id", "i_statement"))
    assert links == {(minutes.pk, 0), (survey.pk, 2), (minutes.pk, 2)}
    page = officer_client.get(response["Location"]).content.decode()
    assert "Waiting lists are long." in page
    assert "Reviews are late." in page


def colleague(record):
    """Another officer of the record's organisation."""
    user = UserFactory()
    make_member(user, record.assessment.organisation, Membership.Role.OFFICER)
    return user


def test_a_second_editor_is_refused_and_shown_what_changed(record, officer, officer_client):
    first = save_self_assessment(score_record=record, user=officer, score=2, narrative="First.")
    save_self_assessment(
        score_record=record,
        user=colleague(record),
        score=3,
        narrative="Changed meanwhile.",
    )
    with pytest.raises(EditConflict):
        save_self_assessment(
            score_record=record, user=officer, score=4, expected_version=first.version
        )
    url = reverse(
        "readiness:statement-self-assessment", args=[record.assessment_id, "assessing-needs"]
    )
    response = officer_client.post(url, {"score": "4", "narrative": "Mine.", "version": 1})
    assert response.status_code == HTTPStatus.OK
    assert "Changed meanwhile." in response.content.decode()
    assert StatementSelfAssessment.objects.get().score == 3


def test_linking_evidence_alone_moves_the_version(record, officer):
    own = save_self_assessment(score_record=record, user=officer, score=3)
    evidence = EvidenceFactory(assessment=record.assessment)
    again = save_self_assessment(
        score_record=record, user=officer, score=3, evidence={1: [evidence]}, expected_version=1
    )
    assert (own.version, again.version) == (1, 2)
    unchanged = save_self_assessment(
        score_record=record, user=officer, score=3, evidence={1: [evidence]}, expected_version=2
    )
    assert unchanged.version == 2  # a save that changes nothing is no edit
    assert StatementSelfAssessment.history.count() == 2


def test_someone_self_assessing_first_is_a_conflict(record, officer):
    save_self_assessment(score_record=record, user=colleague(record), score=1)
    with pytest.raises(EditConflict):
        save_self_assessment(
            score_record=record, user=officer, score=4, expected_version=NO_VERSION
        )


def test_only_those_with_the_permission_may_self_assess(record, nobody):
    with pytest.raises(PermissionDenied):
        save_self_assessment(score_record=record, user=nobody, score=3)
    with pytest.raises(PermissionDenied):
        save_summary(assessment=record.assessment, user=nobody, narrative="x")


def test_the_summary_narrative_is_saved_and_printed(assessment, officer_client):
    url = reverse("readiness:self-assessment", args=[assessment.pk])
    response = officer_client.post(url, {"narrative": "  Where we stand, in short.  "})
    assert response.status_code == HTTPStatus.FOUND
    summary = SelfAssessmentSummary.objects.get()
    assert summary.narrative == "Where we stand, in short."
    assert "Where we stand, in short." in officer_client.get(url).content.decode()
    stale = officer_client.post(url, {"narrative": "Mine", "version": summary.version + 5})
    assert stale.status_code == HTTPStatus.OK  # a conflict: shown, not saved
    assert SelfAssessmentSummary.objects.get().narrative == "Where we stand, in short."
