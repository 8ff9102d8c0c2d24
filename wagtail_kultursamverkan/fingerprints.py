"""What a published import leaves behind to recognise the same file over the same site state.

A re-import of a national set is mostly files nobody changed. Comparing every page and snippet with
the file again costs as much as writing them, so a published import records, in the main locale's
structure page's latest revision, a digest of the file (``digest``) and one of the state its pages and
snippets were left in (``snapshot``), with their keys (``write_record``). The next import of the same
file reads the same state in a fixed number of queries and, when both digests match, writes nothing
(``importing`` plans it as unchanged). Kept apart from ``importing`` because it is one concept with its
own rule: whatever the site could change must change the state's digest (``page_state``, ``snippet_state``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from attrs import frozen
from django.db.models import Q
from wagtail.models import Locale, Page, Revision

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.model import Structure

from .models import Organisation, Person, RegionIndexPage, StructurePage

Data = dict[str, Any]


#: The key in the main locale's structure page's latest revision (``Revision.content``) under which a
#: published import records what it wrote: the file's digest, the state of the pages and snippets it
#: left, and their keys. Re-importing the same file over that same state is then a few queries.
RECORD_KEY = "kultursamverkan_import"
#: Part of every digest: bump it when the import writes the same file differently, so that files
#: imported before are compared and written again rather than skipped.
RECORD_VERSION = 1


@frozen
class Snapshot:
    """A structure's pages (every locale's region and structure page and all below) and snippets, now."""

    #: What the last published import of this structure recorded, or None.
    record: Data | None
    digest: str
    state: str
    pages: dict[int, Page]
    snippets: dict[tuple[str, int], Any]

    @property
    def current(self) -> bool:
        """Whether the file and what the site holds are both what the last import left: nothing to do."""
        record = self.record
        return (
            isinstance(record, dict)
            and record.get("digest") == self.digest
            and record.get("state") == self.state
            and isinstance(record.get("keys"), dict)
        )


def digest(s: Structure, parent: Page, locales: Sequence[Locale]) -> str:
    """The file's data and where it goes, as the import would write it."""
    data = {
        "version": [RECORD_VERSION, kultursamverkan.__version__],
        "structure": converter.unstructure(s),
        "parent": parent.pk,
        "locales": [(loc.pk, loc.language_code) for loc in locales],
    }
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def page_state(page: Page) -> tuple:
    """What changes whenever the page is edited, published, unpublished, moved, renamed or translated."""
    return (
        page.pk,
        page.content_type_id,
        page.locale_id,
        str(page.translation_key),
        page.path,
        page.title,
        page.draft_title,
        page.slug,
        page.live,
        page.has_unpublished_changes,
        page.latest_revision_id,
        page.live_revision_id,
        str(page.last_published_at),
    )


def snippet_state(obj: Any) -> tuple:
    """The snippet's row: snippets have no revisions, so every stored value counts."""
    values = [(f.attname, f.get_prep_value(getattr(obj, f.attname))) for f in obj._meta.concrete_fields]
    return (obj._meta.label_lower, json.dumps(values, default=str, sort_keys=True))


def snapshot(
    s: Structure,
    parent: Page,
    main: Locale,
    others: Sequence[Locale],
    region: RegionIndexPage | None,
    structure: StructurePage | None,
) -> Snapshot | None:
    """The structure as the site holds it, in a fixed number of queries; None if it was never imported here.

    ``region``, ``structure``: the structure's region and structure page in the main locale below ``parent``
    (None: not there)."""
    if not main.pk or any(loc.pk is None for loc in others):
        return None
    if region is None or structure is None or not structure.latest_revision_id:
        return None
    heads = list(
        Page.objects.filter(Q(translation_key=region.translation_key) | Q(translation_key=structure.translation_key))
    )
    below = Q(pk__in=[])
    for head in heads:
        if head.translation_key == structure.translation_key:
            below |= Q(path__startswith=head.path, depth__gt=head.depth)
    pages = {p.pk: p for p in [*heads, *Page.objects.filter(below)]}
    snippets: dict[tuple[str, int], Any] = {}
    for model, items in ((Organisation, s.organisations), (Person, s.people)):
        for obj in model.objects.filter(identifier__in=[item.id for item in items]):
            snippets[model._meta.model_name, obj.pk] = obj
    record = (
        Revision.objects.filter(pk=structure.latest_revision_id)
        .values_list(f"content__{RECORD_KEY}", flat=True)
        .first()
    )
    if isinstance(record, str):  # some backends give a JSON key's value back as text
        record = json.loads(record)
    state = [
        (region.pk, structure.pk, structure.latest_revision_id),
        *sorted(page_state(p) for p in pages.values()),
        *sorted(snippet_state(o) for o in snippets.values()),
    ]
    text = json.dumps(state, default=str, ensure_ascii=False)
    return Snapshot(
        record=record,
        digest=digest(s, parent, [main, *others]),
        state=hashlib.sha256(text.encode()).hexdigest(),
        pages=pages,
        snippets=snippets,
    )


def record_keys(s: Structure, region: Page, snippets: dict[str, list[int]], page: Page, items: list[Page]) -> list[int]:
    """One locale's objects' keys in the order ``plan`` lists them: region, snippets, structure, items."""
    return [region.pk, *snippets["organisations"], *snippets["people"], page.pk, *(p.pk for p in items)]


def write_record(
    s: Structure,
    parent: Page,
    main: Locale,
    others: Sequence[Locale],
    keys: dict[str, list[int]],
    region: RegionIndexPage | None,
    structure: StructurePage | None,
) -> None:
    """Remember, in the structure page's latest revision, the file just imported and the state it left.

    ``region``, ``structure``: as for ``snapshot``."""
    now = snapshot(s, parent, main, others, region, structure)
    if now is None:
        return
    revision = Revision.objects.filter(pk=structure.latest_revision_id).first() if structure is not None else None
    if revision is None or not isinstance(revision.content, dict):
        return
    record = {"digest": now.digest, "state": now.state, "keys": keys}
    if revision.content.get(RECORD_KEY) != record:
        revision.content[RECORD_KEY] = record
        Revision.objects.filter(pk=revision.pk).update(content=revision.content)
