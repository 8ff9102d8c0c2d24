"""Ids → chosen pages and snippets: the second pass of an import, and of the data migration.

A reference's block keeps the id it was written with (``blocks.KEPT_ID``) until the page or
snippet it names is chosen. Writing a file's data cannot always choose it at once (the page
it names may come later in the same import), so ``resolve`` walks the stored references
afterwards and chooses, for each kept id, the page of the allowed types with that id in the
same structure's subtree (the region index counts as the region) and the same locale, or
the organisation or person with that id in the same locale. What it cannot find stays in
the kept id, where the core reports it as a reference to nothing; nothing is lost.

It takes the app registry as an argument so the migration can run it on its historical models.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db import connections
from django.db.models import Value
from wagtail import blocks as wagtail_blocks
from wagtail.blocks import StreamValue

from .blocks import CHOOSERS, KEPT_ID, PAGE_TYPES, SNIPPET_MODELS, is_reference, map_references

APP = "wagtail_kultursamverkan"
#: Rows written per UPDATE.
BATCH = 200
#: Wagtail's tree: each level adds this many characters to a page's path.
STEPLEN = 4
_KIND_OF_PAGE = {label.split(".")[1].lower(): kind for kind, label in PAGE_TYPES.items()}


def reference_kinds(block: wagtail_blocks.StructBlock) -> tuple[str, ...]:
    """What a reference block may point at, read from its choosers (works on historical blocks too)."""
    kinds: list[str] = []
    page = block.child_blocks.get("page")
    if page is not None:
        kinds.extend(_KIND_OF_PAGE.get(m._meta.model_name, "") for m in page.target_models)
    kinds.extend(name.capitalize() for name in ("organisation", "person") if name in block.child_blocks)
    return tuple(k for k in kinds if k)


def _holds_references(block: wagtail_blocks.Block) -> bool:
    if is_reference(block):
        return True
    children = getattr(block, "child_blocks", None)
    if children is None and isinstance(block, wagtail_blocks.ListBlock):
        children = {"item": block.child_block}
    return any(_holds_references(child) for child in (children or {}).values())


def reference_fields(model: type) -> list[str]:
    """The model's StreamFields that hold references."""
    return [
        f.name
        for f in model._meta.get_fields()
        if hasattr(f, "stream_block") and not f.is_relation and _holds_references(f.stream_block)
    ]


class Resolver:
    """Finds what an id names within one scope (a structure's or region's subtree) and locale."""

    def __init__(
        self,
        apps: Any,
        scope_path: str,
        region_path: str,
        locale_id: int | None,
        shared: dict[tuple[str, int | None], dict[str, int | None]] | None = None,
    ) -> None:
        """``shared``: the snippets read so far by kind and locale, for resolvers of other scopes to reuse
        (a snippet's scope is its locale)."""
        self.apps, self.scope_path, self.region_path, self.locale_id = apps, scope_path, region_path, locale_id
        self._kinds: dict[str, dict[str, int | None]] = {}
        self._shared = {} if shared is None else shared

    def _find(self, kind: str, identifier: str) -> int | None:
        """The one object of ``kind`` with ``identifier`` in scope (None if none or several); the scope's
        pages of every kind are read in one query the first time a page is asked for, and the locale's
        snippets of a kind the first time the kind is."""
        if kind not in self._kinds and kind in SNIPPET_MODELS and (kind, self.locale_id) in self._shared:
            self._kinds[kind] = self._shared[kind, self.locale_id]
        if kind not in self._kinds and kind in PAGE_TYPES:
            self._read_pages()
        if kind not in self._kinds:
            qs = self.apps.get_model(SNIPPET_MODELS[kind]).objects.filter(locale_id=self.locale_id)
            found: dict[str, int | None] = {}
            for ident, pk in qs.values_list("identifier", "pk").order_by():
                found[ident] = None if ident in found else pk
            self._kinds[kind] = self._shared[kind, self.locale_id] = found
        return self._kinds[kind].get(identifier)

    def _read_pages(self) -> None:
        """The scope's pages of every kind in one query (a union), as ``_find`` reads each kind's."""
        parts = []
        for kind, label in PAGE_TYPES.items():
            self._kinds[kind] = {}
            qs = self.apps.get_model(label).objects.filter(locale_id=self.locale_id)
            if kind == "Region":
                qs = qs.filter(path=self.region_path)
            elif self.scope_path:
                qs = qs.filter(path__startswith=self.scope_path)
            else:
                continue
            parts.append(qs.annotate(page_kind=Value(kind)).values_list("page_kind", "identifier", "pk").order_by())
        for kind, ident, pk in parts[0].union(*parts[1:], all=True) if parts else ():
            found = self._kinds[kind]
            found[ident] = None if ident in found else pk

    def __call__(self, identifier: str, kinds: Iterable[str]) -> tuple[str, int] | None:
        for kind in kinds:
            pk = self._find(kind, identifier)
            if pk is not None:
                return ("page" if kind in PAGE_TYPES else kind.lower()), pk
        return None


