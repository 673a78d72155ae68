"""row_urls gives the same links as reverse(), one pattern for many rows."""

import pytest
from django.urls import NoReverseMatch, reverse

from core.urls_for_rows import row_urls


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("findings:finding-detail", ()),
        ("findings:finding-update", ()),
        ("findings:finding-move", ("up",)),
        ("findings:finding-move", ("down",)),
        ("actions:plan-detail", ()),
    ],
)
def test_row_urls_match_reverse(name, extra):
    url = row_urls(name, *extra)
    for pk in (1, 42, 1234567):
        assert url(pk) == reverse(name, args=[pk, *extra])


def test_a_url_without_a_key_is_refused():
    with pytest.raises(NoReverseMatch):
        row_urls("dashboard")
