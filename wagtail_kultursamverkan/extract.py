"""Pages → core ``Structure``: each locale's subtree read to one language's data, then merged.

A structure page and its translations are read together, in a fixed number of queries
whatever the number of bodies: one for the translations, one for their region pages, one for
the ids references name, one for the child pages (as readers see them; else one per page type)
and one per snippet model. Each locale's pages give monolingual data (``mapping.read``);
``language.merge`` puts the languages together along the core's type hints, pairing pages and
snippets across locales by their translation key.

``page_errors`` is the admin's check on save: the structure with the edited page's new
values, validated by the core, each problem shown at the field it comes from.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs import define, field
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db.models import ExpressionWrapper, F, JSONField, Q, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from wagtail.fields import StreamField as WagtailStreamField
from wagtail.models import Locale, Page, PageViewRestriction

from kultursamverkan import converter
from kultursamverkan import model as core
from kultursamverkan.errors import Problem
from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.io import from_data
from kultursamverkan.model import Structure
from kultursamverkan.values import LANGUAGES

from . import mapping, stored_readings
from .blocks import (
    PAGE_TYPES,
    REFERENCE_IDS,
    block_to_data,
    is_list_field,
    raw_items,
    reference_paths,
    stored_items,
)
from .compiled import Compiled
from .forms import Note, _message, errors_at_fields, problem_text
from .language import language_of_code, merge
from .models import ITEM_PAGES, BodyPage, Organisation, Person, PlanPage, RegionIndexPage, StructurePage
from .pages import Link, Reading, covered

Data = dict[str, Any]
#: "live": what readers see (published pages without a view restriction of their own);
#: "all": every page as stored (what an export writes and a save is checked against);
#: "preview": what readers would see once the page being previewed is published (the live pages,
#: with the previewed page's unsaved values in its place or added).
MODES = ("live", "all", "preview")


@define
class Gathered:
    """A structure's merged core data, and where each of its objects came from."""

    data: Data
    #: The structure page per language.
    structure_pages: dict[str, StructurePage]
    #: (collection, index) → the pages or snippets per language that hold the object.
    sources: dict[tuple[str, int], dict[str, Any]] = field(factory=dict)
    #: representations index → (body's collection index, index in the body page's representatives).
    representatives: dict[int, tuple[int, int]] = field(factory=dict)


def _visible(qs: Any) -> Any:
    """The live pages without a view restriction of their own: a private page does not show on its parent."""
    return qs.live().exclude(pk__in=PageViewRestriction.objects.values("page_id"))


def structure_page_of(page: Page, parent: Page | None = None, *, live: bool = False) -> StructurePage | None:
    """The structure a page belongs to: itself, its parent, or (a plan below a region) the region's newest;
    with ``live``, the newest readers see (live, no view restriction of its own): a live reading takes its
    reader's own texts and private pages (``_shown``), and the plan's readers are not the structure page's."""
    page = getattr(page, "specific", page)
    if isinstance(page, StructurePage):
        return page
    if parent is None and getattr(page, "pk", None):
        parent = page.get_parent()
    parent = getattr(parent, "specific", parent)
    if isinstance(parent, StructurePage):
        return parent
    if parent is None and getattr(page, "path", None) and page.depth and page.depth > 1:
        # A page being added (the admin's preview of a new page): in the tree by its path only.
        parent = Page.objects.filter(path=page.path[: -Page.steplen]).first()
        parent = getattr(parent, "specific", parent)
        if isinstance(parent, StructurePage):
            return parent
    if isinstance(parent, RegionIndexPage) and parent.pk:
        candidates = StructurePage.objects.child_of(parent)
        return (_visible(candidates) if live else candidates).order_by("-as_of", "-pk").first()
    return None


def _translations(page: StructurePage) -> dict[str, StructurePage]:
    """The structure page in each language (sv, en) it has a translation in; one query."""
    out: dict[str, StructurePage] = {}
    rows = StructurePage.objects.defer(None).filter(translation_key=page.translation_key).annotate(ks_covered=covered())
    for row in rows.select_related("locale").order_by("pk"):
        lang = language_of_code(row.locale.language_code)
        if lang is not None and lang not in out:
            out[lang] = row
    if not out and page.pk is None:  # a new page, not saved yet
        out[language_of_code(getattr(page.locale, "language_code", "sv")) or "sv"] = page
    return out


def _below(parents: Sequence[Page]) -> Q | None:
    """The condition "a child of one of ``parents``" (saved ones only), or None where none is saved."""
    paths, depths = _places(parents)
    return _children_of(paths, depths) if paths else None


