"""Core files → pages and snippets, all or nothing; and pages → core files.

The steps, shared by ``manage.py kultursamverkan_import`` and the admin import view:

1. ``read_files`` / ``read_upload``: load and validate every file with the core. Any
   problem in any file stops the import before the database is touched.
2. ``plan``: compare the files with the database, read-only, and say what would be
   created, changed or left alone (the dry run and the admin's preview). It also
   finds conflicts between files (two files describing one organisation differently)
   and values the database would refuse (a name longer than its column). Given a
   user, it refuses the whole import unless the user could make every one of those
   changes by hand in the admin (``check_permissions``); no user is a system import.
3. ``run``: write it all in one transaction. A failure anywhere rolls everything back.

Pages are matched on the structure's stable ids (``region.id``, the structure's
``id``, its bodies', plans', … organisations' and people's ids) in each locale, never on
titles or slugs, so importing the same file twice changes nothing. Each body,
collaboration, agreement, plan, event series and event becomes a page below its
structure page, in the file's order; pages below it that the file no longer has are
deleted, so the structure stays what the file says. Each locale's page holds that
language's text only (``ingest``): the main locale's page is created first, each other
content language (sv, en) gets a Wagtail translation of it (``copy_for_translation``),
whose snippets are the translations of the main locale's snippets. A site with only
one of the two languages keeps the other language's texts nowhere: ``plan`` lists
each of them as not kept, so the import says so rather than dropping them silently.

A published import records in the main locale's structure page's latest revision a digest of
the file and of the state it left its pages and snippets in (``fingerprints``): the same file
imported again over that same state is recognised in a few queries and writes nothing. Any
change in the site since (a page edited, published, unpublished, moved, renamed, saved, added
or deleted below the structure, a snippet saved) or in the file makes the import compare
object by object again, as it always did; so does every draft import.

A draft import changes nothing readers see: pages get draft revisions, new pages
stay unpublished, and what would change a live page or snippet (deleting stale plan
pages, reordering them, new data for existing snippets) is recorded in the structure
page's draft revision and applied when that page is published (``apply_pending``).
"""

from __future__ import annotations

import contextvars
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from attrs import define, field, frozen
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q, Value
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import find_available_slug, get_content_languages
from wagtail.models import DraftStateMixin, Locale, Page, Revision, Site
from wagtail.permission_policies import ModelPermissionPolicy

import kultursamverkan
from kultursamverkan import converter, i18n
from kultursamverkan import model as core
from kultursamverkan.errors import Problem
from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.explain import describe_path, explain
from kultursamverkan.io import FORMATS, MAX_BYTES, format_for, parse
from kultursamverkan.model import Structure

from . import bulk_save, extract, fingerprints, ingest, invalidation, mapping, permissions, publishing, references
from .blocks import PAGE_TYPES, REFERENCE_IDS
from .indexing import Progress as IndexProgress
from .indexing import batched_indexes
from .language import language_of_code
from .models import ITEM_PAGES, BodyPage, Organisation, Person, RegionIndexPage, StructurePage

logger = logging.getLogger(__name__)
Data = dict[str, Any]
Progress = Callable[[int, int, "Source"], None]

#: What the import does to one object.
CREATE, UPDATE, UNCHANGED, DELETE = "create", "update", "unchanged", "delete"
#: A text the site has no locale for (a site with only Swedish or only English pages).
NOT_KEPT = "not_kept"
ACTION_LABELS = {
    CREATE: _("create"),
    UPDATE: _("update"),
    UNCHANGED: _("unchanged"),
    DELETE: _("delete"),
    NOT_KEPT: _("not kept: the site has no pages in this language"),
}
#: The kind of change for each page below a structure page, by the structure's collection.
KINDS = {
    "bodies": "body",
    "collaborations": "collaboration",
    "agreements": "agreement",
    "plans": "plan",
    "event_series": "event_series",
    "events": "event",
}
KIND_LABELS = {
    "region": _("region page"),
    "structure": _("structure page"),
    "body": _("body page"),
    "collaboration": _("collaboration page"),
    "agreement": _("agreement page"),
    "plan": _("plan page"),
    "event_series": _("recurring event page"),
    "event": _("event page"),
    "organisation": _("organisation"),
    "person": _("person"),
    "text": _("text"),
}


class ImportFailed(Exception):
    """Nothing was imported; ``problems`` says why, each naming its file and where in it."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


@frozen
class Source:
    """One validated file."""

    name: str
    structure: Structure


@frozen
class Change:
    """One object the import creates, updates or leaves unchanged."""

    kind: str  # a key of KIND_LABELS
    identifier: str
    locale: str
    action: str
    label: str
    source: str
    #: The page or snippet changed, or None when it is created.
    target: Any = field(default=None, eq=False, repr=False)
    #: For a page to create: the existing page it goes under, or under a page the import creates first.
    under: Page | None = field(default=None, eq=False, repr=False)
    #: For a snippet to create: the existing translation it joins (and whose region it keeps), else the
    #: region index page it will belong to (None when the import creates that page too).
    owner: Any = field(default=None, eq=False, repr=False)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@frozen
class Outcome:
    """One file of an import that commits each region on its own: imported, or not and why."""

    source: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@define
class Result:
    changes: list[Change] = field(factory=list)
    pages: list[Page] = field(factory=list)
    #: Per file, when each region was committed on its own (``run(per_region=True)``); else empty.
    outcomes: list[Outcome] = field(factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


# ------------------------------------------------------------------ reading


def read_files(paths: Sequence[str | os.PathLike[str]]) -> list[Source]:
    """Load and validate every file; ``ImportFailed`` lists the problems of all of them."""
    sources, problems = [], []
    for path in paths:
        name = os.fspath(path)
        try:
            sources.append(Source(name, kultursamverkan.load(path)))
        except CoreValidationError as exc:
            problems.extend(_explained(exc, Path(path).read_bytes(), format_for(name), name))
        except (ValueError, OSError) as exc:  # unknown suffix, missing or unreadable file
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            problems.append(message if message.startswith(name) else f"{name}: {message}")
    if problems:
        raise ImportFailed(problems)
    check_sources(sources)
    return sources


def read_upload(name: str, data: bytes) -> Source:
    """Validate an uploaded file's bytes; the format comes from its name's suffix."""
    name = Path(name).name or "upload"
    try:
        fmt = format_for(name)
    except ValueError:
        raise ImportFailed(
            [_("%(file)s: the file name must end in .yaml, .yml, .json or .toml") % {"file": name}]
        ) from None
    if len(data) > MAX_BYTES:
        raise ImportFailed([_("%(file)s: the file is larger than %(size)s bytes") % {"file": name, "size": MAX_BYTES}])
    try:
        source = Source(name, kultursamverkan.loads(data, fmt, file=name))
    except CoreValidationError as exc:
        raise ImportFailed(_explained(exc, data, fmt, name)) from None
    check_sources([source])
    return source


def _explained(exc: CoreValidationError, text: bytes, fmt: Any, name: str) -> list[str]:
    """Each problem in the editor's language, located by names and field labels, not by ``$.bodies[2]``."""
    lang = i18n.normalize_lang(get_language() or settings.LANGUAGE_CODE)
    try:
        data = parse(text, fmt)
    except (CoreValidationError, ValueError):
        data = None  # a syntax error: its problem has a line and column instead
    return [explain(problem, lang, data, file=name) for problem in exc.problems]


