"""Plan pages: a culture or action plan with goals and milestones, checked in its structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from bs4 import BeautifulSoup
from wagtail.blocks.base import get_error_json_data

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.model import Goal, Milestone, Plan
from kultursamverkan.values import LocalizedText, PartialDate, Period
from kultursamverkan.vocab import PlanKind
from wagtail_kultursamverkan.extract import page_errors
from wagtail_kultursamverkan.language import merge, split
from wagtail_kultursamverkan.models import (
    AgreementPage,
    BodyPage,
    CollaborationPage,
    EventPage,
    EventSeriesPage,
    PlanPage,
    RegionIndexPage,
    StructurePage,
)

from .helpers import plan_page, structure_page

HALLAND = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _plan(structure: kultursamverkan.Structure) -> Plan:
    base = structure.plans[0]
    return attrs.evolve(
        base,
        id="handlingsplan-kultur",
        name=LocalizedText(sv="Handlingsplan för kultur", en="Action plan for culture"),
        kind=PlanKind.ACTION_PLAN,
        based_on=base.id,
        period=Period(start=PartialDate.parse("2024"), end=PartialDate.parse("2027")),
        goals=(
            Goal(
                text=LocalizedText(sv="Fler barn möter konst", en="More children meet art"),
                focus_areas=(LocalizedText(sv="Skolan"),),
            ),
        ),
        milestones=(Milestone(date=PartialDate.parse("2025-06"), description=LocalizedText(sv="Halvtidsuppföljning")),),
    )


def _swedish(plan: Plan) -> Plan:
    """The plan as a Swedish page alone holds it: its Swedish text only."""
    return converter.structure(merge({"sv": split(converter.unstructure(plan), Plan, "sv")}, Plan), Plan)


@pytest.mark.django_db
def test_plan_round_trips_and_renders_in_its_structure(client) -> None:  # type: ignore[no-untyped-def]
    structure = kultursamverkan.load(HALLAND)
    parent = structure_page(structure)
    plan = _plan(structure)
    page = PlanPage.objects.get(pk=plan_page(plan, parent).pk)
    core_plan, context = page.core_item()
    assert core_plan == _swedish(plan)
    assert context.id == structure.id
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "sv"
    text = soup.get_text(" ")
    assert "Fler barn möter konst" in text
    assert "Halvtidsuppföljning" in text
    assert structure.plans[0].name.text("sv") in text  # "based on" names the plan, not its id
    [script] = soup.find_all("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    # One node for the plan: the core's graph holds every plan of the structure, the page completes it.
    [node] = [n for n in graph if n.get("@id") == f"{parent.get_full_url()}#{plan.id}"]
    assert node["@type"] == "CreativeWork"
    assert node["name"]["sv"] == "Handlingsplan för kultur"
    assert node["temporalCoverage"] == "2024/2027"


@pytest.mark.django_db
def test_plan_under_region_index_uses_its_newest_structure() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = structure_page(structure)
    index = parent.get_parent().specific
    page = plan_page(_plan(structure), index)
    result = page.core_item()
    assert result is not None
    assert result[1].id == structure.id
    assert result[0].id == "handlingsplan-kultur"


@pytest.mark.django_db
def test_a_plan_with_an_unknown_reference_is_refused_at_its_field() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = structure_page(structure)
    page = PlanPage.objects.get(pk=plan_page(_plan(structure), parent).pk)
    assert page_errors(page, parent) == []
    page.based_on = [{"type": "based_on", "value": "no-such-plan"}]  # a reference kept as an id: nothing chosen
    [(field, error)] = page_errors(page, parent)
    assert field == "based_on"
    assert "no-such-plan" in json.dumps(get_error_json_data(error))


@pytest.mark.django_db
def test_page_hierarchy() -> None:
    assert PlanPage.allowed_parent_page_models() == [RegionIndexPage, StructurePage]
    assert StructurePage.allowed_subpage_models() == [
        BodyPage,
        CollaborationPage,
        AgreementPage,
        PlanPage,
        EventSeriesPage,
        EventPage,
    ]
    assert set(RegionIndexPage.allowed_subpage_models()) == {StructurePage, PlanPage}
    for model in (BodyPage, CollaborationPage, AgreementPage, EventSeriesPage, EventPage):
        assert model.allowed_parent_page_models() == [StructurePage]
        assert model.allowed_subpage_models() == []


@pytest.mark.django_db
def test_api_fields_give_the_cores_data() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = structure_page(structure)
    page = PlanPage.objects.get(pk=plan_page(_plan(structure), parent).pk)
    for model in (StructurePage, PlanPage, BodyPage):
        assert [f.name for f in model.api_fields] == ["kultursamverkan"]
    assert StructurePage.objects.get(pk=parent.pk).kultursamverkan["bodies"][0]["id"] == structure.bodies[0].id
    assert page.kultursamverkan["based_on"] == structure.plans[0].id
    assert page.kultursamverkan["goals"][0]["text"] == {"sv": "Fler barn möter konst"}


@pytest.mark.django_db
def test_the_editor_creates_a_plan_page_and_sees_problems_at_their_fields(client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from .helpers import admin_user

    structure = kultursamverkan.load(HALLAND)
    parent = structure_page(structure)
    client.force_login(admin_user("sv"))
    url = reverse("wagtailadmin_pages:add", args=["wagtail_kultursamverkan", "planpage", parent.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "(planens id)" not in form.content.decode()  # a chooser, not an id to type
    data = {"title": "Handlingsplan", "slug": "handlingsplan", "name": "Handlingsplan", "kind": "action_plan"}
    data |= {f"{f.attr}-count": 0 for f in PlanPage.spec.fields if f.kind == "stream"}
    chosen = {"count": 1, "0-type": "based_on", "0-deleted": "", "0-order": 0, "0-id": "", "0-value-page": ""}
    data |= {"status": "adopted", **{f"based_on-{k}": v for k, v in chosen.items()}, "based_on-0-value-kept_id": "x"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "based_on" in response.context["form"].errors
    assert not PlanPage.objects.filter(slug="handlingsplan").exists()
    data["based_on-0-value-page"] = PlanPage.objects.child_of(parent).get(identifier=structure.plans[0].id).pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert PlanPage.objects.get(slug="handlingsplan").identifier == "handlingsplan"  # made from the slug


@pytest.mark.django_db
def test_a_second_page_with_a_taken_id_is_refused_at_its_id() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = StructurePage.objects.get(pk=structure_page(structure).pk)
    first = PlanPage.objects.child_of(parent).order_by("path").first()
    assert page_errors(first, parent) == []
    assert page_errors(parent, None) == []
    copy = PlanPage(title="Kopia", slug="kopia", locale=parent.locale)
    from wagtail_kultursamverkan import mapping

    mapping.write(copy, mapping.PLAN, split(converter.unstructure(structure.plans[0]), Plan, "sv"))
    errors = dict(page_errors(copy, parent))  # another plan page, same id
    assert "identifier" in errors


@pytest.mark.django_db
def test_a_pages_problem_shows_on_its_structure_page_naming_the_page() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = StructurePage.objects.get(pk=structure_page(structure).pk)
    responsible = [{"type": "owner", "value": {"kept_id": "finns-inte"}, "id": "o1"}]
    PlanPage.objects.child_of(parent).filter(identifier=structure.plans[0].id).update(responsible=responsible)
    [(field, error)] = page_errors(parent, None)
    assert field is None
    assert structure.plans[0].name.text("sv") in str(error)
    assert "finns-inte" in str(error)
