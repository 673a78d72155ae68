"""For management commands: run a job here and now with a progress bar, or queue it."""

from __future__ import annotations

from django.conf import settings

from jobs.models import Job
from jobs.services import Started, run_now

BAR_WIDTH = 30


class ProgressBar:
    """Draws "[#######.......]  45%  4,500 of 10,000 rows" on one terminal line."""

    def __init__(self, stream):
        self.stream = stream
        self.last = ""

    def __call__(self, job: Job) -> None:
        percent = job.percent
        filled = 0 if percent is None else percent * BAR_WIDTH // 100
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        shown = "    " if percent is None else f"{percent:3d}%"
        line = f"[{bar}] {shown}  {job.progress_text or job.message}"
        if line != self.last:
            self.stream.write(f"\r{line[:100]:<100}", ending="")
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.last:
            self.stream.write("")


def run_or_queue(stdout, started: Started, *, now: bool, progress=None) -> Job:
    """With now, run the job in this process (drawing its progress on `progress`, stdout by
    default; a command whose output is read may draw it on stderr); else say it is queued and
    where to watch it. An earlier job with the same input is named, not run again."""
    job = started.job
    page = f"{settings.SITE_URL.rstrip('/')}{job.get_absolute_url()}"
    if not started.created:
        stdout.write(f"Already {job.get_status_display().lower()}: job {job.pk} ({page}).")
        return job
    if not now:
        stdout.write(f"Queued job {job.pk}: {job.title} ({page}).")
        return job
    bar = ProgressBar(progress or stdout)
    try:
        job = run_now(job, on_progress=bar)
    finally:
        bar.close()
    stdout.write(f"Job {job.pk}: {job.get_status_display().lower()}. {job.error or job.message}")
    return job


def report_rows(stream, job: Job) -> None:
    """A failed import's problems, one a line: "Row 12, column “date_received”: ..."."""
    for problem in job.error_rows:
        where = f"Row {problem['row']}" if problem.get("row") else "File"
        column = f", column “{problem['column']}”" if problem.get("column") else ""
        stream.write(f"{where}{column}: {problem['message']}")
