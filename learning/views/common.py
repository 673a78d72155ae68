"""Helpers of the learning pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


def add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refused(request, error: ValidationError, url: str) -> HttpResponseRedirect:
    """Back to the page with the refusal's words (nothing was changed)."""
    messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(url)
