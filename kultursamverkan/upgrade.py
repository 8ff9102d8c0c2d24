"""Files of an older format, brought to the current one as plain data, before the converter sees them.

Format 1 → 2 renames one key (an event's single ``organiser`` becomes the list
``organisers``) and sets ``format_version``; every other format-1 key means the
same in format 2, so an upgraded file says exactly what the old one said.
"""

from __future__ import annotations

from typing import Any

from .model import FORMAT_VERSION


def _event_1_to_2(event: Any) -> Any:
    if event.__class__ is not dict or "organiser" not in event:
        return event
    out = {k: v for k, v in event.items() if k != "organiser"}
    out["organisers"] = [event["organiser"]] if event["organiser"] is not None else []
    return out


def _1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if out.get("events").__class__ is list:
        out["events"] = [_event_1_to_2(e) for e in out["events"]]
    out["format_version"] = 2
    return out


#: One step per old version: the function that lifts data of that version by one.
_STEPS = {1: _1_to_2}


def upgrade(data: Any) -> Any:
    """``data`` in the current format; data that is not a mapping, or already current, is returned as is.

    An unknown version is left for the model to report.
    """
    if data.__class__ is not dict:
        return data
    version = data.get("format_version", FORMAT_VERSION)
    while version.__class__ is int and version in _STEPS:
        data = _STEPS[version](data)
        version = data["format_version"]
    return data


def needs_upgrade(data: Any) -> bool:
    return data.__class__ is dict and data.get("format_version", FORMAT_VERSION) in _STEPS
