"""``legacy``: old structure pages read from their raw stored rows give what today's conversion gives.

Each example is imported with today's importer; its pages are then read back as a data
migration reads them (historical models at migration 0006, ``values()`` rows, the streams'
stored JSON) and must give exactly ``convert.page_data``'s data, and so the same core
``Structure``: nothing an old site holds is lost on the way to the page tree.
"""

from __future__ import annotations

import copy
import json
import os
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from wagtail import blocks
from wagtail.models import Locale, PageViewRestriction

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.model import Structure
from tests.strategies import structures
from wagtail_kultursamverkan import legacy
from wagtail_kultursamverkan.models import PlanPage, StructurePage

try:  # the StreamField design's conversion, gone with issue 13's page tree
    from wagtail_kultursamverkan import convert
except ImportError:
    convert = None
#: Tests that compare with the StreamField design's own code: they run while a checkout has it. Without it,
#: the stored rows (``legacy_rows``) and ``test_tree_migration`` (real 0006-era rows) hold the reader.
needs_old_design = pytest.mark.skipif(convert is None, reason="the StreamField design's code is gone (issue 13)")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [*sorted((ROOT / "examples" / "regions").glob("*.yaml")), ROOT / "examples" / "complete.yaml"]
#: The last migration of the StreamField design: the state a data migration reads the old fields in.
OLD_STATE = ("wagtail_kultursamverkan", "0006_format_2")


@pytest.fixture(scope="module")
def old_apps(django_db_blocker: Any) -> Any:
    """The historical models a data migration after 0006 gets from ``apps``."""
    with django_db_blocker.unblock():  # the loader asks the database's vendor
        return MigrationLoader(None, ignore_no_migrations=True).project_state(OLD_STATE).apps


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def _import(*paths: Path) -> None:
    call_command("kultursamverkan_import", *map(str, paths), system=True, stdout=StringIO(), stderr=StringIO())


def _structure_pages(identifier: str) -> list[StructurePage]:
    pages = list(StructurePage.objects.filter(structure_identifier=identifier).order_by("locale__language_code"))
    assert [p.locale.language_code for p in pages] == ["en", "sv"]
    return pages


#: Each example's Swedish page as stored by the StreamField design (``PageRows.plain``) with the data
#: ``convert.page_data`` gave for it: the reader is held to them after that design's code is gone.
ROWS = Path(__file__).resolve().parent / "legacy_rows"
#: Set to write the stored rows anew (with the StreamField design's importer and conversion).
WRITE_ROWS = os.environ.get("KULTURSAMVERKAN_WRITE_LEGACY_ROWS") == "1"


@needs_old_design
@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_example_reads_back_from_raw_rows_as_today(path: Path, english: Locale, old_apps: Any) -> None:
    _import(path)
    original = kultursamverkan.load(path)
    for page in _structure_pages(original.id):
        rows = legacy.page_rows(old_apps, page.pk)
        assert rows.plans, "every example has plans, on plan pages below the structure page"
        data = rows.data()
        assert data == convert.page_data(page)[0]
        read = legacy.structure(rows.structure, rows.region, rows.plans, rows.organisations, rows.people)
        assert converter.unstructure(read) == converter.unstructure(convert.structure_from_page(page))
        assert read == original
        if page.locale.language_code != "sv":
            continue
        stored = ROWS / f"{path.stem}.json"
        if WRITE_ROWS:
            stored.parent.mkdir(exist_ok=True)
            stored.write_text(json.dumps({"rows": rows.plain(), "data": data}, ensure_ascii=False, indent=1) + "\n")
        assert json.loads(stored.read_text())["data"] == data


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_stored_rows_of_each_example_read_as_they_did(path: Path) -> None:
    """Needs no database and none of the StreamField design's code: the rows as they were stored."""
    stored = json.loads((ROWS / f"{path.stem}.json").read_text())
    rows = legacy.PageRows.from_plain(stored["rows"])
    assert rows.data() == stored["data"]
    assert legacy.PageRows.from_plain(json.loads(json.dumps(rows.plain()))).data() == stored["data"]
    legacy.structure(rows.structure, rows.region, rows.plans, rows.organisations, rows.people)  # valid


