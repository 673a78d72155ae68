"""The complaint models now belong to the complaints app (complaints 0001): state only, the
tables and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0007_unique_positions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalComplaint"),
                migrations.DeleteModel(name="Complaint"),
                migrations.DeleteModel(name="ComplaintCategory"),
                migrations.DeleteModel(name="ServiceArea"),
                migrations.DeleteModel(name="BankHoliday"),
            ],
        ),
    ]
