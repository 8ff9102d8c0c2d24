"""Wagtail's preview of a body page and of a structure page: the structure as it will be published,
with the previewed page's unsaved values; never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from django.urls import reverse

import kultursamverkan
from wagtail_kultursamverkan.models import BodyPage, StructurePage
from wagtail_kultursamverkan.pages import STRUCTURE_PREVIEW

from .helpers import admin_user, structure_page
from .test_admin_validation import _page_post

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _bodies(structure: StructurePage) -> list[BodyPage]:
    return list(BodyPage.objects.child_of(structure).order_by("path"))


def _preview(client, page, mode: str, **changes: object) -> str:  # type: ignore[no-untyped-def]
    """Post the edit form with ``changes`` to the admin's preview, then read the preview in ``mode``."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(url, _page_post(page, **changes))
    assert posted.status_code == 200
    assert posted.json()["is_valid"], posted.json()
    response = client.get(url, {"mode": mode})
    assert response.status_code == 200
    cache_control = response.headers.get("Cache-Control", "")
    assert "no-store" in cache_control, cache_control  # a preview shows unsaved values: never cached
    assert "no-cache" in cache_control, cache_control
    return response.content.decode()


@pytest.mark.django_db
def test_a_body_pages_preview_shows_the_whole_structure_with_its_unsaved_change(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("sv"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body, other, *_rest = _bodies(structure)
    assert [mode for mode, _label in body.preview_modes] == ["", STRUCTURE_PREVIEW]
    html = _preview(client, body, STRUCTURE_PREVIEW, name="Ett helt nytt namn på organet")
    assert "Ett helt nytt namn på organet" in html  # the unsaved change
    assert other.name in html  # the rest of the structure
    assert structure.name in html  # the structure page's own heading
    assert BodyPage.objects.get(pk=body.pk).name != "Ett helt nytt namn på organet"  # nothing saved
    # The page's own preview mode shows the change too.
    assert "Ett helt nytt namn på organet" in _preview(client, body, "", name="Ett helt nytt namn på organet")


@pytest.mark.django_db
def test_the_preview_is_the_published_structure_drafts_of_other_pages_left_out(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("sv"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body, other, *_rest = _bodies(structure)
    other.unpublish()  # readers do not see it: neither does the preview
    html = _preview(client, structure, "", name="Kultursamverkan i Halland (förhandsvisning)")
    assert "Kultursamverkan i Halland (förhandsvisning)" in html
    assert body.name in html
    assert other.name not in html
    # A body that is only a draft shows in its own preview, in its place among the published ones.
    other = BodyPage.objects.get(pk=other.pk)
    html = _preview(client, other, STRUCTURE_PREVIEW, name="Utkastets organ")
    assert "Utkastets organ" in html
    assert html.index(body.name) < html.index("Utkastets organ")
    assert not BodyPage.objects.get(pk=other.pk).live


@pytest.mark.django_db
def test_a_new_body_pages_preview_shows_it_in_its_structure(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("sv"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    first = _bodies(structure)[0]
    url = reverse("wagtailadmin_pages:preview_on_add", args=["wagtail_kultursamverkan", "bodypage", structure.pk])
    form = {
        **_page_post(BodyPage(title="", slug="")),
        "title": "Nytt nätverk",
        "slug": "nytt-natverk",
        "name": "Nytt nätverk för förhandsvisning",
        "kind": "network",
    }
    posted = client.post(url, form)
    assert posted.status_code == 200
    assert posted.json()["is_valid"], posted.json()
    response = client.get(url, {"mode": STRUCTURE_PREVIEW})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nytt nätverk för förhandsvisning" in html
    assert first.name in html
    assert "no-store" in response.headers.get("Cache-Control", "")
    assert not BodyPage.objects.filter(title="Nytt nätverk").exists()
