from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.conf import settings
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from actions import selectors
from actions.models import Action, ActionPlan, EffectivenessReview, ProgressUpdate
from actions.plan_forms import ActionPlanForm, PlanForFindingForm
from actions.services.reviews import validate_review
from assessment.forms import DateInput
from complaints.models import Complaint, ComplaintCategory
from core.concurrency import add_version_field
from core.params import object_ids
from core.people import person_name
from core.validators import within_ten_years
from findings.forms.widgets import FindingCheckboxes, finding_picker
from findings.models import Finding

__all__ = [
    "ActionForm",
    "ActionPlanForm",
    "PlanForFindingForm",
    "ProgressForm",
    "ReviewForm",
]


class ActionForm(forms.ModelForm):
    complaint_references = forms.CharField(
        required=False,
        label="Complaints answered",
        help_text="Complaint references, separated by commas.",
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "owner",
            "due_date",
            "priority",
            "success_measure",
            "findings",
            "complaint_categories",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
            "findings": FindingCheckboxes(),
            "complaint_categories": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, plan: ActionPlan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self._set_up_owner(user)
        self._set_up_findings()
        self._set_up_complaints()
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            "title",
            "description",
            Row(Column("owner"), Column("due_date"), Column("priority")),
            "success_measure",
            Fieldset(
                "What it answers",
                *finding_picker(),
                "complaint_categories",
                "complaint_references",
            ),
            Submit("submit", "Save action"),
        )
        add_version_field(self)

    def _set_up_owner(self, user) -> None:
        """The plan's organisation's officers and managers (the current owner stays
        selectable on the action)."""
        owner = self.fields["owner"]
        owner.queryset = selectors.action_owners(
            self.plan.organisation_id, keep=self.instance.owner_id
        )
        owner.label_from_instance = person_name
        if not user.has_perm("actions.manage_action"):
            # Officers draft actions for themselves; managers assign owners.
            owner.disabled = True
            owner.help_text = "You will own this action; a manager can assign someone else."
            if not self.instance.pk:
                self.initial["owner"] = user.pk
        elif not self.instance.pk:
            self.initial.setdefault("owner", user.pk)

    def _set_up_findings(self) -> None:
        """The plan's assessment's findings; those already chosen (pre-ticked from a finding,
        or saved) first, so they are in view at the top of the scrolling picker."""
        findings, assessment_id = self.fields["findings"], self.plan.assessment_id
        chosen = self._chosen_findings()
        findings.queryset = (
            Finding.objects.filter(topic__assessment_id=assessment_id)
            .select_related("topic__statement")
            .annotate(chosen_first=Case(When(pk__in=chosen, then=Value(0)), default=Value(1)))
            .order_by("chosen_first", "topic__statement__order", "topic__order", "order", "pk")
            if assessment_id
            else Finding.objects.none()
        )
        findings.label_from_instance = lambda f: (
            f"{f.topic.statement.title} · {f.get_judgement_display()}: "
            f"{Truncator(f.text).chars(240)}"
        )
        findings.help_text = (
            "Findings of the plan's assessment that this action answers."
            if assessment_id
            else "This plan is not linked to an assessment, so there are no findings to choose."
        )

    def _set_up_complaints(self) -> None:
        """The organisation's complaint categories, and its complaints by reference."""
        organisation = self.plan.organisation
        categories = self.fields["complaint_categories"]
        categories.queryset = ComplaintCategory.objects.filter(
            organisation_id=organisation.pk
        ).order_by("name")
        categories.label = "Complaint categories answered"
        if self.instance.pk:
            self.initial["complaint_references"] = ", ".join(
                self.instance.complaints.order_by("reference").values_list("reference", flat=True)
            )
        examples = list(
            Complaint.objects.filter(organisation_id=organisation.pk)
            .order_by("-date_received", "-pk")
            .values_list("reference", flat=True)[:2]
        )
        # Help texts are HTML to Django and crispy: data goes in through format_html.
        self.fields["complaint_references"].help_text = (
            format_html(
                "Complaint references of {}, separated by commas (e.g. {}).",
                organisation,
                ", ".join(examples),
            )
            if examples
            else format_html("{} has no complaints recorded yet.", organisation)
        )

    def _chosen_findings(self) -> list[int]:
        if self.is_bound:
            values = self.data.getlist("findings") if hasattr(self.data, "getlist") else []
            return object_ids(values)
        initial = self.initial.get("findings")
        if initial is not None:
            return [f.pk if hasattr(f, "pk") else int(f) for f in initial]
        if self.instance.pk:
            return list(self.instance.findings.values_list("pk", flat=True))
        return []

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if not self.instance.pk and due and due < timezone.localdate():
            raise forms.ValidationError("A new action cannot be due in the past.", code="past")
        return due

    def clean_complaint_references(self):
        raw = self.cleaned_data["complaint_references"]
        references = sorted({r.strip() for r in raw.split(",") if r.strip()})
        found = list(
            Complaint.objects.filter(
                organisation_id=self.plan.organisation_id, reference__in=references
            )
        )
        missing = set(references) - {c.reference for c in found}
        if missing:
            raise forms.ValidationError(
                "No complaint with reference %(refs)s for this organisation.",
                code="unknown_complaint",
                params={"refs": ", ".join(sorted(missing))},
            )
        return found


