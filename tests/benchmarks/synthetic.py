"""A synthetic national set: one structure for each of the 21 regions, as plain data.

Sizes follow the real counts (municipalities per region from the glossary); every
municipality is an organisation with a representative on the region's council, so
references, people and representations scale like a real national data set.
"""

from __future__ import annotations

from typing import Any

# (id, name, county code, municipalities)
REGIONS: tuple[tuple[str, str, str, int], ...] = (
    ("stockholm", "Region Stockholm", "01", 26),
    ("uppsala", "Region Uppsala", "03", 8),
    ("sormland", "Region Sörmland", "04", 9),
    ("ostergotland", "Region Östergötland", "05", 13),
    ("jonkoping", "Region Jönköpings län", "06", 13),
    ("kronoberg", "Region Kronoberg", "07", 8),
    ("kalmar", "Region Kalmar län", "08", 12),
    ("gotland", "Region Gotland", "09", 1),
    ("blekinge", "Region Blekinge", "10", 5),
    ("skane", "Region Skåne", "12", 33),
    ("halland", "Region Halland", "13", 6),
    ("vastra-gotaland", "Västra Götalandsregionen", "14", 49),
    ("varmland", "Region Värmland", "17", 16),
    ("orebro", "Region Örebro län", "18", 12),
    ("vastmanland", "Region Västmanland", "19", 10),
    ("dalarna", "Region Dalarna", "20", 15),
    ("gavleborg", "Region Gävleborg", "21", 10),
    ("vasternorrland", "Region Västernorrland", "22", 7),
    ("jamtland-harjedalen", "Region Jämtland Härjedalen", "23", 8),
    ("vasterbotten", "Region Västerbotten", "24", 15),
    ("norrbotten", "Region Norrbotten", "25", 14),
)

TIERS = ("political", "strategic", "tactical", "operative")
CADENCES: tuple[dict[str, Any], ...] = (
    {"kind": "count", "times": 2, "per": "year"},
    {"kind": "count", "times": 4, "per": "year"},
    {"kind": "range", "min": 3, "max": 4, "per": "year"},
    {"kind": "at_least", "times": 1, "per": "year"},
    {"kind": "interval", "every": 1, "unit": "year"},
    {"kind": "as_needed"},
)


def _text(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def region(rid: str, name: str, code: str, municipalities: int, bodies_count: int = 12) -> dict[str, Any]:
    """One region; ``bodies_count`` bodies, each naming some of the municipalities, most with a chain of relations."""
    orgs = [
        {"id": f"kommun-{i}", "name": _text(f"Kommun {i}", f"Municipality {i}"), "kind": "municipality"}
        for i in range(municipalities)
    ]
    orgs.append({"id": "institution", "name": _text("Länsteatern", "The county theatre"), "kind": "institution"})
    bodies = []
    for i in range(bodies_count):
        body: dict[str, Any] = {
            "id": f"body-{i}",
            "name": _text(f"Samverkansorgan {i}", f"Collaboration body {i}"),
            "kind": ("political_forum", "network", "network", "working_group")[i % 4],
            "tier": TIERS[i % 4],
            "scope": "regional",
            "participants": ["elected_representatives", "heads_of_culture"][: 1 + i % 2],
            "participants_note": _text("med ansvar för kultur", "responsible for culture"),
            "cadence": CADENCES[i % len(CADENCES)],
            "mandate": [_text(f"Uppgift {j}", f"Task {j}") for j in range(i % 3)],
            "established": "2017",
        }
        if i:
            body["relations"] = [{"type": "part_of" if i % 4 == 3 else "reports_to", "target": f"body-{i - 1}"}]
        if i % 3 == 1:  # bodies that name organisations: every name is a lookup while rendering
            body["organisations"] = [
                {"organisation": f"kommun-{(i + k) % municipalities}", "invited": k == 2}
                for k in range(min(3, municipalities))
            ]
        bodies.append(body)
    bodies[2]["relations"].append({"type": "steering_group_for", "target": "institution"})
    seats = max(municipalities, bodies_count)  # every municipality represented, and every body has someone
    people = [{"id": f"person-{i}", "name": f"Förnamn Efternamn {i}", "party": "S"} for i in range(seats)]
    representations = [
        {
            "person": f"person-{i}",
            "body": f"body-{i % bodies_count}",
            "on_behalf_of": f"kommun-{i % municipalities}",
            "start": "2019-01",
        }
        for i in range(seats)
    ]
    return {
        "id": f"samverkan-{rid}",
        "name": _text("Kultursamverkan", "Cultural cooperation"),
        "region": {
            "id": f"region-{rid}",
            "name": _text(name, name),
            "county_code": code,
            "municipality_count": municipalities,
        },
        "as_of": "2024-05-01",
        "sources": [{"url": f"https://example.org/{rid}", "as_of": "2024-05-01"}],
        "organisations": orgs,
        "bodies": bodies,
        "plans": [
            {
                "id": "kulturplan",
                "name": _text("Regional kulturplan", "Regional culture plan"),
                "kind": "culture_plan",
                "period": {"start": "2024", "end": "2027"},
                "goals": [
                    {"text": _text(f"Mål {g}", f"Goal {g}"), "focus_areas": [_text("Barn och unga", "Children")]}
                    for g in range(5)
                ],
            }
        ],
        "events": [
            {
                "id": f"event-{e}",
                "name": _text("Kulturting", "Culture assembly"),
                "kind": "conference",
                "date": f"202{e}-11-14",
                "body": "body-0",
            }
            for e in range(3)
        ],
        "people": people,
        "representations": representations,
    }


def national_set() -> list[dict[str, Any]]:
    return [region(*r) for r in REGIONS]


_REFERENCE_KEYS = frozenset(
    {"target", "organisation", "convener", "members", "documents", "parties", "owner", "based_on", "event", "body"}
    | {"organiser", "person", "on_behalf_of", "part_of"}
)
_COLLECTIONS = (
    "organisations",
    "bodies",
    "collaborations",
    "agreements",
    "plans",
    "interest_areas",
    "events",
    "people",
)


def _renamed(data: Any, ids: dict[str, str], key: str = "") -> Any:
    if isinstance(data, dict):
        return {k: _renamed(v, ids, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_renamed(v, ids, key) for v in data]
    if key in _REFERENCE_KEYS | {"id"} and isinstance(data, str):
        return ids.get(data, data)
    return data


def scaled(data: dict[str, Any], times: int) -> dict[str, Any]:
    """``data`` (a structure as plain data) with every object copied ``times`` times under new ids.

    The region stays one; references inside each copy point into that copy.
    """
    own = {item["id"] for name in _COLLECTIONS for item in data.get(name, ())}
    out = {k: v for k, v in data.items() if k not in (*_COLLECTIONS, "representations")}
    out["id"] = f"{data['id']}-x{times}"
    for name in (*_COLLECTIONS, "representations"):
        out[name] = []
        for copy in range(times):
            ids = {i: f"{i}-{copy}" if copy else i for i in own}
            out[name].extend(_renamed(item, ids) for item in data.get(name, ()))
    return out
