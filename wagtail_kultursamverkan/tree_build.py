"""Build the page tree of structure pages made with the StreamField design (upgrading from 0.x).

Migration ``0007_hold_old_structure_pages`` keeps each old structure page's raw rows in
``PendingTree`` before ``0007_one_language_page_tree`` drops the two-language columns.
``build_pending`` turns them into the new tree with the import's own machinery: the rows
read as the core data the old page showed (``legacy``), validated by the core, and
imported under the structure page's region index page (``importing.run``). So the body,
collaboration, agreement, event series and event pages are created below the existing
structure page, the plan pages, region and snippets are rewritten with one language each
(Swedish on the Swedish page, English on its translation, made where the site has the
locale but not the page yet), and all of it is published when the structure page was
live, else saved as drafts (published with the structure page). A page that was live stays
live with its content, one that was not stays unpublished.

Each structure page (with its translations) is built all or nothing: a page whose rows
cannot be read, or whose data the core or the import refuses, is reported by its id and
title and left waiting, and the other pages are built. A built page's rows are deleted,
so building again does nothing. Run after ``migrate`` by ``apps`` (``post_migrate``), and
by ``manage.py kultursamverkan_build_tree``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, connections, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale, Page

from kultursamverkan import converter
from kultursamverkan import model as core
from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.io import from_data
from kultursamverkan.model import Structure

from . import importing, ingest, legacy
from .language import language_of_code
from .models import Organisation, PendingSnippet, PendingTree, Person, RegionIndexPage, StructurePage

Report = Callable[[str], None]


class BuildFailed(Exception):
    """This structure page's tree was not built; the message names the page and says why."""


@dataclass
class Outcome:
    """What building one structure page (with its translations) did."""

    page_id: int
    title: str
    built: bool
    #: Why it was not built, or what to check although it was (texts not kept, differing translations).
    messages: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _label(page: Page) -> str:
    return _("structure page %(id)s “%(title)s”") % {"id": page.pk, "title": page.title}


def _groups(page_ids: Sequence[int] | None) -> list[list[PendingTree]]:
    """The waiting rows by structure page and its translations, in the page tree's order."""
    held = PendingTree.objects.select_related("page", "page__locale").order_by("page__path")
    if page_ids is not None:
        held = held.filter(page_id__in=page_ids)
    groups: dict[Any, list[PendingTree]] = {}
    for hold in held:
        groups.setdefault(hold.page.translation_key, []).append(hold)
    return list(groups.values())


def _main_hold(group: Sequence[PendingTree]) -> PendingTree:
    """The page whose rows are the structure: the default locale's, else the first in the tree.

    The old pages each held both languages; the default locale's page is the one the old
    export and API read.
    """
    default = Locale.get_default()
    return next((h for h in group if h.page.locale_id == default.pk), group[0])


def _data(hold: PendingTree) -> dict[str, Any]:
    rows = hold.rows
    if "error" in rows:
        raise BuildFailed(rows["error"])
    return legacy.PageRows.from_plain(rows).data()


def _structure(hold: PendingTree) -> tuple[Structure, dict[str, Any]]:
    label = _label(hold.page)
    try:
        data = _data(hold)
    except legacy.LegacyDataError as exc:
        raise BuildFailed(str(exc)) from None
    except BuildFailed as exc:
        raise BuildFailed(f"{label}: {exc}") from None
    try:
        return from_data(data), data
    except CoreValidationError as exc:
        problems = "; ".join(str(p) for p in exc.problems)
        raise BuildFailed(
            _("%(page)s: its content is not a valid structure: %(problems)s") % {"page": label, "problems": problems}
        ) from None


def _import_parent(page: StructurePage, structure: Structure) -> Page:
    """Where the import finds this very region index page and structure page by their ids."""
    region = page.get_parent().specific
    if not isinstance(region, RegionIndexPage):
        raise BuildFailed(_("%(page)s is not below a region page.") % {"page": _label(page)})
    parent = region.get_parent()
    found_region = (
        RegionIndexPage.objects.descendant_of(parent, inclusive=True)
        .filter(identifier=structure.region.id, locale=page.locale_id)
        .order_by("path")
        .first()
    )
    found = (
        StructurePage.objects.descendant_of(parent)
        .filter(identifier=structure.id, locale=page.locale_id)
        .order_by("path")
        .first()
    )
    if found_region is None or found_region.pk != region.pk or found is None or found.pk != page.pk:
        raise BuildFailed(
            _(
                "%(page)s: another page has its id “%(id)s” or its region's id “%(region)s” earlier in the "
                "page tree; give one of them another id and build again."
            )
            % {"page": _label(page), "id": structure.id, "region": structure.region.id}
        )
    return parent


