"""Building pages from core structures for the tests."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, Site

from kultursamverkan.model import Plan, Structure
from wagtail_kultursamverkan import convert
from wagtail_kultursamverkan.models import PlanPage, RegionIndexPage, StructurePage


def site_root() -> Page:
    """The default site's home page: pages under it have URLs."""
    return Site.objects.get(is_default_site=True).root_page


def region_page(structure: Structure, parent: Page | None = None) -> RegionIndexPage:
    parent = parent or site_root()
    slug = f"region-{structure.region.id}"
    existing = RegionIndexPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    page = RegionIndexPage(title=structure.region.name.text("sv"), slug=slug)
    convert.apply_region(convert.region_data_from(structure), page)
    parent.add_child(instance=page)
    return page


def structure_page(structure: Structure, parent: RegionIndexPage | None = None) -> StructurePage:
    """A saved and published structure page holding ``structure``, with a published plan page per plan."""
    parent = parent or region_page(structure)
    page = StructurePage(title=structure.name.text("sv"), slug=structure.id)
    convert.apply(structure, page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    for plan in structure.plans:
        plan_page(plan, page)
    return page


def plan_page(plan: Plan, parent: Page) -> PlanPage:
    """A saved and published plan page holding ``plan`` under ``parent`` (a structure or region index page)."""
    page = PlanPage(title=plan.name.text("sv"), slug=f"plan-{plan.id}")
    convert.apply_plan(plan, page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def admin_user(language: str = "en", username: str = "admin") -> Any:
    """A superuser whose Wagtail admin is in ``language``."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_superuser(username, f"{username}@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user
