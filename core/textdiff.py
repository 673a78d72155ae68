"""Word-level differences between two texts, marked up for display (escaped)."""

from __future__ import annotations

import difflib

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def marked_diff(before: str, after: str) -> tuple[SafeString, SafeString]:
    """Both texts with the words that differ wrapped in <del> (before) and <mark> (after)."""
    old, new = before.split(), after.split()
    old_out: list[str] = []
    new_out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_words = escape(" ".join(old[i1:i2]))
        new_words = escape(" ".join(new[j1:j2]))
        if tag == "equal":
            old_out.append(old_words)
            new_out.append(new_words)
            continue
        if old_words:
            old_out.append(f"<del>{old_words}</del>")
        if new_words:
            new_out.append(f"<mark>{new_words}</mark>")
    return mark_safe(" ".join(old_out)), mark_safe(" ".join(new_out))  # noqa: S308 - escaped above
