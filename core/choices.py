"""Choices of a model select read in one plain query.

Django's ModelChoiceIterator reads its rows through QuerySet.iterator(), which on PostgreSQL is a
server-side cursor: DECLARE ... WITH HOLD, FETCH and CLOSE, three round trips and a copy of the
result for a select of a few hundred organisations or people. That is right for exporting
200,000 rows and wrong for a select, so selects read their choices with one ordinary query.
"""

import django_filters.fields
from django import forms
from django.forms.models import ModelChoiceIterator

from core.people import display_name


class OneQueryChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class OneQueryFilterChoiceIterator(
    django_filters.fields.ModelChoiceIterator, OneQueryChoiceIterator
):
    """django-filter's iterator (which adds the "null" choice) over the one-query one."""


def read_choices_in_one_query(form: forms.Form) -> None:
    """Make every model select of `form` read its choices with one plain query."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        if issubclass(field.iterator, RowChoiceIterator):
            continue  # already one query, and no instances
        if issubclass(field.iterator, django_filters.fields.ModelChoiceIterator):
            field.iterator = OneQueryFilterChoiceIterator
        else:
            field.iterator = OneQueryChoiceIterator
        field.widget.choices = field.choices


class RowChoiceIterator(ModelChoiceIterator):
    """Choices built from plain rows (values_list of `field.label_fields`), without making a
    model instance per option: for selects of hundreds of people or organisations."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *label_values in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, self.field.label_from_row(*label_values))


class RowChoiceField(forms.ModelChoiceField):
    """A model select labelled from a few columns (`label_fields`, `label_from_row`)."""

    iterator = RowChoiceIterator
    label_fields: tuple[str, ...] = ("name",)

    def label_from_row(self, *values) -> str:
        return str(values[0])


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a model labelled by its `name` (organisations)."""

    field_class = RowChoiceField


class PersonChoiceField(RowChoiceField):
    """People by full name (username when they have none), as the tables show them."""

    label_fields = ("first_name", "last_name", "username")

    def label_from_row(self, first_name, last_name, username) -> str:
        return display_name(first_name, last_name, username)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField
