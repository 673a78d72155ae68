"""An officer imports a complaints file in Chromium: the job's page shows the progress and
then the result, or the row / column table, without being reloaded (static/js/jobs.js)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.complaints.factories import load_bank_holidays
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def complaints_csv(path, count: int, *, bad_row: int | None = None):
    lines = ["reference,date_received"]
    for n in range(1, count + 1):
        lines.append(
            f"{path.stem.upper()}-{n:03d},{'31/02/2024' if n == bad_row else '2024-05-01'}"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def upload(page, live_server, path):
    page.goto(f"{live_server.url}{reverse('complaints:complaint-import')}")
    page.get_by_label("Complaints file").set_input_files(str(path))
    page.get_by_role("button", name="Import complaints").click()
    page.wait_for_url(re.compile(r".*/jobs/\d+/$"))


def test_an_import_job_page_updates_itself_to_the_result_and_to_the_problems(
    page, live_server, login, browser_officer, tmp_path, screenshot_dir
):
    load_bank_holidays()
    login("officer")
    upload(page, live_server, complaints_csv(tmp_path / "may.csv", 30))
    status = page.locator('[data-job-field="status_label"]')
    expect(status).to_have_text("Queued")
    run_worker()  # the page is not reloaded: its script sees the job done
    expect(status).to_have_text("Done", timeout=10_000)
    expect(page.locator(".job-message")).to_contain_text("Imported 30 new and updated 0")
    page.screenshot(path=screenshot_dir / "complaints-import-job-done.png", full_page=True)
    page.get_by_role("link", name="Open the result").click()
    expect(page.get_by_role("heading", name="Complaints")).to_be_visible()
    assert Complaint.objects.count() == 30

    upload(page, live_server, complaints_csv(tmp_path / "june.csv", 5, bad_row=5))
    run_worker()
    expect(status).to_have_text("Failed", timeout=10_000)
    expect(page.locator(".job-progress")).to_be_hidden()  # no bar for a failed job
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported: 1 problem in june.csv.")
    row = page.get_by_role("row").filter(has_text="date_received")
    expect(row).to_contain_text("6")
    expect(row).to_contain_text("“31/02/2024” is not a date")
    page.screenshot(path=screenshot_dir / "complaints-import-job-failed.png", full_page=True)
    assert Complaint.objects.count() == 30
