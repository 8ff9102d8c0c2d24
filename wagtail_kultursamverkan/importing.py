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
``id``, its plans', organisations' and people's ids) in each locale, never on titles
or slugs, so importing the same file twice changes nothing. Each plan becomes a plan
page below its structure page, in the file's order; plan pages below it that the
file no longer has are deleted, so the structure stays what the file says. The
page in the import's locale gets the file's text; each other content language (sv,
en) gets a Wagtail translation of it (``copy_for_translation``), titled in that
language, whose snippets are the translations of the main locale's snippets.

A draft import changes nothing readers see: pages get draft revisions, new pages
stay unpublished, and what would change a live page or snippet (deleting stale plan
pages, reordering them, new data for existing snippets) is recorded in the structure
page's draft revision and applied when that page is published (``apply_pending``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import define, field, frozen
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import find_available_slug, get_content_languages
from wagtail.models import DraftStateMixin, Locale, Page, Revision, Site
from wagtail.permission_policies import ModelPermissionPolicy

import kultursamverkan
from kultursamverkan import converter, i18n
from kultursamverkan.errors import Problem
from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.explain import describe_path, explain, parse_path
from kultursamverkan.io import FORMATS, MAX_BYTES, format_for, parse
from kultursamverkan.model import Plan, Structure

from . import convert, permissions
from .models import Organisation, Person, PlanPage, RegionIndexPage, StructurePage

Data = dict[str, Any]
Progress = Callable[[int, int, "Source"], None]

