"""The finding picker: checkboxes of findings with a search box (static/js/picker.js filters
them as the user types; without JavaScript every finding is listed). Used wherever a record
links to findings: actions, evidence."""

from crispy_forms.layout import HTML, Div
from django import forms

PICKER_SEARCH = """
<div class="picker-search mb-2" hidden>
  <label for="finding-search" class="form-label">Search the findings</label>
  <input id="finding-search" type="search" class="form-control" autocomplete="off"
         aria-describedby="finding-search-count" hidden>
  <div id="finding-search-count" class="form-text" aria-live="polite"></div>
</div>
"""


class FindingCheckboxes(forms.CheckboxSelectMultiple):
    """The finding picker's checkboxes, each carrying its finding's whole text (and statement)
    for the search box: labels are shortened, and a search must match what the finding says,
    not only its label (picker.js)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        finding = getattr(value, "instance", None)
        if finding is not None:
            option["attrs"]["data-search"] = f"{finding.topic.statement.title} {finding.text}"
        return option


def finding_picker(field_name: str = "findings") -> list:
    """The layout pieces of a finding picker: the search box, then the checkboxes."""
    return [
        HTML(PICKER_SEARCH),
        Div(field_name, css_class="finding-picker mb-3", data_picker="finding-search"),
    ]
