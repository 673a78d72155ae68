"""Organisations as tenants: every model holding an organisation's data is scoped by one
QuerySet method (`for_user`), and `organisation_id_of` finds any such object's organisation."""

import pytest
from django.apps import apps

from assessment.models import Organisation
from assessment.tenancy import (
    ScopedQuerySet,
    forget_memberships,
    organisation_id_of,
    organisation_lookup_of,
)
from notifications.models import DigestSent, Notification, NotificationPreference
from tests.factories import UserFactory, make_member
from tests.tenancy import two_organisations

pytestmark = pytest.mark.django_db

# Models that hold no organisation's data: shared reference data, the queue's bookkeeping, the
# database's data versions (numbers the cache keys hold, never shown; row 0 is no
# organisation), and per-person records (a person's notifications, their delivery choices and
# the digests sent to them are scoped by person: tests below).
GLOBAL = {
    "assessment.DataVersion",
    "assessment.Framework",
    "assessment.Theme",
    "assessment.QualityStatement",
    "complaints.BankHoliday",
    "complaints.BankHolidayYear",
    "jobs.ScheduledRun",
    "notifications.Notification",
    "notifications.NotificationPreference",
    "notifications.DigestSent",
    "readiness.MetricList",
    "readiness.Metric",
}
PROJECT_APPS = (
    "assessment",
    "findings",
    "complaints",
    "actions",
    "jobs",
    "notifications",
    "readiness",
    "learning",
)
# The name each scoped model's object has in tests.tenancy.one_of_everything.
OBJECT_OF = {
    "assessment.Organisation": "organisation",
    "assessment.Membership": "membership",
    "assessment.Invitation": "invitation",
    "assessment.Assessment": "assessment",
    "assessment.StatementScore": "score",
    "findings.Topic": "topic",
    "findings.Finding": "finding",
    "findings.Evidence": "evidence",
    "findings.EvidenceVersion": "evidence_version",
    "complaints.Complaint": "complaint",
    "complaints.ComplaintCategory": "category",
    "complaints.ServiceArea": "service_area",
    "complaints.ComplaintsVersion": "complaints_version",
    "actions.ActionPlan": "plan",
    "actions.PlanTransition": "transition",
    "actions.Action": "action",
    "actions.ProgressUpdate": "update",
    "actions.EffectivenessReview": "review",
    "actions.ActionStatusSnapshot": "snapshot",
    "actions.FeedbackSource": "feedback_source",
    "actions.PublicWording": "public_wording",
    "jobs.Job": "job",
    "readiness.StatementSelfAssessment": "self_assessment",
    "readiness.SelfAssessmentEvidence": "self_assessment_evidence",
    "readiness.SelfAssessmentSummary": "self_assessment_summary",
    "readiness.MetricValue": "metric_value",
    "learning.Team": "team",
    "learning.SafeguardingAdultsReview": "sar",
    "learning.SARRecommendation": "recommendation",
    "learning.LearningBrief": "brief",
    "learning.BriefAttachment": "attachment",
    "learning.AudienceMember": "audience_member",
    "learning.Acknowledgement": "acknowledgement",
    "learning.EffectivenessCheck": "effectiveness_check",
}


def project_models():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


@pytest.fixture
def world(cqc_framework):
    return two_organisations()


def test_every_model_of_an_organisation_is_scoped():
    """A new model either names its path to its organisation (a ScopedQuerySet) or is listed
    as holding no organisation's data."""
    scoped = {
        model._meta.label
        for model in project_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet)
        and organisation_lookup_of(model)
    }
    everything = {model._meta.label for model in project_models()}
    assert scoped == everything - GLOBAL
    assert scoped == set(OBJECT_OF)


@pytest.mark.parametrize("label", sorted(OBJECT_OF))
def test_for_user_returns_only_the_users_organisations_rows(world, label):
    model = apps.get_model(label)
    mine, theirs = world["a"][OBJECT_OF[label]], world["b"][OBJECT_OF[label]]
    for role, user in world["b_users"].items():
        rows = model.objects.for_user(user)
        assert theirs in rows, role
        assert mine not in rows, role
        assert not rows.filter(pk=mine.pk).exists()
        assert {organisation_id_of(row) for row in rows} == {world["b"]["organisation"].pk}
    # A member of both sees both; a superuser sees all; someone of neither sees none.
    both = UserFactory(username="both")
    make_member(both, world["a"]["organisation"], "viewer")
    make_member(both, world["b"]["organisation"], "viewer")
    assert {mine, theirs} <= set(model.objects.for_user(both))
    root = UserFactory(username="root", is_superuser=True)
    assert model.objects.for_user(root).count() == model.objects.count()
    assert not model.objects.for_user(UserFactory(username="none")).exists()


@pytest.mark.parametrize("label", sorted(OBJECT_OF))
def test_organisation_id_of_finds_each_objects_organisation(world, label):
    for side in ("a", "b"):
        obj = world[side][OBJECT_OF[label]]
        assert organisation_id_of(obj) == world[side]["organisation"].pk


def test_for_user_with_a_permission_keeps_the_organisations_where_the_role_grants_it(world):
    user = world["b_users"]["officer"]
    make_member(user, world["a"]["organisation"], "manager")
    plans = world["a"]["plan"].__class__.objects
    assert set(plans.for_user(user, "actions.approve_actionplan")) == {
        world["a"]["plan"],
        world["a"]["approved_plan"],
    }
    assert set(Organisation.objects.for_user(user, "findings.add_finding")) == {
        world["a"]["organisation"],
        world["b"]["organisation"],
    }
    assert not Organisation.objects.for_user(world["b_users"]["officer"], "no.such_perm")


def test_organisation_id_of_refuses_an_object_of_no_organisation(cqc_framework):
    from assessment.models import Framework

    with pytest.raises(TypeError, match="Framework does not belong to an organisation"):
        organisation_id_of(Framework.objects.get())


def test_digests_sent_are_scoped_by_person(world):
    officer, manager = world["b_users"]["officer"], world["b_users"]["manager"]
    mine = DigestSent.objects.create(user=officer, date="2025-06-30", line_count=2)
    DigestSent.objects.create(user=manager, date="2025-06-30", line_count=1)
    assert list(DigestSent.objects.for_user(officer)) == [mine]
    root = UserFactory(username="root", is_superuser=True)
    assert DigestSent.objects.for_user(root).count() == 2


def test_notifications_are_their_persons_own_while_a_member(world):
    """B's officer sees only their own notification: not B's manager's, not A's officer's, not
    even as a superuser's (a person's own); and not once their membership has ended."""
    officer, manager = world["b_users"]["officer"], world["b_users"]["manager"]
    mine = world["b"]["notification"]
    Notification.objects.create(
        user=manager, organisation=world["b"]["organisation"], kind="plan_submitted", subject="x"
    )
    assert list(Notification.objects.for_user(officer)) == [mine]
    root = UserFactory(username="root", is_superuser=True)
    assert not Notification.objects.for_user(root).exists()
    officer.memberships.update(is_active=False)
    forget_memberships(officer)
    assert not Notification.objects.for_user(officer).exists()


def test_notification_preferences_are_their_persons_own(world):
    officer, manager = world["b_users"]["officer"], world["b_users"]["manager"]
    mine = NotificationPreference.objects.create(
        user=officer, kind="plan_approved", delivery="digest"
    )
    NotificationPreference.objects.create(user=manager, kind="plan_approved", delivery="email")
    assert list(NotificationPreference.objects.for_user(officer)) == [mine]
