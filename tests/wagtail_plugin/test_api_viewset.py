"""The plugin's pages API endpoint gives what Wagtail's own gives, item for item and value for value,
compactly written and with fewer queries and cache round trips (``wagtail_kultursamverkan.api``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

import kultursamverkan
from wagtail_kultursamverkan.models import ComparisonPage

from .helpers import site_root, structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
STOCK = "tests.wagtail_plugin.urls_stock"
TYPE = "type=wagtail_kultursamverkan.StructurePage"

URLS = [
    "/api/v2/pages/",
    "/api/v2/pages/?limit=3&offset=2",
    f"/api/v2/pages/?{TYPE}&fields=kultursamverkan",
    f"/api/v2/pages/?{TYPE}&fields=*&locale=en",
    f"/api/v2/pages/?{TYPE}&fields=_,title,kultursamverkan&order=-title",
    "/api/v2/pages/?type=wagtail_kultursamverkan.PlanPage&fields=kultursamverkan&locale=sv",
    "/api/v2/pages/?fields=*&order=id",
    "/api/v2/pages/?child_of=root",
    "/api/v2/pages/?search=Halland",
    "/api/v2/pages/?type=wagtail_kultursamverkan.NoSuchPage",  # 400 with a message, as Wagtail's
    "/api/v2/pages/?fields=no_such_field",
    "/api/v2/pages/?limit=x",
    "/api/v2/pages/?rich_text_format=nonsense",
]


@pytest.fixture
def site(db: None) -> dict[str, Any]:
    """Two regions' structures (sv and en), a comparison page and a private structure."""
    halland = structure_page(kultursamverkan.load(REGIONS / "halland.yaml"))
    stockholm = structure_page(kultursamverkan.load(REGIONS / "stockholm.yaml"))
    hidden = kultursamverkan.load(REGIONS / "halland.yaml")
    private = structure_page(attrs.evolve(hidden, id=f"{hidden.id}-dold"))
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=private.pk), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    comparison = ComparisonPage(title="Jämför", slug="jamfor")
    site_root().add_child(instance=comparison)
    comparison.save_revision().publish()
    return {"halland": halland, "stockholm": stockholm, "private": private}


def _get(client: Any, url: str, **headers: Any) -> Any:
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/json"), url
    return response


def _both(client: Any, url: str) -> tuple[Any, Any]:
    ours = _get(client, url)
    with override_settings(ROOT_URLCONF=STOCK):
        stock = _get(client, url)
    return ours, stock


@pytest.mark.parametrize("url", URLS)
def test_a_listing_gives_what_wagtails_endpoint_gives(client: Any, site: dict[str, Any], url: str) -> None:
    ours, stock = _both(client, url)
    assert ours.status_code == stock.status_code, url
    assert json.loads(ours.content) == json.loads(stock.content)
    if stock.status_code == 200 and json.loads(stock.content).get("items"):
        assert b"\n" not in ours.content  # compact
        assert len(ours.content) < len(stock.content)


def test_the_structure_data_is_all_there(client: Any, site: dict[str, Any]) -> None:
    ours, stock = _both(client, f"/api/v2/pages/?{TYPE}&fields=kultursamverkan&locale=sv")
    items = {item["id"]: item for item in json.loads(ours.content)["items"]}
    assert set(items) == {site["halland"].pk, site["stockholm"].pk}  # not the private one
    assert items[site["halland"].pk]["kultursamverkan"]["id"] == "halland"
    assert json.loads(ours.content) == json.loads(stock.content)


@pytest.mark.parametrize("fields", ["", "?fields=*", "?fields=kultursamverkan"])
def test_a_page_gives_what_wagtails_endpoint_gives(client: Any, site: dict[str, Any], fields: str) -> None:
    for page in (site["halland"], site["halland"].get_parent(), site_root()):
        ours, stock = _both(client, f"/api/v2/pages/{page.pk}/{fields}")
        assert ours.status_code == stock.status_code
        assert json.loads(ours.content) == json.loads(stock.content)
    url = f"/api/v2/pages/{site['private'].pk}/"
    ours = client.get(url)
    with override_settings(ROOT_URLCONF=STOCK):
        stock = client.get(url)
    assert ours.status_code == stock.status_code == 302  # to the password form, as Wagtail's
    assert ours["Location"] == stock["Location"]


def test_find_redirects_as_wagtails_endpoint_does(client: Any, site: dict[str, Any]) -> None:
    url = f"/api/v2/pages/find/?html_path={site['halland'].url_path.split('/', 2)[2]}"
    ours, stock = client.get(url), None
    with override_settings(ROOT_URLCONF=STOCK):
        stock = client.get(url)
    assert ours.status_code == stock.status_code == 302
    assert ours["Location"] == stock["Location"]


def test_indented_when_asked(client: Any, site: dict[str, Any]) -> None:
    url = f"/api/v2/pages/?{TYPE}&fields=kultursamverkan"
    indented = _get(client, url, HTTP_ACCEPT="application/json; indent=4")
    assert b'\n    "meta"' in indented.content
    assert json.loads(indented.content) == json.loads(_get(client, url).content)


def test_a_listing_reads_the_site_root_paths_once_and_the_visible_pages_once(client: Any, site: dict[str, Any]) -> None:
    url = f"/api/v2/pages/?{TYPE}&fields=kultursamverkan"
    client.get(url)  # warm: content types, cache entries
    real = Site.get_site_root_paths
    with patch.object(Site, "get_site_root_paths", side_effect=real) as reads:
        with CaptureQueriesContext(connection) as ours:
            response = client.get(url)
        assert reads.call_count == 1
        listed = len(json.loads(response.content)["items"])
        assert listed == 5  # two structures in two languages, and the private one's English translation
        with override_settings(ROOT_URLCONF=STOCK), CaptureQueriesContext(connection) as stock:
            client.get(url)
        assert reads.call_count == 1 + listed  # Wagtail's endpoint: once for each page
    restrictions = [q for q in ours.captured_queries if q["sql"].startswith('SELECT "wagtailcore_pageviewrestriction"')]
    assert len(restrictions) == 1
    assert len(ours) == len(stock) - 4  # the visible pages worked out once, not three times
