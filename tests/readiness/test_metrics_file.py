"""CQC's list of metrics as shipped, and the loader: CQC's wording exactly, counts that match
what the file declares, names that match the framework, all or nothing, a fuller file later."""

import copy
import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessment.models import QualityStatement
from readiness import metrics_loader
from readiness.metrics_loader import BUILTIN_FILE, MetricsFileError, parse_metrics
from readiness.models import Metric, MetricList
from readiness.services.metrics import load_metrics_file
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db

SHIPPED = json.loads(BUILTIN_FILE.read_text(encoding="utf-8"))
EXCERPT = (BUILTIN_FILE.parent / "cqc-la-metrics-source-excerpt.txt").read_text(encoding="utf-8")
# The copy on cqc.org.uk (copy B, on another host, is only corroboration).
CQC_COPY = EXCERPT.split("COPY B")[0]


def test_the_file_names_its_source_and_date_and_says_it_is_incomplete():
    source = SHIPPED["source"]
    assert source["title"] == "Assessment framework for local authorities: full list of metrics"
    assert source["url"].startswith("https://cqc.org.uk/")
    assert source["page_date"] == "Page last updated: 8 December 2023"
    assert source["retrieved"] == "2026-12-02"
    assert SHIPPED["complete"] is False
    assert [(c["statement"], c["metrics"], c["complete"]) for c in SHIPPED["coverage"]] == [
        ("Assessing needs", 16, True),
        ("Supporting people to live healthier lives", 2, False),
    ]
    assert len(SHIPPED["not_loaded"]) == 7


def test_counts_per_statement_equal_what_the_file_declares():
    counts = Counter(metric["statement"] for metric in SHIPPED["metrics"])
    declared = {entry["statement"]: entry["metrics"] for entry in SHIPPED["coverage"]}
    assert counts == declared
    assert sum(counts.values()) == 18


def test_every_metric_is_cqcs_wording_exactly():
    """Each name is a bullet of CQC's own page, character for character."""
    for metric in SHIPPED["metrics"]:
        assert f"  • {metric['name']}\n" in CQC_COPY, metric["name"]
        assert metric.get("unconfirmed") is not True


def test_the_three_unconfirmed_bullets_are_named_but_not_loaded(cqc_metrics):
    left_out = [entry["name"] for entry in SHIPPED["left_out"]]
    assert len(left_out) == 3
    assert not Metric.objects.filter(name__in=left_out).exists()
    assert "% of people who use services who feel clean and presentable" in left_out


def test_every_theme_and_statement_matches_the_framework(cqc_framework):
    known = {(s.theme.title, s.title) for s in QualityStatement.objects.select_related("theme")}
    for metric in SHIPPED["metrics"]:
        assert (metric["theme"], metric["statement"]) in known
    titles = {title for _, title in known}
    assert set(SHIPPED["not_loaded"]) <= titles


def test_the_migration_loaded_the_file(cqc_metrics):
    metric_list = MetricList.objects.get(slug="cqc-la-metrics")
    assert metric_list.complete is False
    assert metric_list.page_date == "Page last updated: 8 December 2023"
    counts = Counter(Metric.objects.values_list("statement__slug", flat=True))
    assert counts == {"assessing-needs": 16, "supporting-healthier-lives": 2}
    first = Metric.objects.in_order().first()
    assert first.name == "% of people satisfied with care and support"
    assert (first.evidence_category, first.unit) == ("people_experience", "percent")
    assert first.source_full == "Adult Social Care Survey (ASCS)"


def test_loading_again_changes_nothing(cqc_metrics):
    before = list(Metric.objects.order_by("pk").values())
    out = StringIO()
    call_command("load_metrics", str(BUILTIN_FILE), stdout=out)
    assert list(Metric.objects.order_by("pk").values()) == before
    assert "18 metrics (Assessing needs 16, Supporting people to live healthier lives 2)" in (
        out.getvalue()
    )


