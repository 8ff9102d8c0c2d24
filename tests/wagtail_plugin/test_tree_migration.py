"""Upgrading a site from migration 0006 (StreamField bodies, two languages per page) keeps its content.

Each test migrates the test database back to ``0006_format_2``, stores old structure pages
exactly as that design stored them (the rows in ``legacy_rows``: the five examples and
``complete.yaml``, in a Swedish page and its English translation, with their plan pages and
Swedish snippets), migrates forward to today's schema and lets ``migrate``'s
``post_migrate`` build the page tree. The tree's export must be the structure the old page
showed, each locale's pages must hold their own language, a malformed page must be named
without a traceback while the others are built, and building again must change nothing.
"""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import json
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from kultursamverkan import converter
from kultursamverkan.io import from_data
from wagtail_kultursamverkan import extract, importing, legacy

ROWS = Path(__file__).resolve().parent / "legacy_rows"
EXAMPLES = ["halland", "norrbotten", "orebro", "skane", "stockholm", "complete"]
APP = "wagtail_kultursamverkan"
#: Treebeard's path alphabet: four digits a level.
PATH_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OLD = [(APP, "0006_format_2")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _migrate_to_latest() -> None:
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


# ------------------------------------------------ a 0006-era site, row by row


class OldSite:
    """Writes pages and snippets through migration 0006's historical models, as that design stored them."""

    def __init__(self, apps: Any) -> None:
        self.apps = apps
        self.page = apps.get_model("wagtailcore", "Page")
        locales = apps.get_model("wagtailcore", "Locale")
        self.sv = locales.objects.get(language_code="sv")
        self.en = locales.objects.get_or_create(language_code="en")[0]
        types = apps.get_model("contenttypes", "ContentType")
        self.types = {
            name: types.objects.get_or_create(app_label=APP, model=name.lower())[0]
            for name in ("RegionIndexPage", "StructurePage", "PlanPage")
        }
        self.home = {self.sv.pk: self.page.objects.get(depth=2, locale=self.sv)}
        home = self.home[self.sv.pk]
        self.home[self.en.pk] = self.page.objects.filter(translation_key=home.translation_key, locale=self.en).first()
        if self.home[self.en.pk] is None:
            root = self.page.objects.get(depth=1)
            self.home[self.en.pk] = self._add(
                self.page,
                root,
                self.en,
                home.translation_key,
                title="Home",
                slug="home-en",
                live=True,
                content_type_id=home.content_type_id,
            )

    def _add(self, model: Any, parent: Any, locale: Any, key: uuid.UUID, **fields: Any) -> Any:
        """A page as the last child of ``parent`` (treebeard's materialised path, four base-36 digits a level)."""
        parent = self.page.objects.get(pk=parent.pk)
        number = parent.numchild + 1
        digits = ""
        while number:
            number, rest = divmod(number, 36)
            digits = PATH_DIGITS[rest] + digits
        extra = {"content_type": self.types[model.__name__]} if model is not self.page else {}
        page = model.objects.create(
            path=parent.path + digits.rjust(4, "0"),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{fields['slug']}/",
            draft_title=fields["title"],
            locale=locale,
            translation_key=key,
            **extra,
            **fields,
        )
        self.page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        return page

    def _streams(self, model: Any, pk: int, row: dict[str, Any], key: str = "page_ptr_id") -> None:
        """Stream values written as the stored JSON, as the blocks of that design wrote them."""
        table = connection.ops.quote_name(model._meta.db_table)
        for name in legacy.STREAMS & set(row):
            column = connection.ops.quote_name(name)
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [json.dumps(row[name]), pk])

    def _fields(self, row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k not in ("id", "title") and k not in legacy.STREAMS}

    def structure(self, rows: dict[str, Any], *, draft_plans: int = 0, live: bool = True) -> dict[str, int]:
        """The rows of ``PageRows.plain()`` as pages in Swedish and English, and Swedish snippets.

        The last ``draft_plans`` plan pages are not live. Returns the new ids of the Swedish and English
        structure pages.
        """
        apps = self.apps
        region_model = apps.get_model(APP, "RegionIndexPage")
        structure_model = apps.get_model(APP, "StructurePage")
        plan_model = apps.get_model(APP, "PlanPage")
        renumbered: dict[str, dict[int, int]] = {}
        for name, model_name in (("organisations", "Organisation"), ("people", "Person")):
            model = apps.get_model(APP, model_name)
            renumbered[name] = {}
            for row in rows[name]:
                obj = model.objects.create(locale=self.sv, translation_key=uuid.uuid4(), **self._fields(row))
                self._streams(model, obj.pk, row, key="id")
                renumbered[name][row["id"]] = obj.pk
        structure_row = dict(rows["structure"])
        for name in ("organisations", "people"):
            structure_row[name] = [
                {**block, "value": renumbered[name].get(block["value"], block["value"])} for block in structure_row[name]
            ]
        keys = {"region": uuid.uuid4(), "structure": uuid.uuid4(), "plans": [uuid.uuid4() for _p in rows["plans"]]}
        out = {}
        for locale in (self.sv, self.en):
            region_row = rows["region"]
            region = self._add(
                region_model,
                self.home[locale.pk],
                locale,
                keys["region"],
                title=region_row["title"],
                slug=region_row["region_identifier"],
                live=True,
                **self._fields(region_row),
            )
            self._streams(region_model, region.pk, region_row)
            page = self._add(
                structure_model,
                region,
                locale,
                keys["structure"],
                title=structure_row["title"],
                slug=structure_row["structure_identifier"],
                live=live,
                **self._fields(structure_row),
            )
            self._streams(structure_model, page.pk, structure_row)
            for n, (plan_row, key) in enumerate(zip(rows["plans"], keys["plans"], strict=True)):
                plan = self._add(
                    plan_model,
                    page,
                    locale,
                    key,
                    title=plan_row["title"],
                    slug=plan_row["plan_identifier"],
                    live=n < len(rows["plans"]) - draft_plans,
                    **self._fields(plan_row),
                )
                self._streams(plan_model, plan.pk, plan_row)
            out[locale.language_code] = page.pk
        return out


