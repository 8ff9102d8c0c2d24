"""A page the import creates and publishes, in a tenth of the queries of Wagtail's three steps.

The import used ``parent.add_child(instance=page)``, ``page.save_revision(log_action=True)`` and
``revision.publish()`` for each new page: about sixty queries, most of them checks a brand-new
page cannot fail (a draft's comments, aliases, workflow states, earlier revisions, the uniqueness
of a path just computed) and the same row written three times. ``create_live`` leaves the page
as those three leave it:

- in the tree as treebeard's ``add_child`` puts it (after the parent's last child, the parent's
  ``numchild`` one more) with its ``url_path``, ``draft_title`` and ``locale``;
- validated as ``publish`` validates it (``full_clean``), except for what the database checks
  anyway (its foreign keys, unique path, translation key and locale);
- with one revision holding the page as ``save_revision`` saw it (a draft not yet published),
  which is its latest and live revision; ``live``, no unpublished changes, ``first_published_at``,
  ``last_published_at`` and ``latest_revision_created_at`` set as ``publish`` sets them;
- with the log entries an editor sees in its history: created, edited (the revision) and
  published, by the importing user;
- and ``page_published`` (and Wagtail's ``published``) sent as ``publish`` sends them, so caches,
  CDN purges and the translations' synchronised fields follow as they do for any publish (the
  import, writing every translation from one file, leaves the latter out: ``in_step``).

``Children`` adds a run of pages below one parent: each is written at once, and all are published
together when the run ends (``flush``): one query for their revisions, one for the pages, one for the
log entries, then each page's signals. Search and reference indexing follow the saves as always
(batched by ``indexing`` in an import).
``tests/wagtail_plugin/test_import_bulk.py`` compares a page made here with one made by Wagtail's
steps, field by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from attrs import define
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from .pages import translations_in_step


class Children:
    """A parent's children while pages are added below it: their slugs and the last path, read once.

    Only for a run of ``create_live`` calls under one parent with nothing else adding pages there.
    """

    def __init__(self, parent: Page) -> None:
        self.parent = parent
        rows = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("path", "slug")
        self.slugs = {slug for _path, slug in rows}
        self.last: str | None = max((path for path, _slug in rows), default=None)
        #: Pages added, not yet published nor counted in the parent's ``numchild`` (``flush``).
        self.pending: list[_Pending] = []

    def available_slug(self, requested: str) -> str:
        """What ``wagtail.coreutils.find_available_slug`` gives: ``requested``, else with -1, -2, … added."""
        slug, number = requested, 1
        while slug in self.slugs:
            slug = f"{requested}-{number}"
            number += 1
        return slug

    def create_live(self, page: Page, *, user: Any = None, in_step: bool = False) -> None:
        """``create_live`` below the parent; the page's slug is known to be free among the children read.

        The page is in the tree at once; it is published, with the others, and counted in the parent's
        ``numchild`` by ``flush``: call it before anything else adds pages below the parent or reads
        them, and when done."""
        pending = _add(self.parent, page, user=user, after=self.last, in_step=in_step, slug_free=True, count=False)
        self.pending.append(pending)
        self.slugs.add(page.slug)
        self.last = page.path

    def flush(self) -> None:
        """Publish the pages added (``_publish``) and count them in the parent's ``numchild``, as treebeard does."""
        if self.pending:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(self.pending))
            self.parent.numchild += len(self.pending)
            pending, self.pending = self.pending, []
            _publish(pending)


def _last_child_path(parent: Page) -> str | None:
    return (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )


_UNKNOWN = object()


@define
class _Pending:
    """A page written as a draft by ``_add``, its revision not saved yet, until ``_publish`` publishes it."""

    page: Page
    revision: Revision
    created: Any
    edited: Any
    user: Any
    in_step: bool


def create_live(
    parent: Page,
    page: Page,
    *,
    user: Any = None,
    after: Any = _UNKNOWN,
    in_step: bool = False,
    slug_free: bool = False,
    count: bool = True,
) -> Revision:
    """Add ``page`` (specific, unsaved, its slug and locale set) as ``parent``'s last child, published.

    ``after``: the parent's last child's path (None: it has none), when the caller knows it.
    ``in_step``: the caller writes every translation of the page from the same data, so publishing
    it leaves them alone (``pages.translations_in_step``). ``slug_free``: the caller checked the slug
    against the parent's children already. ``count``: False when the caller counts the page in the
    parent's ``numchild`` (``Children.flush``). The page's revision is returned, as ``save_revision`` does.
    """
    pending = _add(parent, page, user=user, after=after, in_step=in_step, slug_free=slug_free, count=count)
    _publish([pending])
    return pending.revision


