"""Moving the complaint models from the findings app to the complaints app loses nothing.

The database is migrated back to the last state before the move, filled there (with the models
as they were then) with rows of every moved model, their history, the actions' links to them,
permissions held by groups and users, and an admin log entry; then migrated forward to the
latest. Every row must be there with its values and links, under the new app.
"""

import datetime

import pytest
from django.apps import apps as real_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [
    ("assessment", "0006_statementscore_version"),
    ("findings", "0007_unique_positions"),
    ("actions", "0007_date_bounds"),
]
ADMIN = ("admin", "0003_logentry_add_action_flag_choices")
COMPLAINT_FIELDS = [
    "id",
    "organisation_id",
    "reference",
    "date_received",
    "date_acknowledged",
    "response_due",
    "date_responded",
    "relationship",
    "service_area_id",
    "category_id",
    "procedure",
    "investigating_officer",
    "status",
    "outcome",
    "summary",
    "learning",
    "lgsco_status",
    "lgsco_decision",
    "created_at",
    "updated_at",
]
HISTORY_FIELDS = [
    *COMPLAINT_FIELDS,
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
]
COMPLAINT_PERMISSIONS = ["view_complaint", "add_complaint", "change_complaint"]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def latest_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill_old_schema(apps) -> dict:
    """Rows of every moved model, made with the models as they were before the move."""
    get = apps.get_model
    user = get("auth", "User").objects.create(username="keeper")
    organisation = get("assessment", "Organisation").objects.create(name="Oldshire")
    category = get("findings", "ComplaintCategory").objects.create(
        organisation=organisation, name="Delay in service"
    )
    area = get("findings", "ServiceArea").objects.create(
        organisation=organisation, name="Hospital team", active=False
    )
    complaint_model = get("findings", "Complaint")
    complaints = [
        complaint_model.objects.create(
            organisation=organisation,
            reference=f"OLD-{n}",
            date_received=datetime.date(2023, 6, 1 + n),
            date_acknowledged=datetime.date(2023, 6, 5 + n),
            response_due=datetime.date(2023, 7, 1),
            date_responded=datetime.date(2023, 6, 20) if n else None,
            relationship="carer",
            service_area=area,
            category=category if n else None,
            investigating_officer="Priya Shah",
            status="responded" if n else "open",
            outcome="partly_upheld" if n else "",
            summary=f"Summary {n}",
            learning=f"Learning {n}",
            lgsco_status="decided" if n else "none",
            lgsco_decision="upheld" if n else "",
        )
        for n in range(3)
    ]
    history_model = get("findings", "HistoricalComplaint")
    for complaint in complaints:
        history_model.objects.create(
            **{
                field: getattr(complaint, field)
                for field in COMPLAINT_FIELDS
                if field not in ("id",)
            },
            id=complaint.pk,
            history_date=timezone.now(),
            history_type="+",
            history_user=user,
        )
    holiday = get("findings", "BankHoliday").objects.create(
        date=datetime.date(2031, 7, 1), name="Council local holiday"
    )
    plan = get("actions", "ActionPlan").objects.create(organisation=organisation, title="Plan")
    action = get("actions", "Action").objects.create(
        plan=plan,
        title="Answer the complaints",
        owner=user,
        due_date=datetime.date(2024, 1, 1),
        success_measure="Fewer complaints.",
    )
    action.complaints.set(complaints[:2])
    action.complaint_categories.set([category])

    content_type = get("contenttypes", "ContentType").objects.get(
        app_label="findings", model="complaint"
    )
    permissions = get("auth", "Permission").objects.filter(content_type=content_type)
    group = get("auth", "Group").objects.create(name="Complaint handlers")
    group.permissions.set(permissions.filter(codename__in=COMPLAINT_PERMISSIONS))
    user.groups.add(group)
    user.user_permissions.set(permissions.filter(codename="delete_complaint"))
    log = get("admin", "LogEntry").objects.create(
        user=user,
        content_type=content_type,
        object_id=str(complaints[0].pk),
        object_repr=complaints[0].reference,
        action_flag=2,
        change_message="[]",
    )
    return {
        "complaints": [
            {field: getattr(c, field) for field in COMPLAINT_FIELDS} for c in complaints
        ],
        "history": sorted(
            history_model.objects.values_list(*HISTORY_FIELDS), key=lambda row: row[0]
        ),
        "category": (category.pk, category.organisation_id, category.name, category.active),
        "area": (area.pk, area.organisation_id, area.name, area.active),
        "holiday": (holiday.pk, holiday.date, holiday.name),
        "action": action.pk,
        "linked": sorted(c.pk for c in complaints[:2]),
        "group": group.pk,
        "user": user.pk,
        "permission_ids": sorted(permissions.values_list("pk", flat=True)),
        "content_type": content_type.pk,
        "log": log.pk,
    }


