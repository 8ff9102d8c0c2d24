"""The editor's path, end to end, in the demo: a Swedish admin adds a body page and translates it.

1. Log in to the admin in Swedish; add a structure page below Region Halland (setup).
2. Add a body page below it with a cadence typed in words (the live preview shows the Swedish
   and English sentence); publish; read it in Swedish.
3. Translate the structure and the body with the page menu's Translate action
   (``wagtail.contrib.simple_translation``), type the English name, publish, read it at /en/.

Every click and every field filled in steps 2 and 3 is counted; with the page height and the
number of inputs of Halland's structure page editor and of its tallest body page editor, the
counts go to ``artifacts/browser/editor-measurements.json`` and are printed.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .demo import RUNNING_LOGS, log_in
from .pages import ARTIFACTS

pytest.importorskip("playwright", reason="the browser tests need Playwright for Python: run them with `tox -e browser`")

#: The editor's scroll container in Wagtail's admin (the document itself does not scroll there).
HEIGHT_JS = """() => {
  const main = document.querySelector('main.content-wrapper');
  return Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0);
}"""
FIELDS_JS = """() => {
  const all = [...document.querySelectorAll('#page-edit-form input, #page-edit-form textarea, #page-edit-form select')]
    .filter(e => e.type !== 'hidden');
  return {inputs: all.filter(e => e.tagName === 'INPUT').length,
          textareas: all.filter(e => e.tagName === 'TEXTAREA').length,
          selects: all.filter(e => e.tagName === 'SELECT').length};
}"""

#: True once the page form's slug has a value (or the form has no slug field).
SLUG_SYNCED_JS = """() => {
  const slug = document.querySelector('#page-edit-form #id_slug');
  return !slug || slug.value.trim() !== '';
}"""

#: About two screen heights of a 1280×800 laptop: the issue's goal for a body page's editor on first display.
BODY_EDITOR_MAX_PX = 1800

IMPORT_FILE = """\
format_version: 1
id: gotland-test
name: {sv: Kultursamverkan på Gotland (test), en: Culture collaboration on Gotland (test)}
as_of: "2025"
region: {id: region-gotland-test, name: {sv: Region Gotland (test), en: Region Gotland (test)}, county_code: "09"}
bodies:
  - id: kulturradet-gotland
    name: {sv: Kulturrådet, en: The culture council}
    kind: council
    tier: strategic
    cadence: {kind: count, times: 6, per: year}
"""


class Editor:
    """The admin page in the browser, counting the editor's clicks and filled fields."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.clicks = 0
        self.fields = 0
        self.typed_ids = 0

    def click(self, locator: Any) -> None:
        locator.click()
        self.clicks += 1

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)
        self.fields += 1

    def fill_locator(self, locator: Any, value: str) -> None:
        locator.fill(value)
        self.fields += 1

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.fields += 1

    def fill_select(self, locator: Any, value: str) -> None:
        locator.select_option(value)
        self.fields += 1

    def counts(self) -> dict[str, int]:
        return {"clicks": self.clicks, "fields": self.fields, "typed_ids": self.typed_ids}

    def reset(self) -> None:
        self.clicks = self.fields = self.typed_ids = 0


@pytest.fixture
def admin(browser: Any, demo: str) -> Iterator[Any]:
    """A page in a Swedish browser at laptop size, logged in to the demo's admin."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{demo}/admin/login/")
        assert page.locator("html").get_attribute("lang") == "sv"
        log_in(page, demo)
        yield page
    finally:
        context.close()


def api(demo: str, query: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{demo}/api/v2/pages/?{query}", timeout=30) as response:
        return json.load(response)["items"]


def by_title(demo: str, model: str, lang: str, title: str, parent: int | None = None) -> dict[str, Any]:
    """The live page of that type, language and title (below ``parent``), from the demo's API."""
    below = f"&child_of={parent}" if parent else ""
    found = api(demo, f"type=wagtail_kultursamverkan.{model}&locale={lang}&title={urllib.parse.quote(title)}{below}")
    assert found, (model, lang, title)
    return found[0]


def path(item: dict[str, Any]) -> str:
    return "/" + item["meta"]["html_url"].split("/", 3)[3]


def publish(editor: Editor) -> None:
    """The editor's publish action (the save button's menu), and no problem shown."""
    page = editor.page
    # Wagtail fills the slug from the title after a short debounce (its w-sync controller): a
    # person never clicks publish that fast, Playwright can, and the form then says the slug is required.
    page.wait_for_function(SLUG_SYNCED_JS)
    editor.click(page.locator("#page-edit-form .w-dropdown__toggle").last)
    with page.expect_navigation():
        editor.click(page.locator("button[name=action-publish]"))
    page.wait_for_load_state()
    errors = page.locator(".messages, .error-message, .help-critical, .w-field__errors").all_inner_texts()
    assert "/edit/" not in page.url, f"not published: {[e for e in errors if e.strip()]}"
    assert "/add/" not in page.url, f"not published: {[e for e in errors if e.strip()]}"