def _stored(name: str) -> dict[str, Any]:
    return json.loads((ROWS / f"{name}.json").read_text())


def _broken_rows() -> dict[str, Any]:
    """Stockholm's rows with a block type no version of the old blocks had: the reader refuses it by name."""
    rows = _stored("stockholm")["rows"]
    rows["structure"] = {
        **rows["structure"],
        "title": "Trasig struktur",
        "structure_identifier": "trasig",
        "content": [*rows["structure"]["content"], {"type": "meeting_place", "value": {"id": "x"}, "id": "m"}],
    }
    rows["region"] = {**rows["region"], "region_identifier": "region-trasig", "title": "Trasig region"}
    rows["plans"] = []
    rows["organisations"] = [{**o, "identifier": f"trasig-{o['identifier']}"} for o in rows["organisations"]]
    return rows


def _upgrade(names: list[str], *, broken: bool = False, draft_plans: int = 0) -> tuple[dict[str, dict], str]:
    """Old pages for ``names`` at 0006, then ``migrate``: the new ids per name, and what ``post_migrate`` said."""
    executor = _executor()
    executor.migrate(OLD)
    site = OldSite(_executor().loader.project_state(OLD).apps)
    ids = {name: site.structure(_stored(name)["rows"], draft_plans=draft_plans) for name in names}
    if broken:
        ids["broken"] = site.structure(_broken_rows())
    _migrate_to_latest()
    out = StringIO()
    with translation.override("en"):
        emit_post_migrate_signal(1, False, "default", stdout=out)
    return ids, out.getvalue()


@pytest.fixture
def upgraded_db(transactional_db: None) -> Any:
    """A transactional test (the schema changes), brought back to today's schema whatever happens."""
    try:
        yield
    finally:
        _migrate_to_latest()


# ------------------------------------------------------------------ checks


def _snapshot() -> dict[str, Any]:
    """What building could change: every page's row and revision, every snippet's text."""
    from wagtail.models import Page

    from wagtail_kultursamverkan.models import Organisation, Person

    return {
        "pages": list(Page.objects.order_by("pk").values("pk", "path", "live", "latest_revision_id", "title")),
        "organisations": list(Organisation.objects.order_by("pk").values("pk", "identifier", "locale_id", "name")),
        "people": list(Person.objects.order_by("pk").values("pk", "identifier", "locale_id", "title")),
    }