def _add(parent: Page, page: Page, *, user: Any, after: Any, in_step: bool, slug_free: bool, count: bool) -> _Pending:
    """The page in the tree, validated and saved as ``add_child`` leaves it, with its revision's content."""
    last = _last_child_path(parent) if after is _UNKNOWN else after
    page.depth = parent.depth + 1
    page.path = Page(path=last)._inc_path() if last else Page._get_path(parent.path, page.depth, 1)
    page.numchild = 0
    page._cached_parent_obj = parent
    page.live = False  # as ``save_revision`` records it: a draft not yet published
    page.has_unpublished_changes = True
    page.latest_revision = page.live_revision = None
    page.first_published_at = page.last_published_at = page.latest_revision_created_at = None
    relations = [f.name for f in page._meta.concrete_fields if f.is_relation]
    if slug_free:  # Wagtail's clean would ask the database again
        page._slug_is_available = lambda *args, **kwargs: True
    try:
        page.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    finally:
        page.__dict__.pop("_slug_is_available", None)
    page.set_url_path(parent)
    ClusterableModel.save(page)  # the rows, and any child objects the caller gave the page
    for relation in get_all_child_relations(page):  # none in the database: no query to find that out
        name = relation.get_accessor_name()
        if name not in getattr(page, "_cluster_related_objects", {}):
            setattr(page, name, [])
    if count:
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        parent.numchild += 1
    created = timezone.now()
    revision = Revision(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=user,
        approved_go_live_at=None,
        content=page.serializable_data(),
        object_str=str(page),
        created_at=timezone.now(),  # what ``Revision.save`` sets
    )
    return _Pending(page, revision, created, timezone.now(), user, in_step)


def _publish(pending: Sequence[_Pending]) -> None:
    """Save the revisions and publish the pages: a query for the revisions, one for the pages, one for the
    log entries; then, for each page, the signals ``publish`` sends.

    The revisions are saved together, so they share the moment they are saved (``Revision.save`` sets
    ``created_at`` then), as the pages share the moment they are published: every page takes the same
    values but its revision, which one UPDATE finds for each page by a subquery (a new page has one
    revision). Django's ``bulk_update`` would write a CASE per field and page, building which was a
    tenth of a first import's time."""
    if not pending:
        return
    saved_at = timezone.now()
    for p in pending:
        p.revision.created_at = saved_at
    if connection.features.can_return_rows_from_bulk_insert:
        Revision.objects.bulk_create([p.revision for p in pending])
    else:  # the pages need their revisions' keys
        for p in pending:
            p.revision.save()
    published_at = timezone.now()
    for p in pending:
        page, revision = p.page, p.revision
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.first_published_at = page.last_published_at = published_at
    own_revision = Subquery(
        Revision.objects.filter(
            base_content_type_id=pending[0].revision.base_content_type_id,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    for start in range(0, len(pending), BATCH):
        Page.objects.filter(pk__in=[p.page.pk for p in pending[start : start + BATCH]]).update(
            latest_revision_id=own_revision,
            live_revision_id=own_revision,
            latest_revision_created_at=saved_at,
            live=True,
            has_unpublished_changes=False,
            expired=False,
            first_published_at=published_at,
            last_published_at=published_at,
        )
    entries = []
    for p in pending:
        with translations_in_step() if p.in_step else nullcontext():
            page_published.send(sender=p.page.specific_class, instance=p.page, revision=p.revision)
            published.send(sender=type(p.page), instance=p.page, revision=p.revision)
        entries += _log_entries(
            p.page,
            p.user,
            [
                ("wagtail.create", None, p.created),
                ("wagtail.edit", p.revision, p.edited),
                ("wagtail.publish", p.revision, timezone.now()),
            ],
        )
    PageLogEntry.objects.bulk_create(entries, batch_size=BATCH)


#: Pages written per UPDATE.
BATCH = 100


def _log_entries(page: Page, user: Any, entries: list[tuple[str, Any, Any]]) -> list[PageLogEntry]:
    """The entries ``log(instance=page, action=…, user=…, revision=…, content_changed=True)`` writes."""
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    label = str(page) or f"{page.__class__.__name__} object ({page.pk})"
    rows = []
    for action, with_revision, timestamp in entries:
        who = (user or page.owner) if action == "wagtail.create" else user
        rows.append(
            PageLogEntry(
                content_type=content_type,
                label=label,
                action=action,
                timestamp=timestamp,
                data={},
                user=who or context.user,
                uuid=context.uuid,
                revision=with_revision,
                content_changed=True,
                page=page,
            )
        )
    return rows


__all__ = ["Children", "create_live"]
