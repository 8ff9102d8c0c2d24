"""The plugin's models, for Django: the page tree (``pages``), the comparison of regions
(``comparison``), the snippets (``snippets``), the old structure pages waiting for their
page tree (``legacy_hold``) and the structures' stored readings (``stored_readings``).

Signal handlers are connected in ``apps.KultursamverkanConfig.ready``.
"""

from __future__ import annotations

from .comparison import ComparisonPage
from .legacy_hold import PendingSnippet, PendingTree
from .pages import (
    ITEM_PAGES,
    AgreementPage,
    BodyPage,
    CollaborationPage,
    EventPage,
    EventSeriesPage,
    PlanPage,
    RegionIndexPage,
    StructurePage,
)
from .snippets import Organisation, Person
from .stored_readings import StoredReading

__all__ = [
    "ITEM_PAGES",
    "AgreementPage",
    "BodyPage",
    "CollaborationPage",
    "ComparisonPage",
    "EventPage",
    "EventSeriesPage",
    "Organisation",
    "PendingSnippet",
    "PendingTree",
    "Person",
    "PlanPage",
    "RegionIndexPage",
    "StoredReading",
    "StructurePage",
]