def _raw(value: Any) -> list:
    if isinstance(value, StreamValue):
        return list(value.get_prep_value())
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value or [])


def _resolved(stream_block: Any, raw: list, resolver: Resolver, missing: list[str]) -> tuple[list, bool]:
    changed = False

    def fix(block: wagtail_blocks.StructBlock, value: Any) -> Any:
        nonlocal changed
        out = {KEPT_ID: value} if isinstance(value, str) else dict(value or {})
        if isinstance(value, str):
            changed = True
        if any(out.get(name) for name in CHOOSERS) or not out.get(KEPT_ID):
            return out
        found = resolver(out[KEPT_ID], reference_kinds(block))
        if found is None or found[0] not in block.child_blocks:
            missing.append(out[KEPT_ID])
            return out
        out[found[0]] = found[1]
        changed = True
        return out

    return map_references(stream_block, raw, fix), changed


def _scopes(apps: Any) -> tuple[set[str], set[str]]:
    structures = set(apps.get_model(APP, "StructurePage").objects.values_list("path", flat=True))
    regions = set(apps.get_model(APP, "RegionIndexPage").objects.values_list("path", flat=True))
    return structures, regions


def _deepest(path: str, candidates: set[str]) -> str:
    for end in range(len(path), 0, -STEPLEN):
        if path[:end] in candidates:
            return path[:end]
    return ""


