"""Every reference field says what it may point at (attrs metadata), and agrees with validation.

Tools that store references (the Wagtail plugin's choosers) read the metadata instead of a
hand list; the check here keeps it in step with ``validation``'s finer rules.
"""

from __future__ import annotations

import typing
from pathlib import Path

import attrs

from kultursamverkan import model
from kultursamverkan.io import load
from kultursamverkan.validation import _refs

COMPLETE = Path(__file__).parent.parent / "examples" / "complete.yaml"


def _owner(structure: model.Structure, path: tuple) -> tuple[type, str]:
    """The class and field name a reference's path ends in (a list's index dropped)."""
    obj: object = structure
    steps = list(path[:-1]) if isinstance(path[-1], int) else list(path)
    name = steps.pop()
    for step in steps:
        obj = obj[step] if isinstance(step, int) else getattr(obj, step)  # type: ignore[index]
    return type(obj), name


def test_every_reference_checked_by_validation_is_marked_with_the_kinds_it_allows() -> None:
    structure = load(COMPLETE)
    seen = 0
    for path, _target, kinds in _refs(structure):
        cls, name = _owner(structure, path)
        marked = model.reference_kinds(cls, name)
        assert marked is not None, (cls.__name__, name)
        allowed = {k.__name__ for k in kinds or ()}
        allowed = {"Event" if k == "EventModel" else k for k in allowed}
        assert allowed <= set(marked), (cls.__name__, name, allowed, marked)
        seen += 1
    assert seen > 30


def test_only_id_fields_are_references() -> None:
    for cls in [c for c in vars(model).values() if isinstance(c, type) and attrs.has(c)]:
        hints = typing.get_type_hints(cls)
        for f in attrs.fields(cls):
            if model.reference_kinds(cls, f.name) is not None:
                assert model.Id in (hints[f.name], *typing.get_args(hints[f.name])), (cls.__name__, f.name)


def test_every_field_marked_as_a_reference_is_checked_by_validation() -> None:
    """The converse: the JSON loader's msgspec route (``fastjson``) leaves the form of a
    reference to the cross-object checks, which resolve it, so they must see every field so marked."""
    structure = load(COMPLETE)
    walked = {_owner(structure, path) for path, _target, _kinds in _refs(structure)}
    marked = {
        (cls, f.name)
        for cls in [c for c in vars(model).values() if isinstance(c, type) and attrs.has(c)]
        for f in attrs.fields(cls)
        if model.reference_kinds(cls, f.name) is not None
    }
    assert marked <= walked, sorted((c.__name__, n) for c, n in marked - walked)
