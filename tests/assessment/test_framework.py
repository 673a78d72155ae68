"""The framework is data: shipped by a migration, loadable from a file, all-or-nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from assessment import services
from assessment.framework_loader import (
    CQC_LOCAL_AUTHORITY_FILE,
    FrameworkFileError,
    parse_framework,
)
from assessment.models import Framework, QualityStatement, Theme

pytestmark = pytest.mark.django_db

EXPECTED_ORDER = [
    ("How local authorities work with people", "Assessing needs"),
    ("How local authorities work with people", "Supporting people to live healthier lives"),
    ("How local authorities work with people", "Equity in experience and outcomes"),
    ("How local authorities provide support", "Care provision, integration and continuity"),
    ("How local authorities provide support", "Partnerships and communities"),
    (
        "How local authorities ensure safety within the system",
        "Safe pathways, systems and transitions",
    ),
    ("How local authorities ensure safety within the system", "Safeguarding"),
    ("Leadership", "Governance, management and sustainability"),
    ("Leadership", "Learning, improvement and innovation"),
]


def test_migration_ships_the_cqc_framework_in_order():
    framework = Framework.objects.get(slug="cqc-local-authority")
    statements = QualityStatement.objects.filter(framework=framework).in_order()
    assert [(s.theme.title, s.title) for s in statements] == EXPECTED_ORDER
    assert [s.order for s in statements] == list(range(1, 10))


def test_commitments_and_i_statements_are_exact():
    by_slug = {s.slug: s for s in QualityStatement.objects.all()}
    assert by_slug["learning-improvement-innovation"].commitment == (
        "We focus on continuous learning, innovation and improvement across our organisation "
        "and the local system. We encourage creative ways of delivering equality of experience, "
        "outcome and quality of life for people. We actively contribute to safe, effective "
        "practice and research."
    )
    assert by_slug["governance-management-sustainability"].i_statements == []
    assert by_slug["safeguarding"].i_statements == [
        "I feel safe and am supported to understand and manage any risks."
    ]
    assert len(by_slug["assessing-needs"].i_statements) == 2
    assert by_slug["learning-improvement-innovation"].topic_headings == [
        "Continuous learning, improvement and professional development",
        "Learning from feedback",
    ]
    assert (
        "Safe systems, pathways and transitions"
        in by_slug["safe-pathways-systems-transitions"].aliases
    )


def test_reloading_the_file_changes_nothing():
    before = list(QualityStatement.objects.values_list("pk", "slug", "order"))
    services.load_framework_file(CQC_LOCAL_AUTHORITY_FILE)
    assert list(QualityStatement.objects.values_list("pk", "slug", "order")) == before
    assert Framework.objects.count() == 1


def _write(tmp_path, data) -> str:
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(data))
    return str(path)


def _small_framework():
    return {
        "slug": "providers",
        "name": "Provider framework",
        "themes": [
            {
                "slug": "safe",
                "title": "Safe",
                "statements": [
                    {"slug": "learning-culture", "title": "Learning culture", "commitment": "We."},
                    {"slug": "safe-systems", "title": "Safe systems", "commitment": "We too."},
                ],
            }
        ],
    }


def test_load_framework_command_adds_another_framework(tmp_path, capsys):
    call_command("load_framework", _write(tmp_path, _small_framework()))
    assert 'Loaded "Provider framework": 1 themes, 2 quality statements' in capsys.readouterr().out
    assert Framework.objects.get(slug="providers").statements.count() == 2


def test_a_bad_entry_loads_nothing_and_is_named(tmp_path):
    data = _small_framework()
    del data["themes"][0]["statements"][1]["commitment"]
    with pytest.raises(CommandError, match=r"themes\[0\]\.statements\[1\]\.commitment: missing"):
        call_command("load_framework", _write(tmp_path, data))
    assert not Framework.objects.filter(slug="providers").exists()
    assert not Theme.objects.filter(slug="safe").exists()


def test_unknown_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_framework", str(tmp_path / "missing.json"))


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"slug": "x",\n "name": }')
    with pytest.raises(CommandError, match="line 2, column"):
        call_command("load_framework", str(path))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(themes=[]), r"framework\.themes: must be a non-empty list"),
        (lambda d: d.update(slug="Bad Slug"), r"framework\.slug: 'Bad Slug'"),
        (
            lambda d: d["themes"][0]["statements"][1].update(slug="learning-culture"),
            r"themes\[0\]\.statements\[1\]\.slug: 'learning-culture' is used",
        ),
        (
            lambda d: d["themes"][0]["statements"][0].update(i_statements="I am"),
            r"themes\[0\]\.statements\[0\]\.i_statements: must be a list",
        ),
    ],
)
def test_parse_errors_name_the_entry(mutate, message):
    data = _small_framework()
    mutate(data)
    with pytest.raises(FrameworkFileError, match=message):
        parse_framework(data)


def test_removing_a_scored_statement_is_refused(tmp_path, cqc_framework):
    from tests.assessment.factories import AssessmentFactory

    AssessmentFactory()
    data = json.loads(CQC_LOCAL_AUTHORITY_FILE.read_text())
    data["themes"][3]["statements"].pop()
    with pytest.raises(CommandError, match="assessments already score it"):
        call_command("load_framework", _write(tmp_path, data))
    assert QualityStatement.objects.filter(framework=cqc_framework).count() == 9
