"""Problems in an editor's words: where, by names and field labels, and what, in plain Swedish or English.

``Problem.path`` is for programs (``$.bodies[2].cadence.times``). An editor needs
"Taktiskt nätverk › Mötesfrekvens › Antal gånger": the named object the problem is
in, then the labels of the fields below it, in the editor's language. The messages
themselves come from the catalog (``i18n.problem_message``); this module adds the
location, so the command line and the Wagtail admin say it the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from . import i18n
from .errors import PathPart, Problem

SEPARATOR = " \u203a "


def _p(context: str, message: str) -> tuple[str, str]:
    """Mark a message for extraction (keyword ``_p:1c,2``)."""
    return context, message


#: The label of every key a structure file can hold, as the editor's forms name it.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "activity_areas": _p("key", "Activity areas"),
    "agreements": _p("key", "Agreements"),
    "approximate": _p("key", "Approximately"),
    "as_of": _p("key", "Information as of"),
    "based_on": _p("key", "Based on"),
    "bodies": _p("key", "Collaboration bodies"),
    "body": _p("key", "Collaboration body"),
    "cadence": _p("key", "Meeting frequency"),
    "cadence_note": _p("key", "About the meeting frequency"),
    "collaborations": _p("key", "Collaborations"),
    "convener": _p("key", "Convened by"),
    "county_code": _p("key", "County code"),
    "date": _p("key", "Date"),
    "dates": _p("key", "Dates"),
    "description": _p("key", "Description"),
    "dissolved": _p("key", "Dissolved"),
    "documents": _p("key", "Documents"),
    "en": _p("key", "English"),
    "end": _p("key", "End"),
    "established": _p("key", "Established"),
    "event": _p("key", "Event"),
    "events": _p("key", "Events"),
    "every": _p("key", "Every"),
    "focus_areas": _p("key", "Focus areas"),
    "format_version": _p("key", "Format version"),
    "former_names": _p("key", "Former names"),
    "goals": _p("key", "Goals"),
    "id": _p("key", "Id"),
    "instances": _p("key", "Number of parallel bodies"),
    "interest_areas": _p("key", "Areas of interest"),
    "invited": _p("key", "Invited"),
    "kind": _p("key", "Kind"),
    "levels": _p("key", "Geographic levels"),
    "location": _p("key", "Location"),
    "mandate": _p("key", "Mandate"),
    "max": _p("key", "At most"),
    "members": _p("key", "Members"),
    "milestones": _p("key", "Milestones"),
    "min": _p("key", "At least"),
    "minorities": _p("key", "National minorities"),
    "months": _p("key", "Months"),
    "municipality_count": _p("key", "Number of municipalities"),
    "name": _p("key", "Name"),
    "note": _p("key", "Note"),
    "on_behalf_of": _p("key", "On behalf of"),
    "organisation": _p("key", "Organisation"),
    "organisations": _p("key", "Organisations"),
    "organiser": _p("key", "Organiser"),
    "owner": _p("key", "Responsible"),
    "part_of": _p("key", "Part of"),
    "participants": _p("key", "Participants"),
    "participants_note": _p("key", "About the participants"),
    "parties": _p("key", "Parties"),
    "party": _p("key", "Party"),
    "party_categories": _p("key", "Parties given as categories"),
    "people": _p("key", "People"),
    "per": _p("key", "Per"),
    "period": _p("key", "Period"),
    "permanent": _p("key", "Permanent"),
    "person": _p("key", "Person"),
    "plans": _p("key", "Plans and strategies"),
    "purpose": _p("key", "Purpose"),
    "raised_by": _p("key", "Raised by"),
    "region": _p("key", "Region"),
    "relations": _p("key", "Relations"),
    "renewal": _p("key", "Renewed"),
    "representations": _p("key", "Representatives"),
    "role": _p("key", "Role"),
    "scope": _p("key", "Geographic scope"),
    "sources": _p("key", "Sources"),
    "start": _p("key", "Start"),
    "status": _p("key", "Status"),
    "sv": _p("key", "Swedish"),
    "target": _p("key", "To"),
    "target_groups": _p("key", "Target groups"),
    "text": _p("key", "Text"),
    "tier": _p("key", "Level"),
    "times": _p("key", "Times"),
    "title": _p("key", "Title"),
    "type": _p("key", "Relation"),
    "unit": _p("key", "Unit"),
    "url": _p("key", "Web address"),
}
_ITEM = _p("location", "{label} {number}")
_LINE = _p("location", "line {line}")
_AT = _p("location", "{where}: {message}")


def field_label(key: PathPart, lang: str) -> str:
    """The label of a file key in ``lang`` ("cadence" → "Mötesfrekvens"); an unknown key as it is written."""
    if isinstance(key, int):
        return str(key + 1)
    message = FIELD_LABELS.get(key)
    return i18n.pgettext(lang, *message) if message else f"“{key}”"


def _name(item: Any, lang: str) -> str | None:
    """An object's name in ``lang`` as the file gives it (the other language if that one is missing)."""
    if not isinstance(item, Mapping):
        return None
    name = item.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    if isinstance(name, Mapping):
        for key in (lang, "sv", "en"):
            value = name.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    identifier = item.get("id")
    return identifier if isinstance(identifier, str) and identifier.strip() else None


