from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"
    # No role_permissions: a notification and a person's choices are that person's own, read
    # and changed by them alone (scoped by person, not by role).