def _changed(edit) -> dict:
    data = copy.deepcopy(SHIPPED)
    edit(data)
    return data


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["metrics"][3].update(statement="Asessing needs"),
            "metrics[3].statement: 'Asessing needs' is not a statement of theme",
        ),
        (
            lambda d: d["metrics"][0].update(theme="Working with people"),
            "metrics[0].theme: 'Working with people' is not a theme",
        ),
        (
            lambda d: d["coverage"][0].update(metrics=17),
            "coverage[0].metrics: 'Assessing needs' declares 17 metrics but the file has 16",
        ),
        (
            lambda d: d["metrics"][5].update(unconfirmed=True),
            "metrics[5]: marked unconfirmed",
        ),
        (
            lambda d: d["metrics"][2].update(evidence_category="Observation"),
            "metrics[2].evidence_category: 'Observation' is not one of",
        ),
        (
            lambda d: d["metrics"][1].update(name=d["metrics"][0]["name"]),
            "metrics[1].name: '% of people satisfied with care and support' is also metrics[0]",
        ),
        (lambda d: d["source"].pop("page_date"), "source.page_date: missing"),
    ],
)
def test_a_wrong_entry_is_named_and_nothing_is_saved(cqc_metrics, tmp_path, edit, message):
    before = list(Metric.objects.order_by("pk").values())
    broken = _changed(edit)
    broken["metrics"][7]["name"] = "A renamed metric that must not be saved"
    with pytest.raises(CommandError, match="Nothing loaded: " + message.replace("[", r"\[")):
        call_command("load_metrics", str(_write(tmp_path, broken)), stdout=StringIO())
    assert list(Metric.objects.order_by("pk").values()) == before


def test_a_fuller_file_loads_without_code_changes(cqc_metrics, tmp_path):
    """The coordinator (or a council) completes the list: a new statement's metrics load."""

    def add_safeguarding(data):
        data["metrics"].append(
            {
                "theme": "How local authorities ensure safety within the system",
                "statement": "Safeguarding",
                "evidence_category": "Processes",
                "name": "A safeguarding metric (test wording)",
                "source": "Safeguarding Adults Collection (SAC)",
                "unit": "percent",
            }
        )
        data["coverage"].append({"statement": "Safeguarding", "metrics": 1, "complete": True})

    load_metrics_file(_write(tmp_path, _changed(add_safeguarding)))
    added = Metric.objects.get(statement__slug="safeguarding")
    assert added.source_full == "Safeguarding Adults Collection (SAC)"  # defaults to source
    assert Metric.objects.count() == 19


def test_a_metric_with_values_cannot_be_dropped_by_a_new_file(cqc_metrics, tmp_path, assessment):
    first = Metric.objects.in_order().first()
    value_for(assessment.organisation, first, 2024, 60)

    def drop_first(data):
        data["metrics"].pop(0)
        data["coverage"][0]["metrics"] = 15
        data["metrics"][4]["name"] = "Renamed before the refusal"  # saved, then rolled back

    with pytest.raises(MetricsFileError, match="councils have recorded values for it"):
        load_metrics_file(_write(tmp_path, _changed(drop_first)))
    assert Metric.objects.filter(pk=first.pk).exists()
    assert not Metric.objects.filter(name="Renamed before the refusal").exists()
    assert Metric.objects.count() == 18


def test_parse_is_pure_and_checks_the_shape():
    with pytest.raises(MetricsFileError, match="the file: must be an object"):
        parse_metrics([])
    with pytest.raises(MetricsFileError, match=r"the file.metrics: must be a non-empty list"):
        parse_metrics({**SHIPPED, "metrics": []})
    spec = parse_metrics(SHIPPED)
    assert len(spec.metrics) == 18
    assert spec.metrics[-1].source_full == "Adult Social Care Survey (ASCS)"
    assert metrics_loader.CATEGORIES["Processes"] == "processes"
