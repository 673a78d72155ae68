"""One object of every kind an organisation holds, for the tenancy tests: `one_of_everything`
fills an organisation, so two calls give two organisations whose rows must never mix."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actions.models import Action, ActionPlan, ActionStatusSnapshot, PlanTransition
from assessment.members.models import Invitation, token_digest
from assessment.models import Membership
from assessment.tenancy import members_of
from complaints.models import ComplaintsVersion
from findings.models import Evidence, EvidenceVersion
from jobs.models import Job
from jobs.services import finish_job
from notifications.models import Notification
from readiness.metrics_loader import BUILTIN_FILE
from readiness.models import Metric, SelfAssessmentEvidence, SelfAssessmentSummary
from readiness.services.metrics import load_metrics_file
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.actions.public_factories import FeedbackSourceFactory, PublicWordingFactory
from tests.assessment.factories import AssessmentFactory
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, make_member
from tests.findings.factories import EvidenceFactory
from tests.jobs.factories import JobFactory
from tests.notifications.factories import NotificationFactory
from tests.readiness.factories import StatementSelfAssessmentFactory, value_for


def one_of_everything(organisation, *, officer, manager, marker: str = "") -> dict[str, object]:
    """Every kind of record of `organisation`, made by its `officer` and `manager` (who become
    its members), named as the tests refer to them. `marker` goes into the text fields."""
    make_member(officer, organisation, Membership.Role.OFFICER)
    make_member(manager, organisation, Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=organisation, title=f"Assessment {marker}")
    finding = ShortfallFindingFactory(topic__assessment=assessment, text=f"Finding {marker}")
    plan = ActionPlanFactory(
        assessment=assessment, owner=manager, created_by=officer, title=f"Plan {marker}"
    )
    approved = ActionPlanFactory(
        assessment=assessment,
        owner=manager,
        created_by=officer,
        status=ActionPlan.Status.APPROVED,
        title=f"Approved {marker}",
    )
    action = ActionFactory(plan=plan, owner=officer, created_by=officer, title=f"Action {marker}")
    approved_action = ActionFactory(plan=approved, owner=officer, created_by=officer)
    complete = ActionFactory(plan=approved, owner=officer, status=Action.Status.COMPLETE)
    job = JobFactory(started_by=officer, organisation=organisation, title=f"Job {marker}")
    finish_job(job, content=b"%PDF-1.7", filename="report.pdf")
    return {
        "organisation": organisation,
        "membership": Membership.objects.get(user=officer, organisation=organisation),
        "invitation": _invitation(organisation),
        "assessment": assessment,
        "score": assessment.scores.get(statement=finding.topic.statement),
        "statement": finding.topic.statement.slug,
        "topic": finding.topic,
        "finding": finding,
        **_complaint(organisation, marker),
        "plan": plan,
        "approved_plan": approved,
        "transition": PlanTransition.objects.create(
            plan=approved, from_status="submitted", to_status="approved", by=manager
        ),
        "action": action,
        "approved_action": approved_action,
        "complete_action": complete,
        "update": ProgressUpdateFactory(
            action=approved_action,
            text=f"Update {marker}",
            evidence_file=ContentFile(f"Proof {marker}".encode(), name="proof.txt"),
            evidence_filename="proof.txt",
        ),
        **_review(complete, manager, marker),
        "snapshot": ActionStatusSnapshot.objects.create(
            organisation=organisation,
            date=timezone.localdate() - datetime.timedelta(days=1),
            complete=1,
            on_track=2,
            overdue=0,
        ),
        "job": Job.objects.get(pk=job.pk),
        "notification": _notification(officer, organisation, marker),
        **_readiness(organisation),
        **_self_assessment(finding, marker),
        **_learning(organisation, officer, manager, marker),
    }


def _learning(organisation, officer, manager, marker: str) -> dict[str, object]:
    """A team, a SAR with a recommendation, a brief published to the team (officer and
    manager) with an attachment, acknowledged by the officer and checked; and a draft."""
    from learning.models import AudienceMember
    from tests.learning.factories import (
        BriefFactory,
        CheckFactory,
        RecommendationFactory,
        TeamFactory,
        acknowledge,
    )

    team = TeamFactory(organisation=organisation, name=f"Team {marker}")
    team.members.set([officer, manager])
    recommendation = RecommendationFactory(
        review__organisation=organisation, review__title=f"SAR {marker}", owner=manager
    )
    brief = BriefFactory(
        organisation=organisation,
        recommendation=recommendation,
        title=f"Brief {marker}",
        teams=[team],
        published=True,
    )
    attachment = brief.attachments.create(
        file=ContentFile(f"Guide {marker}".encode(), name="guide.txt"),
        filename="guide.txt",
        content_type="text/plain",
    )
    return {
        "team": team,
        "sar": recommendation.review,
        "recommendation": recommendation,
        "brief": brief,
        "draft_brief": BriefFactory(
            organisation=organisation, recommendation=recommendation, people=[officer]
        ),
        "attachment": attachment,
        "audience_member": AudienceMember.objects.get(brief=brief, person=manager),
        "acknowledgement": acknowledge(brief, officer, reflection=f"Noted {marker}"),
        "effectiveness_check": CheckFactory(brief=brief, evidence=f"Audit {marker}"),
    }


def _review(action, manager, marker: str) -> dict[str, object]:
    """The action's effectiveness review, its public wording and a feedback source."""
    review = ReviewFactory(action=action, reviewer=manager, evidence=f"Review {marker}")
    source = FeedbackSourceFactory(organisation=action.plan.organisation, name=f"Forum {marker}")
    wording = PublicWordingFactory(review=review, you_said=f"Said {marker}")
    wording.sources.add(source)
    return {"review": review, "feedback_source": source, "public_wording": wording}


