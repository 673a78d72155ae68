"""Action status snapshots per organisation (organisations are tenants: a member's chart sums
only the organisations they may see).

The national rows recorded so far cannot be split by organisation, so they are deleted: the
daily job (record_action_snapshots) records the last 12 weeks again, per organisation, counted
from the actions' dates, and until it runs the chart counts the same way.
"""

import django.db.models.deletion
from django.db import migrations, models


def forget_national_rows(apps, schema_editor):
    apps.get_model("actions", "ActionStatusSnapshot").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0008_complaints_app"),
        ("assessment", "0006_statementscore_version"),
    ]

    operations = [
        migrations.RunPython(forget_national_rows, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="actionstatussnapshot",
            options={"ordering": ["-date", "organisation"]},
        ),
        migrations.AlterField(
            model_name="actionstatussnapshot",
            name="date",
            field=models.DateField(),
        ),
        migrations.AddField(
            model_name="actionstatussnapshot",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="action_snapshots",
                to="assessment.organisation",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="actionstatussnapshot",
            constraint=models.UniqueConstraint(
                fields=("organisation", "date"), name="actionstatussnapshot_one_per_day"
            ),
        ),
        migrations.AddIndex(
            model_name="actionstatussnapshot",
            index=models.Index(fields=["date"], name="actionstatussnapshot_date_idx"),
        ),
    ]
