"""What a change makes stale, forgotten once the change is committed: rendered pages and CDN copies.

A structure page shows its subtree (bodies, plans, events, …, in every language), its region's
fields and the snippets its pages choose. So a published, unpublished, moved or deleted page
touches the structure it belongs to (all of a region's structures for the region page or a plan
below it; every structure below a moved page, whose addresses changed), and a saved or deleted
organisation or person the structures whose pages refer to it (Wagtail's reference index). Draft
saves change nothing readers see and touch nothing.

The structures are noted while the change is made and dealt with in ``transaction.on_commit``, once
per transaction: their render tokens are renewed (``caching``), their structure pages rendered anew
into the cache (``render_ahead``), and when ``wagtail.contrib.frontend_cache``
is configured every URL showing them is purged in one batch: each structure page in each language
with its ``get_cached_paths()`` (the exports), the live pages below it, its region index pages and
the pages that choose it (a host site's pages with our blocks).
Before the commit, readers still see (and may cache) the old content; after it, none can. The
transaction making the change reads the structures it changed past the region index's, comparison's
and API's caches until then (``caching.hold``): what it reads is its own, uncommitted data.

A region page, and a plan below one, renew every structure of the region: the region index's entries
are keyed over their tokens, and over the region page's and each listed page's live revision, so a
token of its own is not needed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from . import caching, stored_readings
from .models import ITEM_PAGES, ComparisonPage, Organisation, Person, PlanPage, RegionIndexPage, StructurePage
from .render_ahead import render_ahead


class Batch:
    """The structures (by translation key) and regions (by path) one transaction has changed."""

    def __init__(self, transaction: Any = None) -> None:
        #: The outermost atomic block: a batch left by a rolled-back transaction is not reused.
        self.transaction = transaction
        self.structures: set[Any] = set()
        self.regions: set[str] = set()
        #: Paths whose structure is noted already: an import publishing many pages asks once per structure.
        self.paths: set[str] = set()
        #: Pages that chose a deleted structure page (``structure_deleted``), by key.
        self.hosts: set[int] = set()
        self.done = False

    def flush(self) -> None:
        self.done = True
        structures, regions, hosts = set(self.structures), set(self.regions), set(self.hosts)
        self.structures.clear()
        self.regions.clear()
        self.hosts.clear()
        caching.release()
        if structures:
            stored_readings.forget(structures)  # first: a reader missing under a new token reads the pages
            caching.renew(structures)
            render_ahead(structures, regions)  # now, or when the request making the change has finished
        if structures or regions or hosts:
            purge(structures, regions, hosts)


_local = threading.local()


def _batch() -> Batch:
    """The current transaction's batch, its flush registered with ``on_commit`` on every change.

    The first flush to run at the commit does the work, the others find nothing; a callback in a
    savepoint that rolls back is dropped by Django, and the batch's later changes still have theirs.
    """
    outer = transaction.get_connection().atomic_blocks[0]
    batch: Batch | None = getattr(_local, "batch", None)
    if batch is None or batch.done or batch.transaction is not outer:
        batch = _local.batch = Batch(outer)
    transaction.on_commit(batch.flush)
    return batch


def _note(structure_keys: Iterable[Any], region_paths: Iterable[str], hosts: Iterable[int] = ()) -> None:
    """Changed structures (translation keys), regions (paths) and host pages (keys, ``structure_deleted``):
    added to the transaction's batch, flushed when it commits; flushed now in autocommit."""
    structure_keys, region_paths, hosts = set(structure_keys), set(region_paths), set(hosts)
    if not structure_keys and not region_paths and not hosts:
        return
    in_transaction = transaction.get_connection().in_atomic_block
    batch = _batch() if in_transaction else Batch()
    batch.structures |= structure_keys
    batch.regions |= region_paths
    batch.hosts |= hosts
    if in_transaction:
        caching.hold(structure_keys)
    else:  # autocommit: committed already
        batch.flush()


def _parent_path(path: str) -> str:
    return path[: -Page.steplen]


