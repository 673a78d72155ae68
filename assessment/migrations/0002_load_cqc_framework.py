"""Ship the CQC local authority framework as data (assessment/frameworks/cqc-local-authority.json)."""

from django.db import migrations

from assessment import framework_loader


def load(apps, schema_editor):
    spec = framework_loader.read_framework_file(framework_loader.CQC_LOCAL_AUTHORITY_FILE)
    framework_loader.save_framework(
        spec,
        framework_model=apps.get_model("assessment", "Framework"),
        theme_model=apps.get_model("assessment", "Theme"),
        statement_model=apps.get_model("assessment", "QualityStatement"),
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