def check_sources(sources: Sequence[Source]) -> None:
    """Files that contradict each other: they would overwrite each other's shared objects."""
    problems: list[str] = []
    seen: dict[tuple[str, str], tuple[str, Any]] = {}

    def claim(kind: str, identifier: str, value: Any, source: Source, what: str) -> None:
        earlier = seen.setdefault((kind, identifier), (source.name, value))
        if earlier[1] != value:
            problems.append(
                _("%(file)s: %(what)s “%(id)s” is described differently in %(other)s")
                % {"file": source.name, "what": what, "id": identifier, "other": earlier[0]}
            )

    for source in sources:
        s = source.structure
        claim("structure", s.id, source.name, source, _("the structure"))
        claim("region", s.region.id, converter.unstructure(s.region), source, _("the region"))
        for org in s.organisations:
            claim("organisation", org.id, converter.unstructure(org), source, _("the organisation"))
        for person in s.people:
            claim("person", person.id, converter.unstructure(person), source, _("the person"))
    if problems:
        raise ImportFailed(problems)


# ------------------------------------------------------------------ where to


def resolve_page(spec: str | int, locale: Locale | None = None) -> Page:
    """A page by id, or by URL path from the default site's root (``/``, ``/regions/``)."""
    text = str(spec).strip()
    if text.isdigit():
        page = Page.objects.filter(pk=int(text)).first()
        if page is None:
            raise ImportFailed([_("There is no page with id %(id)s.") % {"id": text}])
        return page.specific
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ImportFailed([_("There is no default site; give the page's id instead of a path.")])
    page = site.root_page
    if locale is not None:
        page = page.get_translation_or_none(locale) or page
    for slug in [part for part in text.split("/") if part]:
        child = page.get_children().filter(slug=slug).first()
        if child is None:
            raise ImportFailed(
                [_("There is no page at %(path)s: “%(slug)s” not found.") % {"path": text, "slug": slug}]
            )
        page = child
    return page.specific


def main_locale(language_code: str | None = None) -> Locale:
    code = language_code or Locale.get_default().language_code
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        if code not in get_content_languages():
            raise ImportFailed(
                [
                    _("“%(code)s” is not one of the site's content languages (WAGTAIL_CONTENT_LANGUAGES).")
                    % {"code": code}
                ]
            )
        raise ImportFailed(
            [_("The locale “%(code)s” does not exist; add it under Settings → Locales.") % {"code": code}]
        )
    return locale


def _text_language(locale: Locale) -> str | None:
    """The core's language for a locale's pages: the files have Swedish and English text only."""
    return language_of_code(locale.language_code)


def translation_locales(main: Locale) -> list[Locale]:
    """The other content languages the files have text for, as locales (created when missing)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    out = []
    languages = get_content_languages()
    for code in languages:
        if code == main.language_code or _text_language(Locale(language_code=code)) is None:
            continue
        if _text_language(Locale(language_code=code)) == _text_language(main):
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        out.append(locale)
    return out


def _existing_translation_locales(main: Locale) -> list[Locale]:
    """As ``translation_locales``, without creating anything (for the plan)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    languages = get_content_languages()
    out = []
    for code in languages:
        candidate = Locale.objects.filter(language_code=code).first() or Locale(language_code=code)
        lang = _text_language(candidate)
        if code != main.language_code and lang is not None and lang != _text_language(main):
            out.append(candidate)
    return out


def check_parent(parent: Page, main: Locale) -> Page:
    """The parent in the main locale, if region index pages may go under it."""
    parent = parent.specific
    if parent.locale_id != main.pk:
        translated = parent.get_translation_or_none(main)
        if translated is None:
            raise ImportFailed(
                [
                    _("The page “%(title)s” has no translation in “%(locale)s”.")
                    % {"title": parent.title, "locale": main.language_code}
                ]
            )
        parent = translated.specific
    if not RegionIndexPage.can_exist_under(parent):
        raise ImportFailed(
            [
                _("Region index pages cannot be created under “%(title)s” (a %(type)s).")
                % {"title": parent.title, "type": parent.specific_class._meta.verbose_name}
            ]
        )
    return parent


# ----------------------------------------------------------------- planning