def describe_path(path: Sequence[PathPart], data: Any = None, lang: str = "sv") -> str:
    """ "Taktiskt nätverk › Mötesfrekvens › Antal gånger" for ``("bodies", 2, "cadence", "times")``.

    An item of a list is named by its name (or id) in ``data``; without a name it is
    "Samverkansorgan 3". A path into the cadence's own kind-specific keys is the
    cadence's label and the key's. Empty for the file as a whole.
    """
    lang = i18n.normalize_lang(lang)
    parts: list[str] = []
    node = data
    i = 0
    while i < len(path):
        key = path[i]
        following = path[i + 1] if i + 1 < len(path) else None
        child = node.get(key) if isinstance(node, Mapping) and isinstance(key, str) else None
        if isinstance(key, str) and isinstance(following, int):
            items = child if isinstance(child, list) else []
            item = items[following] if following < len(items) else None
            name = _name(item, lang)
            if name is None:
                template = i18n.pgettext(lang, *_ITEM)
                name = template.format(label=field_label(key, lang), number=following + 1)
            parts.append(name)
            node = item
            i += 2
            continue
        if isinstance(key, int):
            items = node if isinstance(node, list) else []
            node = items[key] if key < len(items) else None
        else:
            node = child
        parts.append(field_label(key, lang))
        i += 1
    return SEPARATOR.join(parts)


def editor_message(problem: Problem, lang: str = "sv", data: Any = None) -> str:
    """What is wrong, in ``lang``, with file keys and paths in it said by labels and names (no location)."""
    return i18n.problem_message(_for_editor(problem, data, lang), i18n.normalize_lang(lang))


def explain(problem: Problem, lang: str = "sv", data: Any = None, *, file: str | None = None) -> str:
    """One problem for an editor: "halland.yaml, rad 12: Taktiskt nätverk › Mötesfrekvens: måste vara …"."""
    lang = i18n.normalize_lang(lang)
    where = [file or problem.file or ""]
    if problem.line is not None:
        where.append(i18n.pgettext(lang, *_LINE).format(line=problem.line))
    where = [w for w in where if w]
    inside = describe_path(problem.path, data, lang)
    if inside:
        where.append(inside)
    message = editor_message(problem, lang, data)
    if not where:
        return message
    return i18n.pgettext(lang, *_AT).format(where=", ".join(where), message=message)


_PATH_PART = re.compile(r"\.(\w+)|\[(\d+)\]")


def parse_path(text: str) -> tuple[PathPart, ...] | None:
    """``"$.bodies[2].id"`` → ``("bodies", 2, "id")``; None for anything else."""
    if not text.startswith("$"):
        return None
    parts = [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _PATH_PART.finditer(text)]
    return tuple(parts) if "".join(m.group(0) for m in _PATH_PART.finditer(text)) == text[1:] else None


def _for_editor(problem: Problem, data: Any, lang: str) -> Problem:
    """Parameters that are file keys or paths, said with labels and names instead."""
    params = dict(problem.params)
    if isinstance(params.get("key"), str) and problem.code == "outside_lifetime":
        params["key"] = field_label(params["key"], lang)
    first = params.get("first")
    path = parse_path(first) if isinstance(first, str) else None
    if path is not None:
        params["first"] = describe_path(path, data, lang)
    return attrs.evolve(problem, params=params) if params != dict(problem.params) else problem