def _places(pages: Sequence[Page]) -> tuple[list[str], list[int]]:
    """The paths of the saved ones of ``pages`` and their children's depth: what ``_children_of`` takes."""
    saved = [p for p in pages if p.pk and p.path]
    return [p.path for p in saved], [p.depth + 1 for p in saved]


def _children_of(paths: Sequence[str], depths: Sequence[int]) -> Q:
    condition = Q()
    for path, depth in zip(paths, depths, strict=True):
        condition |= Q(path__startswith=path, depth=depth)
    return condition


def _covered(row: Any) -> bool:
    """Whether a view restriction covers a child page read live (``_Stored``) or for a preview (a page)."""
    return bool(row.covered if isinstance(row, _Stored) else getattr(row, "ks_covered", False))


def _children(model: type[Page], parents: Sequence[Page], mode: str) -> list[Page]:
    """Child pages of ``model`` below any of ``parents``, in tree order; one query."""
    condition = _below(parents)
    if condition is None:
        return []
    qs = model.objects.filter(condition).select_related("locale")
    if mode in ("live", "preview"):
        qs = _visible(qs).annotate(ks_covered=covered())  # as ``_stored_item_pages`` reads them live
    return list(qs.order_by("path"))


@define(eq=False)
class _Stored:
    """A page or snippet as a live structure reads it: where it is, its translation key and its spec's
    columns as stored (``mapping.read_stored``). No model instance: building a few hundred of them
    (multi-table inheritance, a StreamValue per stream) was most of a structure page's first render."""

    model: type
    pk: int
    translation_key: Any
    locale_id: int
    #: The spec's columns (``mapping.columns``), the identifier first.
    stored: tuple
    path: str = ""
    title: str = ""
    url_path: str = ""
    #: A view restriction on the page or above it: in the structure (unless on the page itself) but no link.
    covered: bool = False
    #: A body's representatives' stream, its JSON decoded.
    representatives: Any = None

    @property
    def identifier(self) -> Any:
        return self.stored[0]

    @property
    def locale(self) -> Locale:
        return Locale.objects.get(pk=self.locale_id)

    def read(self, spec: mapping.Spec) -> Data:
        return mapping.read_stored(self.stored, spec, self.model)


class _StoredStream(JSONField):
    """A StreamField's column as ``_Stored`` reads it: its JSON decoded, no ``StreamValue``. Most streams
    of most pages are empty (nine in ten of Halland's): those skip the decoder."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value == "[]":
            return []
        return super().from_db_value(value, expression, connection)


#: One field for every column (it holds no state of its own).
_JSON = _StoredStream()
#: A JSON column as its text, for ``_decoded`` (no converter called for it on every row, NULL or not).
_JSON_TEXT = TextField()


def _decoded(values: Sequence[Any], positions: tuple[int, ...]) -> tuple[Any, ...]:
    """``values`` with those at ``positions`` (JSON columns read as text) decoded as ``_StoredStream``
    decodes them. The item pages' query holds every item page type's columns, NULL but for the row's
    own: decoding only those, not every column of every row through Django's converters, was a tenth
    of a large structure's first render."""
    out = list(values)
    for i in positions:
        value = out[i]
        if value is not None:
            out[i] = _JSON.from_db_value(value, None, None)
    return tuple(out)


def _columns(
    model: type, spec: mapping.Spec, extra: tuple[str, ...] = (), through: str = "", *, decoded: bool = True
) -> tuple[Any, ...]:
    """The columns to load for ``_Stored``: the spec's (its identifier first: ``_Stored.identifier``)
    and ``extra``, each StreamField's as its decoded JSON (``blocks.stored_items``), and each JSON
    column read as its field reads it (vocabulary lists, cadences: Django's JSON decoding) with the
    empty list's shortcut; not ``decoded``: as text, for ``_decoded`` (at ``_json_positions``).
    ``through``: the relation to ``model`` from the queried model ("bodypage")."""
    prefix = f"{through}__" if through else ""
    json = set(_json_positions(model, spec, extra))
    names = [*mapping.columns(spec), *extra]
    return tuple(
        ExpressionWrapper(F(prefix + name), output_field=_JSON if decoded else _JSON_TEXT)
        if i in json
        else prefix + name
        for i, name in enumerate(names)
    )


def _json_positions(model: type, spec: mapping.Spec, extra: tuple[str, ...] = ()) -> tuple[int, ...]:
    """Where among ``_columns`` the JSON columns are."""
    names = [*mapping.columns(spec), *extra]
    return tuple(i for i, name in enumerate(names) if _json_column(model._meta.get_field(name)))


def _json_column(field: Any) -> bool:
    if isinstance(field, WagtailStreamField):
        return True
    return isinstance(field, JSONField) and type(field).from_db_value is JSONField.from_db_value