def _current(page: Page) -> Page:
    """What the editor sees: the latest draft when there is one, else the page itself."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def _find_translated(page: Page | None, locale: Locale) -> Page | None:
    """``page`` in ``locale``: itself, its translation, or None."""
    if page is None or not locale.pk:
        return None
    if page.locale_id == locale.pk:
        return page
    translation = page.get_translation_or_none(locale)
    return translation.specific if translation is not None else None


def _find_region_page(parent: Page, identifier: str, locale: Locale) -> RegionIndexPage | None:
    return (
        RegionIndexPage.objects.descendant_of(parent, inclusive=True)
        .filter(identifier=identifier, locale=locale)
        .order_by("path")
        .first()
    )


def _find_structure_page(parent: Page, identifier: str, locale: Locale) -> StructurePage | None:
    return (
        StructurePage.objects.descendant_of(parent)
        .filter(identifier=identifier, locale=locale)
        .order_by("path")
        .first()
    )


def _item_pages(structure_page: Page | None) -> dict[tuple[str, str], Page]:
    """The pages below a structure page by (collection, identifier); of two with one id, the first in the tree."""
    found: dict[tuple[str, str], Page] = {}
    if structure_page is None or not structure_page.pk:
        return found
    for collection, model in ITEM_PAGES.items():
        for page in model.objects.child_of(structure_page).order_by("path"):
            found.setdefault((collection, page.identifier), page)
    return found


def _stale_item_pages(structure_page: Page | None, structure: Structure) -> list[Page]:
    """Pages below the structure page that the file does not have (or that repeat an id)."""
    if structure_page is None or not structure_page.pk:
        return []
    wanted = {(c, item.id) for c in ITEM_PAGES for item in getattr(structure, c)}
    keep = {page.pk for key, page in _item_pages(structure_page).items() if key in wanted}
    out = []
    for model in ITEM_PAGES.values():
        out.extend(p for p in model.objects.child_of(structure_page) if p.pk not in keep)
    return sorted(out, key=lambda p: p.path)


def _same(page: Page, probe: Page, spec: mapping.Spec) -> bool:
    if page.title != probe.title or mapping.read(page, spec) != mapping.read(probe, spec):
        return False
    if isinstance(page, BodyPage):
        return extract._body_representatives(page) == extract._body_representatives(probe)
    return True


def _region_unchanged(page: RegionIndexPage, s: Structure, lang: str) -> bool:
    probe = RegionIndexPage()
    ingest.fill_region(probe, s, lang)
    return _same(page, probe, mapping.REGION)


def _snippet_ids(page: StructurePage, key: str) -> list[str]:
    model = Organisation if key == "organisations" else Person
    pks = extract._snippet_pks(page, key)
    by_pk = dict(model.objects.filter(pk__in=pks).values_list("pk", "identifier"))
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _structure_unchanged(page: StructurePage, s: Structure, lang: str) -> bool:
    probe = StructurePage()
    ingest.fill_structure(probe, s, lang, [], [])
    if not _same(page, probe, mapping.STRUCTURE):
        return False
    return _snippet_ids(page, "organisations") == [o.id for o in s.organisations] and _snippet_ids(page, "people") == [
        p.id for p in s.people
    ]


def _item_unchanged(page: Page, s: Structure, collection: str, index: int, lang: str) -> bool:
    probe = type(page)()
    ingest.fill_item(probe, s, collection, index, lang)
    return _same(page, probe, mapping.BY_COLLECTION[collection])


def _field_problems(source: Source, langs: Sequence[str]) -> list[str]:
    """Values the core accepts but a database column would refuse (too long, wrong shape), from the mapping."""
    s = source.structure
    data = converter.unstructure(s)
    checks: list[tuple[mapping.Spec, type, Data, tuple]] = [
        (mapping.STRUCTURE, StructurePage, data, ()),
        (mapping.REGION, RegionIndexPage, data["region"], ("region",)),
    ]
    for collection, model in ITEM_PAGES.items():
        for i, item in enumerate(data.get(collection, ())):
            checks.append((mapping.BY_COLLECTION[collection], model, item, (collection, i)))
    for collection, model in (("organisations", Organisation), ("people", Person)):
        for i, item in enumerate(data.get(collection, ())):
            checks.append((mapping.BY_COLLECTION[collection], model, item, (collection, i)))
    problems = []
    lang = i18n.normalize_lang(get_language())
    title_field = Page._meta.get_field("title")
    for spec, model, item, where in checks:
        found = list(mapping.length_problems(spec, model, item))
        name = item.get("name")
        for text_lang, text in name.items() if isinstance(name, dict) else []:
            try:
                title_field.clean(text, None)
            except DjangoValidationError as exc:
                found.extend((("name", text_lang), m) for m in exc.messages)
        for path, message in found:
            problem = f"{source.name}: {describe_path((*where, *path), data, lang)}: {message}"
            if problem not in problems:
                problems.append(problem)
    return problems


def _under_in_locale(page: Page, locale: Locale) -> Page:
    """Where ``page``'s translation into ``locale`` goes: the nearest ancestor translated already."""
    for candidate in [page, *reversed(page.get_ancestors())]:
        if candidate.depth == 1:
            return candidate
        translated = _find_translated(candidate.specific, locale)
        if translated is not None:
            return translated
    return page


def _languages(main: Locale, locales: Sequence[Locale]) -> list[str]:
    return [lang for lang in (_text_language(loc) for loc in (main, *locales)) if lang is not None]


def _dropped(source: Source, langs: Sequence[str], code: str) -> list[Change]:
    """The texts the site has no locale for, each a change of its own: the import says it cannot keep them."""
    data = converter.unstructure(source.structure)
    lang = i18n.normalize_lang(get_language())
    out = []
    for path, text_lang, text in ingest.dropped_texts(source.structure, langs):
        where = describe_path(path, data, lang)
        out.append(Change("text", f"{where} ({text_lang})", code, NOT_KEPT, text, source.name))
    return out


def plan(
    sources: Sequence[Source], parent: Page, main: Locale, *, user: Any = None, publish: bool = True
) -> list[Change]:
    """What ``run`` would do, computed without writing; ``ImportFailed`` if it would fail.

    With a ``user``, it also fails (naming what) if the user could not make each of
    these changes by hand in the admin; ``user=None`` is a system import. Texts in a
    language the site has no locale for are listed as not kept.
    """
    return _plan(sources, parent, main, user=user, publish=publish)[0]


def _plan(
    sources: Sequence[Source], parent: Page, main: Locale, *, user: Any = None, publish: bool = True
) -> tuple[list[Change], dict[int, list[Page]], dict[int, frozenset[tuple[str, str, str]]]]:
    """``plan``; the pages of each source (by position) found unchanged since it was last imported; and
    for each other source, the pages it found unchanged, as ``(kind, identifier, locale code)``."""
    parent = check_parent(parent, main)
    locales = [main, *_existing_translation_locales(main)]
    langs = _languages(main, locales[1:])
    problems = [p for source in sources for p in _field_problems(source, langs)]
    if problems:
        raise ImportFailed(problems)
    changes: list[Change] = []
    seen: set[tuple[str, str, str]] = set()
    reorders: list[tuple[Source, StructurePage]] = []
    unchanged: dict[int, list[Page]] = {}
    same: dict[int, frozenset[tuple[str, str, str]]] = {}
    for position, source in enumerate(sources):
        s = source.structure
        changes.extend(_dropped(source, langs, main.language_code))
        if publish:
            region, structure = _find_region_page(parent, s.region.id, main), _find_structure_page(parent, s.id, main)
            snapshot = fingerprints.snapshot(s, parent, main, locales[1:], region, structure)
            found = _unchanged_changes(source, snapshot, locales, seen) if snapshot and snapshot.current else None
            if found is not None:
                changes.extend(found[0])
                unchanged[position] = found[1]
                continue
        start = len(changes)
        with _known_references(source.structure, parent, main):
            _plan_source(source, parent, main, locales, langs, changes, seen, reorders)
        same[position] = frozenset((c.kind, c.identifier, c.locale) for c in changes[start:] if c.action == UNCHANGED)
    if user is not None:
        check_permissions(changes, reorders, locales, user, publish=publish)
    return changes, unchanged, same


