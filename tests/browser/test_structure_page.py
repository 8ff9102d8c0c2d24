"""Halland's structure page in Chromium: a keyboard-only path through the table of contents and the
diagram's links with visible focus, and the page's height on a desktop and a phone.

The heights go to ``artifacts/browser/heights.json``; the limits are well under what the page
measured before it had a diagram and a compact list (5,661 px on a desktop, 7,750 px on a phone).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .pages import ARTIFACTS

pytest.importorskip("playwright", reason="the browser tests need Playwright for Python: run them with `tox -e browser`")

#: What the focused element is and whether its focus shows: an outline on HTML, a thick border on a diagram box.
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const inSvg = el.closest('svg') !== null;
  let visible;
  if (inSvg) {
    const rect = el.querySelector('rect');
    visible = rect !== null && parseFloat(getComputedStyle(rect).strokeWidth) >= 3;
  } else {
    const style = getComputedStyle(el);
    visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  }
  return {
    href: el.getAttribute('href'),
    toc: el.closest('.ks-toc') !== null,
    diagram: inSvg,
    visible,
    text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80),
  };
}
"""


def halland(demo: str, lang: str) -> str:
    from .demo import pages_by_type

    paths = pages_by_type(demo)["wagtail_kultursamverkan.StructurePage"]
    return demo + next(p for p in paths if p.startswith(f"/{lang}/") and p.endswith("/halland/"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_keyboard_path_through_contents_and_diagram(browser: Any, demo: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(halland(demo, lang))
        toc = page.eval_on_selector_all(".ks-toc a", "links => links.map(a => a.getAttribute('href'))")
        boxes = page.eval_on_selector_all(".ks-diagram a", "links => links.map(a => a.getAttribute('href'))")
        assert len(toc) >= 4
        assert len(boxes) == 10  # Halland's six bodies and four collaborations, each a link to its page
        reached: list[dict[str, Any]] = []
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_JS)
            if focused is None:
                continue
            reached.append(focused)
            if focused["diagram"] and focused["href"] == boxes[-1]:
                break
        assert [f["href"] for f in reached if f["toc"]] == toc
        assert [f["href"] for f in reached if f["diagram"]] == boxes
        hidden = [f for f in reached if not f["visible"]]
        assert hidden == [], f"focus not visible on: {hidden}"
        # The ToC's links move to their sections; a box's link opens its body's page.
        page.focus(".ks-toc a[href='#ks-bodies']")
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#ks-bodies"
        page.focus(f".ks-diagram a[href='{boxes[0]}']")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{boxes[0]}")
        assert page.locator("h1").count() == 1
    finally:
        context.close()


#: Before issue 16: Halland's structure page was 5,661 px tall on a desktop and 7,750 px on a phone.
LIMITS = {"desktop": (1280, 4000), "phone": (375, 5500)}


def test_halland_page_height(browser: Any, demo: str) -> None:
    heights: dict[str, int] = {}
    for name, (width, _limit) in LIMITS.items():
        for lang in ("sv", "en"):
            context = browser.new_context(viewport={"width": width, "height": 800})
            try:
                page = context.new_page()
                page.goto(halland(demo, lang))
                heights[f"{lang}-{name}"] = page.evaluate("document.documentElement.scrollHeight")
            finally:
                context.close()
    out: Path = ARTIFACTS / "heights.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(heights, indent=2), encoding="utf-8")
    for key, height in heights.items():
        assert height < LIMITS[key.split("-")[1]][1], heights
