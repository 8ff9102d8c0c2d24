"""Stored readings: a structure page's first render after the cache is emptied reads one row, never an
out-of-date one. These tests commit (``transactional_db``): a reading is stored only outside a transaction."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any
from urllib.parse import urlparse

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup
from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from wagtail_kultursamverkan import caching, extract, stored_readings
from wagtail_kultursamverkan.models import BodyPage, Organisation, StoredReading, StructurePage

from .test_render_ahead import halland_committed  # noqa: F401 - a fixture


@pytest.fixture
def halland(transactional_db: None, request: pytest.FixtureRequest) -> StructurePage:
    """Halland in sv and en, committed (rendered ahead, so its reading is stored), with an empty cache."""
    return request.getfixturevalue("halland_committed")


@pytest.fixture
def reads(monkeypatch: Any) -> list[int]:
    """The structure pages whose structure is read from the page tree from now on."""
    found: list[int] = []
    real = extract._read_live
    monkeypatch.setattr(extract, "_read_live", lambda page: (found.append(page.pk), real(page))[1])
    return found


def _get(client: Any, page: Page) -> BeautifulSoup:
    response = client.get(urlparse(page.get_full_url()).path)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def _first_render(client: Any, page: Page) -> BeautifulSoup:
    caching.store().clear()
    return _get(client, page)


def _row(page: StructurePage) -> StoredReading:
    return StoredReading.objects.get(translation_key=page.translation_key)


def _body(page: StructurePage) -> BodyPage:
    return BodyPage.objects.child_of(page).live().order_by("path").first()


def _both(page: StructurePage) -> list[StructurePage]:
    return list(StructurePage.objects.filter(translation_key=page.translation_key).order_by("locale__language_code"))


def test_a_first_render_after_the_cache_is_emptied_reads_the_stored_copy(
    halland: StructurePage, client: Any, reads: list[int]
) -> None:
    """Rendering ahead stored the reading once for both languages; a first render reads no page tree and
    shows what a reading of the page tree shows."""
    en, sv = _both(halland)
    row = _row(halland)
    assert row.stored_version == row.version
    assert set(map(int, json.loads(row.links))) == {en.pk, sv.pk}
    stored = [_first_render(client, page) for page in (sv, en)]
    assert reads == []
    StoredReading.objects.all().delete()
    from_pages = [_first_render(client, page) for page in (sv, en)]
    assert reads == [sv.pk]  # which stored the reading for both languages
    for a, b in zip(stored, from_pages, strict=True):
        assert str(a.select_one("main")) == str(b.select_one("main"))
        assert (
            a.select_one('script[type="application/ld+json"]').string
            == b.select_one('script[type="application/ld+json"]').string
        )
    hrefs = {a["href"] for a in stored[0].select("main a[href]")}
    bodies = BodyPage.objects.child_of(sv).live()
    assert len(bodies) >= 6
    assert {body.url for body in bodies} <= hrefs  # the links below the page came back too


def test_the_stored_structure_and_links_are_those_read_from_the_pages(halland: StructurePage) -> None:
    for page in _both(halland):
        live = StructurePage.objects.get(pk=page.pk)
        stored = live.read_live()
        from_pages = extract._read_live(live)[0]
        assert stored.structure == from_pages.structure
        assert [(link.identifier, link.url_path, link.model) for link in stored.links] == [
            (link.identifier, link.url_path, link.model) for link in from_pages.links
        ]


@pytest.mark.parametrize("change", ["publish", "unpublish", "private", "snippet"])
def test_a_committed_change_is_shown_by_the_next_first_render(
    halland: StructurePage, client: Any, reads: list[int], change: str
) -> None:
    body = _body(halland)
    name = str(body.title)
    if change == "publish":
        body.title = body.name = "Nytt namn på organet"
        body.save_revision().publish()
    elif change == "unpublish":
        body.unpublish()
    elif change == "private":
        PageViewRestriction.objects.create(page=body, restriction_type=PageViewRestriction.LOGIN)
    else:
        organisation = Organisation.objects.filter(locale=halland.locale).order_by("pk").first()
        name = str(organisation.name)
        organisation.name = "Ett nytt namn på organisationen"
        organisation.save()
    row = _row(halland)
    assert row.stored_version == row.version  # stored anew by rendering ahead, after the change
    reads.clear()
    text = _first_render(client, halland).select_one("main").get_text(" ")
    assert reads == []
    if change == "publish":
        assert "Nytt namn på organet" in text
        assert name not in text
    elif change == "snippet":
        assert "Ett nytt namn på organisationen" in text
        assert name not in text
    else:
        assert body.url not in str(_first_render(client, halland).select_one("main"))


def test_a_change_committed_while_the_pages_are_read_leaves_nothing_stored(
    halland: StructurePage, client: Any, settings: Any, monkeypatch: Any
) -> None:
    """The version is noted before the pages are read: a change committed in between is not hidden by
    what was read before it."""
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    StoredReading.objects.all().delete()
    body = _body(halland)
    real = extract._gathered

    def read_then_change(*args: Any) -> Any:
        found = real(*args)  # the old name
        monkeypatch.setattr(extract, "_gathered", real)
        body.title = body.name = "Ändrat under läsningen"
        body.save_revision().publish()  # committed (autocommit): its version goes up
        return found

    monkeypatch.setattr(extract, "_gathered", read_then_change)
    assert "Ändrat under läsningen" not in _first_render(client, halland).get_text()  # read before the change
    row = _row(halland)
    assert row.stored_version is None
    assert row.version == 1
    assert "Ändrat under läsningen" in _first_render(client, halland).get_text()
    row = _row(halland)
    assert row.stored_version == row.version == 1


def test_a_transaction_stores_nothing_and_reads_its_own_changes(halland: StructurePage, reads: list[int]) -> None:
    StoredReading.objects.all().delete()
    live = StructurePage.objects.get(pk=halland.pk)
    with transaction.atomic():
        live.read_live()
    assert not StoredReading.objects.exists()
    live.read_live()  # outside: stored
    assert _row(halland).stored_version == 0
    body = _body(halland)
    reads.clear()
    with transaction.atomic():
        body.title = body.name = "Inte sparat ännu"
        body.save_revision().publish()
        read = StructurePage.objects.get(pk=halland.pk).read_live()  # its own change, not the stored copy
        assert "Inte sparat ännu" in [b.name.text("sv") for b in read.structure.bodies]
        assert reads == [halland.pk]
        transaction.set_rollback(True)
    assert _row(halland).stored_version == 0  # rolled back: the stored copy is current still


@pytest.mark.parametrize("flaw", ["old", "format", "broken", "links", "other page"])
def test_a_copy_that_is_old_foreign_or_unreadable_is_read_anew(
    halland: StructurePage, reads: list[int], flaw: str, caplog: Any
) -> None:
    row = _row(halland)
    if flaw == "old":
        row.stored_at = row.stored_at - dt.timedelta(seconds=caching.seconds() + 1)
    elif flaw == "format":
        row.format = "0:0"
    elif flaw == "broken":
        row.structure = '{"id": "halland", "bodies": [{"id": 7}]}'
    elif flaw == "links":
        row.links = "[1, 2]"
    else:
        row.links = "{}"
    row.save()
    live = StructurePage.objects.get(pk=halland.pk)
    assert live.read_live().structure == extract._read_live(live)[0].structure
    assert reads == [halland.pk, halland.pk]
    assert ("could not be read" in caplog.text) is (flaw in ("broken", "links"))
    assert _row(halland).stored_version == _row(halland).version  # stored again


def test_forgetting_many_structures_at_once(halland: StructurePage) -> None:
    keys = [halland.translation_key, *(uuid.uuid4() for _ in range(stored_readings.CHUNK + 3))]
    stored_readings.forget(keys)
    row = _row(halland)
    assert row.version == 1
    assert row.stored_version is None
    assert not row.structure


def test_a_change_forgets_the_stored_copy_before_the_render_token_is_renewed(
    halland: StructurePage, monkeypatch: Any
) -> None:
    """A reader that misses the cache under the new token must not find the old reading here."""
    seen: list[int | None] = []
    real = caching.renew
    monkeypatch.setattr(caching, "renew", lambda keys: (seen.append(_row(halland).stored_version), real(keys))[1])
    body = _body(halland)
    body.title = body.name = "Nytt namn"
    body.save_revision().publish()
    assert seen == [None]


def test_a_change_made_past_wagtail_is_read_after_render_ahead_with_reread(halland: StructurePage, client: Any) -> None:
    """``QuerySet.update`` sends no signal: the stored copy and the cache keep the old name until
    ``manage.py kultursamverkan_render_ahead --reread``."""
    from io import StringIO

    from django.core.management import call_command

    body = _body(halland)
    BodyPage.objects.filter(pk=body.pk).update(name="Ändrat i databasen")
    assert "Ändrat i databasen" not in _first_render(client, halland).get_text()
    out = StringIO()
    call_command("kultursamverkan_render_ahead", "--reread", stdout=out)
    assert "forgot 1 stored copy of structures" in out.getvalue()
    assert "Ändrat i databasen" in _get(client, halland).get_text()  # rendered ahead again, into the cache
    assert _row(halland).stored_version == _row(halland).version


def test_links_are_read_anew_when_a_page_above_the_structure_changes_its_slug(
    halland: StructurePage, client: Any
) -> None:
    """A plain page above the region is no page of ours: renaming it notes no structure, yet moves every
    page below it. The stored links' paths are then those of another place: read anew, not linked wrongly."""
    from .helpers import site_root

    section = site_root().add_child(instance=Page(title="Kultur", slug="kultur"))
    section.save_revision().publish()
    halland.get_parent().move(section, pos="last-child")  # noted: stored anew below "kultur"
    sv = StructurePage.objects.get(pk=halland.pk)
    assert "/kultur/" in sv.url
    _first_render(client, sv)
    section = Page.objects.get(pk=section.pk)
    section.slug = "kultur-och-fritid"
    section.save_revision().publish()
    sv = StructurePage.objects.get(pk=halland.pk)
    hrefs = {a["href"] for a in _first_render(client, sv).select("main a[href]")}
    bodies = BodyPage.objects.child_of(sv).live()
    assert {body.url for body in bodies} <= hrefs
    assert all("/kultur-och-fritid/" in body.url for body in bodies)


