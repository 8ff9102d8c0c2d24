"""``search_entries``: modelsearch's PostgreSQL search entries, written as modelsearch writes them (PostgreSQL only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import connection

import kultursamverkan
from wagtail_kultursamverkan import indexing, search_entries
from wagtail_kultursamverkan.models import ITEM_PAGES, Organisation, Person, RegionIndexPage, StructurePage

from .helpers import import_structure

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
MODELS = [RegionIndexPage, StructurePage, *ITEM_PAGES.values(), Organisation, Person]
COLUMNS = ("content_type_id", "object_id", "title", "autocomplete", "body", "title_norm", "title_text", "body_text")


def _entries() -> list[tuple[Any, ...]]:
    from wagtail.search.models import IndexEntry

    return sorted(IndexEntry.objects.values_list(*COLUMNS))


def _index_everything() -> list[tuple[Any, ...]]:
    """Every imported object indexed from an empty index, as an import's batch indexes them; the entries."""
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    recorded = {m._meta.label_lower: set(m.objects.values_list("pk", flat=True)) for m in MODELS}
    indexing._index_for_search(indexing._indexed_objects(recorded), recorded)
    return _entries()


@pytest.mark.django_db
def test_the_entries_are_those_modelsearch_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("modelsearch's PostgreSQL index")
    import_structure(kultursamverkan.load(REGIONS / "halland.yaml"))
    import_structure(kultursamverkan.load(REGIONS / "orebro.yaml"))
    calls = []
    add_items = search_entries.add_items
    monkeypatch.setattr(search_entries, "add_items", lambda *args: calls.append(args[1]) or add_items(*args))
    ours = _index_everything()
    assert set(calls) == {m for m in MODELS if m.objects.exists()}  # every model went this way
    monkeypatch.setattr(search_entries, "supports", lambda index: False)
    theirs = _index_everything()
    assert len(calls) == len(set(calls))  # and none did now
    assert len(ours) > 50
    assert ours == theirs
