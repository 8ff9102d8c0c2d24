"""Single-object mutations of a structure file, generated from our JSON Schema.

Each is one small mistake in one place (see ``mutations``). The benchmark checks that
ours and the peers judge them alike; the normal suite checks that the loader's fast
path rejects every one the detailed path rejects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def discriminator(branches: list[dict[str, Any]]) -> str | None:
    """The property every branch pins with ``const`` (a tagged union), if any."""
    common = None
    for branch in branches:
        consts = {k for k, v in branch.get("properties", {}).items() if "const" in v}
        common = consts if common is None else common & consts
    return next(iter(sorted(common))) if common else None


_WRONG_TYPE = {"string": 12345, "integer": "3", "boolean": 1, "array": "x", "object": ["x"]}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A node with its ``$ref`` followed, and the definition's name."""
    name = None
    while "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        node = schema["$defs"][name]
    return node, name


def _kind(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "enum"
    if "oneOf" in node or "anyOf" in node:
        return "object"
    kind = node.get("type", "object")
    return kind[0] if isinstance(kind, list) else kind


def mutations(schema: dict[str, Any], document: Any) -> list[tuple[str, Any]]:
    """One mutated copy of ``document`` per (definition, key, kind of mistake), each a single change.

    Kinds: a value of the wrong JSON type, an unknown key, a required key left out,
    a value outside an enum, a string not matching its pattern (an id with a space, an
    id with a trailing newline, a month 13), null for an optional key, a repeated item
    in a list of unique items, an empty object where one property is the least, and a
    tagged union's tag unknown.
    """
    out: list[tuple[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(where: str, key: str, what: str, path: tuple, change: Callable[[Any], None]) -> None:
        if (where, key, what) in seen:
            return
        seen.add((where, key, what))
        copy = _deep_copy(document)
        target = copy
        for step in path:
            target = target[step]
        change(target)
        out.append((f"{where}.{key}: {what}", copy))

    def walk(node: dict[str, Any], value: Any, path: tuple, where: str) -> None:
        node, name = _resolve(schema, node)
        where = name or where
        if "oneOf" in node and isinstance(value, dict):
            tag = discriminator(node["oneOf"])
            for branch in node["oneOf"]:
                if tag is not None and branch["properties"][tag]["const"] == value.get(tag):
                    add(where, tag, "unknown tag", path, lambda t, tag=tag: t.__setitem__(tag, "not-a-kind"))
                    walk(branch, value, path, f"{where}[{value[tag]}]")
            return
        kind = _kind(node)
        if kind == "array" and isinstance(value, list):
            if node.get("uniqueItems") and value:
                add(where, "[]", "repeated item", path, lambda t: t.append(t[0]))
            for i, item in enumerate(value):
                walk(node["items"], item, (*path, i), where)
            return
        if kind != "object" or not isinstance(value, dict):
            return
        props = node.get("properties", {})
        required = set(node.get("required", ()))
        add(where, "*", "unknown key", path, lambda t: t.__setitem__("no_such_key", "x"))
        if "minProperties" in node:
            add(where, "*", "empty object", path, lambda t: t.clear())
        for key in required:
            if key in value:
                add(where, key, "required key left out", path, lambda t, key=key: t.pop(key))
        for key, sub in props.items():
            if key not in value:
                continue
            resolved, _ = _resolve(schema, sub)
            sub_kind = _kind(resolved)
            wrong = 7 if sub_kind == "enum" else _WRONG_TYPE.get(sub_kind)
            if wrong is not None:
                add(where, key, "wrong type", path, lambda t, key=key, wrong=wrong: t.__setitem__(key, wrong))
            if sub_kind == "enum":
                add(where, key, "not in the enum", path, lambda t, key=key: t.__setitem__(key, "not_a_member"))
            if "pattern" in resolved:
                bad = _bad_strings(resolved["pattern"], value[key])
                for label, text in bad:
                    add(where, key, label, path, lambda t, key=key, text=text: t.__setitem__(key, text))
            if key not in required:
                add(where, key, "null for an optional key", path, lambda t, key=key: t.__setitem__(key, None))
            walk(sub, value[key], (*path, key), f"{where}.{key}")

    walk(schema, document, (), "Structure")
    return out


def _bad_strings(pattern: str, good: Any) -> list[tuple[str, str]]:
    if not isinstance(good, str):
        return []
    if good[:4].isdigit():  # a date
        return [
            ("pattern: month 13", f"{good[:4]}-13"),
            ("pattern: trailing newline", f"{good}\n"),
            ("pattern: digits not ASCII", "\u0662\u0660\u0661\u0667"),  # 2017 in Arabic-Indic digits
        ]
    return [("pattern: a space", "Not An Id"), ("pattern: trailing newline", f"{good}\n")]


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
