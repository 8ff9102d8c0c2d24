"""The core's HTML and SVG in Chromium: axe-core WCAG 2.1 A/AA, reflow at 320 px and 200 % zoom.

Each region's ``render(..., format="html")`` and its ``export(..., format="svg")`` go into the
smallest page a host site could give them (a ``<main>`` with an ``<h1>``, no styling beyond a
font and ``overflow-wrap: break-word``, without which a Swedish compound such as
"Samverkansstruktur" in an h1 is wider than 320 px) so that what is checked is the library's
output, not a site's stylesheet.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest

import kultursamverkan

from .pages import ARTIFACTS, ROOT, VIEWPORTS, Viewport, check_page

pytest.importorskip("playwright", reason="the browser tests need Playwright for Python: run them with `tox -e browser`")

REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")
LANGS = ("sv", "en")
TITLES = {"sv": "Samverkansstruktur", "en": "Collaboration structure"}
DIAGRAM = {"sv": "Diagram", "en": "Diagram"}


def host_page(lang: str, title: str, content: str) -> str:
    """A minimal valid page around a fragment: lang, viewport meta, one main landmark and an h1."""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>body {{ font-family: sans-serif; line-height: 1.5; margin: 1rem; overflow-wrap: break-word; }}</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
{content}
</main>
</body>
</html>
"""


def diagram_page(structure: kultursamverkan.Structure, lang: str) -> str:
    """The SVG inline in a figure, scaled to the width available as a host page would (``max-width: 100%``)."""
    svg = kultursamverkan.export(structure, format="svg", lang=lang)
    name = structure.name.get(lang)[0]
    figure = f'<figure style="margin: 0">\n{svg}</figure>\n<style>svg {{ max-width: 100%; height: auto; }}</style>'
    return host_page(lang, f"{DIAGRAM[lang]}: {name}", figure)


@pytest.fixture(scope="module")
def structures() -> dict[str, kultursamverkan.Structure]:
    return {r: kultursamverkan.load(ROOT / "examples" / "regions" / f"{r}.yaml") for r in REGIONS}


@pytest.fixture(params=VIEWPORTS, ids=lambda v: v.name)
def viewport_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Viewport, Any]]:
    viewport: Viewport = request.param
    context = browser.new_context(**viewport.playwright())
    try:
        yield viewport, context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("region", REGIONS)
def test_rendered_structure(
    region: str, lang: str, structures: dict[str, Any], viewport_page: tuple[Viewport, Any], axe_source: str
) -> None:
    viewport, page = viewport_page
    fragment = kultursamverkan.render(structures[region], lang, format="html", heading_level=2)
    page.set_content(host_page(lang, TITLES[lang], fragment))
    problems = check_page(page, axe_source, lang=lang, name=f"core-render-{region}-{lang}-{viewport.name}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("region", REGIONS)
def test_diagram(
    region: str, lang: str, structures: dict[str, Any], viewport_page: tuple[Viewport, Any], axe_source: str
) -> None:
    viewport, page = viewport_page
    page.set_content(diagram_page(structures[region], lang))
    if region == "halland" and viewport.name != "zoom200":
        path = ARTIFACTS / "screenshots" / f"diagram-{lang}-{viewport.name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
    problems = check_page(page, axe_source, lang=lang, name=f"core-diagram-{region}-{lang}-{viewport.name}")
    assert problems == [], "\n".join(problems)
    # The picture's accessible name is its title, and its description says what it shows.
    svg = page.locator("svg").first
    assert svg.get_attribute("role") == "img"
    assert page.evaluate("document.querySelector('svg desc').textContent.length") > 50


def test_the_checks_find_problems(browser: Any, axe_source: str) -> None:
    """The harness is not vacuous: a page with known faults fails on each of them."""
    context = browser.new_context(**VIEWPORTS[-1].playwright())
    try:
        page = context.new_page()
        page.set_content(
            '<!DOCTYPE html><html lang="sv"><head><title>Fel</title></head><body><main>'
            '<h2>Ingen h1</h2><h4>Hoppar</h4><img src="data:,"><p style="color:#aaa">Grå text</p>'
            "<pre>Enlångradsomintebrytsochdärförrullarsidansidledesvidtrehundratjugopixlarsbredd</pre>"
            "</main></body></html>"
        )
        problems = "\n".join(check_page(page, axe_source, lang="en", name="self-test"))
    finally:
        context.close()
    for expected in ("axe image-alt", "axe color-contrast", "axe heading-order", "axe page-has-heading-one"):
        assert expected in problems
    for expected in ("scrolls horizontally", 'lang="sv"', "the first heading is H2", "skips from h2 to H4"):
        assert expected in problems
