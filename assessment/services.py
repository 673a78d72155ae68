"""Writes for the assessment app. Each runs in a transaction, checks that the user's role in
the record's organisation allows it, and validates before saving. `user` None is trusted code
acting for nobody (a management command, the demo loader)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from assessment import framework_loader
from assessment.models import (
    Assessment,
    Framework,
    Organisation,
    QualityStatement,
    StatementScore,
    Theme,
)
from assessment.tenancy import require_perm
from core.concurrency import NOT_CHECKED, check_edit, check_version
from core.history import save_if_changed


@transaction.atomic
def load_framework_file(path: str | Path) -> Framework:
    """Load (or update) a framework from its data file; nothing is saved if any entry is wrong."""
    spec = framework_loader.read_framework_file(path)
    return framework_loader.save_framework(
        spec, framework_model=Framework, theme_model=Theme, statement_model=QualityStatement
    )


def ensure_score_rows(assessment: Assessment) -> int:
    """Give the assessment one (unscored) score row per statement of its framework."""
    have = set(assessment.scores.values_list("statement_id", flat=True))
    missing = [
        StatementScore(assessment=assessment, statement_id=statement_id)
        for statement_id in assessment.framework.statements.values_list("pk", flat=True)
        if statement_id not in have
    ]
    StatementScore.objects.bulk_create(missing)
    return len(missing)


@transaction.atomic
def create_assessment(*, assessment: Assessment, user) -> Assessment:
    """Save a new assessment with an empty score for each of its framework's statements."""
    assessment.full_clean()
    require_perm(
        user,
        "assessment.add_assessment",
        assessment.organisation,
        "Your role may not record assessments for this organisation.",
    )
    assessment.save()
    ensure_score_rows(assessment)
    return assessment


# What editing each kind of record needs, and what a refusal says.
_CHANGE = {
    Assessment: ("assessment.change_assessment", "Your role may not edit this assessment."),
    Organisation: ("assessment.change_organisation", "Your role may not edit this organisation."),
}

# What a refused edit shows as changed by the other person, in the forms' order.
_CONFLICT_FIELDS = {
    Assessment: (
        "title",
        "status",
        "start_date",
        "end_date",
        "published_date",
        "lead",
        "indicative",
    ),
    Organisation: ("name", "kind", "code", "region", "default_response_working_days"),
}


@transaction.atomic
def update_record(
    *, record: Assessment | Organisation, user, expected_version=NOT_CHECKED
) -> Assessment | Organisation:
    """Save an edit of an assessment's or an organisation's details (a form's instance); an edit
    that changes nothing saves nothing and records no history. The user's role must allow it in
    the record's organisation, and in the one an assessment is moved to. An edit of a version
    someone saved since is refused (EditConflict)."""
    stored = type(record).objects.select_for_update().get(pk=record.pk)
    perm, refusal = _CHANGE[type(record)]
    require_perm(user, perm, stored, refusal)
    check_edit(stored, expected_version, _CONFLICT_FIELDS[type(record)])
    record.full_clean()
    require_perm(user, perm, record, refusal)
    save_if_changed(record, stored)
    return record


# What a refused score save shows as changed by the other person.
SCORE_FIELDS = ("score", "summary")


@transaction.atomic
def set_statement_score(
    *,
    score_record: StatementScore,
    score: int | None,
    summary: str,
    user,
    expected_version: int | None = None,
) -> StatementScore:
    """Record a statement's score and summary; the history keeps who changed what, and when.

    With `expected_version` (the version the form was opened at), a save is refused with
    EditConflict if someone else saved the score since; the row is locked while the versions
    are compared, so two simultaneous saves cannot both pass.
    """
    current = StatementScore.objects.select_for_update().get(pk=score_record.pk)
    require_perm(
        user,
        "assessment.change_statementscore",
        current,
        "Your role may not score this assessment's statements.",
    )
    if expected_version is not None:
        check_version(current, expected_version, SCORE_FIELDS)
    score_record.score = score
    score_record.summary = summary
    score_record.version = current.version
    score_record.full_clean()
    save_if_changed(score_record, current)
    return score_record