def _tree_live(page: StructurePage) -> dict[int, bool]:
    """Whether each page the build may change is live now: the pages below the structure page, and its
    region index page, in every locale."""
    out: dict[int, bool] = {}
    for translation in [page, *page.get_translations()]:
        out.update(dict(Page.objects.descendant_of(translation).values_list("pk", "live")))
        out.update(dict(Page.objects.filter(pk=translation.get_parent().pk).values_list("pk", "live")))
    return out


def _keep_live_state(was_live: dict[int, bool]) -> None:
    """Pages keep being what they were for readers: a draft stays a draft, a live page shows its content.

    The import publishes everything below a live structure page, and only drafts below a draft one;
    but a live plan or region page there holds what migration 0007 left of its old content until
    its new revision is published, so it is published here.
    """
    for pk, live in was_live.items():
        page = Page.objects.filter(pk=pk).first()
        if page is None:
            continue
        if not live and page.live:
            page.specific.unpublish(log_action=False)
        elif live and page.has_unpublished_changes and page.latest_revision_id:
            page.specific.get_latest_revision().publish(log_action=False)


def build_one(group: Sequence[PendingTree]) -> Outcome:
    """Build one structure page's tree (all or nothing); its waiting rows are deleted when built."""
    main = _main_hold(group)
    page = main.page.specific
    outcome = Outcome(page.pk, page.title, built=False)
    try:
        structure, data = _structure(main)
        for other in group:
            if other is main:
                continue
            try:
                same = _data(other) == data
            except (legacy.LegacyDataError, BuildFailed):
                same = False
            if not same:
                outcome.messages.append(
                    _(
                        "%(other)s held other content than %(page)s; the tree was built from the latter "
                        "(the other page's old content stays in its legacy_content field)."
                    )
                    % {"other": _label(other.page), "page": _label(page)}
                )
        if not isinstance(page, StructurePage):
            raise BuildFailed(_("%(page)s is no longer a structure page.") % {"page": _label(page)})
        parent = _import_parent(page, structure)
        with transaction.atomic():
            was_live = _tree_live(page)
            result = importing.run(
                [importing.Source(page.title, structure)], parent, page.locale, publish=page.live, user=None
            )
            _keep_live_state(was_live)
            PendingTree.objects.filter(pk__in=[h.pk for h in group]).delete()
    except BuildFailed as exc:
        outcome.messages.insert(0, str(exc))
        return outcome
    except importing.ImportFailed as exc:
        outcome.messages[:0] = [f"{_label(page)}: {p}" for p in exc.problems]
        return outcome
    except (DjangoValidationError, DatabaseError) as exc:
        outcome.messages.insert(0, f"{_label(page)}: {importing._describe(exc)}")
        return outcome
    outcome.built = True
    outcome.created = result.count(importing.CREATE)
    outcome.updated = result.count(importing.UPDATE)
    outcome.messages.extend(
        _("%(page)s: not kept, the site has no pages in this language: %(where)s: %(text)s")
        % {"page": _label(page), "where": c.identifier, "text": c.label}
        for c in result.changes
        if c.action == importing.NOT_KEPT
    )
    return outcome


def pending_count(using: str = "default") -> int:
    return PendingTree.objects.using(using).count()


SNIPPETS: dict[str, tuple[type, type, Callable[[Any], dict[str, Any]]]] = {
    "organisation": (Organisation, core.Organisation, legacy.organisation_data),
    "person": (Person, core.Person, legacy.person_data),
}


