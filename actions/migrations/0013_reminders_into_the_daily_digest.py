"""The action reminders became sections of the daily digest (notifications): the log of
digests sent moves to notifications.DigestSent, so a deploy in the middle of a day sends
nobody a second e-mail that day."""

from django.db import migrations


def copy_log(apps, schema_editor):
    reminder_sent = apps.get_model("actions", "ReminderSent")
    digest_sent = apps.get_model("notifications", "DigestSent")
    rows = [
        digest_sent(user_id=row.user_id, date=row.date, line_count=row.action_count)
        for row in reminder_sent.objects.iterator()
    ]
    digest_sent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0012_versions"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_log, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReminderSent"),
    ]