def structures_of_paths(paths: Iterable[str], *, region_wide: Iterable[str] = ()) -> tuple[set[Any], set[str]]:
    """The structures pages at ``paths`` belong to (the page itself or its parent), as translation keys,
    and their regions' paths; for ``region_wide`` (region pages' paths) every structure below them."""
    paths, region_wide = {p for p in paths if p}, {p for p in region_wide if p}
    condition = Q(path__in={*paths, *(_parent_path(p) for p in paths)})
    for region in region_wide:
        condition |= Q(path__startswith=region, depth=len(region) // Page.steplen + 1)
    if not paths and not region_wide:
        return set(), set()
    rows = StructurePage.objects.filter(condition).values_list("translation_key", "path")
    keys, regions = set(), set(region_wide)
    for key, path in rows:
        keys.add(key)
        regions.add(_parent_path(path))
    return keys, regions


def page_changed(instance: Page, **_kwargs: Any) -> None:
    """A page was published or unpublished (deleting a live page unpublishes it first)."""
    note_page(instance)


def note_page(page: Page) -> None:
    page = getattr(page, "specific_deferred", page)
    if not page.path:
        return
    if isinstance(page, RegionIndexPage):
        _note(*structures_of_paths((), region_wide=[page.path]))
    elif isinstance(page, PlanPage) and not StructurePage.objects.filter(path=_parent_path(page.path)).exists():
        # A plan below the region page: shown in the region's newest structure, listed on the region page.
        _note(*structures_of_paths((), region_wide=[_parent_path(page.path)]))
    elif isinstance(page, (StructurePage, *ITEM_PAGES.values())):
        anchor = page.path if isinstance(page, StructurePage) else _parent_path(page.path)
        batch = _batch() if transaction.get_connection().in_atomic_block else None
        if batch is not None and anchor in batch.paths:
            return
        _note(*structures_of_paths([page.path]))
        if batch is not None:
            batch.paths.add(anchor)


def page_moved(instance: Page, parent_page_before: Page, parent_page_after: Page, **_kwargs: Any) -> None:
    """A moved page leaves one structure (or region) and joins another: both change. Every structure at
    or below it has a new address: a structure page, a region page or a section of regions moved."""
    for parent in (parent_page_before, parent_page_after):
        parent = getattr(parent, "specific_deferred", parent)
        if isinstance(parent, (RegionIndexPage, StructurePage)):
            note_page(parent)
    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()  # where it is now
    if path:
        _note_below(path)


def restriction_changed(instance: PageViewRestriction, **_kwargs: Any) -> None:
    """A page made private or public again: its structure shows it or no longer does. A restriction
    covers the pages below it too, so every structure at or below the page changes as well (a home
    page or section above the regions: each structure page's translations share their texts only
    while public, ``extract._shown``, and link only to pages no restriction covers)."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    note_page(page)
    _note_below(page.path)


def _note_below(path: str) -> None:
    """Every structure at or below the page at ``path``, and their regions."""
    rows = StructurePage.objects.filter(path__startswith=path).values_list("translation_key", "path")
    _note({key for key, _path in rows}, {_parent_path(p) for _key, p in rows})


def structure_deleted(instance: StructurePage, **_kwargs: Any) -> None:
    """A structure page about to be deleted: the pages choosing it, noted now, as Wagtail removes the
    references to a deleted page from its index after the delete."""
    _note((), (), _choosing({instance.pk}))


def structure_gone(instance: StructurePage, **_kwargs: Any) -> None:
    """A structure page deleted: once no language of the structure is left, its stored reading goes."""
    stored_readings.discard([instance.translation_key])


def snippet_changed(instance: Organisation | Person, **_kwargs: Any) -> None:
    """An organisation or person saved or deleted: the structures whose pages choose it (any language).

    Inside ``snippets_noted_once`` a save is noted when the block ends, with the block's other saves."""
    pending: dict[type, set[Any]] | None = getattr(_local, "snippets", None)
    if pending is not None and _kwargs.get("signal") is post_save:  # a save, not a delete: later, together
        pending.setdefault(type(instance), set()).add(instance.pk)
        return
    snippets_changed(type(instance), [instance.pk])


#: Keys per query: SQLite limits a query's parameters.
CHUNK = 500


def snippets_changed(model: type, pks: Iterable[Any]) -> None:
    """``snippet_changed`` for many snippets of one model, in a few queries."""
    pks = list(pks)
    keys: set[Any] = set()
    for start in range(0, len(pks), CHUNK):
        keys |= set(model.objects.filter(pk__in=pks[start : start + CHUNK]).values_list("translation_key", flat=True))
    ids = {str(pk) for pk in pks}
    key_list = list(keys)
    for start in range(0, len(key_list), CHUNK):
        chunk = key_list[start : start + CHUNK]
        ids |= {str(pk) for pk in model.objects.filter(translation_key__in=chunk).values_list("pk", flat=True)}
    page_list = sorted(_referring_pages(model, ids))
    paths: list[str] = []
    for start in range(0, len(page_list), CHUNK):
        paths += Page.objects.filter(pk__in=page_list[start : start + CHUNK]).values_list("path", flat=True)
    _note(*structures_of_paths(paths))


@contextmanager
def snippets_noted_once() -> Iterator[None]:
    """Within the block, each saved organisation and person is noted once, with the others, when it ends.

    An import saves hundreds of snippets; each save looked up the pages choosing it (three queries).
    Use it inside the transaction, around the reference index's update (``indexing.batched_indexes``),
    so that the pages found are those that choose the snippets once the block's changes are indexed.
    """
    if getattr(_local, "snippets", None) is not None:  # nested: the outer block notes them
        yield
        return
    _local.snippets = pending = {}
    try:
        yield
    finally:
        del _local.snippets
    for model, pks in pending.items():
        snippets_changed(model, pks)


# --------------------------------------------------------------------- the CDN


def frontend_cache_configured() -> bool:
    names = ("WAGTAILFRONTENDCACHE", "WAGTAILFRONTENDCACHE_LOCATION")
    return any(getattr(settings, name, None) for name in names)


def urls_to_purge(structure_keys: Iterable[Any], region_paths: Iterable[str], hosts: Iterable[int] = ()) -> set[str]:
    """Every URL showing these structures: each structure page in each language with its cached paths
    (exports), the live pages below it, the region index pages (all their languages), every
    comparison page with its CSV file, and the live pages that choose one of them in a block, or
    chose a deleted one (``hosts``)."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    structures = list(StructurePage.objects.live().filter(translation_key__in=list(structure_keys)))
    batch = PurgeBatch()
    batch.add_pages(structures)
    below = Q()
    for page in structures:
        below |= Q(path__startswith=page.path, depth=page.depth + 1)
    if structures:
        batch.add_pages(Page.objects.live().filter(below).specific(defer=True))
    regions = {*region_paths, *(_parent_path(p.path) for p in structures)}
    region_keys = RegionIndexPage.objects.filter(path__in=regions).values_list("translation_key", flat=True)
    batch.add_pages(RegionIndexPage.objects.live().filter(translation_key__in=list(region_keys)))
    if structures:
        batch.add_pages(ComparisonPage.objects.live())
    keys = list(structure_keys)
    chosen = {pk for start in range(0, len(keys), CHUNK) for pk in _structure_pks(keys[start : start + CHUNK])}
    hosts = sorted(_choosing(chosen) | set(hosts))
    for start in range(0, len(hosts), CHUNK):
        batch.add_pages(Page.objects.live().filter(pk__in=hosts[start : start + CHUNK]).specific(defer=True))
    return set(batch.urls)


def _structure_pks(keys: list[Any]) -> list[int]:
    return list(StructurePage.objects.filter(translation_key__in=keys).values_list("pk", flat=True))


def _choosing(structure_pks: Iterable[int]) -> set[int]:
    """The pages that choose one of these structure pages: a host site's pages with an overview,
    diagram or representatives block show the structure too."""
    return _referring_pages(Page, {str(pk) for pk in structure_pks})


def _referring_pages(model: type, ids: Iterable[str]) -> set[int]:
    """The keys of the pages that refer to these objects of ``model`` (Wagtail's reference index)."""
    to_type = ReferenceIndex._get_base_content_type(model)
    page_type = ReferenceIndex._get_base_content_type(Page)
    id_list = sorted(ids)
    found: set[int] = set()
    for start in range(0, len(id_list), CHUNK):
        referring = ReferenceIndex.objects.filter(
            to_content_type=to_type, to_object_id__in=id_list[start : start + CHUNK], base_content_type=page_type
        )
        found |= {int(pk) for pk in referring.values_list("object_id", flat=True)}
    return found


def purge(structure_keys: Iterable[Any], region_paths: Iterable[str], hosts: Iterable[int] = ()) -> None:
    if not frontend_cache_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(sorted(urls_to_purge(structure_keys, region_paths, hosts)))


def connect() -> None:
    """Connect the handlers (``AppConfig.ready``): publish, unpublish, move, view restrictions, snippets."""
    from django.db.models.signals import post_delete, pre_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in (RegionIndexPage, StructurePage, *ITEM_PAGES.values()):
        name = model.__name__
        page_published.connect(page_changed, sender=model, dispatch_uid=f"ks-invalidate-publish-{name}")
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=f"ks-invalidate-unpublish-{name}")
        post_page_move.connect(page_moved, sender=model, dispatch_uid=f"ks-invalidate-move-{name}")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="ks-invalidate-restriction")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="ks-invalidate-restriction-del")
    pre_delete.connect(structure_deleted, sender=StructurePage, dispatch_uid="ks-invalidate-delete-structure")
    post_delete.connect(structure_gone, sender=StructurePage, dispatch_uid="ks-invalidate-structure-gone")
    for model in (Organisation, Person):
        name = model.__name__
        post_save.connect(snippet_changed, sender=model, dispatch_uid=f"ks-invalidate-save-{name}")
        # Before the delete: Wagtail removes the references to a deleted object after it.
        pre_delete.connect(snippet_changed, sender=model, dispatch_uid=f"ks-invalidate-delete-{name}")
