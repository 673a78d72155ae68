"""Ship CQC's list of metrics for local authorities as data (readiness/data/cqc-la-metrics.json):
the part of it that could be confirmed; see the file's coverage and notes."""

from django.db import migrations

from readiness import metrics_loader


def load(apps, schema_editor):
    spec = metrics_loader.read_metrics_file(metrics_loader.BUILTIN_FILE)
    framework = apps.get_model("assessment", "Framework")
    if not framework.objects.filter(slug=spec.framework).exists():
        # A database whose framework was removed (a test's flushed one): nothing to hang the
        # metrics on; `load_metrics FILE` loads them once the framework is back.
        return
    metrics_loader.save_metrics(
        spec,
        framework_model=framework,
        statement_model=apps.get_model("assessment", "QualityStatement"),
        list_model=apps.get_model("readiness", "MetricList"),
        metric_model=apps.get_model("readiness", "Metric"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0001_initial"),
        # The framework's statements the metrics hang on (its data migration and later fields).
        ("assessment", "0006_statementscore_version"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
