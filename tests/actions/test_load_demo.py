from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.demo import DEMO_ORGANISATION, SECOND_ORGANISATION
from assessment.models import Assessment, Organisation, StatementScore
from complaints.models import Complaint, ComplaintCategory

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_and_prints_passwords_once(capsys, cqc_framework):
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "Demo logins (shown once" in first
    for username in ("admin", "manager", "officer", "officer2"):
        assert f"  {username} " in first
    assert "officer, Demo City Council" in first

    call_command("load_demo")
    second = capsys.readouterr().out
    assert "Demo logins" not in second
    assert "already exist" in second

    assert Organisation.objects.count() == 2
    assert Assessment.objects.count() == 2
    assert StatementScore.objects.count() == 18
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    council = Organisation.objects.get(name=DEMO_ORGANISATION)
    roles = {
        username: list(users.get(username=username).memberships.values_list("organisation", "role"))
        for username in ("manager", "officer", "officer2")
    }
    second_council = Organisation.objects.get(name=SECOND_ORGANISATION)
    assert roles == {
        "manager": [(council.pk, "manager")],
        "officer": [(council.pk, "officer")],
        "officer2": [(second_council.pk, "officer")],
    }
    assessment = Assessment.objects.with_results().get(organisation=council)
    assert assessment.result.provisional


def test_each_councils_officer_sees_only_their_council(cqc_framework):
    """Isolation shows on first run: the two officers see none of each other's records."""
    call_command("load_demo", stdout=StringIO())
    users = get_user_model().objects
    for username, mine, theirs in (
        ("officer", DEMO_ORGANISATION, SECOND_ORGANISATION),
        ("officer2", SECOND_ORGANISATION, DEMO_ORGANISATION),
    ):
        user = users.get(username=username)
        assert set(
            Assessment.objects.for_user(user).values_list("organisation__name", flat=True)
        ) == {mine}
        assert Complaint.objects.for_user(user).exists()
        assert not Complaint.objects.for_user(user).filter(organisation__name=theirs).exists()
    assert ComplaintCategory.objects.filter(organisation__name=SECOND_ORGANISATION).exists()


def test_printed_password_logs_in(client, capsys, cqc_framework):
    call_command("load_demo")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.strip().startswith("officer"))
    password = line.split()[-1]
    # Through the login page: django-axes needs the request that Client.login() does not pass.
    response = client.post(reverse("login"), {"username": "officer", "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        get_user_model().objects.get(username="officer").pk
    )


def test_demo_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")


def test_demo_action_plan_answers_the_seed_shortfalls_once(cqc_framework):
    import datetime

    from django.utils import timezone

    from actions.models import Action, ActionPlan, EffectivenessReview
    from findings.models import Finding

    call_command("load_demo")
    call_command("load_demo")

    plan = ActionPlan.objects.get()  # loaded twice, created once
    assert plan.status == ActionPlan.Status.APPROVED
    assert list(plan.transitions.values_list("to_status", flat=True)) == ["submitted", "approved"]
    actions = Action.objects.filter(plan=plan)
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    today = timezone.localdate()
    assert actions.overdue(today).count() >= 2
    assert actions.due_within(14, today).exists()
    outcomes = set(EffectivenessReview.objects.values_list("outcome", flat=True))
    assert outcomes == {"effective", "partly_effective"}
    follow_up = actions.get(follow_up_of__isnull=False)
    assert follow_up.follow_up_of.review.outcome == "partly_effective"
    assert follow_up.due_date > today - datetime.timedelta(days=1)
    # The seed's shortfalls (imported from the seed report) are answered by the plan.
    for snippet in (
        "lack of monitoring of whether learning from safeguarding",
        "not aware of any feedback on outcomes",
        "improvement plan in response to the complaints report",
    ):
        finding = Finding.objects.get(text__icontains=snippet)
        assert finding.judgement == Finding.Judgement.SHORTFALL, snippet
        assert finding.actions.filter(plan=plan).exists(), snippet


def test_demo_publishes_approved_wording_for_its_reviews_once(client, cqc_framework):
    from django.urls import reverse

    from actions.models import FeedbackSource, PublicWording
    from assessment.models import Organisation
    from tests.factories import UserFactory

    call_command("load_demo")
    call_command("load_demo")

    assert FeedbackSource.objects.count() == 2
    assert PublicWording.objects.approved().count() == 2
    client.force_login(UserFactory._meta.model.objects.get(username="officer"))
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)  # not the second council
    page = client.get(reverse("actions:you-said-we-did", args=[organisation.pk]))
    content = page.content.decode()
    assert "Carers told us they never heard what happened" in content
    assert "We are auditing partner organisations" in content  # the partly effective one
    assert "Checks show 9 of 14" not in content  # its internal review evidence


def test_the_demo_council_has_an_evidence_library_with_reviews_due(cqc_framework):
    from django.utils import timezone

    from findings.models import Evidence
    from findings.reminders import evidence_due_for_review

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    library = Evidence.objects.filter(organisation__name=DEMO_ORGANISATION)
    assert library.count() == 4  # loaded twice, made once
    today = timezone.localdate()
    assert library.lapsed(today).count() == 1
    assert all(item.findings.exists() for item in library)
    officer = Evidence.objects.get(title="Co-production board minutes").owner
    assert len(evidence_due_for_review(today)[officer.pk]) == 2
