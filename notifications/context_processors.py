"""The navigation bar's count of unread notifications."""

from django.utils.functional import SimpleLazyObject


def unread_count(request):
    """`unread_notifications`: counted only when a page prints it (the navigation bar of a
    signed-in person's page: one query; never on the login or error pages)."""

    def count() -> int:
        from notifications.models import Notification

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.for_user(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(count)}
