"""A structure's reading kept in the database, for its first render after the render cache is emptied.

Reading a live structure (``extract.read_live``) walks its page tree, its translations, its region and
its snippets: most of a structure page's first render, and the whole of it again for every page after a
restart with a new cache. So the reading is also kept here, one row per structure (its translation key,
shared by its languages): the structure as the core's JSON and the links below each of its pages.

Whether a row is current is decided as the render cache decides it, by ``invalidation``: when a change
to a structure commits, its row's ``version`` goes up (``forget``), before its render token is renewed.
A reader notes the version before it reads the pages, and stores what it read only where the version
is still that one (one conditional update), so a change committed in between leaves nothing behind.
A row is stored only outside a transaction (a transaction's reading may hold what another has not
committed yet, or lack what it has) and where pages are read from the database the row is written to.
A row older than the render cache's lifetime (``KULTURSAMVERKAN_CACHE_SECONDS``), or stored by
another version of the plugin, is read anew, and so are a page's links once the page is no longer where
they were read (a page above it, none of ours, renamed or moved: nothing notes it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

import kultursamverkan
from kultursamverkan.errors import ValidationError as CoreValidationError

from . import caching
from .pages import Link, Reading, StructurePage

logger = logging.getLogger(__name__)

#: What a stored row was written by: a row of another format is read anew. Bump the first part
#: when what ``extract.read_live`` reads, or how it is stored here, changes within a release.
FORMAT = f"1:{kultursamverkan.__version__}"
#: Keys per query: SQLite limits a query's parameters.
CHUNK = 500


class StoredReading(models.Model):
    """One structure's last reading (``extract.read_live``), valid while ``stored_version == version``."""

    translation_key = models.UUIDField(unique=True)
    #: Raised after each committed change to the structure (``forget``).
    version = models.BigIntegerField(default=0)
    #: The version the reading was stored under; None when none is stored.
    stored_version = models.BigIntegerField(null=True)
    stored_at = models.DateTimeField(null=True)
    format = models.CharField(max_length=64, blank=True)
    #: The structure as the core's JSON (``kultursamverkan.dumps``).
    structure = models.TextField(blank=True)
    #: ``{page id: [its url_path, [[identifier, url_path, model label], …]]}``: the links below each page of the
    #: structure, and where the page was (a page above it renamed or moved: its links are read anew).
    links = models.TextField(blank=True)

    class Meta:
        verbose_name = _("stored copy of a structure")
        verbose_name_plural = _("stored copies of structures")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.translation_key)


def forget(translation_keys: Iterable[Any]) -> None:
    """These structures changed and the change has committed: their stored readings are no longer current.
    Called before their render tokens are renewed (``invalidation``): a reader missing the cache under a new
    token must not find the old reading here.

    The change has committed when this runs, so a database error here is logged, not raised: the
    tokens are still renewed, and the old reading is read anew once it is older than the cache's
    lifetime, or at once by ``manage.py kultursamverkan_render_ahead --reread``."""
    keys = sorted({str(key) for key in translation_keys})
    alias = router.db_for_write(StoredReading)
    try:
        with transaction.atomic(using=alias):  # a savepoint, when called inside a transaction
            for start in range(0, len(keys), CHUNK):
                StoredReading.objects.using(alias).filter(translation_key__in=keys[start : start + CHUNK]).update(
                    **_forgotten()
                )
    except DatabaseError:
        logger.error(
            "the stored readings of structures %s could not be forgotten: run manage.py "
            "kultursamverkan_render_ahead --reread",
            keys,
            exc_info=True,
        )


def discard(translation_keys: Iterable[Any]) -> int:
    """The rows of these structures where no structure page is left with their key (every language
    deleted): how many went. Called as a structure page is deleted, in its transaction."""
    keys = sorted({str(key) for key in translation_keys})
    gone = 0
    for start in range(0, len(keys), CHUNK):
        gone += _without_pages(StoredReading.objects.filter(translation_key__in=keys[start : start + CHUNK]))
    return gone


def forget_all() -> int:
    """Every stored reading is read anew from the pages: after pages or snippets were changed other than
    through Wagtail (SQL, ``QuerySet.update``), which ``invalidation`` does not see. How many there were.
    The rows of structures with no page left go."""
    _without_pages(StoredReading.objects.all())
    return StoredReading.objects.update(**_forgotten())