_PAGE_COLUMNS = ("pk", "translation_key", "locale_id", "path", "title", "url_path", "ks_covered")


def _through(model: type[Page]) -> str:
    """The name of the relation from Wagtail's ``Page`` to ``model`` (the reverse of its parent link)."""
    return model._meta.model_name  # type: ignore[return-value]


def _one_of(models: Iterable[type[Page]]) -> Q:
    """A page of one of ``models`` (a row in one of their tables), for a query over ``Page`` joined to them."""
    condition = Q()
    for model in models:
        condition |= Q(**{f"{_through(model)}__isnull": False})
    return condition


@attrs.frozen
class _Part:
    """Where one item page model's columns sit in a row of ``_stored_item_pages``."""

    model: type[Page]
    #: The index of the model's own key (NULL in another model's row); its spec's columns follow.
    start: int
    #: The number of the spec's columns (``mapping.columns``).
    size: int
    #: A body page: its representatives' stream follows the spec's columns.
    body: bool
    #: Where the JSON columns are among the spec's columns and the representatives' (read as text).
    json: tuple[int, ...]


@functools.cache
def _stored_item_pages() -> tuple[Any, tuple[_Part, ...]]:
    """The live item pages (every model of ``ITEM_PAGES``) without a view restriction of their own, in
    tree order, as the columns ``_Stored`` takes: one query over Wagtail's page table joined to each
    model's table, made once; each reading filters a copy of it by place. One query per model cost a
    structure's first render about a millisecond each, most of it Django compiling forty-odd columns."""
    columns: list[Any] = []
    parts: list[_Part] = []
    models = list(ITEM_PAGES.values())
    for model in models:
        through = _through(model)
        body = issubclass(model, BodyPage)
        extra = ("representatives",) if body else ()
        spec = model.spec  # type: ignore[attr-defined]
        json = _json_positions(model, spec, extra)
        parts.append(_Part(model, len(_PAGE_COLUMNS) + len(columns), len(mapping.columns(spec)), body, json))
        columns += [f"{through}__pk", *_columns(model, spec, extra, through, decoded=False)]
    queryset = _visible(Page.objects.filter(_one_of(models))).annotate(ks_covered=covered()).order_by("path")
    return queryset.values_list(*_PAGE_COLUMNS, *columns), tuple(parts)


@functools.cache
def _stored_snippet_rows(model: type) -> Any:
    """The snippets of ``model`` as the columns ``_Stored`` takes; made once, as ``_stored_item_pages``."""
    return model.objects.values_list("pk", "translation_key", "locale_id", *_columns(model, model.spec))  # type: ignore[attr-defined]


def _stored_children(parents: Sequence[Page]) -> dict[type[Page], list[_Stored]]:
    """The live item pages below any of ``parents`` without a view restriction of their own
    (``_visible``), by model, each in tree order, as ``_Stored``; one query."""
    parts = _stored_item_pages()[1]
    found: dict[type[Page], list[_Stored]] = {part.model: [] for part in parts}
    paths, depths = _places(parents)
    if not paths:
        return found
    for row in _STORED_CHILDREN(paths, depths):
        pk, key, locale, path, title, url_path, is_covered = row[: len(_PAGE_COLUMNS)]
        part = next(part for part in parts if row[part.start] is not None)
        start, end = part.start + 1, part.start + 1 + part.size
        values = _decoded(row[start : end + 1 if part.body else end], part.json)
        stored, representatives = (values[:-1], values[-1]) if part.body else (values, None)
        found[part.model].append(
            _Stored(part.model, pk, key, locale, stored, path, title, url_path, bool(is_covered), representatives)
        )
    return found


#: ``_stored_item_pages`` below some pages (``_places``), compiled once (``compiled``).
_STORED_CHILDREN = Compiled(
    lambda paths, depths: _stored_item_pages()[0].filter(_children_of(paths, depths)), (str, int)
)


@functools.cache
def _stored_snippets_of(model: type) -> Compiled:
    """``_stored_snippet_rows(model)`` of some keys, compiled once (``compiled``)."""
    return Compiled(lambda pks: _stored_snippet_rows(model).filter(pk__in=pks), (int,))


def _stored_snippets(model: type, pks: Iterable[int]) -> dict[int, _Stored]:
    """Snippets by key as ``_Stored``: what ``in_bulk`` gives, without the instances."""
    rows = _stored_snippets_of(model)(sorted(pks))
    return {pk: _Stored(model, pk, key, locale, tuple(rest)) for pk, key, locale, *rest in rows}


