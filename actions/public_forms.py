"""Forms and filters of "You said, we did": feedback sources, public wording, the queue of
reviews needing wording. The rules live in actions/services/public.py; these collect input."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms

from actions.models import EffectivenessReview, FeedbackSource, PublicWording
from assessment.models import Organisation
from core.choices import NameChoiceFilter, read_choices_in_one_query
from core.filters import BootstrapFilterSet


class FeedbackSourceForm(forms.ModelForm):
    class Meta:
        model = FeedbackSource
        fields = ["organisation", "name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.for_user(
            user, "actions.add_feedbacksource"
        ).order_by("name")
        if self.instance.pk:
            organisation.disabled = True  # its entries belong to that organisation's reviews
        read_choices_in_one_query(self)
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            "organisation", "name", "kind", "description", Submit("submit", "Save")
        )


class PublicWordingForm(forms.ModelForm):
    """The words an entry is published in, and the feedback sources it came through (those of
    the review's organisation). `version`: the version the writer opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PublicWording
        fields = ["you_said", "we_did", "what_changed", "next_steps", "sources"]
        widgets = {
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 3}),
            "what_changed": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "sources": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, review: EffectivenessReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = FeedbackSource.objects.filter(
            organisation_id=review.action.plan.organisation_id
        ).order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if review.needs_follow_up:
            self.fields["next_steps"].help_text = (
                "Needed: the review found it did not fully work. Say what is being done next "
                "and when it will be checked again."
            )
        read_choices_in_one_query(self)
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            "version",
            "you_said",
            "we_did",
            "what_changed",
            "next_steps",
            "sources",
            HTML(
                '<p class="small text-body-secondary">Saving sends the wording to a manager '
                "for approval; until then (and after any edit) the public pages do not show "
                "it.</p>"
            ),
            Submit("submit", self._save_label()),
        )

    def _save_label(self) -> str:
        """On published wording, the button says that saving takes it off the public pages."""
        if self.instance.pk and self.instance.is_approved:
            return "Save and take off the public pages until approved again"
        return "Save wording"

    def _post_clean(self):
        """The service validates and saves (actions.services.public); the form only reads."""


QUEUE_STATES = [
    ("missing", "No wording yet"),
    ("draft", "Awaiting a manager's approval"),
    ("approved", "Approved (published)"),
]


class WordingQueueFilter(BootstrapFilterSet):
    """Reviews needing public wording or approval; "approved" lists the published ones."""

    state = django_filters.ChoiceFilter(
        choices=QUEUE_STATES,
        method="filter_state",
        empty_label="Needing wording or approval",
        label="Wording",
    )
    outcome = django_filters.ChoiceFilter(
        choices=EffectivenessReview.Outcome, empty_label="Any outcome", label="Review outcome"
    )
    organisation = NameChoiceFilter(
        field_name="action__plan__organisation",
        queryset=Organisation.objects.none(),
        empty_label="All organisations",
        label="Organisation",
    )

    class Meta:
        model = EffectivenessReview
        fields = ["state", "outcome", "organisation"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["organisation"].queryset = Organisation.objects.for_user(
            request.user
        ).order_by("name")

    @property
    def qs(self):
        """Without a chosen state (also before any filter is applied): the reviews still
        needing wording or approval."""
        if not hasattr(self, "_queue"):
            queryset = super().qs
            chosen = self.is_bound and self.form.is_valid() and self.form.cleaned_data["state"]
            if not chosen:
                queryset = queryset.exclude(public_wording__status=PublicWording.Status.APPROVED)
            self._queue = queryset
        return self._queue

    def filter_state(self, queryset, name, value):
        if value == "missing":
            return queryset.filter(public_wording__isnull=True)
        return queryset.filter(public_wording__status=value)


class FeedbackSourceFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    kind = django_filters.ChoiceFilter(choices=FeedbackSource.Kind, empty_label="Any kind")
    organisation = NameChoiceFilter(
        queryset=Organisation.objects.none(), empty_label="All organisations"
    )

    class Meta:
        model = FeedbackSource
        fields = ["q", "kind", "organisation"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["organisation"].queryset = Organisation.objects.for_user(
            request.user
        ).order_by("name")
