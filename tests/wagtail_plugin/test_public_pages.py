"""The public pages a region publishes: structure page with contents, linked diagram and bodies; body and
plan pages that name themselves once and link their relations; breadcrumbs; both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup

import kultursamverkan
from wagtail_kultursamverkan.models import BodyPage, PlanPage

from .helpers import structure_page

HALLAND = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _soup(client, url: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_structure_body_and_plan_pages(client, lang: str) -> None:  # type: ignore[no-untyped-def]
    from wagtail.models import Locale

    structure = kultursamverkan.load(HALLAND)
    page = structure_page(structure)
    if lang != "sv":
        page = page.get_translation(Locale.objects.get_or_create(language_code=lang)[0])
    bodies = {p.identifier: p for p in BodyPage.objects.child_of(page).live()}
    assert set(bodies) == {b.id for b in structure.bodies}

    soup = _soup(client, page.url)
    assert soup.html["lang"] == lang
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == [structure.name.text(lang)]
    crumbs = soup.find("nav", class_="ks-breadcrumbs")
    assert crumbs.find("li", attrs={"aria-current": "page"}).get_text(strip=True) == page.title
    assert page.get_parent().url in [a["href"] for a in crumbs.find_all("a")]
    toc = soup.find("nav", class_="ks-toc")
    for link in toc.find_all("a"):
        assert soup.find(id=link["href"][1:]) is not None
    svg = soup.find("div", class_="ks-diagram").find("svg")
    linked = {a["href"] for a in svg.find_all("a")}
    assert {bodies[b.id].url for b in structure.bodies} <= linked
    listed = soup.find("section", id="ks-bodies")
    for body in structure.bodies:
        assert listed.find("a", href=bodies[body.id].url).get_text() == body.name.text(lang)
    plans = {p.identifier: p for p in PlanPage.objects.child_of(page).live()}
    for plan in structure.plans:
        assert soup.find("a", href=plans[plan.id].url) is not None
    assert ":focus-visible" in soup.find("style").string  # visible focus in the default design

    part = bodies["bibliotekschefsgruppen"]
    body_soup = _soup(client, part.url)
    assert [h.get_text(strip=True) for h in body_soup.find_all("h1")] == [part.title]
    assert body_soup.find("a", href=bodies["operativa-grupper"].url) is not None  # "part of" as a link
    assert body_soup.find("p", class_="ks-body__summary") is not None
    trail = [a["href"] for a in body_soup.find("nav", class_="ks-breadcrumbs").find_all("a")]
    assert trail[-1] == page.url

    plan_page = plans[structure.plans[0].id]
    plan_soup = _soup(client, plan_page.url)
    assert [h.get_text(strip=True) for h in plan_soup.find_all(["h1", "h2"])][:1] == [
        structure.plans[0].name.text(lang)
    ]
    assert len(plan_soup.find_all("h1")) == 1
    assert plan_soup.find("h2") is None or plan_soup.find("h2").get_text(strip=True) != plan_page.title