def _notification(officer, organisation, marker: str) -> Notification:
    """The officer's own notification (a person's: scoped by person, not organisation)."""
    return NotificationFactory(
        user=officer, organisation=organisation, subject=f"Notification {marker}"
    )


def _evidence(finding, marker: str) -> tuple[Evidence, EvidenceVersion]:
    """Library evidence supporting the finding, owned by its officer, with its first version."""
    organisation = finding.topic.assessment.organisation
    evidence = EvidenceFactory(
        organisation=organisation,
        title=f"Evidence {marker}",
        kind=Evidence.Kind.DOCUMENT,
        file=SimpleUploadedFile("minutes.txt", b"Minutes of the board."),
        content_type="text/plain",
        original_filename="minutes.txt",
        size=21,
        owner=members_of(organisation).first(),
        review_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    evidence.findings.add(finding)
    version = EvidenceVersion.objects.create(
        evidence=evidence,
        number=1,
        file=evidence.file.name,
        original_filename="minutes.txt",
        content_type="text/plain",
        size=21,
    )
    return evidence, version


def _readiness(organisation) -> dict[str, object]:
    """A metric (CQC's list, loaded once: it belongs to no organisation) and a value of it."""
    if not Metric.objects.exists():
        load_metrics_file(BUILTIN_FILE)
    metric = Metric.objects.order_by("pk").first()
    return {"metric": metric, "metric_value": value_for(organisation, metric, 2023, 61)}


def _self_assessment(finding, marker: str) -> dict[str, object]:
    """The assessment's evidence, the self-assessment of the finding's statement relying on
    it, and the assessment's summary."""
    score = finding.topic.assessment.scores.get(statement=finding.topic.statement)
    evidence, version = _evidence(finding, marker)
    self_assessment = StatementSelfAssessmentFactory(
        score_record=score, narrative=f"Self-assessment {marker}"
    )
    return {
        "evidence": evidence,
        "evidence_version": version,
        "evidence_version_number": version.number,
        "self_assessment": self_assessment,
        "self_assessment_evidence": SelfAssessmentEvidence.objects.create(
            self_assessment=self_assessment, evidence=evidence
        ),
        "self_assessment_summary": SelfAssessmentSummary.objects.create(
            assessment=score.assessment, narrative=f"Summary {marker}"
        ),
    }


def _complaint(organisation, marker: str) -> dict[str, object]:
    complaint = ComplaintFactory(organisation=organisation, summary=f"Complaint {marker}")
    return {
        "complaint": complaint,
        "category": complaint.category,
        "service_area": complaint.service_area,
        # Made by the database with the organisation's first complaint.
        "complaints_version": ComplaintsVersion.objects.get(organisation=organisation),
    }


def _invitation(organisation) -> Invitation:
    """A waiting invitation to the organisation."""
    return Invitation.objects.create(
        organisation=organisation,
        email=f"invitee-{organisation.pk}@example.org",
        role="officer",
        token_digest=token_digest(f"invitation-{organisation.pk}"),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )


def two_organisations() -> dict:
    """Organisations A and B with one of everything each: {"a": A's objects, "b": B's,
    "b_users": {"officer": .., "manager": ..}} (B's officer and manager are members of B only)."""
    from tests.assessment.factories import OrganisationFactory

    a = one_of_everything(
        OrganisationFactory(name="Ashire"),
        officer=UserFactory(username="a-officer"),
        manager=UserFactory(username="a-manager"),
        marker="ASHIRE-ONLY",
    )
    b_users = {
        "officer": UserFactory(username="b-officer"),
        "manager": UserFactory(username="b-manager"),
    }
    b = one_of_everything(OrganisationFactory(name="Bshire"), **b_users, marker="BSHIRE-ONLY")
    return {"a": a, "b": b, "b_users": b_users}