def _plan_source(
    source: Source,
    parent: Page,
    main: Locale,
    locales: Sequence[Locale],
    langs: Sequence[str],
    changes: list[Change],
    seen: set[tuple[str, str, str]],
    reorders: list[tuple[Source, StructurePage]],
) -> None:
    """One file's changes, compared object by object with what the site holds."""
    s = source.structure
    main_region = _find_region_page(parent, s.region.id, main)
    for locale in locales:
        lang = _text_language(locale) or "sv"
        code = locale.language_code
        region = _find_translated(_find_region_page(parent, s.region.id, main), locale)
        region_under = parent if locale.pk == main.pk else _under_in_locale(parent, locale)
        if ("region", s.region.id, code) not in seen:
            seen.add(("region", s.region.id, code))
            action = CREATE if region is None else UNCHANGED
            if region is not None and not _region_unchanged(_current(region), s, lang):
                action = UPDATE
            label = ingest.title(s.region.name, lang, s.region.id)
            changes.append(Change("region", s.region.id, code, action, label, source.name, region, region_under))
        for kind, model, items in (("organisation", Organisation, s.organisations), ("person", Person, s.people)):
            existing = (
                {o.identifier: o for o in model.objects.filter(locale=locale, identifier__in=[i.id for i in items])}
                if locale.pk
                else {}
            )
            translations = _snippet_translations(model, [i.id for i in items], locale)
            for item in items:
                if (kind, item.id, code) in seen:
                    continue
                seen.add((kind, item.id, code))
                old = existing.get(item.id)
                action = CREATE if old is None else UNCHANGED if ingest.snippet_unchanged(old, item, lang) else UPDATE
                label = item.name if isinstance(item.name, str) else ingest.title(item.name, lang, item.id)
                owner = None
                if old is None:
                    owner = translations.get(item.id) or main_region
                changes.append(Change(kind, item.id, code, action, label, source.name, old, owner=owner))
        page = _find_translated(_find_structure_page(parent, s.id, main), locale)
        structure_under = region if region is not None else region_under
        action = CREATE
        if page is not None:
            action = UNCHANGED if _structure_unchanged(_current(page), s, lang) else UPDATE
            if _reorders(page, s):
                reorders.append((source, page))
        label = ingest.title(s.name, lang, s.id)
        changes.append(Change("structure", s.id, code, action, label, source.name, page, structure_under))
        changes.extend(_item_changes(source, page, page or structure_under, lang, code))


def _snippet_translation(model: type, identifier: str, locale: Locale) -> Any:
    """An existing snippet with ``identifier`` in another locale: the one a new snippet becomes a translation of."""
    others = model.objects.filter(identifier=identifier)
    return (others.exclude(locale=locale) if locale.pk else others).order_by("pk").first()


def _snippet_translations(model: type, identifiers: Sequence[str], locale: Locale) -> dict[str, Any]:
    """``_snippet_translation`` for many ids in one query."""
    others = model.objects.filter(identifier__in=list(identifiers))
    found: dict[str, Any] = {}
    for obj in (others.exclude(locale=locale) if locale.pk else others).order_by("pk"):
        found.setdefault(obj.identifier, obj)
    return found


def _snippets_in(model: type, identifiers: Sequence[str], locale: Locale) -> dict[str, Any]:
    """``ingest.snippet_in`` for many ids in one query."""
    found: dict[str, Any] = {}
    if locale.pk:
        for obj in model.objects.filter(identifier__in=list(identifiers), locale=locale).order_by("pk"):
            found.setdefault(obj.identifier, obj)
    return found


def _item_changes(
    source: Source, structure_page: StructurePage | None, under: Page, lang: str, code: str
) -> list[Change]:
    existing = _item_pages(structure_page)
    changes = []
    s = source.structure
    for collection in ITEM_PAGES:
        kind = KINDS[collection]
        for i, item in enumerate(getattr(s, collection)):
            page = existing.get((collection, item.id))
            if page is None:
                action = CREATE
            else:
                action = UNCHANGED if _item_unchanged(_current(page), s, collection, i, lang) else UPDATE
            label = ingest.title(item.name, lang, item.id)
            changes.append(Change(kind, item.id, code, action, label, source.name, page, under))
    for page in _stale_item_pages(structure_page, s):
        kind = next(k for c, k in KINDS.items() if isinstance(page, ITEM_PAGES[c]))
        changes.append(Change(kind, page.identifier, code, DELETE, page.title, source.name, page))
    return changes


def _wanted_order(structure: Structure) -> list[tuple[str, str]]:
    return [(c, item.id) for c in ITEM_PAGES for item in getattr(structure, c)]


def _reorders(structure_page: StructurePage, structure: Structure) -> bool:
    """Whether putting the pages in the file's order moves existing pages (new ones go last)."""
    wanted = _wanted_order(structure)
    pages = sorted(_item_pages(structure_page).items(), key=lambda kv: kv[1].path)
    for collection in ITEM_PAGES:
        want = [k for k in wanted if k[0] == collection]
        kept = [k for k, _p in pages if k[0] == collection and k in want]
        if kept + [k for k in want if k not in kept] != want:
            return True
    return False


def _order_items(page: StructurePage, structure: Structure) -> None:
    """Put each kind of page below the structure page in the file's order."""
    if not _reorders(page, structure):
        return
    pages = _item_pages(page)
    target = Page.objects.get(pk=page.pk)
    for key in _wanted_order(structure):
        if key in pages:
            Page.objects.get(pk=pages[key].pk).move(target, pos="last-child")
            target.refresh_from_db()


#: The pages ``plan`` found unchanged, ``(kind, identifier, locale code)``, while one file is written:
#: they are not compared again (the plan ran just before; a change made in between is one made after).
_SAME: contextvars.ContextVar[frozenset[tuple[str, str, str]]] = contextvars.ContextVar(
    "import_same", default=frozenset()
)


#: The pages ``_create`` published while one file is written, in memory as ``publishing`` stored them
#: (their rows and revisions): ``references.resolve`` visits them without reading them again.
_LIVE: contextvars.ContextVar[list[Page]] = contextvars.ContextVar("import_live")


def _planned_same(kind: str, identifier: str, locale: Locale) -> bool:
    return (kind, identifier, locale.language_code) in _SAME.get()


@contextmanager
def _known_references(s: Structure, parent: Page, main: Locale) -> Iterator[None]:
    """Within the block, the ids of what the structure's references may choose are read in one query
    (``blocks.reference_id``): its region's pages in every locale and its organisations and people;
    anything else is looked up once."""
    known: dict[tuple[str, int], str] = {}
    region = _find_region_page(parent, s.region.id, main)
    condition = Q()
    if region is not None:
        for path in Page.objects.filter(translation_key=region.translation_key).values_list("path", flat=True):
            condition |= Q(path__startswith=path)
    parts = []
    if condition:
        for label in PAGE_TYPES.values():
            model = django_apps.get_model(label)
            parts.append(model.objects.filter(condition).annotate(chooser=Value("page")))
    for name, model, items in (("organisation", Organisation, s.organisations), ("person", Person, s.people)):
        parts.append(model.objects.filter(identifier__in=[i.id for i in items]).annotate(chooser=Value(name)))
    rows = [p.values_list("chooser", "pk", "identifier").order_by() for p in parts]
    known.update({(chooser, pk): ident or "" for chooser, pk, ident in rows[0].union(*rows[1:], all=True).order_by()})
    token = REFERENCE_IDS.set(known)
    try:
        yield
    finally:
        REFERENCE_IDS.reset(token)


# ------------------------------------------------------ unchanged structures


