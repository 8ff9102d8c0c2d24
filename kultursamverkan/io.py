"""Reading and writing structures as YAML, JSON and TOML, with located errors.

The three formats mean the same thing. YAML is read with a strict, safe loader
(the C parser when PyYAML has it): only ``true``/``false``, ``null`` and plain
decimal integers are typed; everything else, ``NO``, ``12:30``, ``012345``,
``1.10``, ``2019-11-14``, stays the string it was written as, so the YAML 1.1
traps cannot turn Nordic data into booleans or numbers. Anchors and aliases,
merge keys, duplicate keys and application tags are refused.

Files are decoded as strict UTF-8 and capped at ``MAX_BYTES``. Writing goes to a
temporary file first and replaces the target only when complete.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import yaml

from . import converter, fastjson, fastpath, upgrade, validation
from .errors import (
    JSON_HINTS,
    TOML_HINTS,
    YAML_HINT,
    YAML_HINTS,
    PathPart,
    Problem,
    Rule,
    ValidationError,
    got,
    syntax_hint,
)
from .model import Structure

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

import tomli_w

Format = Literal["yaml", "json", "toml"]
FORMATS: tuple[str, ...] = ("yaml", "json", "toml")
SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
#: Larger inputs are refused before parsing: no real structure comes near it.
MAX_BYTES = 5 * 1024 * 1024

# ---------------------------------------------------------------- YAML reading


class _PyEventParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser: events only, and no nesting limit of its own."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)

    def dispose(self) -> None:
        pass


_EventParser: type[Any]
try:
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _EventParser = _PyEventParser

#: True when libyaml's C parser reads YAML; the pure-Python one is about 9× slower.
WITH_LIBYAML = _EventParser is not _PyEventParser
#: Deeper nesting is refused; real structures nest about eight levels.
MAX_DEPTH = 64

# Plain scalars are typed by the YAML 1.2 core schema, narrowed: no floats, octals,
# sexagesimals, timestamps or YAML 1.1 booleans such as NO and on.
_PLAIN = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "null": None, "Null": None, "NULL": None, "~": None, "": None,
}  # fmt: skip
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


class YAMLProblem(yaml.YAMLError):
    """A YAML construct we refuse, with its problem code and where it stands."""

    def __init__(self, code: str, mark: yaml.Mark | None, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params, self.problem_mark = code, params, mark


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if not event.implicit[0]:  # quoted or block scalar: always a string
        return value
    if value in _PLAIN:
        return _PLAIN[value]
    if _INT.fullmatch(value):
        return int(value)
    return value


def _parse_yaml(text: str) -> Any:
    """Build plain data from the parser's events, applying our depth limit first.

    libyaml (0.2.6 and later) has a nesting limit of its own, and its scanner reads
    up to 1024 characters ahead, so ``[[[[…`` on one line reaches that limit before
    our ``MAX_DEPTH`` check sees the event at depth 65; the user would get libyaml's
    English "exceeded maximum nesting depth" instead of our translated problem. Flow
    nesting cannot exceed the count of ``[`` and ``{`` in the text, so with at most
    ``MAX_DEPTH`` of them libyaml's limit is out of reach; otherwise, if libyaml
    fails, the text is read again by the pure-Python parser, which has no limit of
    its own, so our limit decides. Block nesting reaches the events one level at a
    time, so our check always comes first there.
    """
    try:
        return _parse_yaml_events(_EventParser(text))
    except YAMLProblem:
        raise
    except yaml.YAMLError:
        if not WITH_LIBYAML or text.count("[") + text.count("{") <= MAX_DEPTH:
            raise
    return _parse_yaml_events(_PyEventParser(text))


def _parse_yaml_events(parser: Any) -> Any:
    """Plain data from ``parser``'s events, with an explicit stack.

    Composing nodes recursively (as PyYAML's loaders do) overflows the C stack on
    deeply nested input; events keep the depth in our hands. Anchors, aliases,
    tags, duplicate and non-string keys, and multiple documents are refused.
    """
    get = parser.get_event
    try:
        get()  # StreamStart
        if isinstance(get(), yaml.StreamEndEvent):
            return None
        stack: list[Any] = []  # open containers
        keys: list[Any] = []  # per open mapping: the pending key, or _NO_KEY
        root: Any = _NO_KEY
        while True:
            event = get()
            cls = event.__class__
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                if event.anchor is not None:
                    raise YAMLProblem("anchors", event.start_mark)
                if event.tag is not None and not (cls is yaml.ScalarEvent and event.tag == "!"):
                    raise YAMLProblem("tags", event.start_mark, tag=repr(event.tag))
                if cls is yaml.ScalarEvent:
                    value: Any = _scalar(event)
                elif len(stack) >= MAX_DEPTH:
                    raise YAMLProblem("too_deep", event.start_mark)
                else:
                    value = {} if cls is yaml.MappingStartEvent else []
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                value = stack.pop()
                if cls is yaml.MappingEndEvent:
                    keys.pop()
                if not stack:
                    root = value
                    continue
                value = _CLOSED
            elif cls is yaml.AliasEvent:
                raise YAMLProblem("anchors", event.start_mark)
            elif cls is yaml.DocumentEndEvent:
                if not isinstance(get(), yaml.StreamEndEvent):
                    raise YAMLProblem("multiple_documents", parser.get_event().start_mark)
                return None if root is _NO_KEY else root
            else:  # pragma: no cover - libyaml emits nothing else here
                raise YAMLProblem("syntax", event.start_mark, format="YAML", detail=f"unexpected {cls.__name__}")

            if value is not _CLOSED:
                if not stack:
                    if isinstance(value, (dict, list)):
                        stack.append(value)
                        if value.__class__ is dict:
                            keys.append(_NO_KEY)
                    else:
                        root = value
                    continue
                parent = stack[-1]
                if parent.__class__ is list:
                    parent.append(value)
                else:
                    key = keys[-1]
                    if key is _NO_KEY:
                        if value.__class__ is not str:
                            raise YAMLProblem("key_type", event.start_mark, got=got(value))
                        if value in parent:
                            raise YAMLProblem("duplicate_key", event.start_mark, format="YAML", key=repr(value))
                        keys[-1] = value
                        continue
                    parent[key] = value
                    keys[-1] = _NO_KEY
                if value.__class__ is dict or value.__class__ is list:
                    stack.append(value)
                    if value.__class__ is dict:
                        keys.append(_NO_KEY)
    finally:
        parser.dispose()


_NO_KEY = object()
_CLOSED = object()


if WITH_LIBYAML:

    class _Composer(_EventParser, yaml.resolver.BaseResolver):
        """Composes nodes only to find line numbers, after the text has parsed (so depth is bounded)."""

        def __init__(self, stream: str) -> None:
            _EventParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Composer(_PyEventParser, yaml.composer.Composer, yaml.resolver.BaseResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _PyEventParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)


def _yaml_lines(text: str, paths: Sequence[tuple[PathPart, ...]]) -> list[int | None]:
    """Line numbers (1-based) of the nodes at ``paths``, found by re-composing the text."""
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:  # pragma: no cover - the text parsed a moment ago
        return [None] * len(paths)
    finally:
        loader.dispose()
    return [_line_of(root, path) for path in paths]


def _line_of(node: yaml.Node | None, path: Sequence[PathPart]) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _yaml_error(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else None
    if isinstance(exc, YAMLProblem):
        return Problem(path=(), code=exc.code, params=exc.params, line=line)
    message = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    hint = next((term for found, term in YAML_HINTS if found in message or found in context), YAML_HINT)
    column = mark.column + 1 if mark else 1
    return Problem(path=(), code="yaml_syntax", params={"column": column, "hint": hint}, line=line)


# ---------------------------------------------------------------- JSON reading


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Rule("duplicate_key", format="JSON", key=repr(key))
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise Rule("syntax", format="JSON", detail=syntax_hint(JSON_HINTS, name))


# ---------------------------------------------------------------- public API


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise ValidationError([Problem.of((), "too_large", limit=MAX_BYTES)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem.of((), "not_utf8", byte=exc.start)]) from None


def parse(text: str | bytes, format: Format) -> Any:
    """Parse ``text`` to plain data, raising ``ValidationError`` for syntax problems."""
    text = _decode(text)
    if len(text) > MAX_BYTES:
        raise ValidationError([Problem.of((), "too_large", limit=MAX_BYTES)])
    if "\x00" in text:
        raise ValidationError([Problem.of((), "nul_bytes")])
    try:
        if format == "yaml":
            return _parse_yaml(text)
        if format == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
        if format == "toml":
            return tomllib.loads(text)
    except yaml.YAMLError as exc:
        raise ValidationError([_yaml_error(exc)]) from None
    except json.JSONDecodeError as exc:
        problem = Problem.of((), "syntax", format="JSON", detail=syntax_hint(JSON_HINTS, exc.msg)).at(line=exc.lineno)
        raise ValidationError([problem]) from None
    except tomllib.TOMLDecodeError as exc:
        msg = getattr(exc, "msg", str(exc))
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        hint = syntax_hint(TOML_HINTS, msg)
        raise ValidationError([Problem.of((), "syntax", format="TOML", detail=hint).at(line=line)]) from None
    except RecursionError:
        raise ValidationError([Problem.of((), "too_deep")]) from None
    except ValueError as exc:
        if isinstance(exc, Rule):  # a duplicate JSON key
            raise ValidationError([Problem.of((), exc.code, **exc.params)]) from None
        problem = Problem.of((), "syntax", format=format.upper(), detail=str(exc))
        raise ValidationError([problem]) from None
    raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")


def from_data(
    data: Any, *, text: str | None = None, format: Format | None = None, file: str | None = None
) -> Structure:
    """Plain data to a validated ``Structure``. ``text``/``format`` let YAML problems carry lines."""
    if data.__class__ is not dict:
        raise ValidationError([Problem(path=(), code="top_level", params={"got": got(data)}, file=file)])
    data = upgrade.upgrade(data)
    try:
        structure = converter.structure(data, Structure)
        problems = validation.check(structure)
    except converter.StructureFailed as failed:
        problems = [Problem(path=path, code=code, params=params) for path, code, params in failed.problems]
        problems.extend(_cross_object_problems(data, problems))
    except RecursionError:
        problems = [Problem.of((), "too_deep")]
    if not problems:
        return structure
    lines: list[int | None] = [None] * len(problems)
    if format == "yaml" and text is not None:
        lines = _yaml_lines(text, [p.path for p in problems])
    raise ValidationError(p.at(line=line, file=file) for p, line in zip(problems, lines, strict=True))


def _cross_object_problems(data: dict[str, Any], found: list[Problem]) -> list[Problem]:
    """Cross-object problems among whatever parsed, so a file is not fixed in rounds.

    A problem at a path that already has one (or inside it) is left out: it would
    only repeat a shape problem in other words.
    """
    try:
        part = converter.partial(data)
    except Exception:  # noqa: BLE001 - the shape problems already found are the report
        return []
    out = []
    for problem in validation.check(part.structure, unparsed=part.unparsed_ids):
        path = problem.path
        if len(path) >= 2 and isinstance(path[1], int) and path[0] in part.indexes:
            path = (path[0], part.indexes[str(path[0])][path[1]], *path[2:])
        if any(path[: len(p.path)] == p.path for p in found):
            continue
        out.append(attrs.evolve(problem, path=path))
    return out


def loads(text: str | bytes, format: Format = "yaml", *, file: str | None = None) -> Structure:
    """Read a structure from ``text`` in ``format`` (yaml, json or toml)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    if format == "json":
        structure = _quick_json(text)
        if structure is not None:
            return structure
    try:
        text = _decode(text)
        data = parse(text, format)
    except ValidationError as exc:
        if file is None:
            raise
        raise ValidationError(p.at(file=file) for p in exc.problems) from None
    return from_data(data, text=text, format=format, file=file)


def _quick_json(text: str | bytes) -> Structure | None:
    """The structure in a valid JSON text, read the quick way; None when anything is amiss.

    First msgspec (``fastjson``, when the ``fast`` extra is installed), which decodes
    and type-checks in C; when it declines, ``json.loads`` without hooks (all in C) and
    the pure-Python fast path (``fastpath``). Either way the cross-object checks
    follow. Without the strict reading's hook, a repeated key would pass unseen (the
    last one wins), so keys are counted instead: both routes tally the distinct keys
    of every mapping they read, and ``_no_repeated_key`` compares the tally with the
    text. Whenever anything differs, the
    text is read again the strict way, which finds and locates every problem; so this
    route decides nothing on its own but "valid", and only when the strict one agrees.
    """
    if text.__class__ is not str:
        if len(text) > MAX_BYTES:
            return None
        try:
            text = text.decode("utf-8-sig")  # type: ignore[union-attr]
        except UnicodeDecodeError:
            return None
    assert isinstance(text, str)
    if len(text) > MAX_BYTES:
        return None
    # msgspec refuses a NUL byte itself (JSON has none outside strings, nor raw inside them).
    read = fastjson.read_collecting(text)
    if read is not None:
        structure, keys, (references, marked), colons = read
        if _no_repeated_key(text, keys, colons) and (
            validation.fits(structure, references, marked=marked) or not validation.check(structure)
        ):
            return structure
    if "\x00" in text:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if data.__class__ is not dict or upgrade.upgrade(data) is not data:
        return None
    counts: list[int] = []
    try:
        structure = fastpath.counting_builder(Structure)(data, counts)
    except Exception:  # noqa: BLE001 - the strict route says what is wrong
        return None
    if not _no_repeated_key(text, sum(counts)) or validation.check(structure):
        return None
    return structure


def _no_repeated_key(text: str, keys: int, in_values: int | None = None) -> bool:
    """True when a JSON text that parsed to mappings with ``keys`` distinct keys in all has no more keys.

    Every key is followed by a colon, so any count of colons that can only leave out
    colons inside strings is at least the number of keys; if it equals ``keys``, no
    key was read twice. Counted from the cheapest bound to the closest: all colons;
    without ``in_values``, the colons in string values the reader counted (``fastjson``:
    the plain strings it read, each a string of the text, so as written there when the
    text has no backslash, hence no escape); without those of ``://`` (a URL; a key's colon is never
    followed by ``/``); only those just after a quote or white space (where a key's
    colon stands).
    """
    colons = text.count(":")
    if colons == keys:
        return True
    if in_values is not None and colons - in_values == keys and "\\" not in text:
        return True
    colons -= text.count("://")
    if colons == keys:
        return True
    after = text.count('":') + text.count(" :") + text.count("\n:") + text.count("\t:") + text.count("\r:")
    return after == keys


def format_for(path: str | os.PathLike[str]) -> Format:
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        raise ValueError(
            f"{os.fspath(path)}: cannot tell the format from {suffix or 'no suffix'!r}; use .yaml, .yml, .json or .toml"
        ) from None


def load(path: str | os.PathLike[str], format: Format | None = None) -> Structure:
    """Read a structure from a file; the format comes from the suffix unless given."""
    fmt = format or format_for(path)
    p = Path(path)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ValidationError([Problem.of((), "too_large", limit=MAX_BYTES).at(file=str(path))])
    return loads(p.read_bytes(), fmt, file=str(path))


class _Dumper(yaml.SafeDumper if not hasattr(yaml, "CSafeDumper") else yaml.CSafeDumper):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dumps(structure: Structure, format: Format = "yaml") -> str:
    """Write a structure as text in ``format``; ``loads`` gives back an equal structure."""
    # The version is always written, though it is the default: a file says which format it is in.
    data = {"format_version": structure.format_version, **converter.unstructure(structure)}
    if format == "yaml":
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if format == "toml":
        return tomli_w.dumps(data)
    raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")


def dump(structure: Structure, path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Write a structure to a file atomically: the file is either the old one or the whole new one."""
    fmt = format or format_for(path)
    text = dumps(structure, fmt)
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
