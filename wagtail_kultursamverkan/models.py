"""The plugin's models, for Django: the page tree (``pages``) and the snippets (``snippets``).

Signal handlers are connected in ``apps.KultursamverkanConfig.ready``.
"""

from __future__ import annotations

from .pages import (
    ITEM_PAGES,
    RENDER_CACHE_PREFIX,
    AgreementPage,
    BodyPage,
    CollaborationPage,
    EventPage,
    EventSeriesPage,
    PlanPage,
    RegionIndexPage,
    StructurePage,
    invalidate_rendered,
)
from .snippets import Organisation, Person

__all__ = [
    "ITEM_PAGES",
    "RENDER_CACHE_PREFIX",
    "AgreementPage",
    "BodyPage",
    "CollaborationPage",
    "EventPage",
    "EventSeriesPage",
    "Organisation",
    "Person",
    "PlanPage",
    "RegionIndexPage",
    "StructurePage",
    "invalidate_rendered",
]
