"""Helpers shared by the action plan views."""

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
