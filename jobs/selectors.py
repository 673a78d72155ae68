"""What a job's page and its polling script read."""

from __future__ import annotations

from jobs.models import Job

# The status JSON lists at most this many row problems (the page says how many there are).
STATUS_ERROR_ROWS = 200


def job_status(job: Job) -> dict:
    """The job as its page's script reads it (the script sets every text as text)."""
    url, label = job.result_link
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.is_finished,
        "done": job.progress_done,
        "total": job.progress_total,
        "unit": job.progress_unit,
        "percent": job.percent,
        "progress_text": job.progress_text,
        "message": job.message,
        "result_url": url,
        "result_label": label,
        "error": job.error,
        "error_rows": job.error_rows[:STATUS_ERROR_ROWS],
        "error_row_count": len(job.error_rows),
    }