def _unchanged_changes(
    source: Source, snapshot: fingerprints.Snapshot, locales: Sequence[Locale], seen: set[tuple[str, str, str]]
) -> tuple[list[Change], list[Page]] | None:
    """The plan's changes, all unchanged, for a structure the site holds as its last import left it,
    and the pages ``run`` returns for it; None if the record does not name every object."""
    s = source.structure
    assert snapshot.record is not None
    recorded: dict[str, list[int]] = snapshot.record["keys"]
    pages: list[Page] = []
    changes: list[Change] = []
    claimed: set[tuple[str, str, str]] = set()
    for locale in locales:
        lang = _text_language(locale) or "sv"
        code = locale.language_code
        keys = list(recorded.get(code, ()))
        items = [(c, item) for c in ITEM_PAGES for item in getattr(s, c)]
        if len(keys) != 2 + len(s.organisations) + len(s.people) + len(items):
            return None
        found: list[Any] = [snapshot.pages.get(keys[0])]
        found += [snapshot.snippets.get(("organisation", k)) for k in keys[1 : 1 + len(s.organisations)]]
        found += [snapshot.snippets.get(("person", k)) for k in keys[1 + len(s.organisations) : -1 - len(items)]]
        found += [snapshot.pages.get(k) for k in keys[-1 - len(items) :]]
        if any(obj is None for obj in found):
            return None
        objects = iter(found)
        entries: list[tuple[str, str, str, bool]] = [
            ("region", s.region.id, ingest.title(s.region.name, lang, s.region.id), True)
        ]
        for kind, members in (("organisation", s.organisations), ("person", s.people)):
            for member in members:
                label = member.name if isinstance(member.name, str) else ingest.title(member.name, lang, member.id)
                entries.append((kind, member.id, label, True))
        entries.append(("structure", s.id, ingest.title(s.name, lang, s.id), False))
        entries += [(KINDS[c], item.id, ingest.title(item.name, lang, item.id), False) for c, item in items]
        for kind, identifier, label, shared in entries:
            target = next(objects)
            if shared:
                if (kind, identifier, code) in seen or (kind, identifier, code) in claimed:
                    continue
                claimed.add((kind, identifier, code))
            changes.append(Change(kind, identifier, code, UNCHANGED, label, source.name, target))
        region, structure = found[0], found[-1 - len(items)]
        pages += [region, structure, *found[len(found) - len(items) :]]
    seen |= claimed
    return changes, pages


# -------------------------------------------------------------- permissions

#: How many objects a refused import names; the rest are counted.
NAMED_REFUSALS = 10


def _snippet_policy(model: type) -> Any:
    """The snippet's permission policy, as its admin views use it."""
    viewset = getattr(model, "snippet_viewset", None)
    return viewset.permission_policy if viewset is not None else ModelPermissionPolicy(model)


def _refusal(change: Change, user: Any, publish: bool) -> str | None:
    """Why ``user`` could not make ``change`` by hand, or None if they could."""
    values = {"file": change.source, "kind": change.kind_label, "label": change.label, "locale": change.locale}
    if change.action in (UNCHANGED, NOT_KEPT):
        return None
    if change.kind in ("organisation", "person"):
        model = Organisation if change.kind == "organisation" else Person
        policy = _snippet_policy(model)
        if change.action == CREATE and not policy.user_has_permission(user, "add"):
            return _("%(file)s: you may not create the %(kind)s “%(label)s” (%(locale)s).") % values
        if change.action == UPDATE and not policy.user_has_permission(user, "change"):
            return _("%(file)s: you may not change the %(kind)s “%(label)s” (%(locale)s).") % values
        # Whose it is: the region that owns it, or shared (``permissions``).
        owned = change.target if change.action == UPDATE else change.owner
        if isinstance(owned, model):
            reason = permissions.snippet_refusal(user, owned)
            if reason is not None:
                values["reason"] = reason
                return _("%(file)s: you may not change the %(kind)s “%(label)s” (%(locale)s): %(reason)s.") % values
        elif owned is not None and not permissions.can_edit_region(user, owned):
            values["reason"] = _("it would belong to “%(region)s”, which you may not edit") % {"region": owned.title}
            return _("%(file)s: you may not create the %(kind)s “%(label)s” (%(locale)s): %(reason)s.") % values
        if publish and issubclass(model, DraftStateMixin) and not policy.user_has_permission(user, "publish"):
            return _("%(file)s: you may not publish the %(kind)s “%(label)s” (%(locale)s).") % values
        return None
    if change.action == CREATE:
        assert change.under is not None
        tester = change.under.permissions_for_user(user)
        values["under"] = change.under.title
        if not tester.can_add_subpage():
            return _("%(file)s: you may not create the %(kind)s “%(label)s” (%(locale)s) under “%(under)s”.") % values
        if publish and not tester.can_publish_subpage():
            return _("%(file)s: you may not publish the %(kind)s “%(label)s” (%(locale)s) under “%(under)s”.") % values
        return None
    tester = change.target.permissions_for_user(user)
    values["label"] = change.target.title
    if change.action == DELETE and not tester.can_delete():
        return _("%(file)s: you may not delete the %(kind)s “%(label)s” (%(locale)s).") % values
    if change.action == UPDATE and not tester.can_edit():
        return _("%(file)s: you may not edit the %(kind)s “%(label)s” (%(locale)s).") % values
    if change.action == UPDATE and publish and not tester.can_publish():
        return _("%(file)s: you may not publish the %(kind)s “%(label)s” (%(locale)s).") % values
    return None


def check_permissions(
    changes: Sequence[Change],
    reorders: Sequence[tuple[Source, StructurePage]],
    locales: Sequence[Locale],
    user: Any,
    *,
    publish: bool,
) -> None:
    """``ImportFailed`` naming the first objects ``user`` could not create, change, publish, move or delete.

    The same checks as the admin's page and snippet views: Wagtail's page permissions
    (``Page.permissions_for_user``) in each locale's tree, the snippets' permission policy.
    """
    problems = [] if user.is_active else [str(_("Your account is not active."))]
    for locale in locales:
        if locale.pk is None and not user.has_perm("wagtailcore.add_locale"):
            problems.append(
                _("You may not add the locale “%(code)s” that the translations need.") % {"code": locale.language_code}
            )
    for change in changes:
        refusal = _refusal(change, user, publish)
        if refusal is not None:
            problems.append(refusal)
    for source, page in reorders:
        if not page.permissions_for_user(user).can_reorder_children():
            values = {"file": source.name, "label": page.title, "locale": page.locale.language_code}
            problems.append(
                _("%(file)s: you may not change the order of the pages below “%(label)s” (%(locale)s).") % values
            )
    if problems:
        more = len(problems) - NAMED_REFUSALS
        named = problems[:NAMED_REFUSALS]
        if more > 0:
            named.append(
                ngettext(
                    "… and %(count)s more change you may not make.",
                    "… and %(count)s more changes you may not make.",
                    more,
                )
                % {"count": more}
            )
        raise ImportFailed(named)


# ------------------------------------------------------------------ writing

#: The key in a structure page's draft revision (``Revision.content``) that holds what a draft
#: import could not do without changing what readers see; applied when that page is published.
PENDING_KEY = "kultursamverkan_pending"


