"""``legacy``: old structure pages read from their raw stored rows give what today's conversion gives.

Each example is imported with today's importer; its pages are then read back as a data
migration reads them (historical models at migration 0006, ``values()`` rows, the streams'
stored JSON) and must give exactly ``convert.page_data``'s data, and so the same core
``Structure``: nothing an old site holds is lost on the way to the page tree.
"""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from wagtail import blocks
from wagtail.models import Locale, PageViewRestriction

import kultursamverkan
from kultursamverkan import converter
from wagtail_kultursamverkan import convert, legacy
from wagtail_kultursamverkan.models import PlanPage, StructurePage

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


@pytest.mark.django_db
def test_rows_from_todays_models_and_raw_json_text_read_the_same(english: Locale) -> None:
    """``values()`` of the current models and the JSON text a raw SQL query gives are read alike."""
    import json

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
