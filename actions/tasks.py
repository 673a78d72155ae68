"""Background jobs of the actions app: the plan PDF and the daily record of the actions'
status (the dashboard chart's history). The daily reminders are sections of the daily
digest (actions/reminders.py, notifications/tasks.py)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from actions.models import ActionPlan
from jobs import schedule
from jobs.models import Job
from jobs.services import JobFailed, Started, fingerprint, finish_job, report_progress, start_job
from jobs.tasks import job_task

PDF_STEPS = 2


@job_task
def build_plan_pdf(job, *, plan_id: int, filename: str):
    """Lay out the plan's PDF (actions.plan_pdf.plan_pdf) and store it."""
    from actions.plan_pdf import plan_pdf
    from findings.tasks import page_count

    report_progress(job, 0, PDF_STEPS, unit="steps", message="Laying out the pages")
    try:
        plan = ActionPlan.objects.select_related("organisation", "assessment", "owner").get(
            pk=plan_id
        )
    except ActionPlan.DoesNotExist:
        raise JobFailed("The plan was deleted before its PDF could be made.") from None
    pdf = plan_pdf(plan)
    pages = page_count(pdf)
    report_progress(job, 1, PDF_STEPS, message=f"Storing {pages:,} pages")
    finish_job(
        job,
        message=f"{pages:,} pages laid out",
        content=pdf,
        filename=filename,
        content_type="application/pdf",
        result_url=reverse("actions:plan-pdf", args=[plan_id]),
    )


@job_task
def record_snapshots(job, *, day: str):
    """Record each past day's action status counts not yet recorded (idempotent: a day is
    recorded once), for the dashboard's chart; the dashboard itself never writes."""
    from actions.services import record_action_snapshots

    report_progress(job, 0, None, unit="days", message="Recording past days")
    days = record_action_snapshots()
    report_progress(job, len(days), len(days))
    finish_job(job, message=f"Recorded {len(days)} day{'s' if len(days) != 1 else ''}")


def start_snapshots(day: datetime.date, user=None) -> Started:
    """Queue the day's snapshot job (once a day: a second call joins the first)."""
    return start_job(
        kind=Job.Kind.ACTION_SNAPSHOTS,
        task=record_snapshots,
        title=f"Actions' status record for {day:%-d %B %Y}",
        user=user,
        fingerprint=fingerprint(Job.Kind.ACTION_SNAPSHOTS, day.isoformat()),
        kwargs={"day": day.isoformat()},
    )


schedule.daily("action-snapshots", at=datetime.time(0, 5), start=start_snapshots)