def _store(page: Page, *, save_row: bool, publish: bool, user: Any) -> Revision:
    """Save ``page``'s new content as a revision; publish it, or leave it as a draft.

    ``save_row``: the page is a new draft, whose row holds the draft too. An existing
    page's row is its live content and changes only when a revision is published.
    """
    if save_row:
        page.owner = user if user is not None else page.owner
        if not publish:  # publishing writes the row anyway
            page.save()
    # Publishing saves the page, which validates it (``full_clean``): once is enough.
    revision = page.save_revision(user=user, log_action=True, clean=not publish)
    if publish:
        revision.publish(user=user)
    return revision


def _add_child(parent: Page, page: Page, slug: str, locale: Locale, user: Any) -> Page:
    page.slug = find_available_slug(parent, slug)
    page.locale = locale
    page.owner = user
    page.live = False  # published by _store when asked
    page.has_unpublished_changes = True
    parent.add_child(instance=page)
    return page


def _create(
    parent: Page,
    page: Page,
    slug: str,
    locale: Locale,
    user: Any,
    *,
    publish: bool,
    children: publishing.Children | None = None,
) -> None:
    """A new page under ``parent``: published with its first revision (``publishing``), or a draft.

    ``children``: ``parent``'s children, when the caller adds several pages below it in a row. The
    page's translations, if any yet, are this import's pages of the same file: publishing it leaves
    them alone (they have the same synchronised values)."""
    if not publish:
        _add_child(parent, page, slug, locale, user)
        _store(page, save_row=False, publish=False, user=user)
        return
    page.locale = locale
    page.owner = user
    if children is None:
        page.slug = find_available_slug(parent, slug)
        publishing.create_live(parent, page, user=user, in_step=True)
    else:
        page.slug = children.available_slug(slug)
        children.create_live(page, user=user, in_step=True)
    live = _LIVE.get(None)
    if live is not None:
        live.append(page)


def _copy_for_translation(page: Page, locale: Locale, *, publish: bool) -> Page:
    """``page``'s translation into ``locale``, with its untranslated ancestors.

    Wagtail makes those ancestors aliases, which are live when the original is: a draft
    makes them unpublished copies instead, so that no new page appears to readers.
    """
    if not publish:
        for ancestor in page.get_ancestors()[1:]:  # the root is shared by every locale
            if ancestor.get_translation_or_none(locale) is None:
                ancestor.specific.copy_for_translation(locale)
    return page.copy_for_translation(locale, copy_parents=True).specific


def _import_snippets(
    s: Structure, main: Locale, locale: Locale, region: RegionIndexPage, *, publish: bool
) -> tuple[dict[str, list[int]], list[Data]]:
    """The structure's organisations and people as snippets in ``locale``; their keys, and a draft's pending data.

    In another locale than the main one, a new snippet is a Wagtail translation of the main one
    (and keeps its region); a snippet new in every locale belongs to ``region`` (``permissions``).
    A draft import leaves existing snippets as readers see them: their new data is returned.
    """
    lang = _text_language(locale) or "sv"
    keys: dict[str, list[int]] = {}
    pending: list[Data] = []
    for key, model, items in (("organisations", Organisation, s.organisations), ("people", Person, s.people)):
        keys[key] = []
        ids = [item.id for item in items]
        here = _snippets_in(model, ids, locale)
        originals = _snippets_in(model, ids, main) if locale.pk != main.pk else {}
        translations: dict[str, Any] | None = None
        chosen: list[Any] = []
        created: list[Any] = []
        for item in items:
            snippet = here.get(item.id)
            if snippet is None:
                original = originals.get(item.id)
                if original is not None:
                    snippet = original.copy_for_translation(locale)
                else:  # its region as the plan checked it (``_refusal``): an existing translation's, else the import's
                    if translations is None:
                        translations = _snippet_translations(model, ids, locale)
                    other = translations.get(item.id)
                    snippet = model(locale=locale, region=other.region if other is not None else region)
                ingest.fill_snippet(snippet, item, lang)
                created.append(snippet)
            elif not ingest.snippet_unchanged(snippet, item, lang):
                if publish:
                    ingest.fill_snippet(snippet, item, lang)
                    snippet.save()
                else:
                    pending.append(
                        {
                            "model": model._meta.model_name,
                            "pk": snippet.pk,
                            "lang": lang,
                            "data": converter.unstructure(item),
                        }
                    )
            chosen.append(snippet)
        bulk_save.save_new(created, before_save=model.before_save)
        keys[key] = [snippet.pk for snippet in chosen]
    return keys, pending


def _import_region(
    s: Structure, parent: Page, main: Locale, locale: Locale, *, publish: bool, user: Any, new: set[int]
) -> RegionIndexPage:
    """The region index page in ``locale``: under ``parent`` (main locale) or as a translation.

    ``new``: the pages this import created so far (added to): the translation of one of them is made
    as a new page with its translation key, as ``_import_items`` makes them."""
    lang = _text_language(locale) or "sv"
    original = _find_region_page(parent, s.region.id, main)
    region = original if locale.pk == main.pk else _find_translated(original, locale)
    under = _find_translated(parent.specific, locale) if region is None and original is not None else None
    if region is None and original is not None and original.pk in new and publish and under is not None:
        region = RegionIndexPage(translation_key=original.translation_key)  # as _import_items makes them
        ingest.fill_region(region, s, lang)
        _create(under, region, original.slug, locale, user, publish=publish)
        new.add(region.pk)
        return region
    if region is None and original is not None:
        copy = _copy_for_translation(original, locale, publish=publish)
        ingest.fill_region(copy, s, lang)
        _store(copy, save_row=True, publish=publish, user=user)
        return copy
    if region is None:
        region = RegionIndexPage()
        ingest.fill_region(region, s, lang)
        _create(parent, region, s.region.id, main, user, publish=publish)
        new.add(region.pk)
    elif not _planned_same("region", s.region.id, locale) and not _region_unchanged(_current(region), s, lang):
        ingest.fill_region(region, s, lang)
        _store(region, save_row=False, publish=publish, user=user)
    return region


def _import_structure(
    s: Structure,
    parent: Page,
    region: RegionIndexPage,
    main: Locale,
    locale: Locale,
    snippets: dict[str, list[int]],
    *,
    publish: bool,
    user: Any,
    new: set[int],
) -> StructurePage:
    """The structure page in ``locale``; ``new``: as for ``_import_region`` (a page created is added)."""
    lang = _text_language(locale) or "sv"
    original = _find_structure_page(parent, s.id, main)
    page = original if locale.pk == main.pk else _find_translated(original, locale)
    if page is None and original is not None and original.pk in new and publish and region.pk in new:
        page = StructurePage(translation_key=original.translation_key)  # as _import_items makes them
        ingest.fill_structure(page, s, lang, snippets["organisations"], snippets["people"])
        _create(region, page, original.slug, locale, user, publish=publish)
        new.add(page.pk)
        return page
    if page is None and original is not None:
        page = _copy_for_translation(original, locale, publish=publish)
        ingest.fill_structure(page, s, lang, snippets["organisations"], snippets["people"])
        _store(page, save_row=True, publish=publish, user=user)
        new.add(page.pk)
        return page
    if page is None:
        page = StructurePage()
        ingest.fill_structure(page, s, lang, snippets["organisations"], snippets["people"])
        _create(region, page, s.id, main, user, publish=publish)
        new.add(page.pk)
        return page
    if publish:
        _settle_pending(page)  # this import publishes the file's whole state: earlier drafts' removals are moot
    if not _planned_same("structure", s.id, locale) and not _structure_unchanged(_current(page), s, lang):
        ingest.fill_structure(page, s, lang, snippets["organisations"], snippets["people"])
        _store(page, save_row=False, publish=publish, user=user)
    return page


