from pathlib import Path

import pytest

from assessment.roles import OFFICER
from tests.factories import TEST_PASSWORD, UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form; returns a function taking a username."""

    def _login(username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return _login


@pytest.fixture
def browser_officer(roles, cqc_framework):
    return UserFactory(username="officer", first_name="Olu", last_name="Officer", groups=[OFFICER])
