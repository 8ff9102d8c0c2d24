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

import re

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
from django.test import override_settings
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
        self.sv = locales.objects.get_or_create(language_code="sv")[0]
        self.en = locales.objects.get_or_create(language_code="en")[0]
        types = apps.get_model("contenttypes", "ContentType")
        self.types = {
            name: types.objects.get_or_create(app_label=APP, model=name.lower())[0]
            for name in ("RegionIndexPage", "StructurePage", "PlanPage")
        }
        root = self.page.objects.filter(depth=1).first()
        if root is None:  # an earlier transactional test emptied the database
            page_type = types.objects.get_or_create(app_label="wagtailcore", model="page")[0]
            root = self.page.objects.create(
                title="Root",
                draft_title="Root",
                slug="root",
                path="0001",
                depth=1,
                numchild=0,
                url_path="/",
                content_type=page_type,
                locale=self.sv,
                translation_key=uuid.uuid4(),
                live=True,
            )
        home = self.page.objects.filter(depth=2, locale=self.sv).first()
        if home is None:
            home = self._add(
                self.page,
                root,
                self.sv,
                uuid.uuid4(),
                title="Home",
                slug="home",
                live=True,
                content_type_id=root.content_type_id,
            )
        self.home = {self.sv.pk: home}
        self.home[self.en.pk] = self.page.objects.filter(translation_key=home.translation_key, locale=self.en).first()
        if self.home[self.en.pk] is None:
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
                obj = model.objects.filter(locale=self.sv, identifier=row["identifier"]).first()
                if obj is None:  # a snippet is shared by the structures that choose it
                    obj = model.objects.create(locale=self.sv, translation_key=uuid.uuid4(), **self._fields(row))
                    self._streams(model, obj.pk, row, key="id")
                renumbered[name][row["id"]] = obj.pk
        structure_row = dict(rows["structure"])
        for name in ("organisations", "people"):
            structure_row[name] = [
                {**block, "value": renumbered[name].get(block["value"], block["value"])}
                for block in structure_row[name]
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


def _renamed(name: str, identifier: str, title: str) -> dict[str, Any]:
    """An example's rows as another structure in another region, sharing its snippets."""
    rows = _stored(name)["rows"]
    rows["structure"] = {**rows["structure"], "title": title, "structure_identifier": identifier}
    rows["region"] = {**rows["region"], "region_identifier": f"region-{identifier}", "title": f"Region {title}"}
    rows["plans"] = []
    return rows


def _broken_rows() -> dict[str, Any]:
    """Stockholm's rows with a block type no version of the old blocks had: the reader refuses it by name."""
    rows = _renamed("stockholm", "trasig", "Trasig struktur")
    rows["structure"]["content"] = [
        *rows["structure"]["content"],
        {"type": "meeting_place", "value": {"id": "x"}, "id": "m"},
    ]
    return rows


def _upgrade(
    names: list[str],
    *,
    broken: bool = False,
    draft_plans: dict[str, int] | None = None,
    drafts: frozenset[str] = frozenset(),
) -> tuple[dict[str, dict], str]:
    """Old pages for ``names`` at 0006, then ``migrate``: the new ids per name, and what ``post_migrate`` said.

    The structure pages of ``drafts`` are not live, nor the last ``draft_plans[name]`` plan pages of ``name``.
    """
    executor = _executor()
    executor.migrate(OLD)
    site = OldSite(_executor().loader.project_state(OLD).apps)
    ids = {
        name: site.structure(
            _stored(name)["rows"], draft_plans=(draft_plans or {}).get(name, 0), live=name not in drafts
        )
        for name in names
    }
    if broken:
        ids["broken"] = site.structure(_broken_rows())
    # Snippets that no structure page chooses keep both languages too.
    organisations = site.apps.get_model(APP, "Organisation")
    organisations.objects.create(
        locale=site.sv,
        translation_key=uuid.uuid4(),
        identifier="ensam-forening",
        name_sv="Ensam förening",
        name_en="Lonely association",
        kind="civil_society_organisation",
    )
    organisations.objects.create(  # a kind no version had: named, and left as it is
        locale=site.sv, translation_key=uuid.uuid4(), identifier="fel-forening", name_sv="Fel", kind="association"
    )
    people = site.apps.get_model(APP, "Person")
    people.objects.create(
        locale=site.sv,
        translation_key=uuid.uuid4(),
        identifier="ensam-person",
        name="Eva Ensam",
        title_sv="ordförande",
        title_en="chair",
    )
    _migrate_to_latest()
    out = StringIO()
    with translation.override("en"):
        emit_post_migrate_signal(1, False, "default", stdout=out)
    return ids, out.getvalue()


@pytest.fixture
def upgraded_db(transactional_db: None) -> Any:
    """A transactional test (the schema changes), brought back to today's schema whatever happens.

    Its database is emptied afterwards (pytest-django runs such tests after the others); ``OldSite``
    makes the root and home pages and the Swedish locale when an earlier one has emptied it.
    """
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
        assert sv_body.live
        assert en_body.live
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


def _unchanged_on_import(page_id: int) -> None:
    """The tree is what its export says: importing the export again changes nothing."""
    from wagtail.models import Locale

    from wagtail_kultursamverkan.models import StructurePage

    page = StructurePage.objects.get(pk=page_id)
    source = importing.Source(page.identifier, extract.structure_from_page(page, "all"))
    changes = importing.plan([source], page.get_parent().get_parent(), Locale.get_default())
    assert {c.action for c in changes} == {importing.UNCHANGED}, [c for c in changes if c.action != "unchanged"]


@pytest.mark.migrations
def test_an_upgraded_site_keeps_every_structure_names_a_malformed_one_and_builds_once(upgraded_db: None) -> None:
    """All six in one site (one migration there and back): lossless, each language in its locale, and idempotent.

    One test, as the schema goes back and forth, which takes most of its time.
    """
    from wagtail_kultursamverkan.models import BodyPage, PendingTree, PlanPage, StructurePage

    ids, said = _upgrade(EXAMPLES, broken=True, draft_plans={"halland": 1}, drafts=frozenset({"stockholm"}))
    assert said.count("Built the page tree of structure page") == len(EXAMPLES)
    # A structure page that was a draft gets a tree of drafts, which its publishing publishes;
    # its plan page, live before, stays live with its content.
    draft = StructurePage.objects.get(pk=ids["stockholm"]["sv"])
    assert not draft.live
    assert BodyPage.objects.child_of(draft).exists()
    assert not BodyPage.objects.child_of(draft).filter(live=True).exists()
    plan = PlanPage.objects.child_of(draft).get()
    assert plan.live
    assert not plan.has_unpublished_changes
    for locale in ("sv", "en"):
        StructurePage.objects.get(pk=ids["stockholm"][locale]).get_latest_revision().publish()
    for name in EXAMPLES:
        _check_structure(name, ids[name])
        _unchanged_on_import(ids[name]["sv"])
    # A malformed page is named with the place and reason, without a traceback, and waits.
    broken = StructurePage.objects.get(pk=ids["broken"]["sv"])
    # Named by its Swedish page or its translation, whichever of the two the build met first.
    either = "|".join(str(pk) for pk in ids["broken"].values())
    assert re.search(rf"Not built: structure page ({either}) “Trasig struktur”", said), said
    assert "content[" in said
    assert "(meeting_place): unknown block type" in said
    assert "Traceback" not in said
    assert set(PendingTree.objects.values_list("page_id", flat=True)) == set(ids["broken"].values())
    assert not broken.get_children().exists()
    # The plan page that was a draft is still one (in both locales); the others are live.
    for locale in ("sv", "en"):
        halland = StructurePage.objects.get(pk=ids["halland"][locale])
        assert list(PlanPage.objects.child_of(halland).order_by("path").values_list("live", flat=True)) == [
            True,
            True,
            False,
        ]

    from wagtail.models import Locale

    from wagtail_kultursamverkan.models import Organisation, PendingSnippet, Person

    lonely = {o.locale.language_code: o for o in Organisation.objects.filter(identifier="ensam-forening")}
    assert {k: o.name for k, o in lonely.items()} == {"sv": "Ensam förening", "en": "Lonely association"}
    assert lonely["sv"].translation_key == lonely["en"].translation_key
    person = {p.locale.language_code: p.title for p in Person.objects.filter(identifier="ensam-person")}
    assert person == {"sv": "ordförande", "en": "chair"}
    wrong = Organisation.objects.get(identifier="fel-forening")
    assert f"Not converted: organisation {wrong.pk} “fel-forening”: kind: not_one_of" in said
    assert list(PendingSnippet.objects.values_list("snippet_id", flat=True)) == [wrong.pk]
    assert not Organisation.objects.filter(identifier="fel-forening", locale__language_code="en").exists()
    assert Locale.objects.count() == 2

    before = _snapshot()
    out = StringIO()
    # The command speaks the site's language (settings.LANGUAGE_CODE): English here.
    with (
        override_settings(LANGUAGE_CODE="en"),
        pytest.raises(CommandError, match="1 of 1 structure pages were not built"),
    ):
        call_command("kultursamverkan_build_tree", stdout=out, stderr=StringIO())
    assert re.search(rf"Not built: structure page ({either}) “Trasig struktur”", out.getvalue()), out.getvalue()
    assert _snapshot() == before
    with translation.override("en"):
        emit_post_migrate_signal(1, False, "default", stdout=StringIO())
    assert _snapshot() == before
