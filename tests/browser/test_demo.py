"""The demo site in Chromium: every public page type in sv and en, and our block forms in the page editor.

Each page is checked with axe-core (WCAG 2.1 A/AA plus heading order and landmarks), for
horizontal scrolling, headings and ``lang``, at desktop width, at 200 % zoom and at 320 px.
Screenshots of a structure page and of the block editor go to ``artifacts/browser/``.
Any problem fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .pages import VIEWPORTS, Viewport, check_page

pytest.importorskip("playwright", reason="the browser tests need Playwright for Python: run them with `tox -e browser`")

LANGS = ("sv", "en")
REGIONS = ("halland", "norrbotten", "orebro", "skane", "stockholm")
#: Page kind → (Wagtail page type, path ending that picks one page of that type, or "" for the first).
KINDS = {
    "home": ("wagtailcore.Page", ""),
    "index": ("wagtail_kultursamverkan.RegionIndexPage", "/region-halland/"),
    **{f"structure-{r}": ("wagtail_kultursamverkan.StructurePage", f"/{r}/") for r in REGIONS},
    "plan": ("wagtail_kultursamverkan.PlanPage", ""),
    "body": ("wagtail_kultursamverkan.BodyPage", ""),
    "collaboration": ("wagtail_kultursamverkan.CollaborationPage", ""),
    "agreement": ("wagtail_kultursamverkan.AgreementPage", ""),
    "event-series": ("wagtail_kultursamverkan.EventSeriesPage", ""),
    "event": ("wagtail_kultursamverkan.EventPage", ""),
    "comparison": ("wagtail_kultursamverkan.ComparisonPage", ""),
}


def assert_clean(problems: list[str]) -> None:
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="session")
def demo_pages(demo: str) -> dict[str, list[str]]:
    from .demo import pages_by_type

    return pages_by_type(demo)


def find(demo_pages: dict[str, list[str]], kind: str, lang: str) -> str:
    page_type, ending = KINDS[kind]
    paths = [p for p in demo_pages.get(page_type, []) if p.startswith(f"/{lang}/") and p.endswith(ending)]
    assert paths, f"the demo has no {kind} page ({page_type}) in {lang}: {demo_pages}"
    return paths[0]


@pytest.fixture(params=VIEWPORTS, ids=lambda v: v.name)
def viewport(request: pytest.FixtureRequest) -> Viewport:
    return request.param


@pytest.fixture
def context(browser: Any, viewport: Viewport) -> Iterator[Any]:
    ctx = browser.new_context(**viewport.playwright())
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(KINDS))
def test_public_page(
    kind: str,
    lang: str,
    demo: str,
    demo_pages: dict[str, list[str]],
    context: Any,
    viewport: Viewport,
    axe_source: str,
    artifacts: Path,
) -> None:
    page = context.new_page()
    response = page.goto(demo + find(demo_pages, kind, lang))
    assert response is not None
    assert response.ok
    if kind == "structure-halland" and viewport.name != "zoom200":
        shots = artifacts / "screenshots"
        page.screenshot(path=shots / f"structure-{lang}-{viewport.name}.png")  # the first screen, as a reader sees it
        page.screenshot(path=shots / f"structure-{lang}-{viewport.name}-full.png", full_page=True)
    assert_clean(check_page(page, axe_source, lang=lang, name=f"demo-{kind}-{lang}-{viewport.name}"))


#: The page editor is Wagtail's; ours are the panels and blocks in its form. Wagtail's minimap
#: (the outline beside the form) is left out: it is not ours and not in the form.
EDITOR = {"include": ["#page-edit-form"], "exclude": [".w-minimap"]}


#: Editors checked: Halland's structure page and one of its body pages (the cadence widget, compact choices).
EDITED = {"structure": "Kulturstrategi och samverkan i Halland", "body": "Samråd för professionella kulturskapare"}


@pytest.mark.parametrize("edited", list(EDITED))
@pytest.mark.parametrize("viewport", [VIEWPORTS[0], VIEWPORTS[2]], ids=lambda v: v.name)
def test_block_editor(
    browser: Any,
    demo: str,
    admin_state: str,
    viewport: Viewport,
    edited: str,
    axe_source: str,
    artifacts: Path,
) -> None:
    """Our pages' panels and blocks in the page editor (Swedish admin)."""
    ctx = browser.new_context(storage_state=admin_state, locale="sv-SE", **viewport.playwright())
    try:
        page = ctx.new_page()
        page.goto(f"{demo}/admin/pages/search/?q={EDITED[edited].split()[0]}")
        edit = page.locator("a[href*='/edit/']", has_text=EDITED[edited]).first
        page.goto(demo + edit.get_attribute("href"))
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "sv"
        page.screenshot(path=artifacts / "screenshots" / f"editor-{edited}-{viewport.name}.png")
        name = f"editor-{edited}-{viewport.name}"
        problems = check_page(page, axe_source, lang="sv", name=name, structure=False, **EDITOR)
    finally:
        ctx.close()
    assert_clean(problems)
