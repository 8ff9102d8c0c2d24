"""A structure page's calendar, JSON-LD, diagram and data files at its own address, as a reader fetches them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import icalendar
import yaml
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from pyld import jsonld as ld
from wagtail.models import Locale, Page, PageViewRestriction

import kultursamverkan
from kultursamverkan import io
from wagtail_kultursamverkan.models import BodyPage, StructurePage

from .helpers import admin_user, structure_page

HALLAND = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"
OREBRO = HALLAND.with_name("orebro.yaml")

#: Format → (Content-Type, sent inline).
EXPECTED = {
    "ics": ("text/calendar; charset=utf-8", False),
    "jsonld": ("application/ld+json", True),
    "svg": ("image/svg+xml", True),
    "yaml": ("application/yaml", False),
    "json": ("application/json", True),
    "toml": ("application/toml", False),
}
REASON_CODES = ("not_a_rule", "no_fixed_months", "months_disagree", "not_to_the_day")


@pytest.fixture
def halland(db: None) -> StructurePage:
    Locale.objects.get_or_create(language_code="en")
    return structure_page(kultursamverkan.load(HALLAND))


def _page(halland: StructurePage, lang: str) -> StructurePage:
    page = halland if lang == "sv" else halland.get_translation(Locale.objects.get(language_code="en"))
    return StructurePage.objects.get(pk=page.pk)


def _no_network(url: str, _options: dict) -> dict:
    raise AssertionError(f"the JSON-LD processor tried to load {url}")


def _dropped(prop: str | None) -> None:
    raise AssertionError(f"JSON-LD processing dropped the property {prop!r}")


def _parse(name: str, body: bytes) -> Any:
    text = body.decode("utf-8")
    if name == "ics":
        return icalendar.Calendar.from_ical(text)
    if name == "jsonld":
        return ld.expand(json.loads(text), {"documentLoader": _no_network}, on_property_dropped=_dropped)
    if name == "svg":
        return ET.fromstring(text)
    if name == "yaml":
        return yaml.safe_load(text)
    if name == "json":
        return json.loads(text)
    return io.parse(text, "toml")  # the core's reader: tomllib, or tomli before Python 3.11


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_export_is_served_with_its_type_name_and_parses(client, halland, lang) -> None:  # type: ignore[no-untyped-def]
    page = _page(halland, lang)
    structure = kultursamverkan.load(HALLAND)
    urls = page.export_urls()
    assert set(urls) == set(EXPECTED)
    page_url = page.get_full_url()
    bodies = {b.identifier: b.get_full_url() for b in BodyPage.objects.child_of(page).live()}
    assert bodies
    for name, url in urls.items():
        assert url == f"{page_url}export/{name}/"
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        content_type, inline = EXPECTED[name]
        assert response["Content-Type"] == content_type
        disposition = "inline" if inline else "attachment"
        assert response["Content-Disposition"] == f'{disposition}; filename="{page.slug}.{name}"'
        parsed = _parse(name, response.content)
        text = response.content.decode("utf-8")
        assert not any(code in text for code in REASON_CODES), name
        if name in ("yaml", "json", "toml"):
            assert kultursamverkan.loads(response.content, name) == structure
        elif name == "ics":
            assert str(parsed["URL"]) == page_url
            assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in response.content.decode()
            assert parsed.decoded("LAST-MODIFIED") == page.last_published_at.replace(microsecond=0)
            assert icalendar.vText(structure.name.text(lang)).to_ical() == parsed["NAME"].to_ical()
            for vevent in parsed.walk("VEVENT"):
                assert "RRULE" not in vevent
                assert str(vevent["UID"]).startswith(f"urn:kultursamverkan:{page.translation_key}:")
        elif name == "jsonld":
            nodes = {n["@id"]: n for n in parsed if "@id" in n}
            assert page_url + "#" in nodes
            for body_id, body_url in bodies.items():
                node = nodes[f"{page_url}#{body_id}"]
                assert node["https://schema.org/mainEntityOfPage"] == [{"@id": body_url}]
        elif name == "svg":
            assert parsed.tag == "{http://www.w3.org/2000/svg}svg"
            assert structure.name.text(lang) in text
            assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_links_its_exports_and_lists_what_the_calendar_cannot_hold(client, halland, lang) -> None:  # type: ignore[no-untyped-def]
    page = _page(halland, lang)
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    links = {link["type"]: link["href"] for link in soup.head.find_all("link", rel="alternate")}
    assert links == {EXPECTED[name][0]: url for name, url in page.export_urls().items()}
    subscribe = soup.select_one('a[href^="webcal:"]')
    assert subscribe is not None
    assert subscribe["href"] == "webcal:" + page.export_urls()["ics"].split(":", 1)[1]
    section = soup.select_one(".ks-exports").get_text(" ")
    words = {"sv": "Operativa grupper: vid behov", "en": "Operative groups: as needed"}[lang]
    assert words in " ".join(section.split())
    assert not any(code in response.content.decode() for code in REASON_CODES)


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_a_private_page_serves_no_export(client, halland, kind) -> None:  # type: ignore[no-untyped-def]
    urls = halland.export_urls()
    restriction = PageViewRestriction.objects.create(page=halland, restriction_type=kind, password="hemligt")
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Kulturförvaltningen")[0])
    for name, url in urls.items():
        response = client.get(url)
        # Wagtail's own answer for the page: its password form, or a redirect to log in.
        assert response.status_code in (200, 302), name
        assert response["Content-Type"].startswith("text/html"), name
        assert "Content-Disposition" not in response, name
    if kind == PageViewRestriction.LOGIN:  # a reader let through gets it, marked for no shared cache
        client.force_login(admin_user())
        response = client.get(urls["ics"])
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]


def test_an_unpublished_page_serves_no_export(client, halland) -> None:  # type: ignore[no-untyped-def]
    urls = halland.export_urls()
    assert client.get(urls["json"]).status_code == 200  # cached now: unpublishing must still hide it
    halland.unpublish()
    for url in urls.values():
        assert client.get(url).status_code == 404


def test_exports_follow_a_published_change(client, halland) -> None:  # type: ignore[no-untyped-def]
    url = halland.export_urls()["jsonld"]
    assert "Nytt namn på strukturen" not in client.get(url).content.decode()
    live = StructurePage.objects.get(pk=halland.pk)
    live.name = "Nytt namn på strukturen"
    live.save_revision().publish()
    assert "Nytt namn på strukturen" in client.get(url).content.decode()


def _uids(client: Any, page: StructurePage) -> dict[str, str]:
    """The calendar's entries: UID → its summary's date."""
    response = client.get(page.url + page.reverse_subpage("export", kwargs={"name": "ics"}))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content.decode())
    return {str(v["UID"]): v.decoded("DTSTART").isoformat() for v in calendar.walk("VEVENT")}


def test_calendar_uids_stay_when_the_page_moves_or_its_slug_changes_and_are_one_in_both_languages(
    client: Any, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """A calendar program knows an entry again by its UID: a changed one is a new entry, the old one a copy."""
    Locale.objects.get_or_create(language_code="en")
    orebro = structure_page(kultursamverkan.load(OREBRO))
    english = _page(orebro, "en")
    before = _uids(client, orebro)
    assert before, "Örebro's calendar has dated events"
    assert _uids(client, english) == before
    old_url = orebro.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        page = StructurePage.objects.get(pk=orebro.pk)
        page.slug = "halland-ny-adress"
        page.save_revision().publish()
        region = page.get_parent()
        section = region.get_parent().add_child(instance=Page(title="Kultur", slug="kultur"))
        region.move(section, pos="last-child")  # the region, with its structure, to another part of the site
    moved = StructurePage.objects.get(pk=orebro.pk)
    assert moved.get_full_url() != old_url
    assert _uids(client, moved) == before
