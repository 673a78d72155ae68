"""Keyboard focus is always visible (WCAG 2.4.7, and 1.4.11's 3:1 for the indicator): tabbing
through pages, every focused control, the navy navigation bar's included, draws a solid
outline at least 2px wide whose colour stands out 3:1 from what surrounds it. axe-core does
not check this."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

# What the focused element looks like, and the first opaque background behind its outline.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const style = getComputedStyle(el);
  let node = el.parentElement, background = "rgb(255, 255, 255)";
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    const opaque = colour !== "transparent" && !/rgba\\(.*, 0\\)$/.test(colour);
    if (opaque) { background = colour; break; }
    node = node.parentElement;
  }
  const name = (el.getAttribute("aria-label") || el.innerText || el.name || el.id || "")
    .replace(/\\s+/g, " ").trim();
  return {
    key: el.outerHTML.slice(0, 200),
    label: `${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColour: style.outlineColor,
    background: background,
  };
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def faint_focus(page, base_url: str, url: str, limit: int = 80) -> tuple[list[str], int]:
    """Tab through the page; return each focused element whose ring is missing or faint, and
    how many elements took focus."""
    page.goto(f"{base_url}{url}")
    problems, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["key"] in seen:
            break
        seen.add(focused["key"])
        ratio = contrast(focused["outlineColour"], focused["background"])
        if focused["outlineStyle"] in ("none", "hidden") or focused["outlineWidth"] < 2:
            problems.append(f"{url}: {focused['label']} has no focus outline")
        elif ratio < 3:
            problems.append(
                f"{url}: {focused['label']}: outline {focused['outlineColour']} on "
                f"{focused['background']} is {ratio:.2f}:1"
            )
    return problems, len(seen)


def test_every_control_shows_a_clear_focus_ring(page, live_server, login, demo):
    login("manager")
    statement = demo["finding"].topic.statement.slug
    pages = [
        reverse("dashboard"),
        reverse("findings:finding-list"),
        demo["submitted"].get_absolute_url(),
        reverse("assessment:statement-detail", args=[demo["assessment"].pk, statement]),
        demo["unreviewed"].get_absolute_url(),
    ]
    problems, focused = [], 0
    for path in pages:
        found, count = faint_focus(page, live_server.url, path)
        problems += found
        focused += count
    assert focused > 100  # the walk did go through the pages
    assert problems == [], "\n".join(problems)


def test_navigation_bar_focus_ring_is_yellow_on_navy(page, live_server, login, demo):
    login("officer")
    page.keyboard.press("Tab")  # the skip link comes first
    focused = page.evaluate(FOCUSED)
    assert focused["label"] == 'a "Skip to main content"'
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["label"] == 'a "Inspection tracker"'
    assert focused["background"] == "rgb(29, 53, 87)"  # the navy bar
    assert contrast(focused["outlineColour"], focused["background"]) > 9
