"""The moved tables take the complaints app's names (findings_complaint -> complaints_complaint,
...): their rows, sequences, indexes and the foreign keys pointing at them stay.

And the content types of the moved models move from app findings to app complaints, so their
permissions (and the groups and users holding them) and admin log entries follow the models.
While both apps had the models (from 0001 to findings 0008), a migration that creates
permissions may have made a second set of content types; then the two are merged into one.
"""

from django.db import migrations

MOVED = ["bankholiday", "complaint", "complaintcategory", "historicalcomplaint", "servicearea"]


def merge_permissions(apps, old, new) -> None:
    """Give `new` the permissions of content type `old`; a permission `new` has already takes
    over the groups and users of its twin."""
    permission_model = apps.get_model("auth", "Permission")
    for permission in permission_model.objects.filter(content_type=old):
        twin = permission_model.objects.filter(
            content_type=new, codename=permission.codename
        ).first()
        if twin is None:
            permission.content_type = new
            permission.save(update_fields=["content_type"])
            continue
        twin.group_set.add(*permission.group_set.all())
        twin.user_set.add(*permission.user_set.all())
        permission.delete()


def move_content_types(apps, old_label: str, new_label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    log_entry = apps.get_model("admin", "LogEntry")
    for model in MOVED:
        old = content_type.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = content_type.objects.filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        merge_permissions(apps, old, new)
        log_entry.objects.filter(content_type=old).update(content_type=new)
        old.delete()
    content_type.objects.clear_cache()


def forwards(apps, schema_editor):
    move_content_types(apps, "findings", "complaints")


def backwards(apps, schema_editor):
    move_content_types(apps, "complaints", "findings")


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("complaints", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("findings", "0008_complaints_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="bankholiday", table=None),
        migrations.AlterModelTable(name="complaintcategory", table=None),
        migrations.AlterModelTable(name="servicearea", table=None),
        migrations.AlterModelTable(name="complaint", table=None),
        migrations.AlterModelTable(name="historicalcomplaint", table=None),
        migrations.RunPython(forwards, backwards),
    ]
