"""The base of every list's filters: Bootstrap classes, one-query selects, and choices that
belong to one organisation waiting for an organisation to be chosen."""

import django_filters
from django import forms

from core.choices import read_choices_in_one_query
from core.params import id_param


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose form widgets carry Bootstrap classes (shared by every list page).

    `per_organisation` names the filters whose choices each belong to one organisation
    (an assessment, a council's complaint categories), with the lookup from a choice to its
    organisation's id. They list the chosen organisation's choices only; with no organisation
    chosen they wait for one (at national scale "every council's" would be thousands of
    options), keeping only a value already given, e.g. by a link, so that it still filters.
    """

    per_organisation: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self._scope_choices()
        data = data or {}
        # A bad id ("²", "abc") counts as none chosen here; the filter's own field says so.
        organisation = id_param(data, "organisation")
        self.organisation_chosen = organisation is not None
        self._waiting_for_organisation = []
        for name, lookup in self.per_organisation.items():
            filter_ = self.filters[name]
            if self.organisation_chosen:
                filter_.queryset = filter_.queryset.filter(**{lookup: organisation})
                continue
            chosen = id_param(data, name)
            if chosen is not None:
                filter_.queryset = filter_.queryset.filter(pk=chosen)
            else:
                filter_.queryset = filter_.queryset.none()
                self._waiting_for_organisation.append(name)

    def _scope_choices(self) -> None:
        """Model choices that belong to organisations (their QuerySet has `for_user`: see
        assessment.tenancy) list only the requesting user's organisations' rows, so another
        organisation's name is never offered, and a value of theirs is refused by the field.
        Without a request (a filter used in code) there is nobody to scope to: nothing."""
        user = getattr(self.request, "user", None)
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if hasattr(queryset, "for_user"):
                filter_.queryset = queryset.none() if user is None else queryset.for_user(user)

    @property
    def form(self):
        if not hasattr(self, "_form"):  # django-filter builds the form once and keeps it
            self.prepare_form(super().form)
        return self._form

    def prepare_form(self, form) -> None:
        """Once per form: Bootstrap classes, selects read in one query, per-organisation
        choices waiting for an organisation. Subclasses extend it."""
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
        read_choices_in_one_query(form)
        for name in self._waiting_for_organisation:
            form.fields[name].disabled = True
            form.fields[name].help_text = "Choose an organisation, then Apply."