@pytest.mark.parametrize("seconds", [None, 10**15])
def test_a_cache_lifetime_for_ever_keeps_the_copy(
    halland: StructurePage, reads: list[int], settings: Any, seconds: int | None
) -> None:
    settings.KULTURSAMVERKAN_CACHE_SECONDS = seconds
    StructurePage.objects.get(pk=halland.pk).read_live()
    assert reads == []


def test_a_failing_forget_is_logged_and_the_tokens_are_still_renewed(
    halland: StructurePage, monkeypatch: Any, caplog: Any
) -> None:
    """The change has committed: the editor's publish does not fail, and the render cache moves on."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    real = QuerySet.update

    def update(self: QuerySet, **kwargs: Any) -> int:
        if self.model is StoredReading:
            raise OperationalError("could not obtain lock")
        return real(self, **kwargs)

    before = caching.tokens([halland.translation_key])
    monkeypatch.setattr(QuerySet, "update", update)
    body = _body(halland)
    body.title = body.name = "Nytt namn"
    body.save_revision().publish()
    assert caching.tokens([halland.translation_key]) != before
    assert "could not be forgotten" in caplog.text
    assert "kultursamverkan_render_ahead --reread" in caplog.text


def test_the_stored_copy_goes_with_the_last_language_of_its_structure(halland: StructurePage) -> None:
    en, sv = _both(halland)
    en.delete()
    assert _row(halland).translation_key == halland.translation_key  # Swedish is still there
    sv.delete()
    assert not StoredReading.objects.filter(translation_key=halland.translation_key).exists()


def test_reread_drops_the_copies_of_structures_with_no_page(halland: StructurePage) -> None:
    orphan = StoredReading.objects.create(translation_key=uuid.uuid4())
    assert stored_readings.forget_all() == 1
    assert not StoredReading.objects.filter(pk=orphan.pk).exists()
    assert stored_readings.discard([halland.translation_key]) == 0


def test_no_copy_is_kept_while_a_language_is_hidden(halland: StructurePage, client: Any, reads: list[int]) -> None:
    """A private English page reads its own texts, the Swedish page does not (``extract._shown``): one
    row cannot serve both, so each reads its pages until the English page is public again."""
    en, sv = _both(halland)
    restriction = PageViewRestriction.objects.create(page=en, restriction_type=PageViewRestriction.LOGIN)
    assert _row(halland).stored_version is None  # forgotten by the restriction, and not stored again ahead
    reads.clear()
    _first_render(client, sv)
    _first_render(client, sv)
    assert reads == [sv.pk, sv.pk]
    assert _row(halland).stored_version is None
    restriction.delete()
    reads.clear()
    _first_render(client, sv)
    assert reads == []  # rendered ahead as the restriction went, and stored
    assert _row(halland).stored_version == _row(halland).version


def test_a_restriction_above_the_region_renews_the_structures_below_it(halland: StructurePage, client: Any) -> None:
    """A view restriction on the English home page (above the region) makes the English structure page
    private: once it commits, the Swedish page no longer shows its texts, neither from the stored copy
    nor from the render cache; once it goes, they are back."""
    en, sv = _both(halland)
    english = StructurePage.objects.get(pk=sv.pk).read_live().structure.bodies[0].name.get("en")
    assert english[1] == "en"
    assert english[0] in str(_get(client, sv))  # cached, and the copy stored
    home = en.get_parent().get_parent()
    restriction = PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    assert StructurePage.objects.get(pk=sv.pk).read_live().structure.bodies[0].name.get("en")[1] == "sv"
    assert english[0] not in str(_get(client, sv))
    restriction.delete()
    assert StructurePage.objects.get(pk=sv.pk).read_live().structure.bodies[0].name.get("en") == english
    assert english[0] in str(_get(client, sv))


def test_an_unpublished_translation_does_not_keep_the_copy_from_being_stored(
    halland: StructurePage, client: Any, reads: list[int]
) -> None:
    """An unpublished page reads no copy (Wagtail does not serve it), so the published pages, all public,
    read alike: the Swedish page's reading, without the English page's own texts, is stored and used."""
    en, sv = _both(halland)
    english = StructurePage.objects.get(pk=sv.pk).read_live().structure.name.get("en")
    assert english[1] == "en"
    en.unpublish()
    reads.clear()
    _first_render(client, sv)
    _first_render(client, sv)
    assert reads == []  # rendered ahead as the unpublishing committed, and stored
    row = _row(halland)
    assert row.stored_version == row.version
    assert StructurePage.objects.get(pk=sv.pk).read_live().structure.name.get("en")[1] == "sv"
    assert english[0] not in str(_first_render(client, sv).select_one("main"))