#: What the import does to one object.
CREATE, UPDATE, UNCHANGED, DELETE = "create", "update", "unchanged", "delete"
ACTION_LABELS = {CREATE: _("create"), UPDATE: _("update"), UNCHANGED: _("unchanged"), DELETE: _("delete")}
KIND_LABELS = {
    "region": _("region page"),
    "structure": _("structure page"),
    "plan": _("plan page"),
    "organisation": _("organisation"),
    "person": _("person"),
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

    kind: str  # "region", "structure", "plan", "organisation", "person"
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


@define
class Result:
    changes: list[Change] = field(factory=list)
    pages: list[Page] = field(factory=list)

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
    _check_sources(sources)
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
    _check_sources([source])
    return source


def _explained(exc: CoreValidationError, text: bytes, fmt: Any, name: str) -> list[str]:
    """Each problem in the editor's language, located by names and field labels, not by ``$.bodies[2]``."""
    lang = i18n.normalize_lang(get_language() or settings.LANGUAGE_CODE)
    try:
        data = parse(text, fmt)
    except (CoreValidationError, ValueError):
        data = None  # a syntax error: its problem has a line and column instead
    return [explain(problem, lang, data, file=name) for problem in exc.problems]


def _check_sources(sources: Sequence[Source]) -> None:
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
    code = locale.language_code.lower()
    return "en" if code.startswith("en") else "sv" if code.startswith("sv") else None


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


def _title(text: Any, lang: str) -> str:
    return text.text(lang) if text is not None else ""


def _find_region_page(parent: Page, identifier: str, locale: Locale) -> RegionIndexPage | None:
    return (
        RegionIndexPage.objects.descendant_of(parent)
        .filter(region_identifier=identifier, locale=locale)
        .order_by("path")
        .first()
    )


def _find_structure_page(parent: Page, identifier: str, locale: Locale) -> StructurePage | None:
    return (
        StructurePage.objects.descendant_of(parent)
        .filter(structure_identifier=identifier, locale=locale)
        .order_by("path")
        .first()
    )


def _find_translated(page: Page | None, locale: Locale) -> Page | None:
    """``page`` in ``locale``: itself, its translation, or None."""
    if page is None or not locale.pk:
        return None
    if page.locale_id == locale.pk:
        return page
    translation = page.get_translation_or_none(locale)
    return translation.specific if translation is not None else None


def _current(page: Page) -> Page:
    """What the editor sees: the latest draft when there is one, else the page itself."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def _region_unchanged(page: RegionIndexPage, structure: Structure, lang: str) -> bool:
    return page.title == _title(structure.region.name, lang) and convert.region_data(page) == convert._drop_empty(
        convert.region_data_from(structure)
    )


def _structure_unchanged(page: StructurePage, region: RegionIndexPage, structure: Structure, lang: str) -> bool:
    """The structure page itself says what the file says; its plans are plan pages, compared one by one."""
    if page.title != _title(structure.name, lang):
        return False
    data, _locations = convert.page_data(page, region_page=region, plan_pages="none")
    # Plan blocks left in the content (older pages) repeat the file's plans: a change, which removes them.
    data["plans"] = [*data.get("plans", ()), *converter.unstructure(structure).get("plans", ())]
    try:
        return convert.from_data(data) == structure
    except CoreValidationError:
        return False


def _plan_unchanged(page: PlanPage, plan: Plan, lang: str) -> bool:
    if page.title != _title(plan.name, lang):
        return False
    try:
        return converter.structure(convert.plan_data(page), Plan) == plan
    except Exception:  # noqa: BLE001 - stored content the core no longer reads: it changes
        return False


def _plan_pages(structure_page: Page | None) -> dict[str, PlanPage]:
    """The plan pages below a structure page by plan id; of two with one id, the first in the tree."""
    found: dict[str, PlanPage] = {}
    for page in convert.child_plan_pages(structure_page, "all"):
        found.setdefault(page.plan_identifier, page)
    return found


def _stale_plan_pages(structure_page: Page | None, structure: Structure) -> list[PlanPage]:
    """Plan pages below the structure page that the file does not have (or that repeat an id)."""
    wanted = {p.id for p in structure.plans}
    keep = {page.pk for identifier, page in _plan_pages(structure_page).items() if identifier in wanted}
    return [p for p in convert.child_plan_pages(structure_page, "all") if p.pk not in keep]


def _field_problems(source: Source) -> list[str]:
    """Values the core accepts but a database column would refuse (too long, wrong shape)."""
    s = source.structure
    checks: list[tuple[Any, str, Any, str]] = [
        (Page, "title", _title(s.name, "sv"), "$.name"),
        (Page, "title", _title(s.name, "en"), "$.name"),
        (Page, "title", _title(s.region.name, "sv"), "$.region.name"),
        (StructurePage, "name_sv", s.name.sv or "", "$.name.sv"),
        (StructurePage, "name_en", s.name.en or "", "$.name.en"),
        (RegionIndexPage, "region_name_sv", s.region.name.sv or "", "$.region.name.sv"),
        (RegionIndexPage, "region_name_en", s.region.name.en or "", "$.region.name.en"),
        (RegionIndexPage, "county_code", s.region.county_code or "", "$.region.county_code"),
        (RegionIndexPage, "region_url", s.region.url or "", "$.region.url"),
    ]
    for i, p in enumerate(s.plans):
        checks += [
            (Page, "title", _title(p.name, "sv"), f"$.plans[{i}].name"),
            (Page, "title", _title(p.name, "en"), f"$.plans[{i}].name"),
            (PlanPage, "name_sv", p.name.sv or "", f"$.plans[{i}].name.sv"),
            (PlanPage, "name_en", p.name.en or "", f"$.plans[{i}].name.en"),
            (PlanPage, "plan_url", p.url or "", f"$.plans[{i}].url"),
        ]
    for i, org in enumerate(s.organisations):
        checks += [
            (Organisation, "name_sv", org.name.sv or "", f"$.organisations[{i}].name.sv"),
            (Organisation, "name_en", org.name.en or "", f"$.organisations[{i}].name.en"),
            (Organisation, "url", org.url or "", f"$.organisations[{i}].url"),
        ]
    for i, person in enumerate(s.people):
        checks += [
            (Person, "name", person.name, f"$.people[{i}].name"),
            (Person, "party", person.party or "", f"$.people[{i}].party"),
        ]
        if person.title is not None:
            checks += [
                (Person, "title_sv", person.title.sv or "", f"$.people[{i}].title.sv"),
                (Person, "title_en", person.title.en or "", f"$.people[{i}].title.en"),
            ]
    problems = []
    for model, name, value, where in checks:
        if not value:
            continue
        try:
            model._meta.get_field(name).clean(value, None)
        except DjangoValidationError as exc:
            lang = i18n.normalize_lang(get_language())
            place = describe_path(parse_path(where) or (), converter.unstructure(s), lang)
            problems.extend(f"{source.name}: {place}: {message}" for message in exc.messages)
    return problems


def _under_in_locale(page: Page, locale: Locale) -> Page:
    """Where ``page``'s translation into ``locale`` goes: the nearest ancestor translated already.

    Wagtail's ``copy_for_translation(copy_parents=True)`` creates the missing ones in
    between; the tree's root is shared by every locale.
    """
    for candidate in [page, *reversed(page.get_ancestors())]:
        if candidate.depth == 1:
            return candidate
        translated = _find_translated(candidate.specific, locale)
        if translated is not None:
            return translated
    return page


def plan(
    sources: Sequence[Source], parent: Page, main: Locale, *, user: Any = None, publish: bool = True
) -> list[Change]:
    """What ``run`` would do, computed without writing; ``ImportFailed`` if it would fail.

    With a ``user``, it also fails (naming what) if the user could not make each of
    these changes by hand in the admin; ``user=None`` is a system import.
    """
    parent = check_parent(parent, main)
    problems = [p for source in sources for p in _field_problems(source)]
    if problems:
        raise ImportFailed(problems)
    changes: list[Change] = []
    seen: set[tuple[str, str, str]] = set()
    locales = [main, *_existing_translation_locales(main)]
    reorders: list[tuple[Source, StructurePage]] = []
    for source in sources:
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
                label = _title(s.region.name, lang)
                changes.append(Change("region", s.region.id, code, action, label, source.name, region, region_under))
            for kind, model, items, to_data in (
                ("organisation", Organisation, s.organisations, convert.organisation_data),
                ("person", Person, s.people, convert.person_data),
            ):
                existing = (
                    {o.identifier: o for o in model.objects.filter(locale=locale, identifier__in=[i.id for i in items])}
                    if locale.pk
                    else {}
                )
                for item in items:
                    if (kind, item.id, code) in seen:
                        continue
                    seen.add((kind, item.id, code))
                    old = existing.get(item.id)
                    want = convert._drop_empty(converter.unstructure(item))
                    action = CREATE if old is None else UNCHANGED if to_data(old) == want else UPDATE
                    label = item.name if isinstance(item.name, str) else _title(item.name, lang)
                    owner = None
                    if old is None:
                        owner = _snippet_translation(model, item.id, locale) or main_region
                    changes.append(Change(kind, item.id, code, action, label, source.name, old, owner=owner))
            page = _find_translated(_find_structure_page(parent, s.id, main), locale)
            structure_under = region if region is not None else region_under
            action = CREATE
            if page is not None:
                region_page = page.get_parent().specific
                unchanged = isinstance(region_page, RegionIndexPage) and _structure_unchanged(
                    _current(page), region_page, s, lang
                )
                action = UNCHANGED if unchanged else UPDATE
                if _reorders(page, s):
                    reorders.append((source, page))
            label = _title(s.name, lang)
            changes.append(Change("structure", s.id, code, action, label, source.name, page, structure_under))
            changes.extend(_plan_changes(source, page, page or structure_under, lang, code))
    if user is not None:
        check_permissions(changes, reorders, locales, user, publish=publish)
    return changes


def _snippet_translation(model: type, identifier: str, locale: Locale) -> Any:
    """An existing snippet with ``identifier`` in another locale: the one a new snippet becomes a translation of."""
    others = model.objects.filter(identifier=identifier)
    return (others.exclude(locale=locale) if locale.pk else others).order_by("pk").first()


def _plan_changes(
    source: Source, structure_page: StructurePage | None, under: Page, lang: str, code: str
) -> list[Change]:
    existing = _plan_pages(structure_page)
    changes = []
    for p in source.structure.plans:
        page = existing.get(p.id)
        action = CREATE if page is None else UNCHANGED if _plan_unchanged(_current(page), p, lang) else UPDATE
        changes.append(Change("plan", p.id, code, action, _title(p.name, lang), source.name, page, under))
    for page in _stale_plan_pages(structure_page, source.structure):
        changes.append(Change("plan", page.plan_identifier, code, DELETE, page.title, source.name, page))
    return changes


def _reorders(structure_page: StructurePage, structure: Structure) -> bool:
    """Whether putting the plan pages in the file's order moves existing pages (new ones go last)."""
    wanted = [p.id for p in structure.plans]
    pages = sorted(_plan_pages(structure_page).values(), key=lambda page: page.path)
    kept = [page.plan_identifier for page in pages if page.plan_identifier in wanted]
    return kept + [i for i in wanted if i not in kept] != wanted


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
    if change.action == UNCHANGED:
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
                _("%(file)s: you may not change the order of the plan pages below “%(label)s” (%(locale)s).") % values
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
    revision = page.save_revision(user=user, log_action=True)
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


def _translate_snippets(structure: Structure, main: Locale, locale: Locale) -> None:
    """Make each organisation and person in ``locale`` a Wagtail translation of the main locale's one."""
    for model, items in ((Organisation, structure.organisations), (Person, structure.people)):
        ids = [item.id for item in items]
        if not ids:
            continue
        present = set(model.objects.filter(locale=locale, identifier__in=ids).values_list("identifier", flat=True))
        for original in model.objects.filter(locale=main, identifier__in=[i for i in ids if i not in present]):
            original.copy_for_translation(locale).save()


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


def _apply_keeping_snippets(structure: Structure, page: StructurePage, locale: Locale) -> list[Data]:
    """``convert.apply`` for a draft: existing snippets stay as readers see them.

    Their new data is returned, to apply when the structure page is published; new
    snippets are created (no page that readers see refers to them yet).
    """
    snippets = [
        (Organisation, structure.organisations, convert.organisation_data),
        (Person, structure.people, convert.person_data),
    ]
    before = {
        (model, obj.pk): obj
        for model, items, _to_data in snippets
        for obj in model.objects.filter(locale=locale, identifier__in=[i.id for i in items])
    }
    convert.apply(structure, page, locale=locale)
    pending = []
    for model, _items, to_data in snippets:
        for obj in model.objects.filter(pk__in=[pk for m, pk in before if m is model]):
            old = before[(model, obj.pk)]
            if to_data(obj) != to_data(old):
                pending.append({"model": model._meta.model_name, "pk": obj.pk, "data": to_data(obj)})
                old.save()  # as it was: inside the import's transaction, so no reader saw the change
    return pending


def _import_region(
    s: Structure, parent: Page, main: Locale, locale: Locale, *, publish: bool, user: Any
) -> RegionIndexPage:
    """The region index page in ``locale``: under ``parent`` (main locale) or as a translation."""
    lang = _text_language(locale) or "sv"
    if locale.pk == main.pk:
        region = _find_region_page(parent, s.region.id, main)
    else:
        original = _find_region_page(parent, s.region.id, main)
        region = original.get_translation_or_none(locale) if original is not None else None
        if region is None and original is not None:
            copy = _copy_for_translation(original, locale, publish=publish)
            _fill_region(copy, s, lang)
            _store(copy, save_row=True, publish=publish, user=user)
            return copy
    if region is None:
        region = RegionIndexPage()
        _fill_region(region, s, lang)
        _add_child(parent, region, s.region.id, main, user)
        _store(region, save_row=False, publish=publish, user=user)
    elif not _region_unchanged(_current(region), s, lang):
        _fill_region(region, s, lang)
        _store(region, save_row=False, publish=publish, user=user)
    return region


def _fill_region(page: RegionIndexPage, s: Structure, lang: str) -> None:
    page.title = _title(s.region.name, lang)
    convert.apply_region(convert.region_data_from(s), page)


def _fill_structure(s: Structure, page: StructurePage, locale: Locale, lang: str, *, publish: bool) -> list[Data]:
    """Write the file into the (unsaved) page and its snippets; a draft's snippet changes are returned."""
    page.title = _title(s.name, lang)
    if publish:
        convert.apply(s, page, locale=locale)
        return []
    return _apply_keeping_snippets(s, page, locale)


def _import_structure(
    s: Structure,
    parent: Page,
    region: RegionIndexPage,
    main: Locale,
    locale: Locale,
    *,
    publish: bool,
    user: Any,
) -> tuple[StructurePage, list[Data]]:
    """The structure page in ``locale``: under the region page (main locale) or as a translation.

    Also the snippet changes a draft leaves for publishing (see ``_apply_keeping_snippets``).
    """
    lang = _text_language(locale) or "sv"
    if locale.pk == main.pk:
        page = _find_structure_page(parent, s.id, main)
        if page is None:
            page = StructurePage()
            snippets = _fill_structure(s, page, locale, lang, publish=publish)
            _add_child(region, page, s.id, main, user)
            _store(page, save_row=False, publish=publish, user=user)
            return page, snippets
    else:
        original = _find_structure_page(parent, s.id, main)
        assert original is not None  # imported just before, in the main locale
        page = original.get_translation_or_none(locale)
        if page is None:
            _translate_snippets(s, main, locale)
            page = _copy_for_translation(original, locale, publish=publish)
            snippets = _fill_structure(s, page, locale, lang, publish=publish)
            _store(page, save_row=True, publish=publish, user=user)
            return page, snippets
    if publish:
        _settle_pending(page)  # this import publishes the file's whole state: earlier drafts' removals are moot
    holder = page.get_parent().specific
    if _structure_unchanged(_current(page), holder if isinstance(holder, RegionIndexPage) else region, s, lang):
        return page, []
    if locale.pk != main.pk:
        _translate_snippets(s, main, locale)
    snippets = _fill_structure(s, page, locale, lang, publish=publish)
    _store(page, save_row=False, publish=publish, user=user)
    return page, snippets


def _import_plans(
    s: Structure, page: StructurePage, main_page: StructurePage, locale: Locale, *, publish: bool, user: Any
) -> tuple[list[PlanPage], list[int]]:
    """The structure's plans as plan pages below ``page``, in the file's order; other plan pages go.

    In the main locale (``page`` is ``main_page``) new plan pages are created; in
    another one, they are Wagtail translations of the main locale's plan pages.
    Publishing, the stale plan pages are deleted and the pages put in order; as a
    draft, the stale pages' ids are returned, to delete when the structure is published.
    """
    lang = _text_language(locale) or "sv"
    stale = _stale_plan_pages(page, s)
    if publish:
        for old in stale:
            old.delete()
    existing = _plan_pages(page)
    originals = _plan_pages(main_page) if page.pk != main_page.pk else {}
    pages = []
    for plan_ in s.plans:
        plan_page = existing.get(plan_.id)
        if plan_page is None and plan_.id in originals:
            plan_page = originals[plan_.id].copy_for_translation(locale).specific
            _fill_plan(plan_page, plan_, lang)
            _store(plan_page, save_row=True, publish=publish, user=user)
        elif plan_page is None:
            plan_page = PlanPage()
            _fill_plan(plan_page, plan_, lang)
            _add_child(page, plan_page, plan_.id, locale, user)
            _store(plan_page, save_row=False, publish=publish, user=user)
        elif not _plan_unchanged(_current(plan_page), plan_, lang):
            _fill_plan(plan_page, plan_, lang)
            _store(plan_page, save_row=False, publish=publish, user=user)
        pages.append(plan_page)
    if publish:
        _order_plans(page, [p.id for p in s.plans])
    return pages, [old.pk for old in stale]


def _fill_plan(page: PlanPage, plan_: Plan, lang: str) -> None:
    page.title = _title(plan_.name, lang)
    convert.apply_plan(plan_, page)


def _order_plans(page: StructurePage, ids: list[str]) -> None:
    """Put the plan pages in the order of ``ids`` (the file's order); pages with other ids stay after them."""
    children = convert.child_plan_pages(page, "all")
    if [c.plan_identifier for c in children][: len(ids)] == ids:
        return
    by_id = {c.plan_identifier: c.pk for c in children}
    for identifier in ids:
        if identifier in by_id:
            Page.objects.get(pk=by_id[identifier]).move(Page.objects.get(pk=page.pk), pos="last-child")


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
    """Keep what a draft import leaves for publishing in a new draft revision of the structure page.

    It supersedes what an earlier draft import recorded: each records the file's whole state.
    """
    if not any(pending.values()) and not _pending_revisions(page).exists():
        return
    revision = _current(page).save_revision(user=user, log_action=True)
    revision.content[PENDING_KEY] = pending
    revision.save(update_fields=["content"])


def apply_pending(sender: Any, instance: Page, revision: Revision | None = None, **kwargs: Any) -> None:
    """When a structure page is published: do what the latest draft import before it recorded.

    Connected to Wagtail's ``page_published`` signal (``apps.py``). Deletes the plan
    pages the file no longer had, puts the plan pages in the file's order and writes
    the organisations' and people's new data; all checked against the importing
    user's permissions when the draft was imported.
    """
    records = _pending_revisions(instance)
    if revision is not None:
        records = records.filter(pk__lte=revision.pk)
    latest = records.last()
    if latest is None:
        return
    pending = latest.content[PENDING_KEY]
    with transaction.atomic():
        for pk in pending.get("delete", ()):
            stale = PlanPage.objects.child_of(instance).filter(pk=pk).first()
            if stale is not None:
                stale.delete()
        for item in pending.get("snippets", ()):
            model = {"organisation": Organisation, "person": Person}[item["model"]]
            obj = model.objects.filter(pk=item["pk"]).first()
            if obj is not None:
                (convert.apply_organisation if model is Organisation else convert.apply_person)(
                    item["data"], obj.locale
                )
        if pending.get("order"):
            _order_plans(instance, list(pending["order"]))
        for record in records:
            record.content.pop(PENDING_KEY, None)
            record.save(update_fields=["content"])


def _import_one(
    source: Source, parent: Page, main: Locale, others: Sequence[Locale], *, publish: bool, user: Any
) -> list[Page]:
    pages: list[Page] = []
    main_page: StructurePage | None = None
    s = source.structure
    for locale in (main, *others):
        region = _import_region(s, parent, main, locale, publish=publish, user=user)
        page, snippets = _import_structure(s, parent, region, main, locale, publish=publish, user=user)
        main_page = main_page or page
        plans, stale = _import_plans(s, page, main_page, locale, publish=publish, user=user)
        if not publish:
            order = [p.id for p in s.plans] if _reorders(page, s) else []
            _record_pending(page, {"delete": stale, "snippets": snippets, "order": order}, user)
        pages += [region, page, *plans]
    return pages


def _claim_new_snippets(changes: Sequence[Change], source: Source, region: RegionIndexPage) -> None:
    """The organisations and people ``source`` created afresh belong to its region (``permissions``).

    New translations of existing snippets keep their original's region (or stay shared).
    """
    for change in changes:
        if change.source != source.name or change.action != CREATE or change.kind not in ("organisation", "person"):
            continue
        if isinstance(change.owner, (Organisation, Person)):
            continue
        model = Organisation if change.kind == "organisation" else Person
        model.objects.filter(
            identifier=change.identifier, locale__language_code=change.locale, region__isnull=True
        ).update(region=region)


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
) -> Result:
    """Import ``sources`` under ``parent`` in one transaction: everything, or nothing and ``ImportFailed``.

    ``user``: whose permissions bound the import, and who is recorded on the revisions;
    None is a system import (deployment, fixtures), unchecked.
    """
    changes = plan(sources, parent, main, user=user, publish=publish)
    parent = check_parent(parent, main)
    result = Result(changes=changes)
    with transaction.atomic():
        others = translation_locales(main)
        for index, source in enumerate(sources, 1):
            if progress is not None:
                progress(index, len(sources), source)
            try:
                pages = _import_one(source, parent, main, others, publish=publish, user=user)
                _claim_new_snippets(changes, source, pages[0])
                result.pages.extend(pages)
            except (DjangoValidationError, CoreValidationError, DatabaseError) as exc:
                raise ImportFailed([f"{source.name}: {_describe(exc)}"]) from exc
    return result


