"""The one place that decides a page's language, and the split/merge of the core's two-language text.

Each locale's page holds one language's text (``name``, ``description``, text in its
blocks). The core's ``LocalizedText`` holds both. ``split`` takes the core's plain data
(``converter.unstructure``) to one language's "monolingual data", where each
``LocalizedText`` slot holds one ``str``; ``merge`` puts the languages back together,
walking the core's type hints, so no field is named here. Lists are paired by position:
the pages' blocks are synchronised between translations, so their order is the same.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from kultursamverkan import i18n
from kultursamverkan.values import LANGUAGES, LocalizedText

Data = dict[str, Any]


def language_of_code(code: str | None) -> str | None:
    """The core's language (sv, en) for a locale's language code, or None for any other language."""
    code = (code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith("sv"):
        return "sv"
    return None


def page_language(obj: Any) -> str:
    """The language of a page's or snippet's text: its locale's, else Django's active language."""
    code = getattr(getattr(obj, "locale", None), "language_code", None)
    lang = language_of_code(code)
    if lang is not None:
        return lang
    from django.utils.translation import get_language

    return i18n.normalize_lang(get_language() or "sv")


def _optional(t: Any) -> Any:
    args = typing.get_args(t)
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # type: ignore[return-value]
    return t


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return {name: _optional(t) for name, t in typing.get_type_hints(cls).items() if name in attrs.fields_dict(cls)}


def _cadence_class(t: Any, value: Any) -> type | None:
    """The cadence form a union-typed value is (tagged by ``kind``), else None."""
    from kultursamverkan.cadence import CADENCE_KINDS as FORMS

    members = typing.get_args(t)
    if members and isinstance(value, Mapping) and value.get("kind") in FORMS:
        cls = FORMS[value["kind"]]
        return cls if cls in members else None
    return None


def _walk_split(t: Any, value: Any, lang: str) -> Any:
    if value is None:
        return None
    if t is LocalizedText:
        text = value.get(lang) if isinstance(value, Mapping) else None
        return text or None
    if typing.get_origin(t) is tuple:
        item = typing.get_args(t)[0]
        return [_walk_split(item, v, lang) for v in value]
    cls = t if attrs.has(t) else _cadence_class(t, value)
    if cls is not None and isinstance(value, Mapping):
        hints = _hints(cls)
        return {k: (_walk_split(hints[k], v, lang) if k in hints else v) for k, v in value.items()}
    return value


def split(data: Any, cls: Any, lang: str) -> Any:
    """The core's plain data of a ``cls`` with each ``LocalizedText`` replaced by its ``lang`` text (or None)."""
    return _walk_split(cls, data, lang)


@functools.cache
def _is_plain(t: Any) -> bool:
    """Whether values of type ``t`` are taken from the main language as they are: no text, list, struct
    or cadence form (a union's member) inside. Most of a structure's fields; merging walked each."""
    return t is not LocalizedText and typing.get_origin(t) is not tuple and not attrs.has(t) and not typing.get_args(t)


def _walk_merge(t: Any, values: Mapping[str, Any], main: str) -> Any:
    if _is_plain(t):  # what the walk below gives such a value, without it
        found = values.get(main)
        if found is not None:
            return found
        return next((v for v in values.values() if v is not None), None)
    present = {lang: v for lang, v in values.items() if v is not None}
    if t is LocalizedText:
        out = {lang: v for lang, v in present.items() if isinstance(v, str) and v.strip()}
        return {lang: out[lang] for lang in LANGUAGES if lang in out} or None
    if not present:
        return None
    first = present.get(main, next(iter(present.values())))
    if typing.get_origin(t) is tuple:
        item = typing.get_args(t)[0]
        length = len(first) if isinstance(first, list) else 0
        return [
            _walk_merge(
                item,
                {lang: (v[i] if isinstance(v, list) and i < len(v) else None) for lang, v in present.items()},
                main,
            )
            for i in range(length)
        ]
    cls = t if attrs.has(t) else _cadence_class(t, first)
    if cls is not None and isinstance(first, Mapping):
        hints = _hints(cls)
        out: Data = {}
        for key, v in first.items():
            if key in hints:
                merged = _walk_merge(
                    hints[key],
                    {lang: (d.get(key) if isinstance(d, Mapping) else None) for lang, d in present.items()},
                    main,
                )
            else:
                merged = v
            if merged is not None:
                out[key] = merged
        # Text that only another language's data has (a text, or a list or struct of texts, the main left empty).
        for d in present.values():
            if not isinstance(d, Mapping):
                continue
            for key, v in d.items():
                if key not in out and key in hints and _holds_text(hints[key]) and v is not None:
                    merged = _walk_merge(
                        hints[key],
                        {lg: (dd.get(key) if isinstance(dd, Mapping) else None) for lg, dd in present.items()},
                        main,
                    )
                    if merged is not None:
                        out[key] = merged
        return out
    return first


@functools.cache
def _holds_text(t: Any) -> bool:
    """Whether a value of type ``t`` holds a ``LocalizedText`` anywhere (itself, a list's items, a struct's fields)."""
    if t is LocalizedText:
        return True
    if typing.get_origin(t) is tuple:
        return _holds_text(typing.get_args(t)[0])
    if isinstance(t, type) and attrs.has(t):
        return any(_holds_text(h) for h in _hints(t).values())
    return False


def merge(values: Mapping[str, Any], cls: Any, main: str = "sv") -> Any:
    """Monolingual data by language (``{"sv": ..., "en": ...}``) as one two-language value of ``cls``.

    Everything but text (kinds, dates, references, order) comes from the ``main`` language's data.
    """
    return _walk_merge(cls, values, main)


def texts(data: Any, cls: Any, path: tuple = ()) -> list[tuple[tuple, Mapping[str, str]]]:
    """Every ``LocalizedText`` in the core's plain data of a ``cls``, with its path."""
    out: list[tuple[tuple, Mapping[str, str]]] = []

    def walk(t: Any, value: Any, here: tuple) -> None:
        if value is None:
            return
        if t is LocalizedText:
            out.append((here, value))
            return
        if typing.get_origin(t) is tuple:
            for i, v in enumerate(value):
                walk(typing.get_args(t)[0], v, (*here, i))
            return
        c = t if attrs.has(t) else _cadence_class(t, value)
        if c is not None and isinstance(value, Mapping):
            hints = _hints(c)
            for k, v in value.items():
                if k in hints:
                    walk(hints[k], v, (*here, k))

    walk(cls, data, path)
    return out