def _without_pages(rows: models.QuerySet[StoredReading]) -> int:
    """Deletes those of ``rows`` whose structure has no page left: how many."""
    return rows.exclude(translation_key__in=StructurePage.objects.values("translation_key")).delete()[0]


def _forgotten() -> dict[str, Any]:
    """A forgotten row: a new version, so that a reading noted under the old one is not stored, and no data."""
    return {"version": F("version") + 1, "stored_version": None, "structure": "", "links": ""}


#: The structure's pages (every language), each with the links below it.
Links = Mapping[Page, list[Link]]


def read(page: Page, read_live: Callable[[], tuple[Reading, Links | None]]) -> Reading:
    """The live page's reading: the stored one while it is current, else ``read_live()``, stored where it
    may be. ``read_live`` gives the reading and the links below every page of the structure (None: not to
    be stored, such as a page the reading did not load)."""
    key = page.translation_key
    if not (page.live and page.pk and key) or caching.held([key]):
        return read_live()[0]
    alias = router.db_for_write(StoredReading)
    row = (
        StoredReading.objects.using(alias)
        .filter(translation_key=key)
        .values_list("version", "stored_version", "stored_at", "format", "structure", "links")
        .first()
    )
    if row is not None:
        found = _decoded(page, *row)
        if found is not None:
            return found
    version = _version(key, alias, row)
    reading, links = read_live()
    if version is not None and links is not None and reading.structure is not None:
        _store(key, alias, version, reading, links)
    return reading


def _decoded(
    page: Page, version: int, stored_version: int | None, stored_at: dt.datetime | None, fmt: str, text: str, links: str
) -> Reading | None:
    """The stored reading for ``page``, or None when it is not current or cannot be read."""
    if stored_version != version or fmt != FORMAT or not text or stored_at is None:
        return None
    seconds = caching.seconds()
    if seconds is not None and timezone.now() - stored_at > _lifetime(seconds):
        return None
    try:
        at, below = json.loads(links).get(str(page.pk)) or (None, ())
        if at != page.url_path:  # not stored for it, or a page above it has moved or changed its slug since
            return None
        found = [Link(ident, url_path, True, apps.get_model(label)) for ident, url_path, label in below]
        return Reading(kultursamverkan.loads(text, "json"), found)
    except (ValueError, TypeError, AttributeError, LookupError, CoreValidationError):
        # Written by a plugin whose model or pages differ (``FORMAT`` not bumped): read anew.
        logger.warning("the stored reading of structure %s could not be read", page.translation_key, exc_info=True)
        return None


def _version(key: Any, alias: str, row: tuple[Any, ...] | None) -> int | None:
    """The version to store a reading under, noted before the pages are read; None: store nothing."""
    connection = connections[alias]
    if connection.in_atomic_block or router.db_for_read(Page) != alias:
        return None
    if row is not None:
        return int(row[0])
    try:  # the row first, so that a change committed after the pages are read raises its version
        StoredReading.objects.using(alias).bulk_create([StoredReading(translation_key=key)], ignore_conflicts=True)
    except DatabaseError:
        logger.warning("no stored reading of structure %s could be made", key, exc_info=True)
        return None
    return 0  # or higher by now: then the update in ``_store`` finds no row and stores nothing


def _store(key: Any, alias: str, version: int, reading: Reading, links: Links) -> None:
    assert reading.structure is not None
    below = {
        str(page.pk): [page.url_path, [[link.identifier, link.url_path, _label(link.model)] for link in found]]
        for page, found in links.items()
    }
    try:  # one statement, outside any transaction (``_version``): it holds no lock beyond itself
        StoredReading.objects.using(alias).filter(translation_key=key, version=version).update(
            stored_version=version,
            stored_at=timezone.now(),
            format=FORMAT,
            structure=kultursamverkan.dumps(reading.structure, "json"),
            links=json.dumps(below, ensure_ascii=False),
        )
    except DatabaseError:  # a lock held elsewhere, say: the next reader stores it
        logger.warning("the reading of structure %s could not be stored", key, exc_info=True)


def _label(model: type) -> str:
    return model._meta.label_lower  # type: ignore[attr-defined]


def _lifetime(seconds: float) -> dt.timedelta:
    try:
        return dt.timedelta(seconds=seconds)
    except OverflowError:  # a lifetime longer than a timedelta holds: for ever
        return dt.timedelta.max