def add_page(editor: Editor, demo: str, parent: int, model: str) -> None:
    """The parent page's "add child page" action, then the page type: two clicks, made here by going to the form."""
    editor.page.goto(f"{demo}/admin/pages/add/wagtail_kultursamverkan/{model}/{parent}/")
    editor.page.wait_for_load_state("networkidle")
    editor.clicks += 2


def translate(editor: Editor, demo: str, page_id: int) -> int:
    """The page menu's Translate action into English; the English page's id."""
    page = editor.page
    page.goto(f"{demo}/admin/pages/{page_id}/edit/")
    editor.click(page.locator("header [data-w-dropdown-target=toggle], header .w-dropdown__toggle").last)
    editor.click(page.locator("a[href*='/translation/submit/page/']").first)
    page.wait_for_load_state()
    english = page.get_by_label(re.compile("English|Engelska"))
    if not english.is_checked():
        editor.click(english)
    editor.click(page.locator("main form button[type=submit], main form input[type=submit]").first)
    page.wait_for_load_state()
    found = api(demo, f"translation_of={page_id}&locale=en")
    if found:
        return int(found[0]["id"])
    match = re.search(r"/pages/(\d+)/edit/", page.url)
    assert match, f"no English page after Translate: {page.url}"
    return int(match.group(1))


def choose_relation(editor: Editor, relation_type: str, target: str) -> None:
    """Add a relation to the body: the stream's add button, its type, then the target in the page chooser's modal.

    Wagtail's chooser modal (``wagtailadmin/chooser/browse.html``) lists the pages it offers as
    ``a.choose-page`` links; when the one sought is not listed, its search box (``input[name=q]``)
    finds it.
    """
    page = editor.page
    relations = page.locator("[data-contentpath=relations]").first
    editor.click(relations.locator("button.c-sf-add-button").first)
    kind = relations.locator("select[name$='-value-type']").last
    kind.wait_for()
    editor.fill_select(kind, relation_type)
    chooser = relations.locator("[data-contentpath=target] [data-contentpath=page]").last
    button = chooser.locator("[data-chooser-action-choose]").first
    editor.click(button)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    modal = page.locator(".modal")
    body = modal.locator(".modal-body, .modal-content").first
    try:
        body.wait_for(timeout=15000)
    except PlaywrightTimeout:
        # Seen once in CI with two tox envs loading both cores: no modal after 30 s. The editor would
        # click again, so the test does too (uncounted); a second miss keeps the evidence and fails.
        page.screenshot(path=ARTIFACTS / "chooser-no-modal.png")
        try:
            button.click(timeout=15000)  # Wagtail's modal workflow replaces any modal it opened before
            body.wait_for()
        except PlaywrightTimeout:
            log = RUNNING_LOGS.get(page.url.split("/admin/")[0])
            tail = log.read_text(encoding="utf-8")[-4000:] if log else "(no server log)"
            raise AssertionError(f"the page chooser's modal did not open; the server's log ends:\n{tail}") from None
    choice = modal.locator("a.choose-page", has_text=target).first
    try:
        choice.wait_for(timeout=5000)
    except PlaywrightTimeout:  # not on the first page of the chooser: search for it
        editor.fill_locator(modal.locator("input[name=q]").first, target)
        try:
            choice.wait_for()
        except PlaywrightTimeout:
            (ARTIFACTS / "chooser-modal.html").write_text(modal.first.inner_html(), encoding="utf-8")
            raise
    editor.click(choice)
    modal.wait_for(state="hidden")
    assert target in chooser.inner_text(), chooser.inner_text()


def measure(page: Any, demo: str, page_id: int) -> dict[str, int]:
    page.goto(f"{demo}/admin/pages/{page_id}/edit/")
    page.wait_for_load_state("networkidle")
    return {"height_px": int(page.evaluate(HEIGHT_JS)), **page.evaluate(FIELDS_JS)}