def resolve(
    apps: Any,
    pages: Collection[int] | None = None,
    snippets: Collection[str] | None = None,
    stored: Iterable[Any] = (),
) -> list[str]:
    """Choose the page or snippet for every kept id that names one; the ids left: ``"model pk field: id"``.

    ``pages`` (primary keys) and ``snippets`` (ids): the objects to visit, None: all (the
    migration); the import passes what it wrote. The live row and the latest revision (what
    the editor opens) are both updated. ``stored``: some of ``pages``, in memory exactly as their
    rows and latest revisions (cached on them as ``latest_revision``) are stored, as the import holds
    the pages it has just created: visited as they are instead of read again (a first import's
    pages are all of them, and reading them back was a seventh of its time). Only their ancestors'
    paths are read from them, which moving a page among its siblings leaves as they were.
    """
    structures, regions = _scopes(apps)
    Revision = apps.get_model("wagtailcore", "Revision")
    left: list[str] = []
    #: One resolver per scope and locale: each id is looked up once however many objects name it.
    resolvers: dict[tuple[str, str, int | None], Resolver] = {}
    snippets_read: dict[tuple[str, int | None], dict[str, int | None]] = {}
    #: The pages to visit held in memory, by key: specific, so that no other model has their keys.
    in_memory = {
        o.pk: o for o in stored if pages is not None and o.pk in pages and getattr(o, "specific_class", None) is type(o)
    }
    for label in [*PAGE_TYPES.values(), *SNIPPET_MODELS.values()]:
        model = apps.get_model(label)
        names = reference_fields(model)
        if not names:
            continue
        objects = model.objects.all()
        held: list[Any] = []
        if label in SNIPPET_MODELS.values() and snippets is not None:
            objects = objects.filter(identifier__in=list(snippets))
        elif label in PAGE_TYPES.values() and pages is not None:
            held = [o for o in in_memory.values() if type(o) is model]
            unread = [pk for pk in pages if pk not in in_memory]
            objects = objects.filter(pk__in=unread) if unread else objects.none()
        if any(f.name == "region" and f.is_relation for f in model._meta.get_fields()):
            objects = objects.select_related("region")
        objects = [*held, *objects]
        revisions = {r.pk: r for r in map(_cached_revision, held) if r is not None}
        revision_ids = [
            r for r in (getattr(o, "latest_revision_id", None) for o in objects) if r and r not in revisions
        ]
        if revision_ids:
            revisions.update({r.pk: r for r in Revision.objects.filter(pk__in=revision_ids)})
        #: The objects and revisions to write, by the fields changed: one query per group, not per object.
        rows: dict[tuple[str, ...], list[Any]] = {}
        revised: list[Any] = []
        for obj in objects:
            path = getattr(obj, "path", None)
            if path is not None:
                region = _deepest(path, regions)
                scope = _deepest(path, structures) or region
            else:
                region_obj = getattr(obj, "region", None)
                region = scope = region_obj.path if region_obj is not None else ""
            key = (scope, region, obj.locale_id)
            resolver = resolvers.get(key) or resolvers.setdefault(
                key, Resolver(apps, scope, region, obj.locale_id, snippets_read)
            )
            updates = {}
            for name in names:
                stream_block = model._meta.get_field(name).stream_block
                missing: list[str] = []
                raw, changed = _resolved(stream_block, _raw(getattr(obj, name)), resolver, missing)
                left.extend(f"{model._meta.model_name} {obj.pk} {name}: {m}" for m in missing)
                if changed:
                    updates[name] = StreamValue(stream_block, raw, is_lazy=True)
            if updates:
                for name, value in updates.items():
                    setattr(obj, name, value)
                rows.setdefault(tuple(sorted(updates)), []).append(obj)
            revision_id = getattr(obj, "latest_revision_id", None)
            if revision_id and _resolve_revision(revisions.get(revision_id), model, names, resolver):
                revised.append(revisions[revision_id])
        for fields, changed_objects in rows.items():
            _update_rows(model, changed_objects, fields)
        _update_rows(Revision, revised, ("content",))
    return left


def _update_rows(model: Any, objects: Sequence[Any], names: Sequence[str]) -> None:
    """``bulk_update(objects, names)``: an UPDATE per row, all sent at once (``executemany``), rather than
    Django's CASE per field and row, whose building was a tenth of a first import's time. The values are
    prepared as ``bulk_update`` and ``save`` prepare them (``get_db_prep_save``)."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    if any(f not in model._meta.local_concrete_fields for f in fields):  # in a parent's table
        model.objects.bulk_update(objects, list(names), batch_size=BATCH)
        return
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608 - the model's own quoted names
    rows = [[*(f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields), o.pk] for o in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _cached_revision(obj: Any) -> Any:
    """The latest revision the object holds in memory, if it is the one its row names."""
    field = type(obj)._meta.get_field("latest_revision")
    if not field.is_cached(obj):
        return None
    revision = field.get_cached_value(obj)
    return revision if revision is not None and revision.pk == obj.latest_revision_id else None


def _resolve_revision(revision: Any, model: Any, names: list[str], resolver: Resolver) -> bool:
    """Choose in the revision's content; whether it changed (the caller writes it)."""
    if revision is None or not isinstance(revision.content, dict):
        return False
    content = dict(revision.content)
    changed_any = False
    for name in names:
        if name not in content:
            continue
        stored = content[name]
        raw, changed = _resolved(model._meta.get_field(name).stream_block, _raw(stored), resolver, [])
        if changed:
            content[name] = json.dumps(raw) if isinstance(stored, str) else raw
            changed_any = True
    if changed_any:
        revision.content = content
    return changed_any
