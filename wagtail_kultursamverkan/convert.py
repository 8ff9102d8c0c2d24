"""Structure pages with their snippets and plan pages as a core ``Structure``, and back.

Single blocks become core objects in ``blocks`` (``core_value``), and the import compares
pages with files in ``importing``; all three go through the same plain data.

Both directions go through the core's plain data (``kultursamverkan.converter``):
a block's child names are the core's keys, so a block value and an object's data
differ only in how emptiness is written (Wagtail's ``""`` and ``[]`` versus a key
left out) and in how a cadence is tagged. Going through plain data means the core
validates exactly what it would validate in a file, and its problems come back
with paths that ``locate`` maps to the page's fields.

A structure's plans live on ``PlanPage`` children of its structure page, one page per
plan (``apply_plan``, ``plan_data``); ``page_data`` gathers them back into
``structure.plans`` in the pages' order, followed by any plan blocks an editor put
in the page's content (older pages hold them there). A plan id may be in one of the
two places only: the forms refuse a second one at its field. ``apply`` writes all
but the plans, so ``structure_from_page(apply(structure))`` gives back an equal
structure once each plan has its page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs
from django.db import transaction
from wagtail import blocks
from wagtail.models import Locale

from kultursamverkan import converter
from kultursamverkan import model as core
from kultursamverkan.errors import PathPart
from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.io import from_data
from kultursamverkan.model import Plan, Structure

from .blocks import DATA_BLOCKS, CadenceBlock, is_list_field
from .models import Organisation, Person, PlanPageMixin, RegionIndexPageMixin, StructurePageMixin

Data = dict[str, Any]
#: Where a top-level item of the core's data lives on the page: (field name, index in that field).
Location = tuple[str, int | None]
#: Which child plan pages a structure gathers: the published ones that whoever sees the structure
#: page may see (what visitors see), every one (what an editor saves and what an export writes:
#: each page's stored content), or none.
PlanPages = Literal["live", "all", "none"]

_INT_LISTS = frozenset({"months"})


# ------------------------------------------------------------- block ↔ data


def _is_list_item(raw: Any) -> bool:
    """Wagtail's own test for a list item in the current JSON format (older data holds bare values)."""
    return isinstance(raw, dict) and "id" in raw and "value" in raw and raw.get("type") == "item"


def block_to_data(block: blocks.Block, raw: Any, name: str = "") -> Any:
    """A block's JSON value (``get_prep_value``) as the core's plain data; ``None`` means "left out"."""
    if isinstance(block, CadenceBlock):
        if not raw:
            return None
        child = raw[0]
        if child["type"] == "phrase":  # typed in words and not yet saved: what the phrase says, if anything
            return _phrase_data(child.get("value") or "")
        child_block = block.child_blocks[child["type"]]
        rest = block_to_data(child_block, child.get("value")) if isinstance(child_block, blocks.StructBlock) else None
        return {"kind": child["type"], **(rest or {})}
    if isinstance(block, blocks.StructBlock):
        out: Data = {}
        for key, child in block.child_blocks.items():
            value = block_to_data(child, (raw or {}).get(key), key)
            if value is not None and value != {}:
                out[key] = value
        return out
    if isinstance(block, blocks.ListBlock):
        items = [item["value"] if _is_list_item(item) else item for item in raw or ()]
        values = [block_to_data(block.child_block, item, name) for item in items]
        # An empty item stays in the list: the core then reports it at its index.
        return [{} if v is None and isinstance(block.child_block, blocks.StructBlock) else v for v in values] or None
    if isinstance(block, blocks.MultipleChoiceBlock):
        values = list(raw or ())
        if name in _INT_LISTS:
            values = [int(v) for v in values]
        return values or None
    if isinstance(block, blocks.BooleanBlock):
        return True if raw else None  # every core flag defaults to false: an unticked box is left out
    if raw is None or raw == "":
        return None
    return raw


