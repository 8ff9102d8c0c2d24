"""Fast imports: each region committed on its own when asked, no writes for unchanged files, batched search indexing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Locale, Page, Revision

import kultursamverkan
from kultursamverkan import converter
from wagtail_kultursamverkan import importing
from wagtail_kultursamverkan.models import Organisation, RegionIndexPage, StructurePage

from .helpers import site_root

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def _command(*paths: Path, **options: Any) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("kultursamverkan_import", *map(str, paths), system=True, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def _fail_for(monkeypatch: pytest.MonkeyPatch, structure_id: str) -> None:
    """Make the import of one structure fail after its region, snippets and structure page were written."""
    real = importing._import_items

    def failing(s: Any, *args: Any, **kwargs: Any) -> Any:
        if s.id == structure_id:
            raise RuntimeError("injected failure")
        return real(s, *args, **kwargs)

    monkeypatch.setattr(importing, "_import_items", failing)


def _written(structure: Any) -> dict[str, int]:
    """What of one file's structure is in the database."""
    return {
        "regions": RegionIndexPage.objects.filter(identifier=structure.region.id).count(),
        "structures": StructurePage.objects.filter(identifier=structure.id).count(),
        "organisations": Organisation.objects.filter(identifier__in=[o.id for o in structure.organisations]).count(),
    }


@pytest.mark.django_db
def test_per_region_commits_the_good_files_and_reports_the_bad_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, english: Locale
) -> None:
    good, failing, also_good = EXAMPLES[:3]
    bad = kultursamverkan.load(failing)
    unreadable = tmp_path / "broken.yaml"
    unreadable.write_text("id: [", encoding="utf-8")
    _fail_for(monkeypatch, bad.id)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 of 4 files not imported; the others were"):
        call_command(
            "kultursamverkan_import",
            *map(str, (good, failing, unreadable, also_good)),
            system=True,
            per_region=True,
            stdout=out,
            stderr=err,
        )
    assert f"ok: {good}" in out.getvalue()
    assert f"ok: {also_good}" in out.getvalue()
    assert f"failed: {failing}" in err.getvalue()
    assert "injected failure" in err.getvalue()
    assert f"failed: {unreadable}" in err.getvalue()
    for path in (good, also_good):
        structure = kultursamverkan.load(path)
        assert _written(structure)["structures"] == 2  # sv and en
        assert StructurePage.objects.get(identifier=structure.id, locale__language_code="sv").live
    # Nothing half-written of the failing file: its region page, snippets and structure page were rolled back.
    assert _written(bad) == {"regions": 0, "structures": 0, "organisations": 0}


@pytest.mark.django_db
def test_run_per_region_reports_each_file(monkeypatch: pytest.MonkeyPatch, english: Locale) -> None:
    sources = importing.read_files(EXAMPLES[:3])
    _fail_for(monkeypatch, sources[1].structure.id)
    main = importing.main_locale()
    result = importing.run(sources, site_root(), main, per_region=True)
    assert [(o.source, o.ok) for o in result.outcomes] == [(s.name, i != 1) for i, s in enumerate(sources)]
    assert "injected failure" in result.outcomes[1].problems[0]
    assert _written(sources[1].structure) == {"regions": 0, "structures": 0, "organisations": 0}
    assert {c.source for c in result.changes} == {sources[0].name, sources[2].name}