def export(page: Page, format: str = "yaml") -> str:
    """The structure page as a core file's text (``format``: yaml, json or toml)."""
    if format not in FORMATS:
        raise ImportFailed([_("Unknown format “%(format)s”; use yaml, json or toml.") % {"format": format}])
    page = page.specific
    if not isinstance(page, StructurePage):
        children = StructurePage.objects.child_of(page).filter(locale=page.locale_id) if page.pk else []
        listing = ", ".join(f"{c.pk} ({c.structure_identifier})" for c in children)
        hint = _(" Its structure pages: %(pages)s.") % {"pages": listing} if listing else ""
        raise ImportFailed([_("“%(title)s” is not a structure page.%(hint)s") % {"title": page.title, "hint": hint}])
    try:
        # Every plan page below it, as stored: what the editor last saved, published or not.
        structure = convert.structure_from_page(page, plan_pages="all")
    except CoreValidationError as exc:
        raise ImportFailed([f"{page.title}: {p}" for p in exc.problems]) from None
    return kultursamverkan.dumps(structure, format)  # type: ignore[arg-type]


__all__ = [
    "CREATE",
    "DELETE",
    "UNCHANGED",
    "UPDATE",
    "Change",
    "ImportFailed",
    "Problem",
    "Result",
    "Source",
    "apply_pending",
    "check_parent",
    "check_permissions",
    "export",
    "main_locale",
    "plan",
    "read_files",
    "read_upload",
    "resolve_page",
    "run",
    "translation_locales",
]