def _snippet_pks(page: StructurePage, name: str) -> list[int]:
    """The chosen snippets' keys, from the stream's raw data (no query per snippet)."""
    out = []
    for child in raw_items(getattr(page, name)):
        pk = child.get("value") if isinstance(child, Mapping) else None
        if isinstance(pk, int):
            out.append(pk)
    return out


def _replace(pages: list[Page], edited: Page | None) -> list[Page]:
    if edited is None or not edited.pk:
        return pages
    return [edited if p.pk == edited.pk else p for p in pages]


def _pair(items: Mapping[str, Sequence[tuple[Any, Any]]], main: str) -> list[dict[str, Any]]:
    """Per language ``[(translation key, item)]`` → ``[{lang: item}]``, in the main language's order."""
    out: list[dict[str, Any]] = []
    index: dict[Any, dict[str, Any]] = {}
    for lang in [main, *[lg for lg in items if lg != main]]:
        for key, item in items.get(lang, ()):
            group = index.get(key)
            if group is None:
                group = index[key] = {}
                out.append(group)
            group.setdefault(lang, item)
    return out


def _body_representatives(page: Any) -> list[Data]:
    if isinstance(page, _Stored):
        stream_block = BodyPage._meta.get_field("representatives").stream_block
        items = stored_items(stream_block, page.representatives)
    else:
        stream_block = page.representatives.stream_block
        items = raw_items(page.representatives)
    block = stream_block.child_blocks["representative"]
    # The raw JSON: the person chooser's value would cost a query per body.
    return [block_to_data(block, item.get("value")) or {} for item in items if item.get("type") == "representative"]


def _read(obj: Any, spec: mapping.Spec) -> Data:
    return obj.read(spec) if isinstance(obj, _Stored) else mapping.read(obj, spec)


def _reference_rows(regions: Iterable[Page], locales: Iterable[int]) -> list[tuple[str, int, str, str, int]]:
    """Every page in the regions' subtrees and every snippet in their locales, as (chooser name, key,
    id, path, locale): what references read, in one query (a union over the models)."""
    return _REFERENCE_ROWS([region.path for region in regions], sorted(locales))


def _references_in(paths: Sequence[str], locales: Sequence[int]) -> Any:
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    pages, snippets = _reference_parts()
    rows = [part.filter(condition) for part in pages] if condition else []
    rows += [part.filter(locale_id__in=list(locales)) for part in snippets]
    return rows[0].union(*rows[1:], all=True).order_by()


#: ``_references_in``, compiled once per shape (``compiled``).
_REFERENCE_ROWS = Compiled(_references_in, (str, int))


@functools.cache
def _reference_parts() -> tuple[list[Any], list[Any]]:
    """The page and snippet queries ``_reference_rows`` filters and unites, made once (as ``_stored_item_pages``).
    The pages are one query over Wagtail's page table joined to each page type's: one part per type
    cost a first render about half a millisecond each, compiling."""
    columns = ("chooser", "pk", "identifier", "where", "locale_id")
    models = [django_apps.get_model(label) for label in PAGE_TYPES.values()]
    identifier = Coalesce(*[F(f"{_through(model)}__identifier") for model in models])
    pages = [
        Page.objects.filter(_one_of(models))
        .annotate(chooser=Value("page"), identifier=identifier, where=F("path"))
        .values_list(*columns)
        .order_by()
    ]
    snippets = [
        model.objects.annotate(chooser=Value(name), where=Value("")).values_list(*columns).order_by()
        for name, model in (("organisation", Organisation), ("person", Person))
    ]
    return pages, snippets


def _reference_ids(
    regions: Iterable[Page], locales: Iterable[int], rows: list[tuple[str, int, str, str, int]] | None = None
) -> dict[tuple[str, int], str]:
    """The ids of every page in the regions' subtrees and of the snippets in their locales, by
    chooser name and key: what references read. From ``rows`` (``_reference_rows`` of more regions
    and locales: a batch's) when given, else with one query."""
    regions, locales = list(regions), set(locales)
    if rows is None:
        rows = _reference_rows(regions, locales)
    roots = tuple(r.path for r in regions)
    return {
        (chooser, pk): ident
        for chooser, pk, ident, where, locale in rows
        if (where.startswith(roots) if chooser == "page" else locale in locales)
    }


