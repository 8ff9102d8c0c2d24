"""A fast first import writes what the slow one wrote: the reference index in bulk (``reference_index``)
holds exactly the rows Wagtail's own per-object indexing holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import transaction
from wagtail.models import Locale, Page, ReferenceIndex

import kultursamverkan
from wagtail_kultursamverkan import importing, reference_index
from wagtail_kultursamverkan.models import BodyPage, Organisation, Person

from .helpers import site_root

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def _import(*paths: Path) -> None:
    sources = [importing.Source(p.name, kultursamverkan.load(p)) for p in paths]
    importing.run(sources, site_root(), importing.main_locale())


def _indexed() -> list[Any]:
    """Every page (as its specific class) and snippet the reference index covers."""
    pages = [p.specific for p in Page.objects.filter(depth__gt=1)]
    return [*pages, *Organisation.objects.all(), *Person.objects.all()]


def _rows() -> set[tuple]:
    return set(
        ReferenceIndex.objects.values_list(
            "content_type_id",
            "base_content_type_id",
            "object_id",
            "to_content_type_id",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        )
    )


@pytest.mark.django_db
def test_the_bulk_extraction_finds_what_wagtail_finds_for_every_object(english: Locale) -> None:
    _import(*EXAMPLES)
    objects = _indexed()
    fresh = [type(o).objects.get(pk=o.pk) for o in objects]  # as loaded: streams still raw
    found = reference_index.references_of(fresh)
    expected = {i: set(ReferenceIndex._extract_references_from_object(o)) for i, o in enumerate(objects)}
    assert found == expected
    assert sum(len(r) for r in found.values()) > 100  # choosers, relations, conveners, snippets: many


@pytest.mark.django_db
def test_the_imported_index_is_the_one_wagtail_would_write(english: Locale) -> None:
    _import(*EXAMPLES)
    imported = _rows()
    with transaction.atomic():
        for obj in _indexed():
            ReferenceIndex.create_or_update_for_object(obj)
    assert _rows() == imported
    assert len(imported) > 100


@pytest.mark.django_db
def test_bulk_update_adds_and_removes_as_wagtail_does(english: Locale) -> None:
    _import(EXAMPLES[0])
    body = next(b for b in BodyPage.objects.all() if b.relations.raw_data and len(b.relations.raw_data) > 0)
    target = body.relations.raw_data[0]["value"]["target"]
    chosen = next(name for name in ("page", "organisation", "person") if target.get(name))
    # A relation's target deleted from the stored JSON by hand, and a reference to an object that does not exist.
    raw = list(body.relations.raw_data)
    raw[0] = {**raw[0], "value": {**raw[0]["value"], "target": {**target, chosen: None}}}
    if len(raw) > 1:
        other = raw[1]["value"]["target"]
        name = next(n for n in ("page", "organisation", "person") if n in other and other.get(n) is not None)
        raw[1] = {**raw[1], "value": {**raw[1]["value"], "target": {**other, name: 999999}}}
    BodyPage.objects.filter(pk=body.pk).update(relations=raw)
    with transaction.atomic():
        reference_index.update_for_objects([BodyPage.objects.get(pk=body.pk)])
    bulk = _rows()
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(BodyPage.objects.get(pk=body.pk))
    assert _rows() == bulk


@pytest.mark.django_db
def test_values_wagtail_reads_differently_fall_back_to_wagtail(english: Locale) -> None:
    _import(EXAMPLES[0])
    body = next(b for b in BodyPage.objects.all() if b.relations.raw_data and len(b.relations.raw_data) > 0)
    raw = [dict(item) for item in body.relations.raw_data]
    del raw[0]["id"]  # Wagtail gives the item a new id when it reads it: its content path is Wagtail's to say
    BodyPage.objects.filter(pk=body.pk).update(relations=raw)
    found = reference_index.references_of([BodyPage.objects.get(pk=body.pk)])[0]
    assert found == set(ReferenceIndex._extract_references_from_object(BodyPage.objects.get(pk=body.pk)))
    assert any(r[3].startswith("relations.None.") for r in found)


# ----------------------------------------------- a new page published in a few queries (``publishing``)

#: What differs between any two pages by nature: where they are, what they are called, when.
_OWN = {"id", "page_ptr_id", "path", "slug", "url_path", "translation_key", "identifier"}
_WHEN = {"first_published_at", "last_published_at", "latest_revision_created_at"}
_REVISIONS = {"latest_revision_id", "live_revision_id"}


def _without_ids(value: Any) -> Any:
    """Stream data without its blocks' ids (random per save); a revision keeps a stream as JSON text."""
    from wagtail.blocks import StreamValue

    if isinstance(value, StreamValue):
        value = value.get_prep_value()
    if isinstance(value, str) and value.startswith("["):
        value = json.loads(value)
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    return value


def _fields(page: Page) -> dict[str, Any]:
    page = type(page).objects.get(pk=page.pk)
    return {f.attname: _without_ids(getattr(page, f.attname)) for f in page._meta.concrete_fields}


