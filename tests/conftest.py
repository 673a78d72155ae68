"""Fixtures shared by every test: the framework, the shared organisation, a user in each role
there, logged-in clients."""

import os

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from assessment import services  # noqa: E402
from assessment.framework_loader import CQC_LOCAL_AUTHORITY_FILE  # noqa: E402
from assessment.roles import MANAGER, OFFICER, VIEWER  # noqa: E402
from readiness.metrics_loader import BUILTIN_FILE as BUILTIN_METRICS_FILE  # noqa: E402
from readiness.services.metrics import load_metrics_file  # noqa: E402
from tests.assessment.factories import OrganisationFactory  # noqa: E402
from tests.factories import UserFactory, make_member  # noqa: E402


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the memory cache outlives a test's database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cqc_framework(db):
    """The CQC local authority framework and CQC's metrics for it. Loaded by migrations;
    re-loaded here (idempotently) because transactional tests (browser tests) flush the
    migrations' rows."""
    framework = services.load_framework_file(CQC_LOCAL_AUTHORITY_FILE)
    load_metrics_file(BUILTIN_METRICS_FILE)
    return framework


@pytest.fixture
def organisation(db):
    """The shared test organisation: what the factories' records belong to by default."""
    return OrganisationFactory()


@pytest.fixture
def officer(organisation):
    return make_member(UserFactory(username="olu"), organisation, OFFICER).user


@pytest.fixture
def manager(organisation):
    return make_member(UserFactory(username="morgan"), organisation, MANAGER).user


@pytest.fixture
def viewer(organisation):
    """Reads everything of the shared organisation, changes nothing."""
    return make_member(UserFactory(username="vic"), organisation, VIEWER).user


@pytest.fixture
def nobody(db):
    """A logged-in user with no role: may see the dashboard and nothing else."""
    return UserFactory(username="nobody")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def manager_client(manager):
    """A separate browser from `client`/officer_client, so one test can use both roles."""
    from django.test import Client

    manager_client = Client()
    manager_client.force_login(manager)
    return manager_client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
