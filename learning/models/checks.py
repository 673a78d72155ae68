"""Checks for effect: whether a brief's learning is embedded in practice (a case-file audit of
N cases, a practice observation...). "Not embedded" needs a follow-up, as an action's
effectiveness review does: a re-brief or an action (learning.services.checks)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from actions.models import Action
from core.validators import not_in_future
from learning.models.briefs import BriefPartQuerySet, LearningBrief


class EffectivenessCheck(models.Model):
    class Method(models.TextChoices):
        CASE_FILE_AUDIT = "case_file_audit", "Case-file audit"
        PRACTICE_OBSERVATION = "practice_observation", "Practice observation"
        SUPERVISION = "supervision", "Supervision discussions"
        SURVEY = "survey", "Staff survey or quiz"
        OTHER = "other", "Other"

    class Result(models.TextChoices):
        EMBEDDED = "embedded", "Embedded"
        PARTLY = "partly", "Partly embedded"
        NOT_EMBEDDED = "not_embedded", "Not embedded"

    brief = models.ForeignKey(LearningBrief, on_delete=models.CASCADE, related_name="checks")
    date = models.DateField(validators=[not_in_future], help_text="When the check was done.")
    method = models.CharField(max_length=24, choices=Method)
    cases = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many cases were audited or observed."
    )
    result = models.CharField(max_length=14, choices=Result)
    evidence = models.TextField(help_text="What the check found, and how it was judged.")
    follow_up_action = models.ForeignKey(
        Action,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="follow-up action",
        help_text="An action of the organisation that takes the learning further.",
    )
    follow_up_brief = models.ForeignKey(
        LearningBrief,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="re-brief",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = BriefPartQuerySet.as_manager()

    class Meta:
        ordering = ["brief", "-date", "-pk"]
        verbose_name = "effectiveness check"
        constraints = [
            models.CheckConstraint(
                condition=~Q(result="not_embedded")
                | Q(follow_up_action__isnull=False)
                | Q(follow_up_brief__isnull=False),
                name="learning_check_not_embedded_follow_up",
                violation_error_message="Learning not embedded needs a follow-up.",
            ),
            models.CheckConstraint(
                condition=Q(result__in=["embedded", "partly", "not_embedded"]),
                name="learning_check_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} of {self.brief}: {self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.brief.get_absolute_url()}#check-{self.pk}"

    @property
    def needs_follow_up(self) -> bool:
        return self.result == self.Result.NOT_EMBEDDED