def test_moving_the_complaints_app_keeps_every_row_link_and_permission():
    migrate(BEFORE_THE_MOVE + [("complaints", None)])
    try:
        loader = MigrationExecutor(connection).loader
        apps = loader.project_state([*BEFORE_THE_MOVE, ADMIN]).apps
        before = fill_old_schema(apps)
    finally:
        migrate(latest_nodes())
    real_apps.get_model("contenttypes", "ContentType").objects.clear_cache()

    complaint_model = real_apps.get_model("complaints", "Complaint")
    assert complaint_model._meta.db_table == "complaints_complaint"
    after = [
        {field: getattr(c, field) for field in COMPLAINT_FIELDS}
        for c in complaint_model.objects.order_by("pk")
    ]
    assert after == before["complaints"]
    history = complaint_model.history.model.objects.values_list(*HISTORY_FIELDS)
    assert sorted(history, key=lambda row: row[0]) == before["history"]

    category = real_apps.get_model("complaints", "ComplaintCategory").objects.get()
    assert (category.pk, category.organisation_id, category.name, category.active) == (
        before["category"]
    )
    area = real_apps.get_model("complaints", "ServiceArea").objects.get()
    assert (area.pk, area.organisation_id, area.name, area.active) == before["area"]
    holiday = real_apps.get_model("complaints", "BankHoliday").objects.get(
        date=datetime.date(2031, 7, 1)
    )
    assert (holiday.pk, holiday.date, holiday.name) == before["holiday"]

    action = real_apps.get_model("actions", "Action").objects.get(pk=before["action"])
    assert sorted(action.complaints.values_list("pk", flat=True)) == before["linked"]
    assert list(action.complaint_categories.all()) == [category]

    content_type = real_apps.get_model("contenttypes", "ContentType").objects.get_for_model(
        complaint_model
    )
    assert content_type.pk == before["content_type"]  # relabelled, not replaced
    assert not real_apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="findings", model__in=["complaint", "complaintcategory", "bankholiday"]
    )
    permission_model = real_apps.get_model("auth", "Permission")
    assert (
        sorted(
            permission_model.objects.filter(content_type=content_type).values_list("pk", flat=True)
        )
        == before["permission_ids"]
    )
    group = real_apps.get_model("auth", "Group").objects.get(pk=before["group"])
    assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == sorted(
        ("complaints", codename) for codename in COMPLAINT_PERMISSIONS
    )
    user = real_apps.get_model("auth", "User").objects.get(pk=before["user"])
    assert user.has_perm("complaints.delete_complaint")
    assert user.has_perm("complaints.view_complaint")  # through the group
    log = real_apps.get_model("admin", "LogEntry").objects.get(pk=before["log"])
    assert log.get_edited_object() == complaint_model.objects.get(reference="OLD-0")

    # The renamed table's sequence goes on after the old rows.
    new = complaint_model.objects.create(
        organisation_id=category.organisation_id,
        reference="NEW-1",
        date_received=datetime.date(2024, 1, 2),
    )
    assert new.pk > max(row["id"] for row in before["complaints"])


def test_the_roles_hold_the_complaint_permissions_after_migrating():
    """The complaint permissions are there under the complaints app after migrating, and the
    officer and manager roles (memberships, assessment/roles.py) grant them."""
    migrate(BEFORE_THE_MOVE + [("complaints", None)])
    migrate(latest_nodes())
    permission_model = real_apps.get_model("auth", "Permission")
    officer_codenames = [
        "view_complaint",
        "add_complaint",
        "change_complaint",
        "view_complaintcategory",
        "view_servicearea",
    ]
    for codename in [*officer_codenames, "delete_complaint"]:
        assert permission_model.objects.filter(
            content_type__app_label="complaints", codename=codename
        ).exists(), codename
    organisation = real_apps.get_model("assessment", "Organisation").objects.create(name="Anyshire")
    user_model = real_apps.get_model("auth", "User")
    membership_model = real_apps.get_model("assessment", "Membership")
    officer = user_model.objects.create(username="officer")
    manager = user_model.objects.create(username="manager")
    membership_model.objects.create(user=officer, organisation=organisation, role="officer")
    membership_model.objects.create(user=manager, organisation=organisation, role="manager")
    for codename in officer_codenames:
        assert officer.has_perm(f"complaints.{codename}", organisation), codename
    assert not officer.has_perm("complaints.delete_complaint", organisation)
    assert manager.has_perm("complaints.delete_complaint", organisation)


def test_content_types_made_twice_during_the_move_are_merged():
    """While both apps have the models, a migration that creates permissions may make
    complaints content types beside the findings ones: the move merges them, and the groups
    holding either permission hold the one left."""
    migrate(BEFORE_THE_MOVE + [("complaints", None)])
    try:
        apps = MigrationExecutor(connection).loader.project_state([*BEFORE_THE_MOVE, ADMIN]).apps
        content_type = apps.get_model("contenttypes", "ContentType")
        permission = apps.get_model("auth", "Permission")
        group = apps.get_model("auth", "Group")
        old = content_type.objects.get(app_label="findings", model="complaint")
        twin = content_type.objects.create(app_label="complaints", model="complaint")
        holds_old = group.objects.create(name="Holds the old")
        holds_old.permissions.add(
            permission.objects.get(content_type=old, codename="view_complaint")
        )
        holds_twin = group.objects.create(name="Holds the twin")
        holds_twin.permissions.add(
            permission.objects.create(content_type=twin, codename="view_complaint", name="Can view")
        )
    finally:
        migrate(latest_nodes())
    real_apps.get_model("contenttypes", "ContentType").objects.clear_cache()

    content_types = real_apps.get_model("contenttypes", "ContentType").objects
    assert list(content_types.filter(model="complaint").values_list("pk", "app_label")) == [
        (twin.pk, "complaints")
    ]
    for name in ("Holds the old", "Holds the twin"):
        held = real_apps.get_model("auth", "Group").objects.get(name=name).permissions
        assert list(held.values_list("content_type__app_label", "codename")) == [
            ("complaints", "view_complaint")
        ]