def _two_bodies(user: Any, batched: bool = False) -> tuple[Page, Page, list[str]]:
    """One body page made with Wagtail's add_child, save_revision and publish; one with ``create_live``
    (``batched``: through ``Children``, published when it flushes)."""
    from wagtail.signals import page_published

    from wagtail_kultursamverkan import ingest, publishing

    structure = kultursamverkan.load(EXAMPLES[0])
    parent = site_root()
    sent: list[str] = []

    def seen(sender: Any, instance: Page, revision: Any = None, **kwargs: Any) -> None:
        sent.append(instance.slug)

    page_published.connect(seen, dispatch_uid="test-bulk-seen")
    try:
        old = BodyPage()
        ingest.fill_item(old, structure, "bodies", 0, "sv")
        importing._add_child(parent, old, "wagtails-way", parent.locale, user)
        importing._store(old, save_row=False, publish=True, user=user)
        new = BodyPage()
        ingest.fill_item(new, structure, "bodies", 0, "sv")
        new.slug, new.locale, new.owner = "the-fast-way", parent.locale, user
        if batched:
            children = publishing.Children(Page.objects.get(pk=parent.pk))
            new.slug = children.available_slug("wagtails-way")  # taken: made free as find_available_slug does
            children.create_live(new, user=user)
            assert sent == ["wagtails-way"]  # published when flushed
            children.flush()
        else:
            publishing.create_live(Page.objects.get(pk=parent.pk), new, user=user)
    finally:
        page_published.disconnect(dispatch_uid="test-bulk-seen")
    return old, new, sent


@pytest.mark.django_db
@pytest.mark.parametrize(("with_user", "batched"), [(False, False), (True, False), (True, True)])
def test_a_page_created_live_is_the_page_wagtails_publish_makes(
    english: Locale, with_user: bool, batched: bool
) -> None:
    from wagtail.models import PageLogEntry, Revision

    from .helpers import admin_user

    user = admin_user() if with_user else None
    old, new, sent = _two_bodies(user, batched)
    slug = "wagtails-way-1" if batched else "the-fast-way"
    assert sent == ["wagtails-way", slug]  # page_published is sent for both
    a, b = _fields(old), _fields(new)
    assert {k: v for k, v in a.items() if k not in _OWN | _WHEN | _REVISIONS} == {
        k: v for k, v in b.items() if k not in _OWN | _WHEN | _REVISIONS
    }
    assert b["live"]
    assert not b["has_unpublished_changes"]
    assert b["live_revision_id"] == b["latest_revision_id"]
    assert a["live_revision_id"] == a["latest_revision_id"]
    for page, row in ((old, a), (new, b)):
        assert all(row[k] is not None for k in _WHEN)
        revisions = list(Revision.page_revisions.filter(object_id=str(page.pk)))
        assert [r.pk for r in revisions] == [row["latest_revision_id"]]
        assert revisions[0].created_at == row["latest_revision_created_at"]
    assert b["first_published_at"] == b["last_published_at"]
    # Siblings in the tree as treebeard puts them; the parent counts both.
    assert new.path[:-4] == old.path[:-4]
    assert new.path > old.path
    assert Page.objects.get(pk=site_root().pk).numchild == Page.objects.child_of(site_root()).count()
    assert b["url_path"] == a["url_path"].replace("wagtails-way", slug)
    # The revision holds the page as save_revision saw it: a new draft.
    rev_a = Revision.objects.get(pk=a["latest_revision_id"])
    rev_b = Revision.objects.get(pk=b["latest_revision_id"])
    skip = {"pk", "path", "slug", "url_path", "translation_key", "identifier"}
    assert {k: _without_ids(v) for k, v in rev_a.content.items() if k not in skip} == {
        k: _without_ids(v) for k, v in rev_b.content.items() if k not in skip
    }
    assert rev_b.content["pk"] == new.pk
    assert rev_b.content["live"] is False
    assert (rev_a.user_id, rev_a.object_str, rev_a.content_type_id, rev_a.base_content_type_id) == (
        rev_b.user_id,
        rev_b.object_str,
        rev_b.content_type_id,
        rev_b.base_content_type_id,
    )

    # The history an editor sees: created, edited, published, by the same user.
    def history(page: Page, row: dict[str, Any]) -> list[tuple]:
        entries = PageLogEntry.objects.filter(page_id=page.pk).order_by("pk")
        return [
            (e.action, e.user_id, e.revision_id == row["latest_revision_id"], e.content_changed, e.label, e.data)
            for e in entries
        ]

    assert history(old, a) == history(new, b)
    assert [h[0] for h in history(new, b)] == ["wagtail.create", "wagtail.edit", "wagtail.publish"]


@pytest.mark.django_db
def test_the_tree_is_sound_after_first_imports_and_a_grown_structure(english: Locale) -> None:
    """Paths, depths and each parent's ``numchild`` as treebeard keeps them, pages added in bulk or not."""
    from kultursamverkan import converter

    _import(*EXAMPLES)
    assert all(problems == [] for problems in Page.find_problems()), Page.find_problems()
    data = converter.unstructure(kultursamverkan.load(EXAMPLES[0]))
    extra = {**data["bodies"][-1], "id": "ett-nytt-organ", "name": {"sv": "Ett nytt organ", "en": "A new body"}}
    extra.pop("relations", None)
    data["bodies"].append(extra)
    importing.run([importing.Source("grown.yaml", converter.structure(data))], site_root(), importing.main_locale())
    assert all(problems == [] for problems in Page.find_problems()), Page.find_problems()
    assert BodyPage.objects.filter(identifier="ett-nytt-organ").count() == 2  # sv and en
