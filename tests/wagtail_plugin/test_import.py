"""``kultursamverkan_import`` / ``kultursamverkan_export``: round trip, all or nothing, idempotent, translated."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import attrs
import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Locale, Page, Revision

import kultursamverkan
from wagtail_kultursamverkan import importing
from wagtail_kultursamverkan.models import Organisation, Person, PlanPage, RegionIndexPage, StructurePage

from .helpers import site_root

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))
FORMATS = ("yaml", "json", "toml")


def _import(*paths: Path | str, **options: object) -> str:
    out = StringIO()
    if "user" not in options:
        options["system"] = True
    call_command("kultursamverkan_import", *map(str, paths), stdout=out, stderr=out, **options)
    return out.getvalue()


def _export(page: Page, fmt: str = "yaml") -> str:
    out = StringIO()
    call_command("kultursamverkan_export", str(page.pk), format=fmt, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, object]:
    """Everything an import writes, to compare before and after."""
    return {
        "pages": list(Page.objects.order_by("path").values_list("id", "path", "title", "live", "locale_id")),
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "identifier", "name")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "identifier", "name")),
        "revisions": Revision.objects.count(),
        "locales": list(Locale.objects.order_by("pk").values_list("language_code", flat=True)),
    }


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.mark.django_db
def test_all_five_examples_import_and_export_back_equal(english: Locale) -> None:
    output = _import(*EXAMPLES)
    assert "[5/5]" in output
    for i, path in enumerate(EXAMPLES):
        original = kultursamverkan.load(path)
        [sv_page] = StructurePage.objects.filter(identifier=original.id, locale__language_code="sv")
        [en_page] = StructurePage.objects.filter(identifier=original.id, locale__language_code="en")
        assert sv_page.live
        assert en_page.live
        for page in (sv_page, en_page):
            fmt = FORMATS[i % 3]
            assert kultursamverkan.loads(_export(page, fmt), fmt) == original


@pytest.mark.django_db
def test_english_pages_and_snippets_are_wagtail_translations(english: Locale) -> None:
    _import(EXAMPLES[0])
    original = kultursamverkan.load(EXAMPLES[0])
    sv_page = StructurePage.objects.get(identifier=original.id, locale__language_code="sv")
    en_page = sv_page.get_translation(english)
    assert sv_page.title == original.name.text("sv")
    assert en_page.title == original.name.text("en")
    assert en_page.get_parent().specific.title == original.region.name.text("en")
    assert en_page.get_parent().specific.get_translation(sv_page.locale) == sv_page.get_parent().specific
    for org in Organisation.objects.filter(locale=english):
        assert org.get_translation(sv_page.locale).identifier == org.identifier
    en_orgs = {child.value.locale_id for child in en_page.organisations}
    assert en_orgs <= {english.pk}


@pytest.mark.django_db
def test_importing_again_creates_nothing(english: Locale) -> None:
    _import(*EXAMPLES)
    before = _snapshot()
    output = _import(*EXAMPLES)
    assert _snapshot() == before
    assert "create 0, update 0" in output


@pytest.mark.django_db
def test_a_changed_file_updates_in_place(tmp_path: Path, english: Locale) -> None:
    _import(EXAMPLES[0])
    counts = (Page.objects.count(), Organisation.objects.count(), Person.objects.count())
    changed = tmp_path / EXAMPLES[0].name
    original = kultursamverkan.load(EXAMPLES[0])
    text = EXAMPLES[0].read_text(encoding="utf-8").replace(original.name.sv, "Ett nytt namn", 1)
    changed.write_text(text, encoding="utf-8")
    _import(changed)
    assert (Page.objects.count(), Organisation.objects.count(), Person.objects.count()) == counts
    page = StructurePage.objects.get(identifier=original.id, locale__language_code="sv")
    assert page.title == "Ett nytt namn"
    assert kultursamverkan.loads(_export(page)) == kultursamverkan.load(changed)


@pytest.mark.django_db
def test_one_invalid_file_imports_nothing(tmp_path: Path, english: Locale) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLES[0].read_text(encoding="utf-8").replace('as_of: "2020"', "as_of: [2020]", 1), "utf-8")
    before = _snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command(
            "kultursamverkan_import", *map(str, EXAMPLES), str(bad), system=True, stdout=StringIO(), stderr=err
        )
    assert "bad.yaml" in err.getvalue()
    assert "Uppgifterna aktuella per: ska vara" in err.getvalue()  # the field's label, in the site's Swedish
    assert "Traceback" not in err.getvalue()
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_failure_mid_way_leaves_the_database_unchanged(monkeypatch: pytest.MonkeyPatch, english: Locale) -> None:
    _import(EXAMPLES[0])  # something already there, which must survive untouched
    before = _snapshot()
    real = importing._import_structure
    calls = []

    def failing(*args: object, **kwargs: object) -> StructurePage:
        calls.append(1)
        if len(calls) == 5:  # after three new files' pages, snippets and translations
            raise RuntimeError("injected failure")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "_import_structure", failing)
    with pytest.raises(RuntimeError, match="injected failure"):
        _import(*EXAMPLES)
    assert len(calls) == 5
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_database_refusal_is_reported_by_file_and_rolls_back(english: Locale, tmp_path: Path) -> None:
    long_name = tmp_path / "long.yaml"
    text = EXAMPLES[0].read_text(encoding="utf-8")
    original = kultursamverkan.load(EXAMPLES[0])
    long_name.write_text(text.replace(original.name.sv, "Å" * 300, 1), encoding="utf-8")
    before = _snapshot()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "kultursamverkan_import", str(EXAMPLES[1]), str(long_name), system=True, stdout=StringIO(), stderr=err
        )
    assert "long.yaml: Namn › Svenska" in err.getvalue()
    assert _snapshot() == before


@pytest.mark.django_db
def test_dry_run_lists_changes_and_writes_nothing(english: Locale) -> None:
    before = _snapshot()
    output = _import(*EXAMPLES, dry_run=True)
    assert _snapshot() == before
    # Into an empty site: one "create" line per page and snippet of the files, in each language.
    expected = set()
    for structure in map(kultursamverkan.load, EXAMPLES):
        objects = [("region", structure.region.id), ("structure", structure.id)]
        objects += [("organisation", o.id) for o in structure.organisations]
        objects += [("person", p.id) for p in structure.people]
        kinds = {"bodies": "body", "collaborations": "collaboration", "agreements": "agreement", "plans": "plan"}
        kinds |= {"event_series": "event_series", "events": "event"}
        objects += [(kind, item.id) for collection, kind in kinds.items() for item in getattr(structure, collection)]
        expected |= {("create", kind, lang, id_) for kind, id_ in objects for lang in ("sv", "en")}
    *lines, summary = output.strip().splitlines()
    listed = [tuple(line.split()[:4]) for line in lines]
    assert sorted(listed) == sorted(expected)
    assert summary == (
        f"dry run, nothing written: would create {len(expected)}, update 0, delete 0;"
        " 0 unchanged (pages and snippets, all locales)"
    )


@pytest.mark.django_db
def test_parent_by_path_and_bad_parents(english: Locale) -> None:
    home = site_root()
    section = home.add_child(instance=Page(title="Regioner", slug="regioner"))
    _import(EXAMPLES[0], parent="/regioner/")
    assert RegionIndexPage.objects.child_of(section).count() == 1
    with pytest.raises(CommandError, match="nothing imported"):
        _import(EXAMPLES[0], parent="/no-such-page/")
    with pytest.raises(CommandError, match="nothing imported"):
        _import(EXAMPLES[0], parent="999999")
    region = RegionIndexPage.objects.first()
    with pytest.raises(CommandError, match="nothing imported"):
        _import(EXAMPLES[0], parent=str(region.pk))  # a region page cannot hold region pages


@pytest.mark.django_db
def test_files_that_contradict_each_other_are_refused(tmp_path: Path, english: Locale) -> None:
    original = kultursamverkan.load(EXAMPLES[0])
    other = tmp_path / "other.yaml"
    text = EXAMPLES[0].read_text(encoding="utf-8")
    other.write_text(
        text.replace(f"id: {original.id}\n", "id: another-structure\n", 1).replace(
            original.region.name.sv, "Ett annat namn"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        _import(EXAMPLES[0], other)
    assert not StructurePage.objects.exists()


@pytest.mark.django_db
def test_export_of_a_page_that_is_not_a_structure(english: Locale) -> None:
    _import(EXAMPLES[0])
    region = RegionIndexPage.objects.filter(locale__language_code="sv").get()
    with translation.override("en"), pytest.raises(CommandError, match="not a structure page"):
        _export(region)
    with translation.override("sv"), pytest.raises(CommandError, match="är inte en struktursida"):
        _export(region)


# ------------------------------------------------------------------ plan pages


def _plan_pages(structure_id: str, language: str) -> list[PlanPage]:
    page = StructurePage.objects.get(identifier=structure_id, locale__language_code=language)
    return list(PlanPage.objects.child_of(page).order_by("path"))


@pytest.mark.django_db
def test_each_plan_becomes_a_plan_page_below_its_structure_in_sv_and_en(english: Locale) -> None:
    _import(*EXAMPLES)
    for path in EXAMPLES:
        original = kultursamverkan.load(path)
        sv_pages, en_pages = _plan_pages(original.id, "sv"), _plan_pages(original.id, "en")
        assert [p.identifier for p in sv_pages] == [p.id for p in original.plans]
        assert [p.identifier for p in en_pages] == [p.id for p in original.plans]
        for plan, sv_page, en_page in zip(original.plans, sv_pages, en_pages, strict=True):
            assert sv_page.live
            assert en_page.live
            assert sv_page.title == plan.name.text("sv")
            assert en_page.title == plan.name.text("en")
            assert en_page.get_translation(sv_page.locale) == sv_page  # a Wagtail translation
            assert sv_page.core_item() is not None
        structure_page = StructurePage.objects.get(identifier=original.id, locale__language_code="sv")
        assert structure_page.structure() == original  # the live pages give the file back


@pytest.mark.django_db
def test_each_object_becomes_a_page_of_its_kind_holding_its_own_language(english: Locale) -> None:
    from wagtail_kultursamverkan.models import ITEM_PAGES

    _import(EXAMPLES[0])
    original = kultursamverkan.load(EXAMPLES[0])
    sv_page = StructurePage.objects.get(identifier=original.id, locale__language_code="sv")
    en_page = StructurePage.objects.get(identifier=original.id, locale__language_code="en")
    assert (sv_page.name, en_page.name) == (original.name.sv, original.name.en)
    for collection, model in ITEM_PAGES.items():
        items = getattr(original, collection)
        for parent, lang in ((sv_page, "sv"), (en_page, "en")):
            pages = list(model.objects.child_of(parent).order_by("path"))
            assert [p.identifier for p in pages] == [i.id for i in items]
            for item, page in zip(items, pages, strict=True):
                assert page.name == (getattr(item.name, lang) or "")  # this language only, never the other
                assert page.url  # each object has its own URL


@pytest.mark.django_db
def test_a_plan_the_file_no_longer_has_is_deleted_and_a_new_one_goes_in_order(tmp_path: Path, english: Locale) -> None:
    path = next(p for p in EXAMPLES if p.stem == "halland")
    _import(path)
    original = kultursamverkan.load(path)
    first, second, third = original.plans
    # Without the first plan (the third is based on the second, so those two stay), the rest in reverse order.
    changed_structure = attrs.evolve(original, plans=(third, second))
    changed = tmp_path / "halland.yaml"
    changed.write_text(kultursamverkan.dumps(changed_structure, "yaml"), encoding="utf-8")
    dry = _import(changed, dry_run=True)
    assert "delete" in dry
    assert first.id in dry
    output = _import(changed)
    assert "delete 2" in output  # sv and en
    for language in ("sv", "en"):
        assert [p.identifier for p in _plan_pages(original.id, language)] == [third.id, second.id]
    page = StructurePage.objects.get(identifier=original.id, locale__language_code="en")
    assert kultursamverkan.loads(_export(page)) == changed_structure
    assert "create 0, update 0, delete 0" in _import(changed)


@pytest.mark.django_db
def test_a_draft_plan_page_is_exported_but_not_shown_to_visitors(english: Locale) -> None:
    from kultursamverkan import converter
    from kultursamverkan.model import Plan
    from wagtail_kultursamverkan import mapping
    from wagtail_kultursamverkan.language import merge, split

    original = kultursamverkan.load(EXAMPLES[0])
    _import(EXAMPLES[0])
    page = StructurePage.objects.get(identifier=original.id, locale__language_code="sv")
    new_plan = attrs.evolve(original.plans[0], id="en-ny-plan", based_on=None)
    draft = PlanPage(title="En ny plan", slug="en-ny-plan", live=False)
    mapping.write(draft, mapping.PLAN, split(converter.unstructure(new_plan), Plan, "sv"))
    page.add_child(instance=draft)
    draft.save_revision()
    assert StructurePage.objects.get(pk=page.pk).structure() == original  # visitors: the published plans
    exported = kultursamverkan.loads(_export(page))
    # The editor's data: all; the draft holds Swedish text only, so the plan's text is Swedish only.
    swedish_only = converter.structure(merge({"sv": split(converter.unstructure(new_plan), Plan, "sv")}, Plan), Plan)
    assert exported == attrs.evolve(original, plans=(*original.plans, swedish_only))