def _check_structure(name: str, ids: dict[str, int]) -> None:
    from wagtail.models import Locale

    from wagtail_kultursamverkan.models import BodyPage, Organisation, PendingTree, PlanPage, StructurePage

    data = _stored(name)["data"]
    original = from_data(data)
    page = StructurePage.objects.get(pk=ids["sv"])
    exported = extract.structure_from_page(page, "all")
    assert converter.unstructure(exported) == converter.unstructure(original), name
    assert exported == original
    # Each locale's pages hold their own language; the English structure page is the old translation.
    english = StructurePage.objects.get(pk=ids["en"])
    assert english.translation_key == page.translation_key
    assert (page.name, english.name) == (data["name"]["sv"], data["name"].get("en", ""))
    if data.get("bodies"):
        body = data["bodies"][0]
        sv_body = BodyPage.objects.child_of(page).get(identifier=body["id"])
        en_body = BodyPage.objects.child_of(english).get(identifier=body["id"])
        assert (sv_body.name, en_body.name) == (body["name"]["sv"], body["name"].get("en", ""))
        assert sv_body.live and en_body.live
    for plan in data["plans"]:
        assert PlanPage.objects.child_of(english).get(identifier=plan["id"]).name == plan["name"].get("en", "")
    en = Locale.objects.get(language_code="en")
    for org in data.get("organisations", ()):
        sv_org = Organisation.objects.get(identifier=org["id"], locale=Locale.get_default())
        en_org = Organisation.objects.get(identifier=org["id"], locale=en)
        assert sv_org.name == org["name"]["sv"]
        assert en_org.name == org["name"].get("en", ""), org["id"]
        assert en_org.translation_key == sv_org.translation_key
    assert not PendingTree.objects.filter(page_id__in=ids.values()).exists()


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_upgraded_site_keeps_each_structure_in_the_new_tree(name: str, upgraded_db: None) -> None:
    ids, said = _upgrade([name])
    assert "Built the page tree of structure page" in said
    _check_structure(name, ids[name])
    # The tree is what the file says: importing the export again changes nothing.
    from wagtail.models import Locale

    from wagtail_kultursamverkan.models import StructurePage

    page = StructurePage.objects.get(pk=ids[name]["sv"])
    source = importing.Source(name, extract.structure_from_page(page, "all"))
    parent = page.get_parent().get_parent()
    changes = importing.plan([source], parent, Locale.get_default())
    assert {c.action for c in changes} == {importing.UNCHANGED}, [c for c in changes if c.action != "unchanged"]


def test_a_malformed_page_is_named_the_others_are_built_and_building_again_changes_nothing(
    upgraded_db: None,
) -> None:
    from wagtail_kultursamverkan.models import PendingTree, PlanPage, StructurePage

    ids, said = _upgrade(["halland"], broken=True, draft_plans=1)
    broken = StructurePage.objects.get(pk=ids["broken"]["sv"])
    assert f"Not built: structure page {broken.pk} “Trasig struktur”" in said
    assert "content[" in said and "(meeting_place): unknown block type" in said
    assert "Traceback" not in said
    _check_structure("halland", ids["halland"])
    # The plan page that was a draft is still one (in both locales); the others are live.
    halland = StructurePage.objects.get(pk=ids["halland"]["sv"])
    plans = list(PlanPage.objects.child_of(halland).order_by("path").values_list("live", flat=True))
    assert plans == [True, True, False]
    assert set(PendingTree.objects.values_list("page_id", flat=True)) == set(ids["broken"].values())
    assert not list(StructurePage.objects.child_of(broken.get_parent()).get(pk=broken.pk).get_children())

    before = _snapshot()
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 of 1 structure pages were not built"):
        call_command("kultursamverkan_build_tree", stdout=out, stderr=err)
    assert f"Not built: structure page {broken.pk} “Trasig struktur”" in out.getvalue()
    assert _snapshot() == before
    with translation.override("en"):
        emit_post_migrate_signal(1, False, "default", stdout=StringIO())
    assert _snapshot() == before


def test_a_draft_structure_page_gets_a_draft_tree(upgraded_db: None) -> None:
    from wagtail_kultursamverkan.models import BodyPage, StructurePage

    executor = _executor()
    executor.migrate(OLD)
    site = OldSite(_executor().loader.project_state(OLD).apps)
    ids = site.structure(_stored("stockholm")["rows"], live=False)
    _migrate_to_latest()
    out = StringIO()
    with translation.override("en"):
        call_command("kultursamverkan_build_tree", stdout=out)
    assert "Built the page tree" in out.getvalue()
    page = StructurePage.objects.get(pk=ids["sv"])
    bodies = BodyPage.objects.child_of(page)
    assert bodies.exists() and not bodies.filter(live=True).exists()
    assert not page.live
    with translation.override("en"):
        call_command("kultursamverkan_build_tree", stdout=out)
    assert "No structure page waits for its page tree." in out.getvalue()
