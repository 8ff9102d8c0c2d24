"""The editor's path, end to end, in the demo: a Swedish admin builds, publishes and imports structures.

1. Log in to the admin in Swedish.
2. Create a structure page with a political forum that meets twice a year and a strategic
   network that meets four times a year, through the page editor's blocks; publish it.
3. Open the public page and find the Swedish sentence; switch language with the page's own
   language switcher and find the English one.
4. Import a file through the admin import view and see its pages appear as drafts.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .demo import log_in, manage_shell

pytest.importorskip("playwright", reason="the browser tests need Playwright for Python: run them with `tox -e browser`")

TITLE = "Samverkan i Testbygden"
SLUG = "samverkan-i-testbygden"

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


@pytest.fixture
def admin(browser: Any, demo: str) -> Iterator[Any]:
    """A page in a Swedish browser, logged in to the demo's admin."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
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


def add_body(page: Any, index: int, *, id: str, sv: str, en: str, kind: str, tier: str, times: int) -> None:
    """Add a body block at the end of the page's content, with a "number of times per year" cadence."""
    content = page.locator("[data-contentpath=content]").first
    content.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name="Samverkansorgan").click()
    prefix = f"content-{index}-value"
    page.fill(f"[name={prefix}-id]", id)
    page.fill(f"[name={prefix}-name-sv]", sv)
    page.fill(f"[name={prefix}-name-en]", en)
    page.select_option(f"[name={prefix}-kind]", kind)
    page.select_option(f"[name={prefix}-tier]", tier)
    block = page.locator(f"[name={prefix}-cadence-count]").locator("xpath=ancestor::*[@data-contentpath='cadence'][1]")
    block.locator("button.c-sf-add-button").first.click()
    page.locator("[role=option]:not(option):visible").first.click()  # the first cadence form: a number of times
    page.fill(f"[name={prefix}-cadence-0-value-times]", str(times))
    assert page.input_value(f"[name={prefix}-cadence-0-value-per]") == "year"


def test_create_publish_and_read_in_both_languages(admin: Any, demo: str, artifacts: Path) -> None:
    page = admin
    parent = api(demo, "type=wagtail_kultursamverkan.RegionIndexPage&locale=sv&slug=region-halland")[0]["id"]
    page.goto(f"{demo}/admin/pages/add/wagtail_kultursamverkan/structurepage/{parent}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.fill("#id_title", TITLE)
    page.fill("#id_structure_identifier", "testbygden")
    page.fill("#id_name_sv", TITLE)
    page.fill("#id_name_en", "Collaboration in Testbygden")
    page.fill("#id_as_of", "2025")
    add_body(page, 0, id="politisk-samverkan", sv="Politisk samverkansgrupp", en="Political collaboration group",
             kind="political_forum", tier="political", times=2)  # fmt: skip
    add_body(page, 1, id="strategiskt-natverk", sv="Strategiskt nätverk", en="Strategic network",
             kind="network", tier="strategic", times=4)  # fmt: skip
    page.screenshot(path=artifacts / "screenshots" / "editor-new-structure.png", full_page=True)

    page.locator("#page-edit-form .w-dropdown__toggle").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state()
    errors = page.locator(".error-message, .help-critical, .w-field__errors").all_inner_texts()
    assert "/edit/" not in page.url, f"not published: {errors}"
    assert "/add/" not in page.url, f"not published: {errors}"

    # The public page, in Swedish.
    page.goto(f"{demo}/sv/region-halland/{SLUG}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_text(re.compile("två gånger per år")).count() >= 1
    assert page.get_by_text(re.compile("fyra gånger per år")).count() >= 1

    # Its English translation, made as Wagtail's Translate action would make it: the demo's admin
    # has no Translate action (neither wagtail.contrib.simple_translation nor wagtail-localize).
    manage_shell(
        demo,
        "from wagtail.models import Locale, Page\n"
        f"page = Page.objects.get(slug={SLUG!r}, locale__language_code='sv').specific\n"
        "copy = page.copy_for_translation(Locale.objects.get(language_code='en'))\n"
        "copy.title = 'Collaboration in Testbygden'\n"
        "copy.save_revision().publish()\n",
    )
    page.goto(f"{demo}/sv/region-halland/{SLUG}/")
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{demo}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text(re.compile("twice a year")).count() >= 1
    assert page.get_by_text(re.compile("four times a year")).count() >= 1


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
