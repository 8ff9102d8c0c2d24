"""Wagtail's reference index for many objects at once: the rows ``ReferenceIndex.create_or_update_for_object``
writes for each object, in a few queries for all of them.

Per object, Wagtail reads its StreamFields as Python values (which fetches every chosen page and
snippet, a query per chooser type and field), its child relations (a query each), its existing
rows (a query), and inserts the new ones (a query): an import's pages and snippets took about a
quarter of its time there. ``update_for_objects`` computes the same rows:

- StreamFields are read from their stored JSON: each chooser's stored key is checked against
  one query per model for every object (Wagtail records a chosen object only if it exists);
  content and model paths are built as Wagtail's Stream, List and Struct blocks build them. Any
  other block that records references (rich text, …) converts its own value as Wagtail does. A
  value Wagtail would read differently (an item without its id, an old list format, an unknown
  block type) makes that object fall back to Wagtail's own extraction.
- The other fields go through Wagtail's ``_extract_references_from_object``, with child
  relations read in one query per relation for all objects.
- Existing rows are read in one query per model, new ones inserted in one, stale ones deleted
  in one: the same comparison as Wagtail's, object by object.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import blocks
from wagtail.blocks.field_block import ChooserBlock
from wagtail.fields import StreamField
from wagtail.models import ReferenceIndex

#: Rows read or written per query (SQLite limits a query's parameters).
CHUNK = 500

Record = tuple[int, str, str, str]  # to_content_type_id, to_object_id, model_path, content_path


class _Fallback(Exception):
    """The stored JSON is not what Wagtail's blocks would read as is: let Wagtail read the value."""


def _walk(block: blocks.Block, raw: Any, chosen: list[tuple[type, Any]]) -> Iterator[tuple[Any, str, str, str]]:
    """References in ``raw`` (a block's stored JSON): ``(model or chooser index, object id, model path,
    content path)``. A chooser's key is noted in ``chosen``; its index stands in for the model until its
    object is known to exist."""
    impl = type(block).extract_references
    if impl is blocks.Block.extract_references:
        return
    if isinstance(block, blocks.StreamBlock) and impl is blocks.StreamBlock.extract_references:
        if raw is None:
            return
        if not isinstance(raw, list):
            raise _Fallback
        for item in raw:
            if not isinstance(item, dict) or item.get("type") not in block.child_blocks or not item.get("id"):
                raise _Fallback
            kind, ident = item["type"], item["id"]
            yield from _below(kind, ident, _walk(block.child_blocks[kind], item.get("value"), chosen))
        return
    if isinstance(block, blocks.ListBlock) and impl is blocks.ListBlock.extract_references:
        if raw is None:
            return
        if not isinstance(raw, list):
            raise _Fallback
        for item in raw:
            if not isinstance(item, dict) or item.get("type") != "item" or not item.get("id") or "value" not in item:
                raise _Fallback  # the old list format: Wagtail gives its items new ids when it reads them
            ident = item["id"]
            yield from _below("item", ident, _walk(block.child_block, item["value"], chosen))
        return
    if isinstance(block, blocks.StructBlock) and impl is blocks.StructBlock.extract_references:
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise _Fallback
        for name, child in block.child_blocks.items():
            if name in raw:
                found: Iterable[tuple[Any, str, str, str]] = _walk(child, raw[name], chosen)
            else:
                found = _converted(child, child.get_default())
            yield from _below(name, name, found)
        return
    if isinstance(block, ChooserBlock) and impl is ChooserBlock.extract_references:
        if raw is None or raw == "" or not issubclass(block.model_class, Model):
            return
        if isinstance(raw, Model):
            raise _Fallback
        chosen.append((block.model_class, raw))
        yield len(chosen) - 1, "", "", ""
        return
    if isinstance(block, (blocks.StreamBlock, blocks.ListBlock, blocks.StructBlock)):
        raise _Fallback  # a container with references of its own making
    yield from _converted(block, block.to_python(raw))


def _below(
    model_step: str, content_step: str, found: Iterable[tuple[Any, str, str, str]]
) -> Iterator[tuple[Any, str, str, str]]:
    """References found inside a child, their paths prefixed with the step to that child."""
    for model, pk, model_path, content_path in found:
        yield (
            model,
            pk,
            f"{model_step}.{model_path}" if model_path else model_step,
            f"{content_step}.{content_path}" if content_path else content_step,
        )


def _converted(block: blocks.Block, value: Any) -> Iterator[tuple[Any, str, str, str]]:
    yield from block.extract_references(value)


def _stream_fields(model: type) -> list[StreamField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, StreamField)]


def _raw_stream(obj: Any, field: StreamField) -> Any:
    """The field's stored JSON as loaded from the database; ``_Fallback`` once the value was read or set."""
    if field.attname not in obj.__dict__:  # deferred: loaded as Wagtail's extraction would load it
        getattr(obj, field.attname)
    value = obj.__dict__.get(field.attname)
    if value is None:
        return None
    if isinstance(value, blocks.StreamValue) and not value._bound_blocks:  # empty (Wagtail makes it eagerly)
        return []
    if (
        not isinstance(value, blocks.StreamValue)
        or not value.is_lazy
        or any(b is not None for b in value._bound_blocks)
    ):
        raise _Fallback
    return value._raw_data


