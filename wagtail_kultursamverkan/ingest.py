"""Core ``Structure`` → one language's data per page and snippet (the reverse of ``extract``).

``split`` cuts the structure into one language's data (``language.split``); the ``fill_*``
functions write an object's data into its (unsaved) page or snippet through its
mapping spec. Which pages exist, are created or deleted is ``importing``'s business.
On a site with only one of the two languages, ``dropped_texts`` says which texts of the
file have no page to go to, so the import can say so instead of losing them silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wagtail.models import Locale

from kultursamverkan import converter
from kultursamverkan import model as core
from kultursamverkan.model import Structure
from kultursamverkan.values import LANGUAGES

from . import mapping
from .blocks import data_to_block
from .language import split, texts
from .models import BodyPage, Organisation, Person, RegionIndexPage, StructurePage

Data = dict[str, Any]


def monolingual(structure: Structure, lang: str) -> Data:
    """The structure's plain data with each text in ``lang`` only (None where it has none)."""
    return split(converter.unstructure(structure), core.Structure, lang)


def title(text: Any, lang: str, fallback: str) -> str:
    """A page title: the text in ``lang`` (the core's fallback rule applies), else ``fallback``."""
    if text is None:
        return fallback
    return text.text(lang) or fallback


def dropped_texts(structure: Structure, kept: Iterable[str]) -> list[tuple[tuple, str, str]]:
    """Texts in a language the site has no pages for: ``(path, language, text)``, in the file's order."""
    kept = set(kept)
    out = []
    for path, value in texts(converter.unstructure(structure), core.Structure):
        for lang in LANGUAGES:
            if lang not in kept and value.get(lang):
                out.append((path, lang, value[lang]))
    return out


def fill_region(page: RegionIndexPage, structure: Structure, lang: str) -> None:
    data = split(converter.unstructure(structure.region), core.Region, lang)
    page.title = title(structure.region.name, lang, structure.region.id)
    mapping.write(page, mapping.REGION, data)


def fill_structure(
    page: StructurePage, structure: Structure, lang: str, organisations: list[int], people: list[int]
) -> None:
    """The structure's own fields; ``organisations``/``people``: the snippets' keys in the page's locale."""
    data = monolingual(structure, lang)
    page.title = title(structure.name, lang, structure.id)
    mapping.write(page, mapping.STRUCTURE, data)
    page.organisations = [{"type": "organisation", "value": pk} for pk in organisations]
    page.people = [{"type": "person", "value": pk} for pk in people]


def item_data(structure: Structure, collection: str, index: int, lang: str) -> Data:
    spec = mapping.BY_COLLECTION[collection]
    item = getattr(structure, collection)[index]
    return split(converter.unstructure(item), spec.core, lang)


def fill_item(page: Any, structure: Structure, collection: str, index: int, lang: str) -> None:
    """A body, collaboration, agreement, plan, event series or event page from the structure's object."""
    spec = mapping.BY_COLLECTION[collection]
    item = getattr(structure, collection)[index]
    page.title = title(item.name, lang, item.id)
    mapping.write(page, spec, item_data(structure, collection, index, lang))
    if isinstance(page, BodyPage):
        block = page.representatives.stream_block.child_blocks["representative"]
        page.representatives = [
            {
                "type": "representative",
                "value": data_to_block(
                    block, {**{k: v for k, v in converter.unstructure(r).items() if k != "body"}, "position": n}
                ),
            }
            for n, r in enumerate(structure.representations)
            if r.body == item.id
        ]


def snippet_data(obj: Any, lang: str) -> Data:
    """The core object as one language's data for its snippet."""
    spec = mapping.ORGANISATION if isinstance(obj, core.Organisation) else mapping.PERSON
    return split(converter.unstructure(obj), spec.core, lang)


def fill_snippet(snippet: Organisation | Person, obj: Any, lang: str) -> None:
    spec = mapping.ORGANISATION if isinstance(snippet, Organisation) else mapping.PERSON
    mapping.write(snippet, spec, snippet_data(obj, lang))


def snippet_in(model: type, identifier: str, locale: Locale) -> Any:
    return model.objects.filter(identifier=identifier, locale=locale).first()


def snippet_unchanged(snippet: Any, obj: Any, lang: str) -> bool:
    spec = mapping.ORGANISATION if isinstance(snippet, Organisation) else mapping.PERSON
    return mapping.read(snippet, spec) == _drop_empty(snippet_data(obj, lang), spec)


def _drop_empty(data: Mapping[str, Any], spec: mapping.Spec) -> Data:
    """Data as ``mapping.read`` gives it back: what is left out is absent, not None."""
    probe = type("Probe", (), {})()
    out = {}
    for f in spec.fields:
        value = data.get(f.name)
        if value in (None, "", [], False):
            continue
        out[f.name] = value
    del probe
    return out