@needs_old_design
@pytest.mark.django_db
@settings(  # each example builds a page tree: a dozen keep the test under a minute on a shared machine
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(generated=structures())
def test_any_generated_structure_reads_back_from_raw_rows_as_today(generated: Structure, old_apps: Any) -> None:
    from .helpers import site_root, structure_page

    for page in site_root().get_children():  # a fresh tree: slugs and ids repeat between examples
        page.delete()
    page = StructurePage.objects.get(pk=structure_page(generated).pk)
    rows = legacy.page_rows(old_apps, page.pk)
    assert rows.data() == convert.page_data(page)[0]
    assert legacy.structure(rows.structure, rows.region, rows.plans, rows.organisations, rows.people) == generated


@needs_old_design
@pytest.mark.django_db
def test_rows_from_todays_models_and_raw_json_text_read_the_same(english: Locale) -> None:
    """``values()`` of the current models and the JSON text a raw SQL query gives are read alike."""
    from django.apps import apps

    _import(EXAMPLES[0])
    page = _structure_pages(kultursamverkan.load(EXAMPLES[0]).id)[1]
    rows = legacy.page_rows(apps, page.pk)
    as_text = dict(rows.structure)
    for name in ("content", "sources", "organisations", "people"):
        as_text[name] = json.dumps(legacy.raw_stream(rows.structure[name]))
    assert (
        legacy.structure_data(as_text, rows.region, rows.plans, rows.organisations, rows.people)
        == (convert.page_data(page)[0])
    )


@needs_old_design
@pytest.mark.django_db
def test_plan_pages_live_or_all_and_plan_blocks_of_older_pages(english: Locale, old_apps: Any) -> None:
    _import(EXAMPLES[0])
    page = _structure_pages(kultursamverkan.load(EXAMPLES[0]).id)[1]
    first, *_rest = PlanPage.objects.child_of(page).order_by("path")
    PageViewRestriction.objects.create(page=first, restriction_type="password", password="x")
    # An older page held plan blocks in its content: they follow the plan pages.
    block = page.content.stream_block.child_blocks["plan"]
    moved = converter.unstructure(kultursamverkan.load(EXAMPLES[0]).plans[0])
    moved["id"] = "moved-plan"
    page.content = [*page.content.get_prep_value(), {"type": "plan", "value": convert.data_to_block(block, moved)}]
    page.save()
    page = StructurePage.objects.get(pk=page.pk)
    for which in ("live", "all"):
        data = legacy.page_rows(old_apps, page.pk, plan_pages=which).data()
        assert data == convert.page_data(page, plan_pages=which)[0]
        assert (first.plan_identifier in [p["id"] for p in data["plans"]]) is (which == "all")
        assert data["plans"][-1]["id"] == "moved-plan"
    with pytest.raises(ValueError, match="plan_pages"):
        legacy.page_rows(old_apps, page.pk, plan_pages="draft")


@needs_old_design
@pytest.mark.django_db
def test_a_deleted_snippet_is_skipped_as_the_old_page_skipped_it(english: Locale, old_apps: Any) -> None:
    from wagtail_kultursamverkan.models import Person

    _import(EXAMPLES[-1])
    page = _structure_pages(kultursamverkan.load(EXAMPLES[-1]).id)[1]
    gone = page.people[0].value
    Person.objects.filter(pk=gone.pk).delete()
    page = StructurePage.objects.get(pk=page.pk)
    data = legacy.page_rows(old_apps, page.pk).data()
    assert data == convert.page_data(page)[0]
    assert gone.identifier not in [p["id"] for p in data.get("people", ())]
    assert page.people.raw_data[0]["value"] == gone.pk, "the chooser is still there, empty"


# ------------------------------------------------- the frozen blocks are the old ones


def _node(block: blocks.Block, name: str = "", *, defaults: bool = True) -> Any:
    """A block as ``legacy``'s frozen node, to check that the two describe the same stored shape.

    ``defaults=False`` leaves the defaults out: a migration's deconstructed blocks lose a choice
    block's default (``per: year``) and a stream's block counts, which the running site's blocks
    had and ``legacy`` keeps.
    """

    def node(b: blocks.Block, n: str) -> Any:
        return _node(b, n, defaults=defaults)

    if isinstance(block, blocks.StreamBlock) and "count" in block.child_blocks:  # the cadence
        return legacy.Cadence({k: node(c, k) for k, c in block.child_blocks.items() if k != "phrase"})
    if isinstance(block, blocks.StreamBlock):
        counts = block.meta.block_counts or {}
        return legacy.Details(
            {k: node(c, k) for k, c in block.child_blocks.items()},
            frozenset(k for k, v in counts.items() if v.get("max_num") == 1) if defaults else frozenset(),
        )
    if isinstance(block, blocks.StructBlock):
        return legacy.Struct({k: node(c, k) for k, c in block.child_blocks.items()})
    if isinstance(block, blocks.ListBlock):
        return legacy.ListOf(node(block.child_block, name))
    if isinstance(block, blocks.MultipleChoiceBlock):
        return legacy.Choices(ints=name == "months")
    if isinstance(block, blocks.BooleanBlock):
        return legacy.FLAG
    default = block.get_prep_value(block.get_default()) if defaults else None
    return legacy.Value(default if default not in (None, "") else None)


def _without_defaults(node: Any) -> Any:
    if isinstance(node, legacy.Value):
        return legacy.VALUE
    if isinstance(node, legacy.Struct):
        return legacy.Struct({k: _without_defaults(c) for k, c in node.children.items()})
    if isinstance(node, legacy.ListOf):
        return legacy.ListOf(_without_defaults(node.child))
    if isinstance(node, legacy.Cadence):
        return legacy.Cadence({k: _without_defaults(c) for k, c in node.forms.items()})
    if isinstance(node, legacy.Details):
        # Nor does a migration keep a stream's block counts: which fields take one entry.
        return legacy.Details({k: _without_defaults(c) for k, c in node.fields.items()})
    return node


#: Each frozen stream or block, with the model field (and block type) that held it.
FROZEN = [
    *((node, "StructurePage", "content", block_type) for block_type, (_c, node) in legacy.CONTENT.items()),
    (legacy.SOURCE, "StructurePage", "sources", "source"),
    (legacy.GOAL, "PlanPage", "goals", "goal"),
    (legacy.MILESTONE, "PlanPage", "milestones", "milestone"),
    (legacy.TEXT, "Organisation", "former_names", "name"),
    (legacy.ORGANISATION_DETAILS, "Organisation", "details", None),
    (legacy.PERSON_DETAILS, "Person", "details", None),
    (legacy.REGION_DETAILS, "RegionIndexPage", "region_details", None),
    (legacy.PLAN_DETAILS, "PlanPage", "details", None),
]


def _block(apps: Any, model: str, field: str, block_type: str | None) -> blocks.Block:
    stream = apps.get_model("wagtail_kultursamverkan", model)._meta.get_field(field).stream_block
    return stream.child_blocks[block_type] if block_type else stream


def test_the_frozen_blocks_have_the_shape_of_migration_0006(old_apps: Any) -> None:
    content = _block(old_apps, "StructurePage", "content", None)
    assert set(legacy.CONTENT) == set(content.child_blocks)
    for node, model, field, block_type in FROZEN:
        assert _without_defaults(node) == _node(_block(old_apps, model, field, block_type), defaults=False), (
            model,
            field,
            block_type,
        )


def test_the_frozen_defaults_are_those_the_site_ran_with() -> None:
    """Against the blocks of the StreamField design itself, while this checkout still has them."""
    from django.apps import apps

    models = apps.get_app_config("wagtail_kultursamverkan")
    if "content" not in {f.name for f in models.get_model("StructurePage")._meta.get_fields()}:
        pytest.skip("the StreamField design's blocks are gone: migration 0006's shape is checked above")
    for node, model, field, block_type in FROZEN:
        assert node == _node(_block(apps, model, field, block_type)), (model, field, block_type)


# ------------------------------------------------------- old and malformed data


def _page_rows(old_apps: Any) -> tuple[Any, legacy.PageRows]:
    """Halland's Swedish page, with its streams as plain lists to change.

    Imported with the StreamField design while the checkout has it, else its stored rows (``legacy_rows``).
    """
    if convert is None:
        rows = legacy.PageRows.from_plain(json.loads((ROWS / f"{EXAMPLES[0].stem}.json").read_text())["rows"])
        page: Any = SimpleNamespace(pk=rows.structure["id"], title=rows.structure["title"])
    else:
        _import(EXAMPLES[0])
        page = _structure_pages(kultursamverkan.load(EXAMPLES[0]).id)[1]
        rows = legacy.page_rows(old_apps, page.pk)
    structure = dict(rows.structure)
    for name in ("content", "sources", "organisations", "people"):
        structure[name] = copy.deepcopy(legacy.raw_stream(structure[name]))
    return page, legacy.PageRows(structure, rows.region, rows.plans, rows.organisations, rows.people)


def _body(data: dict[str, Any], identifier: str) -> dict[str, Any]:
    return next(b for b in data["bodies"] if b["id"] == identifier)


def _first_body(rows: legacy.PageRows) -> tuple[int, dict[str, Any]]:
    return next((i, c) for i, c in enumerate(rows.structure["content"]) if c["type"] == "body")


#: Stored values of older pages (or edited by hand), each with what the old blocks read them as:
#: Wagtail's ``to_python`` gave a missing child its default, and the cadence's former static
#: blocks stored ``None``; list blocks stored bare values before Wagtail 2.16.
OLD_VALUES = [
    ({"type": "count", "value": {"times": 2}}, {"kind": "count", "times": 2, "per": "year"}),
    (
        {"type": "interval", "value": {"months": ["3", "9"]}},
        {"kind": "interval", "every": 1, "unit": "year", "months": [3, 9]},
    ),
    ({"type": "as_needed", "value": None}, {"kind": "as_needed"}),
    (
        {"type": "dates", "value": {"dates": ["2024-03-01", "2024-10-01"]}},
        {"kind": "dates", "dates": ["2024-03-01", "2024-10-01"]},
    ),
    ({"type": "phrase", "value": "tre till fyra gånger om året"}, {"kind": "range", "min": 3, "max": 4}),
    ({"type": "phrase", "value": "när månen är full"}, {"kind": None}),
]


@needs_old_design
@pytest.mark.django_db
@pytest.mark.parametrize(("stored", "read"), OLD_VALUES, ids=[s["type"] for s, _r in OLD_VALUES])
def test_old_cadence_values_read_as_the_old_blocks_read_them(
    stored: dict[str, Any], read: dict[str, Any], english: Locale, old_apps: Any
) -> None:
    page, rows = _page_rows(old_apps)
    _i, body = _first_body(rows)
    body["value"]["cadence"] = [{**stored, "id": "c1"}]
    data = rows.data()
    assert _body(data, body["value"]["id"])["cadence"] == read
    if read == {"kind": None}:  # content the core refuses is kept as data, and refused as a structure
        with pytest.raises(kultursamverkan.ValidationError):
            legacy.structure(rows.structure, rows.region, rows.plans, rows.organisations, rows.people)
    page.content = rows.structure["content"]
    if stored["value"] is None:  # today's blocks cannot read a former static block's None in a list of bodies
        with pytest.raises(TypeError):
            convert.page_data(page)
    else:  # today's blocks read the same stored value alike
        assert data == convert.page_data(page)[0]


@needs_old_design
@pytest.mark.django_db
def test_missing_children_get_the_blocks_defaults_and_bare_list_items_read(english: Locale, old_apps: Any) -> None:
    page, rows = _page_rows(old_apps)
    content = rows.structure["content"]
    content.append({"type": "representation", "value": {"person": "anna", "body": "x"}, "id": "r1"})
    content.append({"type": "collaboration", "value": {"id": "c", "members": ["a", "b"]}, "id": "c1"})
    data = rows.data()
    assert data["representations"][-1] == {"person": "anna", "body": "x", "role": "representative"}
    assert data["collaborations"][-1] == {"id": "c", "members": ["a", "b"]}
    page.content = content
    assert data == convert.page_data(page)[0]


@pytest.mark.django_db
def test_an_event_stored_before_format_2_keeps_its_organiser(english: Locale, old_apps: Any) -> None:
    """Today's blocks drop the old single ``organiser``; the reader keeps it, as the core's own upgrade does."""
    _page, rows = _page_rows(old_apps)
    old_event = {"id": "kulturting", "name": {"sv": "Kulturting", "en": ""}, "kind": "conference", "date": "2019"}
    rows.structure["content"].append({"type": "event", "value": {**old_event, "organiser": "region-halland"}})
    event = rows.data()["events"][-1]
    assert event["organisers"] == ["region-halland"]
    as_format_1 = {
        "format_version": 1,
        "events": [{**old_event, "name": {"sv": "Kulturting"}, "organiser": "region-halland"}],
    }
    assert kultursamverkan.upgrade.upgrade(as_format_1)["events"][0]["organisers"] == event["organisers"]


def _error(rows: legacy.PageRows) -> legacy.LegacyDataError:
    with pytest.raises(legacy.LegacyDataError) as caught:
        rows.data()
    return caught.value


@pytest.mark.django_db
@translation.override("en")
def test_malformed_stored_values_name_the_page_and_the_block(english: Locale, old_apps: Any) -> None:
    page, rows = _page_rows(old_apps)
    named = f"structure page {page.pk} “{page.title}”"
    content = rows.structure["content"]
    i, body = _first_body(rows)

    content.append({"type": "meeting_place", "value": {}})
    error = _error(rows)
    assert str(error) == f"{named}, at content[{len(content) - 1}] (meeting_place): unknown block type “meeting_place”"
    content.pop()

    saved = body["value"]["cadence"]
    body["value"]["cadence"] = "två gånger per år"
    assert str(_error(rows)) == (
        f'{named}, at content[{i}] (body).cadence: expected a list of blocks, got "två gånger per år"'
    )
    body["value"]["cadence"] = [{"type": "count", "value": {"times": 2, "months": ["mars"]}}]
    assert str(_error(rows)) == (
        f'{named}, at content[{i}] (body).cadence[0] (count).months: expected whole numbers, got ["mars"]'
    )
    body["value"]["cadence"] = saved

    body["value"]["relations"] = [{"type": "item", "value": ["reports_to", "x"], "id": "r"}]
    assert (
        str(_error(rows)) == f'{named}, at content[{i}] (body).relations[0]: expected fields, got ["reports_to", "x"]'
    )
    body["value"]["relations"] = []

    body["value"]["name"] = {"sv": {"text": "Kulturrådet"}, "en": ""}
    assert str(_error(rows)).endswith(
        f'at content[{i}] (body).name.sv: expected a single value, got {{"text": "Kulturrådet"}}'
    )


@needs_old_design  # test_tree_migration stores such a block in a real 0006-era database
@pytest.mark.django_db
@translation.override("en")
def test_a_block_type_the_blocks_would_drop_is_read_from_the_stored_json(english: Locale, old_apps: Any) -> None:
    """Wagtail's blocks drop a block type they do not know without a word; the reader reads what is stored."""
    from django.db import connection

    page, rows = _page_rows(old_apps)
    stored = legacy.page_rows(old_apps, page.pk).structure
    assert all(isinstance(stored[name], list) for name in ("content", "sources", "organisations", "people"))
    content = [*rows.structure["content"], {"type": "meeting_place", "value": {"id": "x"}, "id": "m"}]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(StructurePage._meta.db_table)
        cursor.execute(f"UPDATE {table} SET content = %s WHERE page_ptr_id = %s", [json.dumps(content), page.pk])
    assert len(StructurePage.objects.get(pk=page.pk).content) == len(content) - 1  # what the blocks see
    with pytest.raises(legacy.LegacyDataError, match=r"content\[\d+\] \(meeting_place\): unknown block type"):
        legacy.page_rows(old_apps, page.pk).data()


@pytest.mark.django_db
@translation.override("en")
def test_malformed_rows_and_snippets_are_named_too(english: Locale, old_apps: Any) -> None:
    page, rows = _page_rows(old_apps)
    region = dict(rows.region)
    del region["region_name_sv"]
    error = legacy.LegacyDataError
    with pytest.raises(error, match=r"^region page \d+ “.+”: the field “region_name_sv” is missing$"):
        legacy.structure_data(rows.structure, region, rows.plans, rows.organisations, rows.people)

    plan = dict(rows.plans[0])
    plan["details"] = [{"type": "adopted", "value": "2024"}]
    with pytest.raises(
        error, match=r"^plan page \d+ “.+”, at details\[0\] \(adopted\): expected fields, got \"2024\"$"
    ):
        legacy.structure_data(rows.structure, rows.region, [plan], rows.organisations, rows.people)

    organisation = dict(rows.organisations[0])
    organisation["former_names"] = "Landstinget Halland"
    with pytest.raises(error, match=r"^organisation \d+ “.+”, at former_names: expected a list of blocks"):
        legacy.structure_data(rows.structure, rows.region, rows.plans, [organisation], rows.people)

    structure = dict(rows.structure)
    structure["organisations"] = [{"type": "organisation", "value": "region-halland"}]
    with pytest.raises(
        error,
        match=r"at organisations\[0\] \(organisation\): "
        r"expected the id of an organisation or person, got \"region-halland\"",
    ):
        legacy.structure_data(structure, rows.region, rows.plans, rows.organisations, rows.people)

    structure["organisations"] = "not json"
    with pytest.raises(error, match=rf"^structure page {page.pk} “.+”, at organisations: expected a list of blocks"):
        legacy.structure_data(structure, rows.region, rows.plans, rows.organisations, rows.people)


def test_raw_stream_takes_what_a_migration_has() -> None:
    stored = [{"type": "source", "value": {"url": "https://example.org"}, "id": "s"}]
    assert legacy.raw_stream(None) == legacy.raw_stream("") == []
    assert legacy.raw_stream(json.dumps(stored)) == legacy.raw_stream(stored) == stored
    with pytest.raises(TypeError):
        legacy.raw_stream({"type": "source"})
