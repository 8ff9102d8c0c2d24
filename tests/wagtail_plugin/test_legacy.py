"""``legacy``: old structure pages read from their raw stored rows give what the StreamField design gave.

Rows stored from each example under that design (``legacy_rows``) are read back as a data
migration reads them and must give the data ``convert.page_data`` gave for them, and so the
same core ``Structure``; malformed and older stored values are read or named as they were.
The tests that compared with the design's own code went with it (issue 13); its frozen
blocks are checked against migration 0006's shape, and ``test_tree_migration`` upgrades a
real 0006-era database.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from wagtail import blocks
from wagtail.models import Locale

import kultursamverkan
from wagtail_kultursamverkan import legacy

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


#: Each example's Swedish page as stored by the StreamField design (``PageRows.plain``) with the data
#: ``convert.page_data`` gave for it: the reader is held to them after that design's code is gone.
ROWS = Path(__file__).resolve().parent / "legacy_rows"
#: Set to write the stored rows anew (with the StreamField design's importer and conversion).
WRITE_ROWS = os.environ.get("KULTURSAMVERKAN_WRITE_LEGACY_ROWS") == "1"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_stored_rows_of_each_example_read_as_they_did(path: Path) -> None:
    """Needs no database and none of the StreamField design's code: the rows as they were stored."""
    stored = json.loads((ROWS / f"{path.stem}.json").read_text())
    rows = legacy.PageRows.from_plain(stored["rows"])
    assert rows.data() == stored["data"]
    assert legacy.PageRows.from_plain(json.loads(json.dumps(rows.plain()))).data() == stored["data"]
    legacy.structure(rows.structure, rows.region, rows.plans, rows.organisations, rows.people)  # valid


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


# ------------------------------------------------------- old and malformed data


def _page_rows(old_apps: Any) -> tuple[Any, legacy.PageRows]:
    """Halland's Swedish page as the StreamField design stored it (``legacy_rows``), its streams as plain lists."""
    rows = legacy.PageRows.from_plain(json.loads((ROWS / f"{EXAMPLES[0].stem}.json").read_text())["rows"])
    page: Any = SimpleNamespace(pk=rows.structure["id"], title=rows.structure["title"])
    structure = dict(rows.structure)
    for name in ("content", "sources", "organisations", "people"):
        structure[name] = copy.deepcopy(legacy.raw_stream(structure[name]))
    return page, legacy.PageRows(structure, rows.region, rows.plans, rows.organisations, rows.people)


def _first_body(rows: legacy.PageRows) -> tuple[int, dict[str, Any]]:
    return next((i, c) for i, c in enumerate(rows.structure["content"]) if c["type"] == "body")


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
