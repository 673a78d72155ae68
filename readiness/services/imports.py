"""Saving an imported metrics file, all or nothing (reading: readiness.importer)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment.models import Organisation, QualityStatement
from core.concurrency import refuse_duplicates
from readiness import importer, periods
from readiness.importer import MetricImportError, RowError
from readiness.models import Metric, MetricValue

# Model fields -> the file's columns, for the model's own checks (percentages, periods).
FIELD_COLUMNS = {"period_start": "period"}
VALUE_FIELDS = ["value", "target", "target_aim", "england", "region", "source_note"]
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _key(text) -> str:
    """Names compared ignoring case, runs of spaces and curly quotes."""
    return " ".join(str(text or "").translate(_QUOTES).lower().split())


class Catalogue:
    """The statements and metrics a file may name (two queries)."""

    def __init__(self):
        self.statements = {
            _key(statement.title): statement
            for statement in QualityStatement.objects.filter(framework__metric_lists__isnull=False)
        }
        self.metrics = {
            (metric.statement_id, _key(metric.name)): metric
            for metric in Metric.objects.select_related("statement")
        }
        self.with_metrics = {statement_id for statement_id, _ in self.metrics}

    def metric(self, number: int, values: dict, errors: list[RowError]) -> Metric | None:
        statement_name = importer._text(values.get("statement"))
        statement = self.statements.get(_key(statement_name))
        if statement is None:
            errors.append(
                RowError(
                    number,
                    "statement",
                    f"unknown statement “{statement_name}”: give a quality statement's title, "
                    "e.g. “Assessing needs”.",
                )
            )
            return None
        if statement.pk not in self.with_metrics:
            errors.append(
                RowError(
                    number,
                    "statement",
                    f"no metrics of “{statement.title}” are loaded yet, so none can be recorded.",
                )
            )
            return None
        name = importer._text(values.get("metric"))
        metric = self.metrics.get((statement.pk, _key(name)))
        if metric is None:
            errors.append(
                RowError(
                    number,
                    "metric",
                    f"“{name}” is not one of CQC's metrics for “{statement.title}” (the template "
                    "lists them in CQC's words).",
                )
            )
        return metric


def _cells(number: int, values: dict, errors: list[RowError]) -> dict:
    """The row's period, numbers, aim and note, typed; problems appended to `errors`."""
    cells: dict = {"source_note": importer._text(values.get("source_note"))[:500]}
    try:
        cells["period_start"] = periods.parse(importer._text(values.get("period")))
    except ValidationError as error:
        errors.append(RowError(number, "period", error.messages[0]))
    for column in importer.NUMBER_COLUMNS:
        try:
            cells[column] = importer.parse_number(values.get(column))
        except ValueError as error:
            errors.append(RowError(number, column, str(error)))
    if "value" in cells and cells["value"] is None:
        errors.append(RowError(number, "value", "required, but empty."))
    try:
        cells["target_aim"] = importer.parse_aim(values.get("target_aim"))
    except ValueError as error:
        errors.append(RowError(number, "target_aim", str(error)))
    return cells


def _model_errors(number: int, value: MetricValue, errors: list[RowError]) -> None:
    try:
        value.full_clean(
            exclude=["organisation"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                errors.append(RowError(number, FIELD_COLUMNS.get(field, field), message))


def _parse(organisation, filename, content, replace_existing):
    """(new values, changed values, errors): every row checked, nothing saved."""
    errors: list[RowError] = []
    rows = []
    catalogue = Catalogue()
    for count, (number, values) in enumerate(importer.read_rows(filename, content), start=1):
        if count > importer.MAX_ROWS:
            raise MetricImportError(
                [RowError(0, "", f"The file has more than {importer.MAX_ROWS:,} values.")]
            )
        metric = catalogue.metric(number, values, errors)
        cells = _cells(number, values, errors)
        if metric is not None and not any(e.row == number for e in errors):
            rows.append((number, metric, cells))
    existing = {
        (v.metric_id, v.period_start): v
        for v in MetricValue.objects.filter(
            organisation=organisation, metric__in={metric for _, metric, _ in rows}
        )
    }
    new, changed, seen = [], [], {}
    for number, metric, cells in rows:
        key = (metric.pk, cells["period_start"])
        if key in seen:
            label = periods.label(cells["period_start"])
            errors.append(RowError(number, "period", f"{label} is also on row {seen[key]}."))
            continue
        seen[key] = number
        value = existing.get(key)
        if value is not None and not replace_existing:
            errors.append(
                RowError(
                    number,
                    "period",
                    f"a value for {periods.label(cells['period_start'])} is already recorded "
                    "(tick “replace existing values” to replace it).",
                )
            )
            continue
        if value is None:
            value = MetricValue(organisation=organisation, metric=metric)
            new.append((number, value))
        else:
            changed.append(value)
        for field, cell in cells.items():
            setattr(value, field, cell)
        _model_errors(number, value, errors)
    return new, changed, errors


def _taken_meanwhile(organisation, new) -> None:
    """After the database refused our inserts: the values someone recorded since we checked."""
    raise MetricImportError(
        [
            RowError(
                number,
                "period",
                f"a value for {value.period_label} was recorded by someone else while this "
                "file was being imported.",
            )
            for number, value in new
            if MetricValue.objects.filter(
                organisation=organisation, metric=value.metric, period_start=value.period_start
            ).exists()
        ]
    )


@transaction.atomic
def import_metric_values(
    *, organisation: Organisation, filename: str, content: bytes, user, replace_existing=False
) -> ImportResult:
    """Check every row of a metrics file, then save every value, or raise MetricImportError
    naming each row, column and problem and save nothing."""
    if not user.has_perm("readiness.add_metricvalue", organisation) or (
        replace_existing and not user.has_perm("readiness.change_metricvalue", organisation)
    ):
        raise PermissionDenied("You may not import metric values.")
    new, changed, errors = _parse(organisation, filename, content, replace_existing)
    if errors:
        raise MetricImportError(sorted(errors, key=lambda e: (e.row, _column_order(e.column))))
    for _, value in new:
        value.entered_by = user
    with refuse_duplicates(lambda: _taken_meanwhile(organisation, new)):
        bulk_create_with_history([v for _, v in new], MetricValue, batch_size=500)
    if changed:
        now = timezone.now()
        for value in changed:
            value.updated_at = now  # bulk updates skip auto_now
        bulk_update_with_history(
            changed, MetricValue, fields=[*VALUE_FIELDS, "updated_at"], batch_size=500
        )
    return ImportResult(created=len(new), updated=len(changed))


def _column_order(column: str) -> int:
    return importer.COLUMNS.index(column) if column in importer.COLUMNS else len(importer.COLUMNS)
