"""The project's form renderer writes plain selects in Python: the HTML must match Django's."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from config.form_renderer import FormRenderer

CHOICES = [
    ("", "Any"),
    ("a&b", 'Tom & "Jerry" <script>'),
    ("Group <1>", [(1, "One"), (2, "Two")]),
    (3, mark_safe("<b>Bold</b>")),
]


class Form(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    disabled = forms.ChoiceField(choices=CHOICES, disabled=True, help_text="Pick one first.")
    radios = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "data", [{}, {"single": "a&b", "many": ["1", "3"], "radios": "y"}, {"single": "2"}]
)
@pytest.mark.parametrize("name", ["single", "many", "disabled", "radios"])
def test_selects_render_as_djangos_own(data, name):
    ours = Form(data or None, renderer=FormRenderer())[name]
    django = Form(data or None, renderer=DjangoTemplates())[name]
    assert squash(str(ours)) == squash(str(django))


def test_values_and_labels_are_escaped_once():
    html = str(Form({"single": "a&b"}, renderer=FormRenderer())["single"])
    escaped = "Tom &amp; &quot;Jerry&quot; &lt;script&gt;"
    assert f'<option value="a&amp;b" selected>{escaped}</option>' in html
    assert '<optgroup label="Group &lt;1&gt;">' in html
    assert '<option value="3"><b>Bold</b></option>' in html


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), FormRenderer)
    finally:
        get_default_renderer.cache_clear()
