"""Whole numbers read from a request (query string or form data): the one place that checks them.

The test is not str.isdigit(): it is true for "²" and "٣" (Unicode digits), and int("²")
raises ValueError, a 500. A number too big for the database's bigint is a database error, also
a 500. So a number here is written in ASCII digits, within the bounds its use allows; anything
else reads as "not given", and the caller keeps its default or says what was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # no longer than the largest bigint
MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The whole number `value` writes in ASCII digits, if it lies in [minimum, maximum];
    else None (for "²", "-5", "1e5", "", None, a list, a 40-digit number...)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if minimum <= number <= maximum else None


def object_id(value) -> int | None:
    """A primary key written in `value`, or None."""
    return parse_int(value, minimum=1)


def object_ids(values: Iterable) -> list[int]:
    """The primary keys among `values` (e.g. request.POST.getlist("findings")); others dropped."""
    return [pk for pk in map(object_id, values) if pk is not None]


def int_param(params: Mapping, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """params[name] as a number in [minimum, maximum], or `default` when it is missing or bad."""
    number = parse_int(params.get(name), minimum=minimum, maximum=maximum)
    return default if number is None else number


def id_param(params: Mapping, name: str) -> int | None:
    """params[name] as a primary key, or None when it is missing or bad."""
    return object_id(params.get(name))
