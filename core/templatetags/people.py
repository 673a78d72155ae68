"""{{ user|person }}: a person's name as every page shows it (core.people), "—" for nobody."""

from django import template

from core.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user) if user is not None else "—"
