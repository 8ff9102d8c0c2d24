"""Building pages from core structures for the tests."""

from __future__ import annotations

from wagtail.models import Page, Site

from kultursamverkan.model import Structure
from wagtail_kultursamverkan import convert
from wagtail_kultursamverkan.models import RegionIndexPage, StructurePage


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
    """A saved and published structure page holding ``structure``."""
    parent = parent or region_page(structure)
    page = StructurePage(title=structure.name.text("sv"), slug=structure.id)
    convert.apply(structure, page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
