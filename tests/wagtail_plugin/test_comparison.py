"""The comparison of regions: every live, public structure of the site side by side, as an
accessible table and a CSV file, in a fixed number of queries whatever the number of regions."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.compare import compare
from wagtail_kultursamverkan.models import ComparisonPage, StructurePage

from .helpers import site_root, structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(2)><!--"
NAMES = {"sv": "Jämför regionerna", "en": "Compare the regions"}


def _load(region: str, name: str | None = None, *, meetings: int = 0) -> kultursamverkan.Structure:
    """An example region's structure; ``name`` its region's name in both languages; ``meetings``
    dated meetings added to its first body with a counted cadence."""
    data: dict[str, Any] = converter.unstructure(kultursamverkan.load(REGIONS / f"{region}.yaml"))
    if name is not None:
        data["region"]["name"] = {"sv": name, "en": name}
    if meetings:
        body = next(b for b in data["bodies"] if (b.get("cadence") or {}).get("kind") == "count")
        body["meetings"] = [{"date": f"2026-0{m + 1}-15"} for m in range(meetings)]
    return converter.structure(data)


def _comparison_page() -> ComparisonPage:
    """The comparison page under the home page, published, with a published English translation."""
    root = site_root()
    page = ComparisonPage(title=NAMES["sv"], slug="jamfor", intro="<p>Regionernas strukturer.</p>")
    root.add_child(instance=page)
    page.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    if root.get_translation_or_none(english) is not None:
        translation = page.copy_for_translation(english)
        translation.title = NAMES["en"]
        translation.slug = "compare"
        translation.save_revision().publish()
    return page


def _in(page: ComparisonPage, lang: str) -> ComparisonPage:
    return page if lang == "sv" else page.get_translation(Locale.objects.get(language_code="en"))


def _soup(client: Any, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _table(soup: BeautifulSoup) -> list[list[str]]:
    """The table's rows as text, the section heading rows left out: as the CSV's columns 2 on."""
    rows = []
    for tr in soup.find("table").find_all("tr"):
        if tr.find("th", scope="rowgroup"):
            continue
        rows.append([cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])])
    return rows


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_table_shows_exactly_the_live_public_structures(client, english, lang: str) -> None:  # type: ignore[no-untyped-def]
    shown = [structure_page(_load(r)) for r in ("norrbotten", "stockholm")]
    draft = structure_page(_load("skane", "Utkastregionen"))
    private = structure_page(_load("orebro", "Privata regionen"))
    for page in StructurePage.objects.filter(translation_key=draft.translation_key):
        page.unpublish()
    for page in StructurePage.objects.filter(translation_key=private.translation_key):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    page = _in(_comparison_page(), lang)

    soup = _soup(client, page.url)
    assert soup.html["lang"] == lang
    assert soup.find("h1").get_text(strip=True) == NAMES[lang]
    table = soup.find("table")
    caption = table.find("caption")
    assert caption is not None
    assert caption.get_text(strip=True)
    heads = table.find("thead").find_all("th")
    assert all(th["scope"] == "col" for th in heads)
    pages = [p.get_translation(english) if lang == "en" else p for p in shown]
    expected = [p.structure().region.name.text(lang) for p in pages]
    assert [th.get_text(strip=True) for th in heads] == expected
    assert [th.find("a")["href"] for th in heads] == [p.url for p in pages]
    body_rows = [tr for tr in table.find_all("tr") if tr.parent.name == "tbody"]
    labelled = [tr for tr in body_rows if not tr.find("th", scope="rowgroup")]
    assert labelled
    for tr in labelled:
        assert [th["scope"] for th in tr.find_all("th")] == ["row"]
        assert len(tr.find_all("td")) == len(shown)  # one column per region
    text = soup.get_text()
    assert "Utkastregionen" not in text
    assert "Privata regionen" not in text
    comparison = compare([p.structure() for p in pages], lang)
    assert [s.get_text(strip=True) for s in table.find_all("th", scope="rowgroup")] == [
        s.title for s in comparison.sections if s.rows
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_route_matches_the_table(client, english, lang: str) -> None:  # type: ignore[no-untyped-def]
    for region in ("norrbotten", "stockholm"):
        structure_page(_load(region))
    page = _in(_comparison_page(), lang)
    soup = _soup(client, page.url)
    link = soup.find("head").find("link", rel="alternate", type="text/csv")
    assert link is not None
    assert soup.find("main").find("a", href=link["href"]) is not None
    assert page.export_urls() == {"csv": page.full_url + "export/csv/"}
    assert page.get_cached_paths() == ["/", "/export/csv/"]

    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{page.slug}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert [row[1:] for row in rows] == _table(soup)
    assert client.get(page.url + "export/pdf/").status_code == 404


@pytest.mark.django_db
def test_dated_meetings_are_never_added_to_the_cadence(client, english) -> None:  # type: ignore[no-untyped-def]
    plain = _load("halland")
    dated = _load("halland", meetings=3)
    body = next(b for b in dated.bodies if b.meetings)
    assert len(body.meetings) == 3
    assert compare([dated], "en") == compare([plain], "en")  # the core counts by cadence only
    page = structure_page(dated)
    gathered = page.structure()
    assert next(b for b in gathered.bodies if b.id == body.id).meetings == body.meetings  # kept in the page
    soup = _soup(client, _comparison_page().url)
    assert [row[1:] for row in _table(soup)[1:]] == [
        list(cells) for section in compare([plain], "sv").sections for _label, cells in section.rows
    ]


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_structures(client, english, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    url = _comparison_page().url
    counts = []
    for n, region in enumerate(("norrbotten", "skane", "stockholm")):
        # Committed, as a publish is: the transaction that makes a change reads it uncached until then.
        with django_capture_on_commit_callbacks(execute=True):
            structure_page(_load(region))
        if n == 1:
            continue
        client.get(url)  # fills the cache
        client.get(url + "export/csv/")
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as csv_queries:
            assert client.get(url + "export/csv/").status_code == 200
        counts.append((len(page_queries), len(csv_queries)))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_hostile_text_is_escaped(client, english) -> None:  # type: ignore[no-untyped-def]
    structure_page(_load("stockholm", HOSTILE))
    page = _comparison_page()
    page.title = HOSTILE
    page.intro = f"<p>{HOSTILE.replace('<', '&lt;')}</p>"
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert HOSTILE not in content
    soup = BeautifulSoup(content, "html.parser")
    assert not soup.find_all("img")
    assert not [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert HOSTILE in soup.find("thead").get_text()
    rows = list(csv.reader(io.StringIO(client.get(page.url + "export/csv/").content.decode("utf-8"))))
    assert rows[0][2:] == [HOSTILE]