def test_add_a_body_with_cadence_and_relation_then_translate_it(admin: Any, demo: str, artifacts: Path) -> None:
    page = admin
    editor = Editor(page)
    region = api(demo, "type=wagtail_kultursamverkan.RegionIndexPage&locale=sv&slug=region-halland")[0]["id"]

    # Setup: a structure page with one body to relate to (not counted).
    add_page(editor, demo, region, "structurepage")
    page.fill("#id_title", "Samverkan i Testbygden")
    page.fill("#id_name", "Samverkan i Testbygden")
    page.fill("#id_as_of", "2025")
    publish(editor)
    structure = by_title(demo, "StructurePage", "sv", "Samverkan i Testbygden")["id"]
    add_page(editor, demo, structure, "bodypage")
    page.fill("#id_title", "Politisk samverkansgrupp")
    page.fill("#id_name", "Politisk samverkansgrupp")
    page.select_option("#id_kind", "political_forum")
    publish(editor)
    editor.reset()

    # Measured: add a body with a cadence and a relation chosen in the page chooser's modal, and publish it.
    add_page(editor, demo, structure, "bodypage")
    new_body_editor = {"height_px": int(page.evaluate(HEIGHT_JS)), **page.evaluate(FIELDS_JS)}
    editor.fill("#id_title", "Nätverk för scenkonst")
    editor.fill("#id_name", "Nätverk för scenkonst")
    editor.select("#id_kind", "network")
    editor.fill("#id_cadence", "två gånger per år")
    preview = page.locator("[data-ks-cadence-live]")
    preview.get_by_text("två gånger per år").first.wait_for()
    assert "twice a year" in preview.inner_text()  # the live preview, in Swedish and English
    choose_relation(editor, "reports_to", "Politisk samverkansgrupp")
    page.screenshot(path=artifacts / "screenshots" / "editor-new-body.png")
    publish(editor)
    add_body = editor.counts()

    found = by_title(demo, "BodyPage", "sv", "Nätverk för scenkonst", structure)
    body = found["id"]
    page.goto(demo + path(found))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_text("Nätverk för scenkonst").count() >= 1
    assert page.get_by_text(re.compile("två gånger per år")).count() >= 1
    assert page.get_by_text(re.compile("Politisk samverkansgrupp")).count() >= 1  # the chosen relation's target

    # Measured: translate it into English with the Translate action (its structure page first, once).
    editor.reset()
    english_structure = translate(editor, demo, structure)
    page.goto(f"{demo}/admin/pages/{english_structure}/edit/")
    editor.fill("#id_name", "Collaboration in Testbygden")
    publish(editor)
    translate_structure = editor.counts()
    editor.reset()
    english_body = translate(editor, demo, body)
    page.goto(f"{demo}/admin/pages/{english_body}/edit/")
    editor.fill("#id_title", "Performing arts network")
    editor.fill("#id_name", "Performing arts network")
    publish(editor)
    translate_body = editor.counts()

    page.goto(demo + path(by_title(demo, "BodyPage", "en", "Performing arts network", english_structure)))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Performing arts network").count() >= 1
    assert page.get_by_text(re.compile("twice a year")).count() >= 1

    # The editors of Halland's structure page and of its tallest body page.
    halland = api(demo, "type=wagtail_kultursamverkan.StructurePage&locale=sv&slug=halland")[0]["id"]
    bodies = api(demo, f"type=wagtail_kultursamverkan.BodyPage&child_of={halland}&limit=20")
    measured_bodies = {b["title"]: measure(page, demo, b["id"]) for b in bodies}
    tallest = max(measured_bodies, key=lambda t: measured_bodies[t]["height_px"])
    results = {
        "viewport": "1280x800",
        "add_body_with_cadence_and_relation": add_body,
        "translate_structure_into_english": translate_structure,
        "translate_body_into_english": translate_body,
        "halland_structure_page_editor": measure(page, demo, halland),
        "halland_tallest_body_page_editor": {"title": tallest, **measured_bodies[tallest]},
        "new_body_page_editor": new_body_editor,
    }
    (artifacts / "editor-measurements.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    # The goal: a body's form fits in about two screen heights of a laptop (800 px) on first display.
    for name, measured in (("tallest Halland body", measured_bodies[tallest]), ("new body", new_body_editor)):
        assert measured["height_px"] <= BODY_EDITOR_MAX_PX, (name, measured)


def test_import_view_creates_drafts(admin: Any, demo: str, tmp_path: Path) -> None:
    page = admin
    upload = tmp_path / "gotland-test.yaml"
    upload.write_text(IMPORT_FILE, encoding="utf-8")
    page.goto(f"{demo}/admin/kultursamverkan/import/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.get_by_role("button", name="Välj en sida").click()  # the page chooser: import under the home page
    page.locator(".modal a.choose-page", has_text="Kultursamverkan i Sveriges regioner").first.click()
    page.select_option("select[name=locale]", label="Svenska")
    page.set_input_files("input[type=file]", str(upload))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("button[name=confirm]").count() == 1, page.locator("main").inner_text()
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state()

    # The new pages are drafts: not live, so not public, but in the admin's page explorer.
    assert api(demo, "slug=gotland-test") == []
    page.goto(f"{demo}/admin/pages/search/?q=Gotland")
    found = page.locator("a[href*='/edit/']", has_text="Kultursamverkan på Gotland (test)")
    assert found.count() >= 1
    row = found.first.locator("xpath=ancestor::tr[1]")
    assert re.search("utkast", row.inner_text(), re.IGNORECASE), row.inner_text()  # "draft"
