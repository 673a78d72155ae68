"""How the metrics' numbers are written: no trailing zeros (64.30 -> "64.3", 70.00 -> "70")."""

from __future__ import annotations

from decimal import Decimal


def plain(number) -> str:
    """A number as people write it: "64.3", "70", "-2.5"; "" for None."""
    if number is None:
        return ""
    text = format(Decimal(number).normalize(), "f")
    return "0" if text in ("-0", "") else text