def _import_items(
    s: Structure,
    page: StructurePage,
    main_page: StructurePage,
    locale: Locale,
    *,
    publish: bool,
    user: Any,
    created: set[int] | None = None,
    fresh: bool = False,
    originals: dict[tuple[str, str], Page] | None = None,
) -> tuple[list[Page], list[int], list[int]]:
    """The structure's bodies, …, plans as pages below ``page``; stale ones deleted (or, as a draft, returned).

    Also the keys of the pages given a draft revision: publishing the structure page publishes them with it,
    so that readers never see half of one import (a reference to a plan the other half removes).
    ``created``: the main locale's pages this import created (added to by the main locale's call). Their
    translations are made as new pages with the original's translation key: the same page Wagtail's
    ``copy_for_translation`` would make, as the original holds nothing but what the file gives both, in a
    fifth of the queries (no copy of a page whose every field is then written again).
    ``fresh``: ``page`` was created by this import, so nothing is below it yet. ``originals``: the main
    locale's pages by (collection, id), when the caller has them (the main locale's call returns them).
    """
    created = set() if created is None else created
    lang = _text_language(locale) or "sv"
    stale = [] if fresh else _stale_item_pages(page, s)
    if publish:
        for old in stale:
            old.delete()
    existing = {} if fresh else _item_pages(page)
    if originals is None:
        originals = _item_pages(main_page) if page.pk != main_page.pk else {}
    elif page.pk == main_page.pk:
        originals = {}
    pages: list[Page] = []
    drafts: list[int] = []
    children: publishing.Children | None = None  # read when the first new page is published

    def below() -> publishing.Children | None:
        nonlocal children
        if publish and children is None:
            children = publishing.Children(page)
        return children

    for collection, model in ITEM_PAGES.items():
        for i, item in enumerate(getattr(s, collection)):
            key = (collection, item.id)
            item_page = existing.get(key)
            if item_page is None and key in originals and originals[key].pk in created:
                original = originals[key]
                item_page = model(translation_key=original.translation_key)
                ingest.fill_item(item_page, s, collection, i, lang)
                _create(page, item_page, original.slug, locale, user, publish=publish, children=below())
            elif item_page is None and key in originals:
                if children is not None:  # Wagtail adds a page below ``page`` as treebeard counts them
                    children.flush()
                item_page = originals[key].copy_for_translation(locale).specific
                children = None  # read them again when needed
                ingest.fill_item(item_page, s, collection, i, lang)
                _store(item_page, save_row=True, publish=publish, user=user)
            elif item_page is None:
                item_page = model()
                ingest.fill_item(item_page, s, collection, i, lang)
                _create(page, item_page, item.id, locale, user, publish=publish, children=below())
                if page.pk == main_page.pk:
                    created.add(item_page.pk)
            elif not _planned_same(KINDS[collection], item.id, locale) and not _item_unchanged(
                _current(item_page), s, collection, i, lang
            ):
                ingest.fill_item(item_page, s, collection, i, lang)
                _store(item_page, save_row=False, publish=publish, user=user)
            else:
                pages.append(item_page)
                continue
            drafts.append(item_page.pk)
            pages.append(item_page)
    if children is not None:
        children.flush()
    if publish and not fresh:  # a fresh page's children were added in the file's order
        _order_items(page, s)
    return pages, [old.pk for old in stale], drafts


# ------------------------------------------------------- a draft's removals


def _pending_revisions(page: Page) -> Any:
    """The page's revisions that hold a draft import's pending changes not applied yet."""
    return Revision.page_revisions.filter(object_id=str(page.pk), content__has_key=PENDING_KEY).order_by("pk")


def _settle_pending(page: Page) -> None:
    """Mark every pending change recorded for ``page`` as done (applied or superseded)."""
    for revision in _pending_revisions(page):
        revision.content.pop(PENDING_KEY, None)
        revision.save(update_fields=["content"])


def _record_pending(page: StructurePage, pending: Data, user: Any) -> None:
    """Keep what a draft import leaves for publishing in a new draft revision of the structure page."""
    if not any(pending.values()) and not _pending_revisions(page).exists():
        return
    revision = _current(page).save_revision(user=user, log_action=True)
    revision.content[PENDING_KEY] = pending
    revision.save(update_fields=["content"])


def apply_pending(sender: Any, instance: Page, revision: Revision | None = None, **kwargs: Any) -> None:
    """When a structure page is published: do what the latest draft import before it recorded.

    Connected to Wagtail's ``page_published`` signal in ``apps``. Publishes the pages the import
    left as drafts, deletes those the file no longer had, puts the pages in the file's order and
    writes the organisations' and people's new data; all checked against the importing user's
    permissions at import.
    """
    records = _pending_revisions(instance)
    if revision is not None:
        records = records.filter(pk__lte=revision.pk)
    latest = records.last()
    if latest is None:
        return
    pending = latest.content[PENDING_KEY]
    with transaction.atomic():
        for pk in pending.get("publish", ()):
            child = Page.objects.child_of(instance).filter(pk=pk).first()
            if child is not None and child.latest_revision_id:
                child.specific.get_latest_revision().publish(user=kwargs.get("user"))
        for pk in pending.get("delete", ()):
            stale = Page.objects.child_of(instance).filter(pk=pk).first()
            if stale is not None:
                stale.delete()
        for item in pending.get("snippets", ()):
            model = {"organisation": Organisation, "person": Person}[item["model"]]
            obj = model.objects.filter(pk=item["pk"]).first()
            if obj is not None:
                core_class = core.Organisation if model is Organisation else core.Person
                ingest.fill_snippet(obj, converter.structure(item["data"], core_class), item["lang"])
                obj.save()
        if pending.get("order"):
            structure = extract.structure_for(instance, "all")
            if structure is not None:
                _order_items(instance, structure)
        for record in records:
            record.content.pop(PENDING_KEY, None)
            record.save(update_fields=["content"])


