"""The project's form renderer: Django's, except that plain <select>s are written in Python.

Django renders a select through one template include per option. With a few hundred options
(organisations, assessments, people) that was most of a list page's time at national scale:
the findings list spent 76% of its time drawing its filter's selects. This renderer writes the
same HTML directly when the widget uses Django's own select and option templates, and leaves
every other widget (and any select with its own templates) to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def render_attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_select(widget: dict) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{render_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{render_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))


def _plain_select(template_name: str, context: dict) -> bool:
    if template_name != SELECT_TEMPLATE:
        return False
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _group, options, _index in context["widget"]["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if _plain_select(template_name, context):
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)
