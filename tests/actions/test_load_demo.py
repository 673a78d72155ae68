import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assessment.models import Assessment, Organisation, StatementScore

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_and_prints_passwords_once(capsys, cqc_framework, roles):
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "Demo logins (shown once" in first
    for username in ("admin", "manager", "officer"):
        assert f"  {username}" in first

    call_command("load_demo")
    second = capsys.readouterr().out
    assert "Demo logins" not in second
    assert "already exist" in second

    assert Organisation.objects.count() == 1
    assert Assessment.objects.count() == 1
    assert StatementScore.objects.count() == 9
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="manager").groups.filter(name="Manager").exists()
    assert users.get(username="officer").groups.filter(name="Officer").exists()
    assessment = Assessment.objects.with_results().get()
    assert assessment.result.provisional


def test_printed_password_logs_in(client, capsys, cqc_framework, roles):
    call_command("load_demo")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.strip().startswith("officer"))
    password = line.split()[-1]
    assert client.login(username="officer", password=password)


def test_demo_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")
