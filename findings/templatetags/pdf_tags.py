"""Tags for the templates WeasyPrint renders to PDF."""

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def inline_static(path):
    """A static file's text, for a PDF template's <style>: the report page links the same file,
    so one stylesheet serves the page (under the CSP, which forbids inline styles) and the PDF."""
    found = finders.find(path)
    if found is None:
        raise template.TemplateSyntaxError(f"inline_static: no static file {path!r}")
    with open(found, encoding="utf-8") as handle:
        # Our own stylesheet from the repository, never user text.
        return mark_safe(handle.read())
