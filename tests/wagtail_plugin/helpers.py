"""Building pages from core structures for the tests: through the importer, as a site would."""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale, Page, Site

from kultursamverkan.model import Plan, Structure
from wagtail_kultursamverkan import importing, ingest
from wagtail_kultursamverkan.models import PlanPage, RegionIndexPage, StructurePage


def site_root() -> Page:
    """The default site's home page: pages under it have URLs."""
    return Site.objects.get(is_default_site=True).root_page


def import_structure(structure: Structure, parent: Page | None = None, *, publish: bool = True) -> StructurePage:
    """The structure imported (in every locale the site has) under ``parent``; its main-locale structure page."""
    source = importing.Source("test", structure)
    importing.run([source], parent or site_root(), Locale.get_default(), publish=publish)
    return StructurePage.objects.get(identifier=structure.id, locale=Locale.get_default())


def region_page(structure: Structure, parent: Page | None = None) -> RegionIndexPage:
    parent = parent or site_root()
    existing = RegionIndexPage.objects.filter(identifier=structure.region.id, locale=Locale.get_default()).first()
    if existing is not None:
        return existing
    page = RegionIndexPage(slug=f"region-{structure.region.id}")
    ingest.fill_region(page, structure, "sv")
    parent.add_child(instance=page)
    return page


def structure_page(structure: Structure, parent: RegionIndexPage | None = None) -> StructurePage:
    """A saved and published structure page with a published page per body, plan, … (sv locale)."""
    return import_structure(structure, parent.get_parent() if parent is not None else None)


def plan_page(plan: Plan, parent: Page) -> PlanPage:
    """A saved and published plan page holding ``plan`` under ``parent`` (a structure or region index page)."""
    from kultursamverkan import converter
    from kultursamverkan import model as core
    from wagtail_kultursamverkan import mapping
    from wagtail_kultursamverkan.language import split

    page = PlanPage(title=plan.name.text("sv"), slug=f"plan-{plan.id}")
    mapping.write(page, mapping.PLAN, split(converter.unstructure(plan), core.Plan, "sv"))
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