def _phrase_data(text: str) -> Data:
    """A typed cadence phrase as the core's data; an unreadable one as a cadence without a kind (a problem)."""
    from kultursamverkan.cadence_parser import NotUnderstood, parse_cadence

    for lang in ("sv", "en"):
        try:
            return converter.unstructure(parse_cadence(text, lang))
        except NotUnderstood:
            continue
    return {"kind": None}


def data_to_block(block: blocks.Block, data: Any, name: str = "") -> Any:
    """The core's plain data as a block's JSON value; left-out keys get the block's default."""
    if isinstance(block, CadenceBlock):
        if data is None:
            return []
        kind = data["kind"]
        child_block = block.child_blocks[kind]
        rest = {k: v for k, v in data.items() if k != "kind"}
        value = data_to_block(child_block, rest) if isinstance(child_block, blocks.StructBlock) else None
        return [{"type": kind, "value": value}]
    if data is None:
        return block.get_prep_value(block.get_default())
    if isinstance(block, blocks.StructBlock):
        return {key: data_to_block(child, data.get(key), key) for key, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        return [
            {"type": "item", "value": data_to_block(block.child_block, item, name), "id": str(uuid.uuid4())}
            for item in data
        ]
    if isinstance(block, blocks.MultipleChoiceBlock):
        return [str(v) for v in data]
    return data


# ------------------------------------------------- format-2 details streams


def details_data(stream: Any, cls: type) -> Data:
    """A ``core_details`` stream as the core's plain data: list fields gather their entries in order."""
    out: Data = {}
    for child in stream:
        value = block_to_data(child.block, child.block.get_prep_value(child.value), child.block_type)
        if value is None:
            value = {} if isinstance(child.block, blocks.StructBlock) else None
        if value is None:
            continue
        if is_list_field(cls, child.block_type):
            out.setdefault(child.block_type, []).append(value)
        else:
            out[child.block_type] = value
    return out


def details_stream(data: Mapping[str, Any], stream_field: Any, cls: type) -> list[Data]:
    """The core's plain data for a ``core_details`` stream's fields, as the stream's raw value."""
    stream_block = stream_field.stream_block if hasattr(stream_field, "stream_block") else stream_field
    out: list[Data] = []
    for name, block in stream_block.child_blocks.items():
        if name not in data:
            continue
        values = data[name] if is_list_field(cls, name) else [data[name]]
        out.extend({"type": name, "value": data_to_block(block, value, name)} for value in values)
    return out


# ---------------------------------------------------------------- snippets


def _text_fields(prefix: str, text: Mapping[str, str] | None) -> dict[str, str]:
    """The core's ``{sv, en}`` text as the two model fields ``<prefix>_sv`` and ``<prefix>_en``."""
    text = text or {}
    return {f"{prefix}_sv": text.get("sv") or "", f"{prefix}_en": text.get("en") or ""}


def _text(sv: str, en: str) -> Data | None:
    out = {key: value for key, value in (("sv", sv), ("en", en)) if value}
    return out or None


def _drop_empty(data: Mapping[str, Any]) -> Data:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def organisation_data(org: Organisation) -> Data:
    return _drop_empty(
        {
            "id": org.identifier,
            "name": _text(org.name_sv, org.name_en),
            "kind": org.kind,
            "minorities": list(org.minorities or ()),
            "part_of": org.part_of,
            "description": _text(org.description_sv, org.description_en),
            "former_names": [_text(c.value["sv"], c.value["en"]) or {} for c in org.former_names],
            "url": org.url,
            **details_data(org.details, core.Organisation),
        }
    )


def person_data(person: Person) -> Data:
    return _drop_empty(
        {
            "id": person.identifier,
            "name": person.name,
            "title": _text(person.title_sv, person.title_en),
            "party": person.party,
            **details_data(person.details, core.Person),
        }
    )


def _update(instance: Any, fields: Mapping[str, Any]) -> None:
    for key, value in fields.items():
        setattr(instance, key, value)


def apply_organisation(data: Data, locale: Locale) -> Organisation:
    """Create or update the organisation snippet with ``data``'s id in ``locale``."""
    org = Organisation.objects.filter(identifier=data["id"], locale=locale).first() or Organisation(
        identifier=data["id"], locale=locale
    )
    name = data.get("name") or {}
    description = data.get("description") or {}
    _update(
        org,
        {
            **_text_fields("name", name),
            "kind": data["kind"],
            "minorities": list(data.get("minorities", ())),
            "part_of": data.get("part_of") or "",
            **_text_fields("description", description),
            "former_names": [
                {"type": "name", "value": {"sv": n.get("sv") or "", "en": n.get("en") or ""}}
                for n in data.get("former_names", ())
            ],
            "url": data.get("url") or "",
            "details": details_stream(data, Organisation.details.field, core.Organisation),
        },
    )
    org.save()
    return org


def apply_person(data: Data, locale: Locale) -> Person:
    person = Person.objects.filter(identifier=data["id"], locale=locale).first() or Person(
        identifier=data["id"], locale=locale
    )
    title = data.get("title") or {}
    _update(
        person,
        {
            "name": data["name"],
            **_text_fields("title", title),
            "party": data.get("party") or "",
            "details": details_stream(data, Person.details.field, core.Person),
        },
    )
    person.save()
    return person


# ------------------------------------------------------------------- pages


def region_data(page: RegionIndexPageMixin) -> Data:
    return _drop_empty(
        {
            "id": page.region_identifier,
            "name": _text(page.region_name_sv, page.region_name_en),
            "county_code": page.county_code,
            "municipality_count": page.municipality_count,
            "url": page.region_url,
            **details_data(page.region_details, core.Region),
        }
    )


def region_data_from(structure: Structure) -> Data:
    """The structure's region as plain data, for ``apply_region``."""
    return converter.unstructure(structure.region)


def apply_region(data: Data, page: RegionIndexPageMixin) -> None:
    name = data.get("name") or {}
    _update(
        page,
        {
            "region_identifier": data["id"],
            **_text_fields("region_name", name),
            "county_code": data.get("county_code") or "",
            "municipality_count": data.get("municipality_count"),
            "region_url": data.get("url") or "",
            "region_details": details_stream(data, page.region_details, core.Region),
        },
    )


def _region_page(page: StructurePageMixin, region_page: RegionIndexPageMixin | None) -> RegionIndexPageMixin | None:
    if region_page is not None:
        return region_page
    parent = page.get_parent() if getattr(page, "pk", None) else None  # type: ignore[attr-defined]
    parent = parent.specific if parent is not None else None
    return parent if isinstance(parent, RegionIndexPageMixin) else None


def _snippets(stream: Iterable[Any], to_data: Any) -> tuple[list[Data], list[int]]:
    items, where = [], []
    for i, child in enumerate(stream):
        if child.value is not None:  # a deleted snippet leaves an empty chooser behind
            items.append(to_data(child.value))
            where.append(i)
    return items, where


def visible_with_parent(pages: Any) -> Any:
    """The live ``pages`` that have no view restriction of their own (password, login, groups).

    Such a page is private beyond its parent: its content must not show on the parent,
    nor in the parent's API data. Restrictions above the parent apply to both alike.
    """
    from wagtail.models import PageViewRestriction

    return pages.live().exclude(pk__in=PageViewRestriction.objects.values("page_id"))


def child_plan_pages(page: Any, which: PlanPages = "live", exclude: int | None = None) -> list[Any]:
    """The plan pages directly below a saved structure page, in the page tree's order."""
    from .models import PlanPage

    if which == "none" or not getattr(page, "pk", None) or not getattr(page, "path", None):
        return []
    pages = PlanPage.objects.child_of(page)
    if which == "live":
        pages = visible_with_parent(pages)
    if exclude is not None:
        pages = pages.exclude(pk=exclude)
    return list(pages.order_by("path"))


def page_data(
    page: StructurePageMixin,
    region_page: RegionIndexPageMixin | None = None,
    *,
    plan_pages: PlanPages = "live",
    exclude: int | None = None,
) -> tuple[Data, dict[tuple[str, int], Location]]:
    """The page as the core's plain data, and where each listed item sits on the page.

    ``plans`` holds the child plan pages first (``plan_pages`` says which; ``exclude``
    leaves one out by id), then the plan blocks in ``content``: a plan block that
    repeats a plan page's id is then the one the core reports, at its block.
    """
    locations: dict[tuple[str, int], Location] = {}
    region = _region_page(page, region_page)
    data: Data = {
        "id": page.structure_identifier,
        "name": _text(page.name_sv, page.name_en),
        "region": region_data(region) if region is not None else None,
        "as_of": page.as_of,
        "description": _text(page.description_sv, page.description_en),
        "levels": list(page.levels or ()),
    }
    source_block = page.sources.stream_block.child_blocks["source"]
    data["sources"] = [block_to_data(source_block, source_block.get_prep_value(c.value)) for c in page.sources]
    locations.update({("sources", i): ("sources", i) for i in range(len(data["sources"]))})
    for key, stream, to_data in (
        ("organisations", page.organisations, organisation_data),
        ("people", page.people, person_data),
    ):
        data[key], where = _snippets(stream, to_data)
        locations.update({(key, i): (key, j) for i, j in enumerate(where)})
    by_type = {block_type: collection for collection, (block_type, _cls) in DATA_BLOCKS.items()}
    for collection in DATA_BLOCKS:
        data[collection] = []
    data["plans"] = [plan_data(p) for p in child_plan_pages(page, plan_pages, exclude)]
    for j, child in enumerate(page.content):
        collection = by_type.get(child.block_type)
        if collection is None:
            continue
        locations[(collection, len(data[collection]))] = ("content", j)
        data[collection].append(block_to_data(child.block, child.block.get_prep_value(child.value)) or {})
    return _drop_empty(data), locations


def structure_from_page(
    page: StructurePageMixin, region_page: RegionIndexPageMixin | None = None, *, plan_pages: PlanPages = "live"
) -> Structure:
    """The page and its plan pages as a validated core ``Structure``; raises ``kultursamverkan.ValidationError``."""
    data, _locations = page_data(page, region_page, plan_pages=plan_pages)
    return from_data(data)


def locate(path: tuple[PathPart, ...], locations: Mapping[tuple[str, int], Location]) -> tuple[str | None, tuple]:
    """Map a core problem's path to ``(page field, path inside that field)``; field None: the page as a whole."""
    if not path:
        return None, ()
    head = path[0]
    if head in ("id",):
        return "structure_identifier", ()
    if head in ("name", "description"):
        lang = path[1] if len(path) > 1 and path[1] in ("sv", "en") else "sv"
        return f"{head}_{lang}", ()
    if head in ("as_of", "levels"):
        return head, ()
    if head == "region":
        return None, ()
    if len(path) >= 2 and isinstance(path[1], int) and (head, path[1]) in locations:
        field, index = locations[(head, path[1])]  # type: ignore[index]
        if head in ("organisations", "people"):
            return field, (index,)
        return field, (index, *path[2:])
    return None, ()


@transaction.atomic
def apply(structure: Structure, page: StructurePageMixin, *, locale: Locale | None = None) -> None:
    """Write ``structure`` into ``page`` (unsaved) and its organisations and people into snippets.

    The region goes to the page's region index page: use ``apply_region`` on it. The
    plans go to plan pages below the page (``apply_plan``), not into its content.
    """
    locale = locale or getattr(page, "locale", None) or Locale.get_default()
    data = converter.unstructure(structure)
    name = data.get("name") or {}
    description = data.get("description") or {}
    _update(
        page,
        {
            "structure_identifier": data["id"],
            **_text_fields("name", name),
            "as_of": data["as_of"],
            **_text_fields("description", description),
            "levels": list(data.get("levels", ())),
        },
    )
    source_block = page.sources.stream_block.child_blocks["source"]
    page.sources = [{"type": "source", "value": data_to_block(source_block, s)} for s in data.get("sources", ())]
    page.organisations = [
        {"type": "organisation", "value": apply_organisation(o, locale).pk} for o in data.get("organisations", ())
    ]
    page.people = [{"type": "person", "value": apply_person(p, locale).pk} for p in data.get("people", ())]
    content: list[Data] = []
    for collection, (block_type, _cls) in DATA_BLOCKS.items():
        if collection == "plans":
            continue  # each plan is a page of its own
        block = page.content.stream_block.child_blocks[block_type]
        content.extend({"type": block_type, "value": data_to_block(block, item)} for item in data.get(collection, ()))
    page.content = content


# ------------------------------------------------------------------- plans


def _stream_items(stream: Any, block_type: str) -> list[Data]:
    block = stream.stream_block.child_blocks[block_type]
    return [block_to_data(block, block.get_prep_value(child.value)) or {} for child in stream]


def plan_data(page: PlanPageMixin) -> Data:
    """The plan page as the core's plain data for one ``Plan``."""
    period = _drop_empty({"start": page.period_start, "end": page.period_end})
    return _drop_empty(
        {
            "id": page.plan_identifier,
            "name": _text(page.name_sv, page.name_en),
            "kind": page.kind,
            "status": page.status,
            "period": period or None,
            "owner": page.plan_owner,
            "based_on": page.based_on,
            "description": _text(page.description_sv, page.description_en),
            "goals": _stream_items(page.goals, "goal"),
            "milestones": _stream_items(page.milestones, "milestone"),
            "activity_areas": list(page.activity_areas or ()),
            "url": page.plan_url,
            **details_data(page.details, core.Plan),
        }
    )


def apply_plan(plan: Plan, page: PlanPageMixin) -> None:
    """Write the core ``plan`` into ``page`` (unsaved)."""
    data = converter.unstructure(plan)
    name = data.get("name") or {}
    description = data.get("description") or {}
    period = data.get("period") or {}
    _update(
        page,
        {
            "plan_identifier": data["id"],
            **_text_fields("name", name),
            "kind": data["kind"],
            "status": data.get("status", "adopted"),
            "period_start": period.get("start") or "",
            "period_end": period.get("end") or "",
            "plan_owner": data.get("owner") or "",
            "based_on": data.get("based_on") or "",
            **_text_fields("description", description),
            "activity_areas": list(data.get("activity_areas", ())),
            "plan_url": data.get("url") or "",
            "details": details_stream(data, page.details, core.Plan),
        },
    )
    for field, block_type in (("goals", "goal"), ("milestones", "milestone")):
        block = getattr(page, field).stream_block.child_blocks[block_type]
        setattr(
            page, field, [{"type": block_type, "value": data_to_block(block, item)} for item in data.get(field, ())]
        )


def plan_context_page(page: PlanPageMixin, parent: Any = None) -> StructurePageMixin | None:
    """The structure whose ids the plan refers to: the parent structure page, else the region's newest one."""
    from .models import StructurePage

    if parent is None and getattr(page, "pk", None):
        parent = page.get_parent()  # type: ignore[attr-defined]
    parent = getattr(parent, "specific", parent)
    if isinstance(parent, StructurePageMixin):
        return parent
    if isinstance(parent, RegionIndexPageMixin) and getattr(parent, "pk", None):
        return visible_with_parent(StructurePage.objects.child_of(parent)).order_by("-as_of", "-pk").first()
    return None


def _region_of(page: Any, parent: Any) -> RegionIndexPageMixin | None:
    parent = getattr(parent, "specific", parent)
    if parent is None and getattr(page, "pk", None):
        parent = page.get_parent().specific
    while parent is not None and not isinstance(parent, RegionIndexPageMixin):
        parent = parent.get_parent().specific if isinstance(parent, StructurePageMixin) else None
    return parent


def _bare_context(page: PlanPageMixin, parent: Any) -> Data:
    """A structure holding only the region, for a plan that has no structure to refer to."""
    region = _region_of(page, parent)
    start = page.period_start or page.period_end or str(dt.date.today().year)
    return _drop_empty(
        {
            "id": page.plan_identifier or "plan",
            "name": _text(page.name_sv, page.name_en) or {"sv": getattr(page, "title", "") or "plan"},
            "region": region_data(region) if region is not None else None,
            "as_of": start,
        }
    )


def _with_plan(context: Data, plan: Data) -> tuple[Data, int]:
    """The structure with the plan added last; a plan already there with its id is the core's duplicate."""
    data = dict(context)
    plans = list(data.get("plans", ()))
    data["plans"] = [*plans, plan]
    return data, len(plans)


def plan_from_page(page: PlanPageMixin, parent: Any = None, *, plan_pages: PlanPages = "all") -> tuple[Plan, Structure]:
    """The page as a validated core ``Plan``, and the structure it was checked in.

    The structure holds the other plan pages (``plan_pages`` says which; the page
    itself is left out, as stored, so that its new content replaces the old).
    Raises ``kultursamverkan.ValidationError`` whose problems' paths are relative to
    the plan (``goals[1].text``), or empty for a problem with the page as a whole.
    """
    plan = plan_data(page)
    context = plan_context_page(page, parent)
    own = getattr(page, "pk", None)
    contexts = [page_data(context, plan_pages=plan_pages, exclude=own)[0]] if context is not None else []
    contexts.append(_bare_context(page, parent))
    for i, base in enumerate(contexts):
        data, index = _with_plan(base, plan)
        try:
            structure = from_data(data)
        except CoreValidationError as exc:
            mine = [attrs.evolve(p, path=p.path[2:]) for p in exc.problems if p.path[:2] == ("plans", index)]
            if mine:
                raise CoreValidationError(mine) from None
            if i == len(contexts) - 1:  # not the plan's fault, but nothing to check it in
                raise CoreValidationError([attrs.evolve(p, path=()) for p in exc.problems]) from None
            continue  # the structure has problems of its own: check the plan on its own
        return structure.plans[index], structure
    raise AssertionError("unreachable")  # pragma: no cover


_PLAN_FIELDS = {"id": "plan_identifier", "url": "plan_url", "owner": "plan_owner"}


def locate_plan(path: tuple[PathPart, ...]) -> tuple[str | None, tuple]:
    """Map a problem's path inside a plan to ``(page field, path inside that field)``."""
    if not path:
        return None, ()
    head = path[0]
    if head in ("name", "description"):
        lang = path[1] if len(path) > 1 and path[1] in ("sv", "en") else "sv"
        return f"{head}_{lang}", ()
    if head == "period":
        return ("period_end" if path[1:2] == ("end",) else "period_start"), ()
    if head in ("goals", "milestones"):
        return head, tuple(path[1:])
    if head in ("kind", "status", "based_on", "activity_areas"):
        return str(head), ()
    if head in _PLAN_FIELDS:
        return _PLAN_FIELDS[str(head)], ()
    return None, ()


__all__ = [
    "apply",
    "apply_organisation",
    "apply_person",
    "apply_plan",
    "apply_region",
    "block_to_data",
    "child_plan_pages",
    "data_to_block",
    "from_data",
    "locate",
    "locate_plan",
    "organisation_data",
    "page_data",
    "person_data",
    "plan_context_page",
    "plan_data",
    "plan_from_page",
    "region_data",
    "region_data_from",
    "structure_from_page",
    "visible_with_parent",
]