def _convert_snippet(group: Sequence[tuple[PendingSnippet, Any]]) -> str | None:
    """One snippet and its translations: each locale's gets its language's text. The problem, or None."""
    default = Locale.get_default()
    held, obj = next(((h, o) for h, o in group if o.locale_id == default.pk), group[0])
    model, core_class, to_data = SNIPPETS[held.kind]
    kind = importing.KIND_LABELS[held.kind]
    label = _("%(kind)s %(id)s “%(name)s”") % {"kind": kind, "id": obj.pk, "name": obj.identifier}
    try:
        if "error" in held.row:
            raise ValueError(held.row["error"])
        item = converter.structure(to_data(held.row), core_class)
    except legacy.LegacyDataError as exc:
        return str(exc)
    except converter.StructureFailed as exc:
        return f"{label}: " + "; ".join(f"{'.'.join(map(str, path))}: {code}" for path, code, _args in exc.problems)
    except (ValueError, TypeError, KeyError, CoreValidationError) as exc:
        return f"{label}: {exc}"
    with transaction.atomic():
        for locale in [obj.locale, *importing.translation_locales(obj.locale)]:
            lang = language_of_code(locale.language_code)
            if lang is None:
                continue
            target = model.objects.filter(translation_key=obj.translation_key, locale=locale).first()
            if target is None:
                target = obj.copy_for_translation(locale)
            ingest.fill_snippet(target, item, lang)
            target.save()
        PendingSnippet.objects.filter(pk__in=[h.pk for h, _o in group]).delete()
    return None


def build_snippets(report: Report | None = None) -> list[str]:
    """Give every waiting organisation and person its one-language text per locale; the problems, by snippet."""
    groups: dict[tuple[str, Any], list[tuple[PendingSnippet, Any]]] = {}
    for held in PendingSnippet.objects.order_by("pk"):
        obj = SNIPPETS[held.kind][0].objects.filter(pk=held.snippet_id).first()
        if obj is None:  # deleted since: nothing to convert
            held.delete()
            continue
        groups.setdefault((held.kind, obj.translation_key), []).append((held, obj))
    problems = []
    for group in groups.values():
        problem = _convert_snippet(group)
        if problem is not None:
            problems.append(problem)
            if report is not None:
                report(_("Not converted: %(problem)s") % {"problem": problem})
    if groups and report is not None:
        done = len(groups) - len(problems)
        report(_("Organisations and people with their text in each language: %(count)s.") % {"count": done})
    return problems


def build_pending(page_ids: Sequence[int] | None = None, report: Report | None = None) -> list[Outcome]:
    """Build every waiting structure page (or those of ``page_ids``); one page's failure leaves the others built.

    The organisations' and people's texts are converted first (all of them, chosen by a page or not).
    """
    build_snippets(report)
    outcomes = []
    for group in _groups(page_ids):
        outcome = build_one(group)
        outcomes.append(outcome)
        if report is not None:
            report(describe(outcome))
    return outcomes


def describe(outcome: Outcome) -> str:
    """One line per page (and one per message), in the active language."""
    values = {"id": outcome.page_id, "title": outcome.title, "created": outcome.created, "updated": outcome.updated}
    if outcome.built:
        head = (
            _("Built the page tree of structure page %(id)s “%(title)s”: %(created)s created, %(updated)s updated.")
            % values
        )
    else:
        head = _("Not built: structure page %(id)s “%(title)s”; it waits until it is fixed.") % values
    return "\n".join([head, *(f"  {m}" for m in outcome.messages)])


def fully_migrated(using: str) -> bool:
    """Whether every migration is applied: the tree is built only with today's schema."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def build_after_migrate(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """``post_migrate``: build the trees waiting since migration 0007, once the schema is today's."""
    connection = connections[using]
    if PendingTree._meta.db_table not in connection.introspection.table_names():
        return  # migrated back before 0007_hold_old_structure_pages
    waiting = PendingTree.objects.using(using).exists() or PendingSnippet.objects.using(using).exists()
    if not waiting or not fully_migrated(using):
        return
    stdout = kwargs.get("stdout")
    write: Report | None = None
    if verbosity >= 1:
        stream = stdout if stdout is not None else sys.stdout
        write = lambda text: stream.write(f"{text}\n")  # noqa: E731  (migrate's OutputWrapper adds no second one)
    outcomes = build_pending(report=write)
    failed = [o for o in outcomes if not o.built]
    if failed and write is not None:
        write(
            ngettext(
                "%(count)s structure page waits for its page tree: fix what is said above, then run "
                "manage.py kultursamverkan_build_tree.",
                "%(count)s structure pages wait for their page tree: fix what is said above, then run "
                "manage.py kultursamverkan_build_tree.",
                len(failed),
            )
            % {"count": len(failed)}
        )


__all__ = ["BuildFailed", "Outcome", "build_after_migrate", "build_one", "build_pending", "describe", "pending_count"]