class _Rows:
    """The child pages and chosen snippets of some structure pages (all their languages), one query per
    model: read for one structure, or for a listing's many at once (``gather_many``)."""

    def __init__(self, structure_pages: Sequence[StructurePage], mode: str) -> None:
        # Live (what readers see): the columns only (``_Stored``); else the pages, which the admin's
        # checks name and replace by the one being edited.
        live = mode == "live"
        self.children: dict[type, list[Any]] = (
            _stored_children(structure_pages)  # type: ignore[dict-item]
            if live
            else {model: _children(model, structure_pages, mode) for model in ITEM_PAGES.values()}
        )
        self.snippets: dict[type, dict[int, Any]] = {}
        for key, model in (("organisations", Organisation), ("people", Person)):
            pks = {pk for p in structure_pages for pk in _snippet_pks(p, key)}
            if not pks:
                self.snippets[model] = {}
            else:
                self.snippets[model] = _stored_snippets(model, pks) if live else model.objects.in_bulk(list(pks))

    def children_of(self, model: type[Page], parents: Sequence[Page], shown: Mapping[str, Page]) -> list[Any]:
        """The rows below ``parents``; below a parent not ``shown`` (``_shown``), the public ones only."""
        paths = {p.path for p in parents if p.pk and p.path}
        shown_paths = {p.path for p in shown.values() if p.pk and p.path}
        return [
            row
            for row in self.children[model]
            if row.path[: -Page.steplen] in paths and (row.path[: -Page.steplen] in shown_paths or not _covered(row))
        ]

    def links_below(self, page: Page) -> list[Link]:
        """The live pages below ``page`` that no view restriction covers, in tree order (live mode only)."""
        rows = [r for found in self.children.values() for r in found if r.path[: -Page.steplen] == page.path]
        return [
            Link(r.identifier, r.url_path, True, r.model) for r in sorted(rows, key=lambda r: r.path) if not r.covered
        ]


def gather(page: Page, mode: str = "live", *, parent: Page | None = None) -> Gathered | None:
    """The structure ``page`` belongs to, as merged core data; None when it has none.

    In "all" and "preview" modes, ``page`` (unsaved values, e.g. a form's) stands in for its
    stored row; a new page is added to its collection.
    """
    found = _gathered(page, mode, parent)
    return found[0] if found is not None else None


def _gathered(page: Page, mode: str, parent: Page | None) -> tuple[Gathered, _Rows] | None:
    """``gather``, and the rows it read."""
    edited = getattr(page, "specific", page) if mode in ("all", "preview") else None
    # A preview reads the structure the live page will (a plan below the region: the newest readers see).
    structure_page = structure_page_of(page, parent, live=mode in ("live", "preview"))
    if structure_page is None:
        return None
    by_lang = _translations(structure_page)
    if isinstance(edited, StructurePage):
        lang = language_of_code(edited.locale.language_code) if edited.locale_id else None
        by_lang[lang or "sv"] = edited
    structure_pages = list(by_lang.values())
    regions = {
        r.path: r
        for r in RegionIndexPage.objects.filter(path__in=[p.path[: -Page.steplen] for p in structure_pages if p.path])
    }
    known = _reference_ids(regions.values(), {p.locale_id for p in structure_pages})
    rows = _Rows(structure_pages, mode)
    shown = _shown(by_lang, structure_page, mode)
    return _gather_one(by_lang, regions, known, rows, page, edited, mode, parent, shown), rows


def _gather_one(
    by_lang: dict[str, StructurePage],
    regions: dict[str, RegionIndexPage],
    known: dict[tuple[str, int], str],
    rows: _Rows,
    page: Page,
    edited: Page | None,
    mode: str,
    parent: Page | None,
    shown: dict[str, StructurePage],
) -> Gathered:
    main = "sv" if "sv" in by_lang else next(iter(by_lang))
    structure_pages = list(by_lang.values())
    lang_of_path = {p.path: lg for lg, p in by_lang.items() if p.path}
    gathered = Gathered(data={}, structure_pages=by_lang)
    token = REFERENCE_IDS.set(known)
    try:
        return _gather(
            gathered,
            by_lang,
            regions,
            lang_of_path,
            main,
            structure_pages,
            page,
            edited,
            mode,
            parent,
            rows,
            shown,
        )
    finally:
        REFERENCE_IDS.reset(token)


def _shown(by_lang: dict[str, StructurePage], reader: StructurePage, mode: str) -> dict[str, StructurePage]:
    """The translations whose own texts, choices and private pages a live reading (or a preview of one)
    for ``reader`` takes: ``reader`` itself (whoever reads it was let in) and those any reader may see,
    live with no view restriction on them or above (``covered``). An unpublished or private translation's
    texts do not show on the others' pages; the live pages below an unpublished one still do, as Wagtail
    serves them. The admin's checks ("all") take every translation."""
    if mode not in ("live", "preview"):
        return by_lang
    return {
        lang: p for lang, p in by_lang.items() if p.pk == reader.pk or (p.live and not getattr(p, "ks_covered", False))
    }


