"""Writes of the self-assessment: each checks who may, validates, and saves in a transaction."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessment import scoring
from assessment.models import Assessment, StatementScore
from core.concurrency import check_version
from core.history import changed_fields
from findings.models import Evidence
from readiness.models import SelfAssessmentEvidence, SelfAssessmentSummary, StatementSelfAssessment

# What a refused save shows as changed by the other person, in this order.
SELF_FIELDS = ("score", "narrative", "strengths", "areas_for_improvement")
NO_VERSION = 0  # the version a form carries when no self-assessment existed yet


def validate_score(score) -> None:
    """A self-score is 1 to 4, or empty until decided (one rule: the form asks here too)."""
    if score is None:
        return
    if isinstance(score, bool) or not isinstance(score, int) or score not in scoring.SCORE_LABELS:
        raise ValidationError(
            "A self-score is %(low)s to %(high)s (or empty until decided), not %(value)s.",
            code="self_score_range",
            params={"low": scoring.MIN_SCORE, "high": scoring.MAX_SCORE, "value": score},
        )


def validate_evidence(score_record: StatementScore, evidence: Mapping[int, Iterable]) -> None:
    """Every linked evidence item must be this assessment's, and every I statement number one
    the statement has (0 is the statement as a whole)."""
    count = len(score_record.statement.i_statements)
    errors = []
    for number, items in evidence.items():
        if not 0 <= number <= count:
            errors.append(
                ValidationError(
                    "The statement has no I statement %(number)s.",
                    code="no_i_statement",
                    params={"number": number},
                )
            )
        for item in items:
            if item.organisation_id != score_record.assessment.organisation_id:
                errors.append(
                    ValidationError(
                        "Evidence %(pk)s is evidence of another organisation: only evidence "
                        "of %(this)s can be linked.",
                        code="evidence_other_organisation",
                        params={"pk": item.pk, "this": score_record.assessment.organisation},
                    )
                )
    if errors:
        raise ValidationError({"evidence": errors})


def _wanted_links(evidence: Mapping[int, Iterable]) -> set[tuple[int, int]]:
    return {(item.pk, number) for number, items in evidence.items() for item in items}


def _replace_links(self_assessment, wanted: set[tuple[int, int]]) -> bool:
    """Make the links exactly `wanted` ((evidence id, I statement number)); True if changed."""
    links = SelfAssessmentEvidence.objects.filter(self_assessment=self_assessment)
    have = set(links.values_list("evidence_id", "i_statement"))
    gone, new = have - wanted, wanted - have
    for evidence_id, number in gone:
        links.filter(evidence_id=evidence_id, i_statement=number).delete()
    SelfAssessmentEvidence.objects.bulk_create(
        SelfAssessmentEvidence(self_assessment=self_assessment, evidence_id=e, i_statement=n)
        for e, n in sorted(new)
    )
    return bool(gone or new)


@transaction.atomic
def save_self_assessment(
    *,
    score_record: StatementScore,
    user,
    score: int | None,
    narrative: str = "",
    strengths: str = "",
    areas_for_improvement: str = "",
    evidence: Mapping[int, Iterable[Evidence]] | None = None,
    expected_version: int | None = None,
) -> StatementSelfAssessment:
    """Record the council's own score, narrative, strengths, areas for improvement and the
    evidence it relies on (`evidence`: {0: for the whole statement, n: tagged to the n-th I
    statement}). With `expected_version` (the version the form was opened at; NO_VERSION when
    there was none), a save is refused with EditConflict if someone saved since.
    """
    if not user.has_perm("readiness.change_statementselfassessment", score_record):
        raise PermissionDenied("You may not change the self-assessment.")
    evidence = evidence or {}
    try:
        validate_score(score)
    except ValidationError as error:
        raise ValidationError({"score": error}) from None
    validate_evidence(score_record, evidence)
    # The score row is locked first, so two first saves at once make one self-assessment.
    StatementScore.objects.select_for_update().filter(pk=score_record.pk).get()
    current = StatementSelfAssessment.objects.filter(score_record=score_record).first()
    if current is not None and expected_version is not None:
        check_version(current, expected_version, SELF_FIELDS)
    elif current is None and expected_version not in (None, NO_VERSION):
        raise ValidationError("The self-assessment was deleted since you opened it.")
    original = copy.copy(current)
    record = current or StatementSelfAssessment(score_record=score_record, updated_by=user)
    record.score = score
    record.narrative = narrative.strip()
    record.strengths = strengths.strip()
    record.areas_for_improvement = areas_for_improvement.strip()
    record.full_clean(exclude=["score_record"], validate_unique=False)
    edited = original is None or bool(changed_fields(record, original))
    if original is None:
        record.save()
    links_changed = _replace_links(record, _wanted_links(evidence))
    if original is not None and (edited or links_changed):
        # Linking evidence is an edit too: the version moves, so a form opened before it is
        # refused rather than silently dropping the new links.
        record.version = original.version + 1
        record.updated_by = user
        record.save()
    return record


@transaction.atomic
def save_summary(
    *, assessment: Assessment, user, narrative: str, expected_version: int | None = None
) -> SelfAssessmentSummary:
    """Record the assessment's self-assessment summary narrative (optimistic lock as above)."""
    if not user.has_perm("readiness.change_selfassessmentsummary", assessment):
        raise PermissionDenied("You may not change the self-assessment summary.")
    Assessment.objects.select_for_update().filter(pk=assessment.pk).get()
    current = SelfAssessmentSummary.objects.filter(assessment=assessment).first()
    if current is None:
        return SelfAssessmentSummary.objects.create(
            assessment=assessment, narrative=narrative.strip(), updated_by=user
        )
    if expected_version is not None:
        check_version(current, expected_version, ("narrative",))
    if current.narrative != narrative.strip():
        current.narrative = narrative.strip()
        current.updated_by = user
        current.version += 1
        current.save()
    return current
