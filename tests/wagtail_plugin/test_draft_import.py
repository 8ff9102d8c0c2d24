"""A draft import (``--draft``, the admin's confirmation) changes nothing that readers see until it is published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from wagtail.models import Locale, Page

from wagtail_kultursamverkan.models import Organisation, PlanPage, StructurePage

from .helpers import admin_user, site_root
from .readers import (
    EXAMPLE,
    REMOVED_PLAN,
    admin_import,
    halland_data,
    reader_view,
    run_import,
    without_plan,
    write,
)

RENAMED = "Art Inside Out – nytt namn"


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def _changed_file(tmp_path: Path) -> Path:
    """halland.yaml without one plan (and its mention in ``documents``), and one organisation renamed."""
    data = without_plan(halland_data())
    data["organisations"][0]["name"]["sv"] = RENAMED
    return write(tmp_path, data)


def _structure_pages() -> list[StructurePage]:
    return list(StructurePage.objects.filter(identifier="halland").order_by("locale__language_code"))


def _what_readers_see(client: Any) -> dict[str, Any]:
    pages = _structure_pages()
    plans = PlanPage.objects.filter(identifier=REMOVED_PLAN).order_by("pk")
    return {
        "structures": {p.locale.language_code: reader_view(client, p) for p in pages},
        "removed plan": [(p.pk, p.live, client.get(p.url).status_code if p.url else None) for p in plans],
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "identifier", "name")),
    }


def _draft_by_command(client: Any, path: Path) -> None:
    run_import(path, user="admin", draft=True)


def _draft_by_admin(client: Any, path: Path) -> None:
    client.force_login(admin_user(username="admin2"))
    response = admin_import(client, path, site_root())
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize("draft_import", [_draft_by_command, _draft_by_admin], ids=["command", "admin"])
def test_a_draft_import_changes_nothing_readers_see_until_published(client, english, tmp_path, draft_import) -> None:  # type: ignore[no-untyped-def]
    admin = admin_user(username="admin")
    run_import(EXAMPLE, system=True)
    before = _what_readers_see(client)

    sv = before["structures"]["sv"]
    assert sv["status"] == 200, sv
    assert sv["api"] is not None, sv  # the published structure, with its plan
    assert REMOVED_PLAN in [p["id"] for p in sv["api"]["plans"]]
    assert RENAMED not in sv["text"]

    draft_import(client, _changed_file(tmp_path))

    after = _what_readers_see(client)
    assert after == before  # the pages, their API data and JSON-LD, the plan page, the snippets
    for lang in ("sv", "en"):
        assert after["structures"][lang]["api"] is not None, lang  # not "kultursamverkan: null"

    # Publishing the structure pages (as the editor does once the drafts are reviewed) applies the removal.
    for page in _structure_pages():
        page.get_latest_revision().publish(user=admin)
    published = _what_readers_see(client)
    for lang in ("sv", "en"):
        view = published["structures"][lang]
        assert view["status"] == 200, lang
        assert view["api"] is not None, (lang, view["text"][:500])
        assert REMOVED_PLAN not in [p["id"] for p in view["api"]["plans"]], lang
        assert REMOVED_PLAN not in str(view["jsonld"]), lang
    assert not PlanPage.objects.filter(identifier=REMOVED_PLAN).exists()
    assert RENAMED in published["structures"]["sv"]["text"]


@pytest.mark.django_db
def test_a_later_published_import_is_not_undone_by_an_earlier_drafts_removals(client, english, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A draft that removes a plan, then the full file published: the plan stays, now and when published again."""
    admin = admin_user(username="admin")
    run_import(EXAMPLE, system=True)
    run_import(_changed_file(tmp_path), user="admin", draft=True)
    run_import(EXAMPLE, user="admin")
    for page in _structure_pages():
        page.save_revision(user=admin).publish(user=admin)
    for lang, view in _what_readers_see(client)["structures"].items():
        assert REMOVED_PLAN in [p["id"] for p in view["api"]["plans"]], lang


@pytest.mark.django_db
def test_a_first_draft_import_publishes_no_page_in_any_language(client, english) -> None:  # type: ignore[no-untyped-def]
    """Not even the English home page that the translations need: Wagtail would make it a live alias."""
    live_before = set(Page.objects.filter(live=True).values_list("pk", flat=True))
    run_import(EXAMPLE, system=True, draft=True)
    assert StructurePage.objects.filter(locale=english).exists()  # the English translation is there, as a draft
    assert set(Page.objects.filter(live=True).values_list("pk", flat=True)) == live_before