def _read_alike(gathered: Gathered) -> bool:
    """Whether every language's page that reads a live reading reads it alike: every live one is public
    (``_shown`` then gives each the same pages). An unpublished page reads none (``stored_readings.read``),
    so a translation not yet published (a draft copy waiting for its translator) keeps no copy from being stored."""
    return all(not (p.live and getattr(p, "ks_covered", False)) for p in gathered.structure_pages.values())


def gather_many(pages: Sequence[Page]) -> dict[int, Gathered]:
    """The live structures of many structure pages (plain pages will do) by page id, read together:
    the same queries as for one (``gather``) whatever their number (a listing's: the region index,
    the comparison, the API). Each structure is what ``gather(page)`` gives."""
    pages = [p for p in pages if p.pk]
    if not pages:
        return {}
    translations: dict[Any, dict[str, StructurePage]] = {}
    rows_ = StructurePage.objects.defer(None).filter(translation_key__in={p.translation_key for p in pages})
    for row in rows_.annotate(ks_covered=covered()).select_related("locale").order_by("pk"):
        lang = language_of_code(row.locale.language_code)
        if lang is not None:
            translations.setdefault(row.translation_key, {}).setdefault(lang, row)
    everything = [p for by_lang in translations.values() for p in by_lang.values()]
    regions = {
        r.path: r for r in RegionIndexPage.objects.filter(path__in={p.path[: -Page.steplen] for p in everything})
    }
    references = _reference_rows(regions.values(), {p.locale_id for p in everything})
    rows = _Rows(everything, "live")
    out: dict[int, Gathered] = {}
    for page in pages:
        by_lang = translations.get(page.translation_key)
        if not by_lang:
            continue
        own = {path: r for path, r in regions.items() if path in {p.path[: -Page.steplen] for p in by_lang.values()}}
        known = _reference_ids(own.values(), {p.locale_id for p in by_lang.values()}, references)
        shown = _shown(by_lang, page, "live")
        out[page.pk] = _gather_one(by_lang, own, known, rows, page, None, "live", None, shown)
    return out


def _gather(
    gathered: Gathered,
    by_lang: dict[str, StructurePage],
    regions: dict[str, RegionIndexPage],
    lang_of_path: dict[str, str],
    main: str,
    structure_pages: list[StructurePage],
    page: Page,
    edited: Page | None,
    mode: str,
    parent: Page | None,
    rows: _Rows,
    shown: dict[str, StructurePage],
) -> Gathered:
    # Structure and region fields.
    own = {lang: mapping.read(p, mapping.STRUCTURE) for lang, p in shown.items()}
    data: Data = merge(own, core.Structure, main) or {}
    region_data = {
        lang: mapping.read(regions[p.path[: -Page.steplen]], mapping.REGION)
        for lang, p in shown.items()
        if p.path and p.path[: -Page.steplen] in regions
    }
    new_parent = getattr(parent, "specific", parent)
    if isinstance(edited, StructurePage) and not edited.path and isinstance(new_parent, RegionIndexPage):
        # A structure page being added in the admin is not in the tree yet: its region is the form's parent.
        region_data.setdefault(main, mapping.read(new_parent, mapping.REGION))
    if region_data:
        data["region"] = merge(region_data, core.Region, main)
    # Snippets.
    for key, model, spec in (("organisations", Organisation, mapping.ORGANISATION), ("people", Person, mapping.PERSON)):
        pks = {lang: _snippet_pks(p, key) for lang, p in shown.items()}
        snippets = rows.snippets[model]  # an edited structure page's unsaved choices among them
        items = {
            lang: [(snippets[pk].translation_key, snippets[pk]) for pk in v if pk in snippets]
            for lang, v in pks.items()
        }
        groups = _pair(items, main)
        data[key] = [merge({lg: _read(o, spec) for lg, o in g.items()}, spec.core, main) for g in groups]
        gathered.sources.update({(key, i): g for i, g in enumerate(groups)})
    # Child pages.
    reps: list[tuple[Any, int, tuple[int, int], Data]] = []
    for collection, model in ITEM_PAGES.items():
        spec = mapping.BY_COLLECTION[collection]
        rows_ = _replace(rows.children_of(model, structure_pages, shown), edited)
        if isinstance(edited, model) and mode != "live" and (not edited.pk or edited not in rows_):
            # A new page, or (preview) a draft that readers do not see yet: in its place in the tree.
            rows_ = [*rows_, edited]
            if edited.path:
                rows_.sort(key=lambda r: r.path or "")
        if isinstance(page, PlanPage) and model is PlanPage and page.pk not in {r.pk for r in rows_}:
            rows_.append(page)  # a plan below the region index: checked and shown in the region's newest structure
        items = {lang: [] for lang in by_lang}
        for row in rows_:
            lang = lang_of_path.get(row.path[: -Page.steplen]) if row.path else None
            if lang is None:  # a new page, or a plan below the region index: its own locale's language
                lang = language_of_code(row.locale.language_code if row.locale_id else "sv") or "sv"
            if lang is not None:
                items.setdefault(lang, []).append((row.translation_key, row))
        groups = _pair(items, main)
        data[collection] = [merge({lg: _read(p, spec) for lg, p in g.items()}, spec.core, main) for g in groups]
        gathered.sources.update({(collection, i): g for i, g in enumerate(groups)})
        if collection == "bodies":
            for i, g in enumerate(groups):
                per_lang = {lg: _body_representatives(p) for lg, p in g.items()}
                first = per_lang.get(main) or next(iter(per_lang.values()))
                merged = merge(per_lang, tuple[core.Representation, ...], main) or []
                body_id = data["bodies"][i].get("id")
                for j, rep in enumerate(merged):
                    position = first[j].get("position") if j < len(first) else None
                    rep = {
                        "person": rep.get("person"),
                        "body": body_id,
                        **{k: v for k, v in rep.items() if k not in ("person", "position")},
                    }
                    reps.append((position if isinstance(position, int) else float("inf"), len(reps), (i, j), rep))
    # The file's order where the rows say it; rows added in the admin after them, body by body.
    reps.sort(key=lambda r: (r[0], r[1]))
    for n, (_pos, _k, where, _rep) in enumerate(reps):
        gathered.representatives[n] = where
    data["representations"] = [rep for *_x, rep in reps]
    gathered.data = {k: v for k, v in data.items() if v not in (None, [], "")}
    return gathered