def _load_child_relations(objects: Sequence[Any]) -> None:
    """Every child relation of ``objects`` in one query per relation, where Wagtail reads it per object."""
    model = type(objects[0])
    if not isinstance(objects[0], ClusterableModel):
        return
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        fk = relation.field
        found: dict[Any, list[Any]] = {obj.pk: [] for obj in objects}
        pks = list(found)
        for start in range(0, len(pks), CHUNK):
            for child in relation.related_model._default_manager.filter(
                **{f"{fk.name}__in": pks[start : start + CHUNK]}
            ):
                found[getattr(child, fk.attname)].append(child)
        for obj in objects:
            if not hasattr(obj, "_cluster_related_objects"):
                obj._cluster_related_objects = {}
            obj._cluster_related_objects.setdefault(name, found[obj.pk])


def references_of(objects: Sequence[Any]) -> dict[int, set[Record]]:
    """What ``ReferenceIndex._extract_references_from_object`` yields for each object (by position)."""
    out: dict[int, set[Record]] = {}
    if not objects:
        return out
    by_model: dict[type, list[int]] = {}
    for i, obj in enumerate(objects):
        by_model.setdefault(type(obj), []).append(i)
    chosen: list[tuple[type, Any]] = []
    pending: dict[int, list[tuple[Any, str, str, str]]] = {}
    for model, positions in by_model.items():
        group = [objects[i] for i in positions]
        _load_child_relations(group)
        fields = _stream_fields(model)
        for i, obj in zip(positions, group, strict=True):
            mark = len(chosen)
            try:
                raws = {f.attname: _raw_stream(obj, f) for f in fields}
                found = [
                    (model_ref, pk, f"{f.name}.{model_path}", f"{f.name}.{content_path}")
                    for f in fields
                    for model_ref, pk, model_path, content_path in _walk(f.stream_block, raws[f.attname], chosen)
                ]
            except _Fallback:
                del chosen[mark:]
                out[i] = set(ReferenceIndex._extract_references_from_object(obj))
                continue
            saved = {f.attname: obj.__dict__.get(f.attname) for f in fields}
            for f in fields:  # the other fields as Wagtail reads them; the streams were read above
                obj.__dict__[f.attname] = None
            try:
                out[i] = set(ReferenceIndex._extract_references_from_object(obj))
            finally:
                obj.__dict__.update(saved)
            pending[i] = found
    existing = _existing_choices(chosen)
    for i, found in pending.items():
        for model_ref, pk, model_path, content_path in found:
            if isinstance(model_ref, int):
                model, key = chosen[model_ref]
                if (model, key) not in existing:
                    continue
                ct = ReferenceIndex._get_base_content_type(model).id
                out[i].add((ct, existing[model, key], model_path, content_path))
            else:
                ct = ReferenceIndex._get_base_content_type(model_ref).id
                out[i].add((ct, pk, model_path, content_path))
    return out


def _existing_choices(chosen: Sequence[tuple[type, Any]]) -> dict[tuple[type, Any], str]:
    """The chosen keys whose objects exist (as ``ChooserBlock.bulk_to_python`` finds them), as their pk text."""
    keys: dict[type, set[Any]] = {}
    for model, key in chosen:
        keys.setdefault(model, set()).add(key)
    out: dict[tuple[type, Any], str] = {}
    for model, wanted in keys.items():
        values = list(wanted)
        for start in range(0, len(values), CHUNK):
            found = model.objects.in_bulk(values[start : start + CHUNK])
            for key in values[start : start + CHUNK]:
                obj = found.get(key)
                if obj is not None:
                    out[model, key] = str(obj.pk)
    return out


def update_for_objects(objects: Sequence[Any]) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for each object, in a few queries for all of them.

    Call inside a transaction, as Wagtail's.
    """
    objects = [obj for obj in objects if obj.pk is not None]
    if not objects:
        return
    references = references_of(objects)
    kinds: dict[int, tuple[ContentType, ContentType, list[int]]] = {}
    for i, obj in enumerate(objects):
        types = [
            ContentType.objects.get_for_model(m, for_concrete_model=False) for m in [obj, *obj._meta.get_parent_list()]
        ]
        kinds[i] = (types[0], types[-1], [ct.id for ct in types])
    by_base: dict[int, dict[str, int]] = {}
    for i, obj in enumerate(objects):
        by_base.setdefault(kinds[i][1].id, {})[str(obj.pk)] = i
    existing: dict[int, dict[Record, tuple[int, int]]] = {i: {} for i in range(len(objects))}
    for base_id, positions in by_base.items():
        ids = list(positions)
        for start in range(0, len(ids), CHUNK):
            rows = ReferenceIndex.objects.filter(
                base_content_type_id=base_id, object_id__in=ids[start : start + CHUNK]
            ).values_list(
                "id", "content_type_id", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"
            )
            for pk, ct_id, object_id, to_ct, to_id, model_path, content_path in rows:
                existing[positions[object_id]][to_ct, to_id, model_path, content_path] = (ct_id, pk)
    new_rows = []
    stale: list[int] = []
    for i, obj in enumerate(objects):
        content_type, base_content_type, known = kinds[i]
        found, had = references[i], existing[i]
        for to_ct, to_id, model_path, content_path in found - set(had):
            new_rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=obj.pk,
                    to_content_type_id=to_ct,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
        stale.extend(pk for record, (ct_id, pk) in had.items() if record not in found and ct_id in known)
    options = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(new_rows, batch_size=CHUNK, **options)
    for start in range(0, len(stale), CHUNK):
        ReferenceIndex.objects.filter(id__in=stale[start : start + CHUNK]).delete()


__all__ = ["references_of", "update_for_objects"]
