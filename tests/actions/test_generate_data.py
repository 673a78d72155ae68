import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from actions.models import Action, ActionPlan, ProgressUpdate
from assessment.models import Assessment, Organisation, StatementScore
from complaints.models import Complaint
from findings.models import Finding

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
