"""Published pages render through the core renderer in the page's language, with JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

import kultursamverkan
from kultursamverkan.model import Body
from kultursamverkan.values import LocalizedText
from kultursamverkan.vocab import BodyKind
from wagtail_kultursamverkan.models import PlanPage, StructurePage

from .helpers import structure_page

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def _get(client, page: StructurePage) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _jsonld(soup: BeautifulSoup) -> dict:
    [script] = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_pages_render_their_bodies_and_json_ld(client, path: Path) -> None:  # type: ignore[no-untyped-def]
    structure = kultursamverkan.load(path)
    soup = _get(client, structure_page(structure))
    assert soup.html["lang"] == "sv"
    text = soup.get_text(" ")
    for body in structure.bodies:
        assert body.name.text("sv") in text
    data = _jsonld(soup)
    assert "@context" in data
    assert structure.name.text("sv") in json.dumps(data, ensure_ascii=False)


def _with_bodies(n: int) -> kultursamverkan.Structure:
    base = kultursamverkan.load(EXAMPLES[0])
    extra = tuple(Body(id=f"extra-{i}", name=LocalizedText(sv=f"Extra {i}"), kind=BodyKind.NETWORK) for i in range(n))
    return attrs.evolve(base, id=f"many-{n}", bodies=base.bodies + extra)


@pytest.mark.django_db
def test_rendering_takes_as_many_queries_for_50_bodies_as_for_5(client) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for n in (5, 50):
        page = structure_page(_with_bodies(n))
        client.get(page.url)  # warm caches (site root paths, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_hostile_text_renders_inert(client) -> None:  # type: ignore[no-untyped-def]
    base = kultursamverkan.load(EXAMPLES[0])
    hostile = LocalizedText(sv=HOSTILE, en=HOSTILE)
    first = attrs.evolve(base.bodies[0], name=hostile, description=hostile, purpose=hostile)
    structure = attrs.evolve(base, name=hostile, description=hostile, bodies=(first, *base.bodies[1:]))
    page = structure_page(structure)
    page.title = HOSTILE
    page.save_revision().publish()
    soup = _get(client, StructurePage.objects.get(pk=page.pk))
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert not soup.find_all("img")
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    assert HOSTILE in json.dumps(_jsonld(soup), ensure_ascii=False)  # kept as data, escaped in the element


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_english_pages_render_in_english(client, path: Path) -> None:  # type: ignore[no-untyped-def]
    from wagtail.models import Locale

    structure = kultursamverkan.load(path)
    en = Locale.objects.get_or_create(language_code="en")[0]
    page = structure_page(structure).get_translation(en)  # the import makes the English translations
    index = page.get_parent().specific
    plans = list(PlanPage.objects.child_of(page).order_by("path"))
    soup = _get(client, page)
    assert soup.html["lang"] == "en"
    assert soup.find("article")["lang"] == "en"
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == [structure.name.text("en")]
    headings = [h.get_text(strip=True) for h in soup.find_all("h2")]
    assert "Collaboration bodies" in headings
    text = soup.get_text(" ")
    for body in structure.bodies:
        assert body.name.text("en") in text
    if plans:
        plan = plans[0]
        assert plan.locale_id == en.pk
        plan_soup = _get(client, plan)
        assert plan_soup.html["lang"] == "en"
        assert structure.plans[0].name.text("en") in plan_soup.get_text(" ")
    index_soup = _get(client, index)
    assert [h.get_text(strip=True) for h in index_soup.find_all("h2")] == [
        "Collaboration structures",
        "Plans",
        "Upcoming events",
    ]


@pytest.mark.django_db
def test_index_lists_structures_plans_and_upcoming_events(client) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from kultursamverkan.model import Event
    from kultursamverkan.values import PartialDate
    from kultursamverkan.vocab import EventKind

    from .helpers import plan_page

    base = kultursamverkan.load(EXAMPLES[0])
    next_year = str(dt.date.today().year + 1)
    events = (
        Event(id="forr", name=LocalizedText(sv="Förr"), kind=EventKind.CONFERENCE, date=PartialDate.parse("2001")),
        Event(
            id="snart",
            name=LocalizedText(sv="Kulturforum"),
            kind=EventKind.CONFERENCE,
            date=PartialDate.parse(next_year),
        ),
    )
    structure = attrs.evolve(base, events=events)
    page = structure_page(structure)
    plan_page(structure.plans[0], page.get_parent())
    soup = _get(client, page.get_parent().specific)
    sections = {s["class"][0]: s.get_text(" ") for s in soup.find_all("section")}
    assert (
        structure.name.text("sv") in sections["ks-region-index__structures"]
        or page.title in sections["ks-region-index__structures"]
    )
    assert structure.plans[0].name.text("sv") in sections["ks-region-index__plans"]
    assert "Kulturforum" in sections["ks-region-index__events"]
    assert "Förr" not in sections["ks-region-index__events"]
    assert next_year in sections["ks-region-index__events"]


@pytest.mark.django_db
def test_cached_rendering_follows_changes_to_snippets_and_pages(client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from wagtail_kultursamverkan.models import Organisation

    structure = kultursamverkan.load(EXAMPLES[0])
    page = structure_page(structure)
    first = structure.organisations[0]
    assert first.name.text("sv") in _get(client, page).get_text(" ")
    org = Organisation.objects.get(identifier=first.id, locale=page.locale)
    org.name = "Omdöpt organisation"
    with django_capture_on_commit_callbacks(execute=True):  # the cache follows once the change is committed
        org.save()
    assert "Omdöpt organisation" in _get(client, page).get_text(" ")
    live = StructurePage.objects.get(pk=page.pk)
    live.name = "Nytt namn på strukturen"
    with django_capture_on_commit_callbacks(execute=True):
        live.save_revision().publish()
    assert "Nytt namn på strukturen" in _get(client, live).get_text(" ")


@pytest.mark.django_db
def test_a_first_rendering_builds_no_json_field_per_stored_stream(client) -> None:  # type: ignore[no-untyped-def]
    """Wagtail's StreamField makes a JSONField for every stored value it reads; ours makes one per field,
    and the links below the page are read without their streams. Same page, same HTML."""
    from django.core.cache import cache
    from django.db.models import JSONField
    from wagtail.fields import StreamField as WagtailStreamField

    from wagtail_kultursamverkan.fields import StreamField

    page = structure_page(_with_bodies(20))
    assert isinstance(StructurePage._meta.get_field("organisations"), StreamField)
    for field in StructurePage._meta.get_field("organisations"), PlanPage._meta.get_field("goals"):
        _name, path, args, kwargs = field.deconstruct()
        assert path == "wagtail.fields.StreamField"  # migrations see Wagtail's class
        assert WagtailStreamField(*args, **kwargs).deconstruct()[3].keys() == kwargs.keys()
    first = client.get(page.url).content
    cache.clear()
    made = []
    init = JSONField.__init__

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(type(self))
        init(self, *args, **kwargs)

    with patch.object(JSONField, "__init__", counted):
        again = client.get(page.url).content
    assert again == first
    assert made == []  # every stream field's JSONField was made by the first request