def structure_for(page: Page, mode: str = "live") -> Structure | None:
    """The validated core structure a page belongs to; None when it has none or it does not validate."""
    gathered = gather(page, mode)
    return _validated(gathered) if gathered is not None else None


def _validated(gathered: Gathered) -> Structure | None:
    try:
        return from_data(gathered.data)
    except CoreValidationError:
        return None


def read_live(page: Page) -> Reading:
    """``structure_for(page)`` and the links below ``page`` (``StructurePage.read_live``) from one loading
    of the pages: what ``_public_children`` read again for a first render is among the rows read here.
    Kept in the database for the next first render (``stored_readings``)."""
    return stored_readings.read(page, functools.partial(_read_live, page))


def _read_live(page: Page) -> tuple[Reading, dict[Page, list[Link]] | None]:
    """``read_live`` from the pages, with the links below each page of the structure (every language)."""
    found = _gathered(page, "live", None)
    if found is None:
        return Reading(None, []), None
    gathered, rows = found
    pages = gathered.structure_pages.values()
    if all(p.pk != page.pk for p in pages):
        # A page in a third locale, or in a second one of a language, is not among the pages read
        # (one per language): its own children were not loaded, so it lists them itself.
        return Reading(_validated(gathered), page._public_children()), None  # type: ignore[attr-defined]
    links = {p: rows.links_below(p) for p in pages if p.pk}
    own = next(found for p, found in links.items() if p.pk == page.pk)
    # Kept for every language's page only where each would read the same (``_shown``).
    return Reading(_validated(gathered), own), links if _read_alike(gathered) else None


def structures_for(pages: Sequence[Page]) -> dict[int, Structure | None]:
    """``structure_for`` of many live structure pages by page id, read together (``gather_many``)."""
    out: dict[int, Structure | None] = {}
    for pk, gathered in gather_many(pages).items():
        out[pk] = _validated(gathered)
    return out


def structure_from_page(page: Page, mode: str = "all") -> Structure:
    """As ``structure_for``, raising ``kultursamverkan.ValidationError`` with the core's problems."""
    gathered = gather(page, mode)
    if gathered is None:
        raise CoreValidationError([Problem.of((), "top_level", got="page")])
    return from_data(gathered.data)


# -------------------------------------------------------------- save checks


def _title(obj: Any) -> str:
    return str(getattr(obj, "title", None) or obj)


