"""How a person is named on every page, list, form and export: the one rule.

Their full name (first and last, as Django's User.get_full_name joins them), else their
username: a user with no names is never shown as a blank or a lone space.
"""

from __future__ import annotations


def display_name(first_name: str, last_name: str, username: str) -> str:
    """The name from a user's columns (for rows read with values_list, without a User)."""
    return f"{first_name or ''} {last_name or ''}".strip() or username


def person_name(user) -> str:
    """The user's name as pages show it; "" for no user."""
    if user is None:
        return ""
    return display_name(user.first_name, user.last_name, user.get_username())
