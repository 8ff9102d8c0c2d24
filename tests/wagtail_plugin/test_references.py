"""References are choosers (issue 13, item 2): no editor types an id, the file format keeps ids,
a chosen page follows renames, a page of another structure is refused, a deleted target is a problem."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.blocks.base import get_error_json_data
from wagtail.models import Revision

import kultursamverkan
from kultursamverkan import model as core
from wagtail_kultursamverkan import extract, importing, mapping, references
from wagtail_kultursamverkan.blocks import KEPT_ID, ReferenceBlock, field_block
from wagtail_kultursamverkan.models import BodyPage, StructurePage

from .helpers import admin_user, import_structure

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
HALLAND = REGIONS / "halland.yaml"


def _body(structure: StructurePage, identifier: str) -> BodyPage:
    return BodyPage.objects.child_of(structure).get(identifier=identifier)


def _relation_targets(body: BodyPage) -> list[dict]:
    return [item["value"]["target"] for item in body.relations.raw_data]


def _shown(error: Exception) -> str:
    """What the editor's browser receives to draw an error (and every error nested in it)."""
    return json.dumps(get_error_json_data(error), ensure_ascii=False)


class _Labels(HTMLParser):
    """Every label's text and every input's aria-label in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []
        self._in_label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "label":
            self._in_label = True
            self.labels.append("")
        if tag in ("input", "textarea", "select"):
            self.labels.extend(v or "" for k, v in attrs if k == "aria-label")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label = False

    def handle_data(self, data: str) -> None:
        if self._in_label:
            self.labels[-1] += data


def test_every_reference_of_the_core_is_a_chooser_by_one_rule() -> None:
    for spec in mapping.ALL:
        for f in spec.fields:
            kinds = core.reference_kinds(spec.core, f.name)
            if kinds is None:
                continue
            assert f.kind == mapping.STREAM, (spec.core.__name__, f.name)
            child = field_block(spec.core, f.name).child_blocks[f.name]
            assert isinstance(child, ReferenceBlock), (spec.core.__name__, f.name)
            assert child.kinds == kinds
    relation = field_block(core.Body, "relations").child_blocks["relations"]
    assert isinstance(relation.child_blocks["target"], ReferenceBlock)  # inside blocks too
    convener = field_block(core.Body, "convener").child_blocks["convener"]
    assert convener.child_blocks["page"].target_models[0].__name__ == "RegionIndexPage"  # an organisation or the region
    assert "organisation" in convener.child_blocks
    assert "person" not in convener.child_blocks
    based_on = field_block(core.Plan, "based_on").child_blocks["based_on"]
    assert [m.__name__ for m in based_on.child_blocks["page"].target_models] == ["PlanPage"]


@pytest.mark.django_db
def test_a_body_page_form_shows_choosers_not_id_inputs(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("en"))
    structure = import_structure(kultursamverkan.load(HALLAND))
    body = _body(structure, "operativa-grupper")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[body.pk])).content.decode()
    parser = _Labels()
    parser.feed(html)
    assert parser.labels
    assert not [label for label in parser.labels if "(id" in label]
    # The StreamFields' block definitions (telepath JSON): choosers, and no "(id)" label anywhere.
    assert "(id)" not in html
    assert "(ids)" not in html
    assert "wagtail.widgets.PageChooser" in html
    assert "SnippetChooser" in html


@pytest.mark.django_db
def test_an_import_chooses_the_pages_its_ids_name_and_exports_the_ids() -> None:
    original = kultursamverkan.load(HALLAND)
    structure = import_structure(original)
    body = _body(structure, "bibliotekschefsgruppen")
    [target] = _relation_targets(body)
    assert BodyPage.objects.get(pk=target["page"]).identifier == "operativa-grupper"
    assert kultursamverkan.loads(importing.export(structure, "yaml"), "yaml") == original


@pytest.mark.django_db
def test_pages_held_as_stored_are_resolved_without_being_read_again() -> None:
    """The import hands ``resolve`` the pages it has just created: their rows and latest revisions are
    written as they would be had they been read, and neither is read."""
    structure = import_structure(kultursamverkan.load(HALLAND))
    body = _body(structure, "bibliotekschefsgruppen")
    target = _body(structure, "operativa-grupper")
    kept = [
        {**item, "value": {**item["value"], "target": {KEPT_ID: target.identifier}}} for item in body.relations.raw_data
    ]
    body.relations = StreamValue(body.relations.stream_block, kept, is_lazy=True)
    body.save(update_fields=["relations"])
    revision = body.latest_revision
    stored = revision.content["relations"]
    revision.content["relations"] = json.dumps(kept) if isinstance(stored, str) else kept
    revision.save(update_fields=["content"])
    held = BodyPage.objects.get(pk=body.pk)
    assert held.latest_revision.pk == revision.pk  # cached on it, as the import's pages hold theirs
    with CaptureQueriesContext(connection) as queries:
        left = references.resolve(django_apps, pages={held.pk}, snippets=(), stored=[held])
    assert left == []
    reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in reads if "relations" in sql or "wagtailcore_revision" in sql], reads
    assert [t["page"] for t in _relation_targets(BodyPage.objects.get(pk=body.pk))] == [target.pk]
    content = Revision.objects.get(pk=revision.pk).content["relations"]
    items = json.loads(content) if isinstance(content, str) else content
    assert [item["value"]["target"]["page"] for item in items] == [target.pk]


@pytest.mark.django_db
def test_renaming_a_target_keeps_the_relation() -> None:
    structure = import_structure(kultursamverkan.load(HALLAND))
    target = _body(structure, "operativa-grupper")
    target.identifier = "operativa-arbetsgrupper"
    target.slug = "operativa-arbetsgrupper"
    target.save_revision().publish()
    exported = kultursamverkan.loads(importing.export(structure, "yaml"), "yaml")
    [referring] = [b for b in exported.bodies if b.id == "bibliotekschefsgruppen"]
    assert [r.target for r in referring.relations] == ["operativa-arbetsgrupper"]


@pytest.mark.django_db
def test_choosing_a_body_of_another_structure_is_refused_at_the_field() -> None:
    structure = import_structure(kultursamverkan.load(HALLAND))
    other = import_structure(kultursamverkan.load(REGIONS / "orebro.yaml"))
    foreign = BodyPage.objects.child_of(other).first()
    body = _body(structure, "bibliotekschefsgruppen")
    raw = list(body.relations.raw_data)
    raw[0] = {**raw[0], "value": {**raw[0]["value"], "target": {"page": foreign.pk, KEPT_ID: ""}}}
    body.relations = raw
    with translation.override("en"):
        [(field, error)] = extract.page_errors(body, structure)
    assert field == "relations"
    assert isinstance(error, blocks.StreamBlockValidationError)
    shown = _shown(error.block_errors[0].block_errors["target"])
    assert f"“{foreign.title}” is not part of this structure" in shown


@pytest.mark.django_db
def test_deleting_a_referenced_page_shows_a_problem_at_the_referring_page(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("en"))
    structure = import_structure(kultursamverkan.load(HALLAND))
    for translation_ in _body(structure, "operativa-grupper").get_translations(inclusive=True):
        translation_.delete()
    body = _body(structure, "bibliotekschefsgruppen")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[body.pk])).status_code == 200
    with translation.override("en"):
        errors = dict(extract.page_errors(body, structure))
    shown = _shown(errors["relations"].block_errors[0].block_errors["target"])
    assert "no longer exists" in shown
    assert "operativa-grupper" in shown  # the core's message names the id it last had


@pytest.mark.django_db
def test_the_page_chooser_opened_from_a_structure_offers_that_structures_pages() -> None:
    from django.test import RequestFactory
    from wagtail.models import Page

    from wagtail_kultursamverkan.wagtail_hooks import limit_page_choosers_to_the_structure

    structure = import_structure(kultursamverkan.load(HALLAND))
    other = import_structure(kultursamverkan.load(REGIONS / "orebro.yaml"))
    body = _body(structure, "bibliotekschefsgruppen")
    edit = reverse("wagtailadmin_pages:edit", args=[body.pk])
    request = RequestFactory().get("/admin/choose-page/", HTTP_REFERER=f"http://testserver{edit}")
    offered = set(limit_page_choosers_to_the_structure(Page.objects.all(), request).values_list("pk", flat=True))
    assert set(BodyPage.objects.child_of(structure).values_list("pk", flat=True)) <= offered
    assert structure.get_parent().pk in offered  # the region index
    assert not offered & set(BodyPage.objects.child_of(other).values_list("pk", flat=True))
    assert Page.objects.get(depth=1).pk in offered  # other pages (the root, links) are left alone
    without_referer = RequestFactory().get("/admin/choose-page/")
    assert limit_page_choosers_to_the_structure(Page.objects.all(), without_referer).count() == Page.objects.count()


@pytest.mark.django_db
def test_the_page_choosers_search_finds_a_body_of_the_structure_and_no_other(client) -> None:  # type: ignore[no-untyped-def]
    """The chooser modal's search box: the structure limit is a filter the search backend accepts (a lookup
    through the content type made every search from a structure's page fail)."""
    client.force_login(admin_user("sv"))
    structure = import_structure(kultursamverkan.load(HALLAND))
    other = import_structure(kultursamverkan.load(REGIONS / "orebro.yaml"))
    body = _body(structure, "bibliotekschefsgruppen")
    target = _body(structure, "strategiskt-natverk")
    foreign = BodyPage.objects.child_of(other).first()
    referer = "http://testserver" + reverse("wagtailadmin_pages:edit", args=[body.pk])
    search = reverse("wagtailadmin_choose_page_search")
    for page, offered in ((target, True), (foreign, False)):
        response = client.get(
            search, {"q": page.title, "page_type": "wagtail_kultursamverkan.bodypage"}, HTTP_REFERER=referer
        )
        assert response.status_code == 200
        html = (
            response.json()["html"]
            if response.headers["Content-Type"].startswith("application/json")
            else (response.content.decode())
        )
        assert (f'data-id="{page.pk}"' in html) is offered, (page.title, html[:1500])
