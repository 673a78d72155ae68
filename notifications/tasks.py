"""Background work of notifications: each "email now" notification's e-mail, and the daily
run (today's notices, then each person's one digest), queued once a day by jobs.schedule."""

from __future__ import annotations

import datetime

from django.conf import settings
from django_tasks import task

from jobs import schedule
from jobs.models import Job
from jobs.services import Started, fingerprint, finish_job, report_progress, start_job
from jobs.tasks import job_task


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification (queued by services.notify when the event commits)."""
    from notifications.sending import send_notification

    return send_notification(notification_id)


@job_task
def send_daily_digest(job, *, day: str):
    """Make the day's notices, then e-mail each person one digest (notifications.sending);
    DigestSent rows keep it to one per person per day, however often it runs."""
    from notifications.sending import send_digests

    report_progress(job, 0, None, unit="digests", message="Sending the digests")
    sent, skipped = send_digests(today=datetime.date.fromisoformat(day))
    report_progress(job, sent, sent)
    message = f"Sent {sent} digest{'s' if sent != 1 else ''}"
    if skipped:
        message += f"; no e-mail address for {', '.join(skipped)}"
    finish_job(job, message=message)


def start_daily_digest(day: datetime.date, user=None) -> Started:
    """Queue the day's digest (once: a second call the same day joins the first)."""
    return start_job(
        kind=Job.Kind.REMINDER_DIGEST,
        task=send_daily_digest,
        title=f"Daily digest for {day:%-d %B %Y}",
        user=user,
        fingerprint=fingerprint(Job.Kind.REMINDER_DIGEST, day.isoformat()),
        kwargs={"day": day.isoformat()},
    )


schedule.daily(
    "reminder-digest",
    at=datetime.time.fromisoformat(settings.REMINDER_DIGEST_AT),
    start=start_daily_digest,
)
