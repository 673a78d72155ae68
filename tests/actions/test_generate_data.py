import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from actions.models import Action, ActionPlan, ProgressUpdate
from assessment.models import Assessment, Organisation, StatementScore
from complaints.models import Complaint
from findings.models import Evidence, Finding

pytestmark = pytest.mark.django_db


def test_small_scale_fills_every_table_consistently(cqc_framework, capsys):
    call_command("generate_data", "--scale", "small")
    out = capsys.readouterr().out
    assert "Generated the 'small' data set" in out
    assert Organisation.objects.count() == 3
    assert Assessment.objects.count() == 6
    # every statement of every assessment is scored
    assert StatementScore.objects.filter(score__isnull=True).count() == 0
    assert StatementScore.objects.count() == 6 * 9
    assert Finding.objects.count() == 6 * 9 * 4
    # each council's library: its own members own it, it supports its own findings
    assert Evidence.objects.count() == 3 * 20
    assert not Evidence.objects.exclude(owner__memberships__organisation=F("organisation")).exists()
    links = Evidence.findings.through.objects
    assert links.count() == 3 * 20 * 2
    assert not links.exclude(
        finding__topic__assessment__organisation=F("evidence__organisation")
    ).exists()
    assert Complaint.objects.count() == 600
    assert ActionPlan.objects.count() == 6
    assert Action.objects.count() == 60
    assert ProgressUpdate.objects.count() == 150
    # each complaint's category and service area belong to its own organisation
    assert not Complaint.objects.exclude(category__organisation=F("organisation")).exists()


def test_generating_twice_is_refused(cqc_framework):
    call_command("generate_data", "--scale", "small")
    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate_data", "--scale", "small")


def test_each_user_belongs_to_one_council_and_viewers_span_regions(cqc_framework):
    """Benchmarks log in as a council's user (one council's data) or as the national viewer
    (every council's, reading only)."""
    from django.contrib.auth import get_user_model

    from assessment.models import Membership

    call_command("generate_data", "--scale", "small")
    councils = set(Organisation.objects.values_list("pk", flat=True))
    council_users = get_user_model().objects.filter(username__startswith="gen-")
    assert council_users.count() == 3 * 3
    for user in council_users:
        assert user.memberships.count() == 1
        assert user.memberships.get().role in {"officer", "manager"}
    national = Membership.objects.filter(user__username="national-viewer")
    assert set(national.values_list("organisation", flat=True)) == councils
    assert set(national.values_list("role", flat=True)) == {"viewer"}
    for organisation in Organisation.objects.all():
        region_viewer = f"viewer-{organisation.region.lower().replace(' ', '-')}"
        regional = Membership.objects.filter(user__username=region_viewer)
        assert set(regional.values_list("role", flat=True)) == {"viewer"}
        assert set(regional.values_list("organisation__region", flat=True)) == {organisation.region}
        assert regional.filter(organisation=organisation).exists()
    viewer = get_user_model().objects.get(username="national-viewer")
    assert Complaint.objects.for_user(viewer).count() == 600
    assert not viewer.has_perm("complaints.add_complaint", Organisation.objects.first())
