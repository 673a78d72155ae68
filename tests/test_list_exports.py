"""Every list's download holds exactly the rows its filters show, in CSV and in XLSX; a
download with invalid filters holds nothing and goes back to the list, which shows the filter
errors and says nothing was exported (one behaviour, core.exports.ExportMixin)."""

import csv
import datetime
import io
from http import HTTPStatus

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionPlan
from complaints.models import Complaint
from core.exports import NOTHING_EXPORTED
from findings.models import Finding
from tests.actions.factories import ActionFactory, ActionPlanFactory, ShortfallFindingFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "r@example.org", "x")


@pytest.fixture
def superuser_client(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def rows(cqc_framework, root):
    """Two of everything: one each export's filter below keeps, one it drops."""
    kept_finding = ShortfallFindingFactory(text="Kept: carers were not told outcomes.")
    ShortfallFindingFactory(
        text="Dropped: staff felt supported.", judgement=Finding.Judgement.STRENGTH
    )
    approved = ActionPlanFactory(title="Kept plan", status=ActionPlan.Status.APPROVED, owner=root)
    ActionPlanFactory(title="Dropped plan", status=ActionPlan.Status.DRAFT)
    ActionFactory(plan=approved, title="Kept blocked", status=Action.Status.BLOCKED, owner=root)
    ActionFactory(plan=approved, title="Dropped going", owner=root)
    late = TODAY() - datetime.timedelta(days=5)
    ActionFactory(plan=approved, title="Kept late", due_date=late, owner=root)
    ActionFactory(plan=approved, title="Dropped late", due_date=late, owner=root)
    ComplaintFactory(reference="KEPT-1", status=Complaint.Status.OPEN)
    ComplaintFactory(
        reference="DROPPED-1",
        status=Complaint.Status.CLOSED,
        outcome=Complaint.Outcome.WITHDRAWN,
        date_responded=TODAY(),
    )
    return kept_finding


# (URL name, a filter, the column that names a row, the rows that filter keeps)
EXPORTS = [
    ("findings:finding-export", {"judgement": "shortfall"}, "Finding", {"Kept: carers"}),
    ("actions:action-list", {"status": "blocked"}, "Action", {"Kept blocked"}),
    ("actions:my-actions", {"q": "Kept"}, "Action", {"Kept blocked", "Kept late"}),
    ("actions:overdue", {"q": "Kept"}, "Action", {"Kept late"}),
    ("actions:due-soon", {"q": "Dropped", "days": "60"}, "Action", {"Dropped going"}),
    ("actions:plan-list", {"status": "approved"}, "Plan", {"Kept plan"}),
    ("complaints:complaint-export", {"status": "open"}, "reference", {"KEPT-1"}),
]
# Views at an export URL of their own always download; lists download with ?format=.
EXPORT_ONLY = {"findings:finding-export", "complaints:complaint-export"}


def download(client, name, params, export_format):
    return client.get(reverse(name), {**params, "format": export_format})


def table(response, export_format) -> list[list]:
    body = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def names(rows: list[list], column: str) -> set[str]:
    index = rows[0].index(column)
    # Findings are named by their opening words; the rest by their whole name.
    return {str(row[index]).split(" were")[0].split(" staff")[0] for row in rows[1:]}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "params", "column", "kept"), EXPORTS)
def test_a_download_holds_only_the_filtered_rows(
    superuser_client, rows, name, params, column, kept, export_format
):
    response = download(superuser_client, name, params, export_format)
    assert response.status_code == HTTPStatus.OK
    assert names(table(response, export_format), column) == kept


@pytest.mark.parametrize(("name", "params", "column", "kept"), EXPORTS)
def test_without_filters_a_download_holds_more(superuser_client, rows, name, params, column, kept):
    """The filters above are what narrows each download: unfiltered, it holds more."""
    unfiltered = {key: value for key, value in params.items() if key == "days"}
    response = download(superuser_client, name, unfiltered, "csv")
    assert names(table(response, "csv"), column) > kept


INVALID = [
    ("findings:finding-export", "findings:finding-list"),
    ("complaints:complaint-export", "complaints:complaint-list"),
    ("actions:action-list", "actions:action-list"),
    ("actions:my-actions", "actions:my-actions"),
    ("actions:overdue", "actions:overdue"),
    ("actions:due-soon", "actions:due-soon"),
    ("actions:plan-list", "actions:plan-list"),
]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "list_name"), INVALID)
def test_invalid_filters_export_nothing_and_show_the_errors(
    superuser_client, rows, name, list_name, export_format
):
    params = {"organisation": "²", "q": "Kept"}
    response = download(superuser_client, name, params, export_format)
    assert response.status_code == HTTPStatus.FOUND
    assert not response.streaming
    back = response["Location"]
    assert back.startswith(reverse(list_name) + "?")
    assert "format=" not in back
    page = superuser_client.get(back)
    assert page.status_code == HTTPStatus.OK
    assert page.context["filter"].errors["organisation"]
    assert page.context["filter"].data["q"] == "Kept"  # the filters as they were
    assert NOTHING_EXPORTED in page.content.decode()
