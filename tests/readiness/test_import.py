"""Importing metric values from CSV or XLSX: all or nothing, every problem named by its row and
column, the template to start from."""

import csv
import datetime
import io
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from readiness.importer import MetricImportError, RowError
from readiness.models import Metric, MetricValue
from readiness.services.imports import import_metric_values
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db

SATISFIED = "% of people satisfied with care and support"
TOP_UP = (
    "% of people who do not buy any additional care or support privately or pay more to "
    "'top up' their care and support"
)
HEADER = "statement,metric,period,value,target,target_aim,england,region,source_note\n"


def csv_file(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def run(assessment, officer, content: bytes, filename="values.csv", **options):
    return import_metric_values(
        organisation=assessment.organisation,
        filename=filename,
        content=content,
        user=officer,
        **options,
    )


def errors_of(assessment, officer, content: bytes, **options) -> list[str]:
    with pytest.raises(MetricImportError) as refused:
        run(assessment, officer, content, **options)
    assert not MetricValue.objects.filter(value=Decimal("55.5")).exists()
    return [str(error) for error in refused.value.errors]


GOOD = f'Assessing needs,"{SATISFIED}",2024-25,55.5,60,at least,62.1,,ASCS 2024-25 release'


def test_a_file_of_good_rows_is_imported(assessment, officer):
    content = csv_file(
        GOOD,
        f'assessing NEEDS,"{TOP_UP.replace(chr(39), "’")}",2023/24,"61.2%",,at most,,59,',
        'Assessing needs,"% of carers satisfied with social services",,,,,,,',  # not filled in
    )
    result = run(assessment, officer, content)
    assert (result.created, result.updated) == (2, 0)
    satisfied = MetricValue.objects.get(metric__name=SATISFIED)
    assert (satisfied.value, satisfied.target, satisfied.england) == (
        Decimal("55.5"),
        Decimal("60"),
        Decimal("62.1"),
    )
    assert satisfied.source_note == "ASCS 2024-25 release"
    assert satisfied.entered_by == officer
    top_up = MetricValue.objects.get(metric__name=TOP_UP)  # curly quote, any case: matched
    assert (top_up.period_start, top_up.value, top_up.target_aim, top_up.region) == (
        datetime.date(2023, 4, 1),
        Decimal("61.2"),
        "at_most",
        Decimal("59"),
    )
    assert MetricValue.history.count() == 2


def test_one_bad_value_imports_nothing_and_names_the_row(assessment, officer):
    content = csv_file(
        GOOD,
        f'Assessing needs,"{TOP_UP}",2024-25,one hundred,,,,,',
        f'Assessing needs,"{TOP_UP}",2023-24,101,,,,,',
    )
    assert errors_of(assessment, officer, content) == [
        "Row 3, column “value”: “one hundred” is not a number.",
        "Row 4, column “value”: 101 is not a percentage: enter a number from 0 to 100.",
    ]
    assert not MetricValue.objects.exists()


def test_an_unknown_statement_or_metric_is_named(assessment, officer):
    content = csv_file(
        GOOD,
        f'Asessing needs,"{SATISFIED}",2024-25,50,,,,,',
        'Safeguarding,"% of people who feel safe",2024-25,50,,,,,',
        'Assessing needs,"% of people who are happy",2024-25,50,,,,,',
    )
    assert errors_of(assessment, officer, content) == [
        "Row 3, column “statement”: unknown statement “Asessing needs”: give a quality "
        "statement's title, e.g. “Assessing needs”.",
        "Row 4, column “statement”: no metrics of “Safeguarding” are loaded yet, so none can be "
        "recorded.",
        "Row 5, column “metric”: “% of people who are happy” is not one of CQC's metrics for "
        "“Assessing needs” (the template lists them in CQC's words).",
    ]


def test_periods_in_the_future_twice_or_already_recorded_are_named(assessment, officer):
    next_year = datetime.date.today().year + 1
    future = f"{next_year}-{(next_year + 1) % 100:02d}"
    value_for(assessment.organisation, Metric.objects.get(name=TOP_UP), 2022, 40)
    content = csv_file(
        GOOD,
        f'Assessing needs,"{SATISFIED}",{future},50,,,,,',
        f'Assessing needs,"{SATISFIED}",2024-25,51,,,,,',
        f'Assessing needs,"{TOP_UP}",2022-23,41,,sometimes,,,',
    )
    assert errors_of(assessment, officer, content) == [
        f"Row 3, column “period”: {future} is in the future: it starts on 1 April {next_year}.",
        "Row 4, column “period”: 2024-25 is also on row 2.",
        "Row 5, column “target_aim”: “sometimes” is not one of: at least, at most.",
    ]
    assert MetricValue.objects.get().value == Decimal("40")


def test_existing_values_are_replaced_only_when_asked(assessment, officer):
    value_for(assessment.organisation, Metric.objects.get(name=SATISFIED), 2024, 40)
    assert errors_of(assessment, officer, csv_file(GOOD)) == [
        "Row 2, column “period”: a value for 2024-25 is already recorded (tick “replace "
        "existing values” to replace it)."
    ]
    result = run(assessment, officer, csv_file(GOOD), replace_existing=True)
    assert (result.created, result.updated) == (0, 1)
    assert MetricValue.objects.get().value == Decimal("55.5")


def test_columns_are_checked_first(assessment, officer):
    content = b"statement,metric,year,value,colour\n"
    assert errors_of(assessment, officer, content) == [
        "Row 1, column “year”: unknown column",
        "Row 1, column “colour”: unknown column",
        "Row 1, column “period”: required column missing",
    ]


def test_an_xlsx_file_is_imported(assessment, officer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Statement", "Metric", "Period", "Value", "England"])
    sheet.append(["Assessing needs", SATISFIED, "2024-25", 64.30000000000001, 62])
    sheet.append(["Assessing needs", TOP_UP, "2024-25", 70, None])
    handle = io.BytesIO()
    workbook.save(handle)
    result = run(assessment, officer, handle.getvalue(), filename="values.xlsx")
    assert result.created == 2
    assert MetricValue.objects.get(metric__name=SATISFIED).value == Decimal("64.3")


def test_a_file_that_is_not_a_spreadsheet_is_refused(assessment, officer):
    assert errors_of(assessment, officer, b"PK\x03\x04broken", filename="values.xlsx")[
        0
    ].startswith("File: Not a readable .xlsx file")
    assert errors_of(assessment, officer, b"statement,metric\nAssessing needs\x00,x\n") == [
        "File: line 2 contains a NUL byte: the file is not plain text."
    ]


def test_only_those_who_may_record_values_import(assessment, nobody):
    with pytest.raises(PermissionDenied):
        run(assessment, nobody, csv_file(GOOD))


def test_the_import_page_lists_every_problem_and_imports_nothing(assessment, officer_client):
    url = reverse("readiness:value-import", args=[assessment.organisation_id])
    content = csv_file(GOOD, f'Assessing needs,"{TOP_UP}",2024-25,abc,,,,,')
    response = officer_client.post(url, {"file": SimpleUploadedFile("v.csv", content)})
    assert response.status_code == HTTPStatus.OK
    assert response.context["import_errors"] == [RowError(3, "value", "“abc” is not a number.")]
    assert "Nothing was imported: 1 problem in v.csv." in response.content.decode()
    assert not MetricValue.objects.exists()
    good = officer_client.post(url, {"file": SimpleUploadedFile("v.csv", csv_file(GOOD))})
    assert good.status_code == HTTPStatus.FOUND
    assert MetricValue.objects.count() == 1


def test_the_import_page_refuses_other_files(assessment, officer_client):
    url = reverse("readiness:value-import", args=[assessment.organisation_id])
    response = officer_client.post(url, {"file": SimpleUploadedFile("v.pdf", b"%PDF-1.4")})
    assert response.context["form"].errors["file"] == ["“v.pdf” is not a CSV or .xlsx file."]


def test_the_template_lists_every_metric_in_cqcs_words(officer_client, cqc_metrics):
    response = officer_client.get(reverse("readiness:import-template"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == HEADER.strip().split(",")
    assert len(rows) == 1 + Metric.objects.count() == 19
    assert rows[1][:2] == ["Assessing needs", SATISFIED]
    assert rows[2][1] == TOP_UP  # a quote is not a formula: written as it is


def test_the_template_imports_as_it_is_once_filled_in(assessment, officer, officer_client):
    response = officer_client.get(reverse("readiness:import-template"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",,,,,,,", ",2024-25,48,,,,,", 1)
    result = run(assessment, officer, "\n".join(lines).encode())
    assert result.created == 1