def _import_one(
    source: Source,
    parent: Page,
    main: Locale,
    others: Sequence[Locale],
    *,
    publish: bool,
    user: Any,
    same: frozenset[tuple[str, str, str]] = frozenset(),
) -> list[Page]:
    token, live = _SAME.set(same), _LIVE.set([])
    try:
        with _known_references(source.structure, parent, main):
            return _write_one(source, parent, main, others, publish=publish, user=user)
    finally:
        _LIVE.reset(live)
        _SAME.reset(token)


def _write_one(
    source: Source, parent: Page, main: Locale, others: Sequence[Locale], *, publish: bool, user: Any
) -> list[Page]:
    pages: list[Page] = []
    main_page: StructurePage | None = None
    main_region: RegionIndexPage | None = None
    s = source.structure
    keys: dict[str, list[int]] = {}
    created: set[int] = set()
    new: set[int] = set()  # the region and structure pages created, in any locale
    originals: dict[tuple[str, str], Page] | None = None
    for locale in (main, *others):
        region = _import_region(s, parent, main, locale, publish=publish, user=user, new=new)
        main_region = main_region or region  # the main locale's comes first: new snippets belong to it
        snippets, pending_snippets = _import_snippets(s, main, locale, main_region, publish=publish)
        page = _import_structure(s, parent, region, main, locale, snippets, publish=publish, user=user, new=new)
        main_page = main_page or page
        items, stale, drafts = _import_items(
            s,
            page,
            main_page,
            locale,
            publish=publish,
            user=user,
            created=created,
            fresh=page.pk in new,
            originals=originals,
        )
        if originals is None:  # the main locale's pages, in the file's order
            originals = dict(zip(_wanted_order(s), items, strict=True))
        if not publish:
            order = [list(k) for k in _wanted_order(s)] if _reorders(page, s) else []
            pending = {"delete": stale, "snippets": pending_snippets, "order": order, "publish": drafts}
            _record_pending(page, pending, user)
        pages += [region, page, *items]
        keys[locale.language_code] = fingerprints.record_keys(s, region, snippets, page, items)
    # Second pass: every page and snippet exists now, so each id can become the one it names.
    references.resolve(
        django_apps,
        pages={p.pk for p in pages},
        snippets={o.id for o in (*s.organisations, *s.people)},
        stored=_LIVE.get(()),
    )
    if publish:  # the main locale's region and structure page, as _import_region and _import_structure found them
        fingerprints.write_record(s, parent, main, others, keys, main_region, main_page)
    return pages


def _describe(exc: BaseException) -> str:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
        return " ".join(exc.messages)
    if isinstance(exc, CoreValidationError):
        return "; ".join(str(p) for p in exc.problems)
    return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def run(
    sources: Sequence[Source],
    parent: Page,
    main: Locale,
    *,
    publish: bool = True,
    user: Any = None,
    progress: Progress | None = None,
    per_region: bool = False,
    indexed: IndexProgress | None = None,
) -> Result:
    """Import ``sources`` under ``parent`` in one transaction: everything, or nothing and ``ImportFailed``.

    ``user``: whose permissions bound the import, and who is recorded on the revisions;
    None is a system import (deployment, fixtures), unchecked. ``per_region``: each file
    is planned and written in a transaction of its own (short locks; one bad file does not
    hold back the others); ``Result.outcomes`` says which were imported and why the others
    were not, and nothing of a failed file is kept. ``indexed``: told how far the search indexing
    at the end (of each region, with ``per_region``) has come, ``(done, total)``.
    """
    if per_region:
        return _run_per_region(sources, parent, main, publish=publish, user=user, progress=progress, indexed=indexed)
    changes, unchanged, same = _plan(sources, parent, main, user=user, publish=publish)
    parent = check_parent(parent, main)
    result = Result(changes=changes)
    with transaction.atomic(), invalidation.snippets_noted_once(), batched_indexes(indexed):
        others = translation_locales(main)
        for index, source in enumerate(sources, 1):
            if progress is not None:
                progress(index, len(sources), source)
            if index - 1 in unchanged:  # as its last import left it: nothing to write
                result.pages.extend(unchanged[index - 1])
                continue
            try:
                result.pages.extend(
                    _import_one(
                        source, parent, main, others, publish=publish, user=user, same=same.get(index - 1, frozenset())
                    )
                )
            except (DjangoValidationError, CoreValidationError, DatabaseError) as exc:
                raise ImportFailed([f"{source.name}: {_describe(exc)}"]) from exc
    return result


def _run_per_region(
    sources: Sequence[Source],
    parent: Page,
    main: Locale,
    *,
    publish: bool,
    user: Any,
    progress: Progress | None,
    indexed: IndexProgress | None = None,
) -> Result:
    parent = check_parent(parent, main)
    result = Result()
    others = translation_locales(main)
    for index, source in enumerate(sources, 1):
        if progress is not None:
            progress(index, len(sources), source)
        try:
            with transaction.atomic(), invalidation.snippets_noted_once(), batched_indexes(indexed):
                changes, unchanged, same = _plan([source], parent, main, user=user, publish=publish)
                try:
                    pages = unchanged.get(0) or _import_one(
                        source, parent, main, others, publish=publish, user=user, same=same.get(0, frozenset())
                    )
                except Exception as exc:  # any failure fails this file alone; the traceback goes to the log
                    logger.exception("Importing %s failed", source.name)
                    raise ImportFailed([f"{source.name}: {_describe(exc)}"]) from exc
        except ImportFailed as failed:
            result.outcomes.append(Outcome(source.name, failed.problems))
            continue
        result.changes.extend(changes)
        result.pages.extend(pages)
        result.outcomes.append(Outcome(source.name, []))
    return result


def export(page: Page, format: str = "yaml") -> str:
    """The structure page with its subtree (every page as stored) as a core file's text (yaml, json or toml)."""
    if format not in FORMATS:
        raise ImportFailed([_("Unknown format “%(format)s”; use yaml, json or toml.") % {"format": format}])
    page = page.specific
    if not isinstance(page, StructurePage):
        children = StructurePage.objects.child_of(page).filter(locale=page.locale_id) if page.pk else []
        listing = ", ".join(f"{c.pk} ({c.identifier})" for c in children)
        hint = _(" Its structure pages: %(pages)s.") % {"pages": listing} if listing else ""
        raise ImportFailed([_("“%(title)s” is not a structure page.%(hint)s") % {"title": page.title, "hint": hint}])
    try:
        structure = extract.structure_from_page(page, "all")
    except CoreValidationError as exc:
        raise ImportFailed([f"{page.title}: {p}" for p in exc.problems]) from None
    return kultursamverkan.dumps(structure, format)  # type: ignore[arg-type]


__all__ = [
    "CREATE",
    "DELETE",
    "NOT_KEPT",
    "UNCHANGED",
    "UPDATE",
    "Change",
    "ImportFailed",
    "Outcome",
    "Problem",
    "Result",
    "Source",
    "apply_pending",
    "check_parent",
    "check_permissions",
    "check_sources",
    "export",
    "main_locale",
    "plan",
    "read_files",
    "read_upload",
    "resolve_page",
    "run",
    "translation_locales",
]