def page_errors(page: Page, parent: Page | None) -> list[tuple[str | None, ValidationError | str]]:
    """Every core problem of the structure ``page`` belongs to, with the page's new values; at its fields."""
    gathered = gather(page, "all", parent=parent)
    if gathered is None:
        return []
    locate_in: mapping.Spec | None = getattr(page, "spec", None)
    outside = _outside_references(page, locate_in, gathered)
    try:
        from_data(gathered.data)
    except CoreValidationError as exc:
        problems = exc.problems
    else:
        problems = []
    if not problems and not outside:
        return []
    data = gathered.data
    own: list[Problem | Note] = []
    prefix: tuple = ()
    if not isinstance(page, StructurePage):
        for (collection, i), group in gathered.sources.items():
            if any(p is page or (p.pk and p.pk == page.pk and type(p) is type(page)) for p in group.values()):
                prefix = (collection, i)
                break
        else:
            prefix = ("?",)
    others: list[str] = []
    for problem in problems:
        path = tuple(problem.path)
        if isinstance(page, StructurePage) and (not path or mapping.STRUCTURE.field(str(path[0])) is not None):
            own.append(problem)
            continue
        if prefix and path[: len(prefix)] == prefix:
            own.append(Problem(path=path[len(prefix) :], code=problem.code, params=problem.params))
            continue
        if isinstance(page, BodyPage) and path[:1] == ("representations",) and len(path) > 1:
            body_index, j = gathered.representatives.get(path[1], (None, None))
            if prefix == ("bodies", body_index):
                own.append(Note(("representatives", j, *path[2:]), problem_text(problem, data)))
                continue
        others.append(_where(problem, gathered))
    out: list[tuple[str | None, ValidationError | str]] = []
    item_data = _item_data(data, prefix)
    locator = (lambda path: mapping.locate(locate_in, path)) if locate_in is not None else (lambda path: (None, ()))
    rep_notes = [p for p in own if isinstance(p, Note)]
    core_own = [p for p in own if not isinstance(p, Note)]
    out.extend(errors_at_fields(page, [*core_own, *outside], locator, data=item_data))
    if rep_notes:
        out.extend(
            errors_at_fields(page, rep_notes, lambda path: ("representatives", path[1:]) if path else (None, ()))
        )
    out.extend((None, text) for text in others)
    return out


def _outside_references(page: Any, spec: mapping.Spec | None, gathered: Gathered) -> list[Note]:
    """A chosen page that is not in the structure's subtree (or its region index) is refused at its
    field: the page chooser offers every page of the allowed types, the structure is known only here."""
    if spec is None:
        return []
    chosen: list[tuple[tuple, int]] = []
    for f in spec.fields:
        if f.kind != mapping.STREAM:
            continue
        stream = getattr(page, f.attr)
        is_list = is_list_field(spec.core, f.name)
        for i, item in enumerate(raw_items(stream)):
            block = stream.stream_block.child_blocks.get(item.get("type"))
            if block is None:
                continue
            where = (f.name, i) if is_list else (f.name,)
            chosen.extend(
                (path, raw["page"]) for path, raw in reference_paths(block, item.get("value"), where) if raw.get("page")
            )
    if not chosen:
        return []
    roots = [p.path for p in gathered.structure_pages.values() if p.path]
    regions = {r[: -Page.steplen] for r in roots}
    rows = dict(Page.objects.filter(pk__in={pk for _p, pk in chosen}).values_list("pk", "path"))
    titles = dict(Page.objects.filter(pk__in={pk for _p, pk in chosen}).values_list("pk", "title"))
    out = []
    for path, pk in chosen:
        target = rows.get(pk)
        if target is None:
            text = _("The chosen page no longer exists: choose another one.")
        elif target in regions or any(target.startswith(root) for root in roots):
            continue
        else:
            text = _("“%(title)s” is not part of this structure: choose a page of this structure or its region.") % {
                "title": titles.get(pk, pk)
            }
        out.append(Note(path, text))
    return out


def _item_data(data: Data, prefix: tuple) -> Any:
    node: Any = data
    for part in prefix:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return data
    return node


def _where(problem: Problem, gathered: Gathered) -> str:
    """A problem in another page or snippet of the structure, naming it."""
    path = tuple(problem.path)
    if len(path) >= 2 and (path[0], path[1]) in gathered.sources:
        group = gathered.sources[(path[0], path[1])]
        holder = next(iter(group.values()))
        return _("“%(title)s”: %(message)s") % {
            "title": _title(holder),
            "message": _message(problem, path[2:], _item_data(gathered.data, path[:2])),
        }
    if path[:1] == ("representations",) and len(path) > 1 and path[1] in gathered.representatives:
        body_index, _j = gathered.representatives[path[1]]
        holder = next(iter(gathered.sources[("bodies", body_index)].values()))
        return _("“%(title)s”: %(message)s") % {
            "title": _title(holder),
            "message": _message(problem, (), gathered.data),
        }
    structure_page = next(iter(gathered.structure_pages.values()))
    return _("“%(title)s”: %(message)s") % {
        "title": _title(structure_page),
        "message": _message(problem, path, gathered.data),
    }


def languages_with_pages(gathered: Gathered) -> Iterable[str]:
    return [lang for lang in LANGUAGES if lang in gathered.structure_pages]


def unstructure(structure: Structure) -> Data:
    return converter.unstructure(structure)