@pytest.mark.django_db
def test_by_default_one_failing_file_imports_nothing(monkeypatch: pytest.MonkeyPatch, english: Locale) -> None:
    good, failing = EXAMPLES[:2]
    _fail_for(monkeypatch, kultursamverkan.load(failing).id)
    pages, revisions = Page.objects.count(), Revision.objects.count()
    with pytest.raises(RuntimeError, match="injected failure"):
        _command(good, failing)
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert _written(kultursamverkan.load(good)) == {"regions": 0, "structures": 0, "organisations": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("per_region", [False, True])
def test_importing_an_unchanged_set_again_writes_nothing(english: Locale, per_region: bool) -> None:
    _command(*EXAMPLES)
    revisions = Revision.objects.count()
    writes: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        importing.run(importing.read_files(EXAMPLES), site_root(), importing.main_locale(), per_region=per_region)
    assert Revision.objects.count() == revisions
    assert writes == []


@pytest.mark.django_db
def test_search_finds_imported_pages_and_their_changes(tmp_path: Path, english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _command(EXAMPLES[0])
    page = StructurePage.objects.get(identifier=structure.id, locale__language_code="sv")
    assert page.pk in [p.pk for p in StructurePage.objects.live().search(structure.name.sv)]
    changed = tmp_path / EXAMPLES[0].name
    changed.write_text(
        EXAMPLES[0].read_text(encoding="utf-8").replace(structure.name.sv, "Kulturrådslaget Zyxwvu", 1), "utf-8"
    )
    _command(changed)
    assert [p.pk for p in StructurePage.objects.live().search("Zyxwvu")] == [page.pk]


@pytest.mark.django_db
def test_a_page_saved_outside_an_import_is_still_indexed_at_once(english: Locale) -> None:
    _command(EXAMPLES[0])  # the search handler has been swapped for the batching one by now
    page = StructurePage.objects.filter(locale__language_code="sv").first()
    assert page is not None
    page.title = "Qwertzuiop samverkan"
    page.save_revision().publish()
    assert [p.pk for p in StructurePage.objects.live().search("Qwertzuiop")] == [page.pk]


# ---------------------------------------------- a structure the site holds as its last import left it


def _run(*structures: Any, **options: Any) -> importing.Result:
    sources = [importing.Source(f"{s.id}.yaml", s) for s in structures]
    return importing.run(sources, site_root(), importing.main_locale(), **options)


def _queries(*structures: Any) -> tuple[importing.Result, int]:
    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = _run(*structures)
    return result, count


def _rows(changes: list[importing.Change]) -> list[tuple[str, str, str, str, str]]:
    return [(c.kind, c.identifier, c.locale, c.action, c.label) for c in changes]


@pytest.mark.django_db
def test_an_unchanged_structure_is_recognised_in_a_few_queries_with_the_same_plan(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _run(structure)
    # The draft plan compares every object with the site, as an import did before structures were recorded.
    compared = importing.plan(
        [importing.Source(f"{structure.id}.yaml", structure)], site_root(), Locale.get_default(), publish=False
    )
    result, queries = _queries(structure)
    assert _rows(result.changes) == _rows(compared)
    assert {c.action for c in result.changes} == {importing.UNCHANGED}
    assert all(c.target is not None for c in result.changes)
    pages = len(result.pages)
    assert pages == len([c for c in result.changes if c.kind not in ("organisation", "person")])
    assert queries < 20, f"{queries} queries for {pages} pages"
    # Growing with the file's size would mean objects are compared one by one again.
    bigger = kultursamverkan.load(EXAMPLES[1])
    _run(bigger)
    assert _queries(bigger)[1] == queries


def _sv_body(structure: Any) -> Any:
    from wagtail_kultursamverkan.models import BodyPage

    return BodyPage.objects.get(identifier=structure.bodies[0].id, locale__language_code="sv")


@pytest.mark.django_db
def test_a_page_edited_in_the_site_is_imported_again(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _run(structure)
    body = _sv_body(structure)
    title = body.title
    body.title = "Edited by hand"
    body.save_revision().publish()
    result = _run(structure)
    assert _sv_body(structure).title == title
    assert [c.identifier for c in result.changes if c.action == importing.UPDATE] == [structure.bodies[0].id]
    _result, queries = _queries(structure)  # recorded again: unchanged from now on
    assert queries < 20


@pytest.mark.django_db
def test_a_page_saved_without_a_revision_is_imported_again(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _run(structure)
    body = _sv_body(structure)
    title = body.title
    body.title = "Saved by a script"
    body.save()
    _run(structure)
    assert _sv_body(structure).title == title


@pytest.mark.django_db
def test_a_deleted_page_and_an_edited_snippet_are_imported_again(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _run(structure)
    _sv_body(structure).delete()
    org = Organisation.objects.get(identifier=structure.organisations[0].id, locale__language_code="sv")
    name = org.name
    org.name = "Renamed by hand"
    org.save()
    result = _run(structure)
    assert _sv_body(structure).live
    org.refresh_from_db()
    assert org.name == name
    actions = {(c.kind, c.identifier, c.locale): c.action for c in result.changes}
    assert actions["body", structure.bodies[0].id, "sv"] == importing.CREATE
    assert actions["organisation", structure.organisations[0].id, "sv"] == importing.UPDATE


@pytest.mark.django_db
def test_a_changed_file_is_imported_even_over_a_recorded_structure(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _run(structure)
    data = converter.unstructure(structure)
    data["bodies"][0]["name"] = {k: f"{v} (new)" for k, v in data["bodies"][0]["name"].items()}
    changed = converter.structure(data)
    result = _run(changed)
    assert _sv_body(structure).title.endswith(" (new)")
    assert {(c.identifier, c.locale) for c in result.changes if c.action == importing.UPDATE} == {
        (structure.bodies[0].id, "sv"),
        (structure.bodies[0].id, "en"),
    }
    # Back to the old file: a change again, not the old record.
    _run(structure)
    assert not _sv_body(structure).title.endswith(" (new)")


@pytest.mark.django_db
def test_a_draft_import_is_never_skipped(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    _run(structure)
    body = _sv_body(structure)
    body.title = "Edited by hand"
    body.save_revision().publish()
    result = _run(structure, publish=False)
    assert [c.identifier for c in result.changes if c.action == importing.UPDATE] == [structure.bodies[0].id]
    assert _sv_body(structure).get_latest_revision_as_object().title != "Edited by hand"


@pytest.mark.django_db
def test_search_indexing_reports_its_progress(english: Locale) -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    calls: list[tuple[int, int]] = []
    _run(structure, indexed=lambda done, total: calls.append((done, total)))
    assert calls, "the search indexing at the end said nothing"
    total = calls[-1][1]
    assert calls[-1] == (total, total)
    assert [done for done, _t in calls] == sorted(done for done, _t in calls)
    pages = Page.objects.filter(locale__language_code__in=["sv", "en"]).count()
    assert total >= pages - 2  # every page the import wrote (the site's two home pages it did not)
    out, _err = _command(EXAMPLES[1])
    assert "search index:" in out