class ProgressForm(forms.ModelForm):
    """A progress update, with optional evidence of what was done (checked by the service as
    every evidence upload is)."""

    evidence_url = forms.URLField(
        label="Evidence link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the proof lives (minutes, a report, a web page), if not uploaded.",
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "text", "status_to", "percent", "evidence_file", "evidence_url"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "text": "What was done since the last update. Completing needs a sentence at least.",
        }

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_to"].choices = [
            ("", f"Keep as {action.get_status_display().lower()}"),
            *[(v, label) for v, label in Action.Status.choices if v != action.status],
        ]
        self.fields["percent"].widget.attrs.update({"min": 0, "max": 100})
        limit_mb = settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)
        evidence_file = self.fields["evidence_file"]
        evidence_file.help_text = (
            f"Proof of what was done: PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG; "
            f"up to {limit_mb} MB."
        )
        evidence_file.widget.attrs["accept"] = ".pdf,.docx,.xlsx,.csv,.txt,.png,.jpg,.jpeg"
        self.initial.setdefault("date", timezone.localdate())
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = CrispyLayout(
            "text",
            "status_to",
            Row(Column("percent"), Column("date")),
            Fieldset(
                "Evidence (optional)",
                "evidence_file",
                "evidence_url",
            ),
            Submit("submit", "Post update"),
        )


class ReviewForm(forms.ModelForm):
    """The review; for "partly" or "not effective", a follow-up action (title, owner, due date)
    or the reason none is needed, in the same form."""

    follow_up_title = forms.CharField(
        max_length=200,
        required=False,
        label="Follow-up action",
        help_text="What will be done next.",
    )
    follow_up_due = forms.DateField(
        required=False, label="Follow-up due", widget=DateInput(), validators=[within_ten_years]
    )
    follow_up_owner = forms.ModelChoiceField(queryset=None, required=False, label="Follow-up owner")

    class Meta:
        model = EffectivenessReview
        fields = ["outcome", "evidence", "date", "no_follow_up_reason"]
        widgets = {
            "outcome": forms.RadioSelect(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "date": DateInput(),
            "no_follow_up_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["outcome"].choices = EffectivenessReview.Outcome.choices
        self.fields["follow_up_owner"].queryset = selectors.action_owners(
            action.plan.organisation_id
        )
        self.fields["follow_up_owner"].label_from_instance = person_name
        self.initial.setdefault("follow_up_owner", action.owner_id)
        self.initial.setdefault("date", timezone.localdate())
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            "outcome",
            "evidence",
            "date",
            Fieldset(
                "If partly or not effective: a follow-up, or why none",
                HTML(
                    '<p class="small text-body-secondary">Either add a follow-up action (it '
                    "joins the same plan, answers the same findings, and the plan cannot close "
                    "until it is done) or say why no follow-up is needed.</p>"
                ),
                "follow_up_title",
                Row(Column("follow_up_due"), Column("follow_up_owner")),
                "no_follow_up_reason",
            ),
            Submit("submit", "Record review"),
        )

    def clean(self):
        cleaned = super().clean()
        title = (cleaned.get("follow_up_title") or "").strip()
        if cleaned.get("outcome"):
            try:
                validate_review(
                    action=self.action,
                    outcome=cleaned["outcome"],
                    follow_up=bool(title),
                    no_follow_up_reason=cleaned.get("no_follow_up_reason") or "",
                )
            except forms.ValidationError as error:
                self.add_error(None, error)
        if title:
            # What the follow-up action itself needs (its model requires them too).
            if not cleaned.get("follow_up_due"):
                self.add_error(
                    "follow_up_due",
                    forms.ValidationError("Give the follow-up a due date.", code="required"),
                )
            if not cleaned.get("follow_up_owner"):
                self.add_error(
                    "follow_up_owner",
                    forms.ValidationError("Choose who owns the follow-up.", code="required"),
                )
        return cleaned

    def follow_up(self) -> Action | None:
        if not (self.cleaned_data.get("follow_up_title") or "").strip():
            return None
        original = self.action
        return Action(
            plan_id=original.plan_id,
            title=self.cleaned_data["follow_up_title"],
            description=f"Follow-up of “{original.title}”: {self.cleaned_data['evidence']}",
            owner=self.cleaned_data.get("follow_up_owner") or original.owner,
            due_date=self.cleaned_data["follow_up_due"],
            priority=original.priority,
            success_measure=original.success_measure,
        )
