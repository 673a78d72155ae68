"""Action.complaints and Action.complaint_categories now point at the complaints app's models.

State only: the link tables and their columns stay as they are (the models' tables are renamed
by complaints 0002; the link tables' foreign keys follow a rename in the database).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0007_date_bounds"),
        ("complaints", "0001_initial"),
    ]
    # The findings app forgets its complaint models only once nothing points at them.
    run_before = [("findings", "0008_complaints_moved_out")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="complaint_categories",
                    field=models.ManyToManyField(
                        blank=True, related_name="actions", to="complaints.complaintcategory"
                    ),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="complaints",
                    field=models.ManyToManyField(
                        blank=True, related_name="actions", to="complaints.complaint"
                    ),
                ),
            ],
        ),
    ]
