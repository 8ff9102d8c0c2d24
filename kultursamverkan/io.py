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

import yaml

from . import converter, validation
from .errors import PathPart, Problem, ValidationError
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


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema-like resolution, narrowed: no floats, no octal, no sexagesimal."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe construction that refuses aliases and duplicate keys, and keeps scalars exact."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (&, *) are not allowed", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys (<<) are not allowed", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None, None, f"keys must be strings, got {converter.describe(key)}", key_node.start_mark
                )
            if key in mapping:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=True)
        return mapping

    def construct_yaml_map(self, node: yaml.MappingNode):  # type: ignore[no-untyped-def]
        yield self.construct_mapping(node)

    def construct_yaml_seq(self, node: yaml.SequenceNode):  # type: ignore[no-untyped-def]
        yield [self.construct_object(child, deep=True) for child in node.value]


_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_yaml_map)
_Constructor.add_constructor("tag:yaml.org,2002:seq", _Constructor.construct_yaml_seq)
for _tag in ("float", "timestamp", "binary", "omap", "pairs", "set"):
    _Constructor.yaml_constructors.pop(f"tag:yaml.org,2002:{_tag}", None)
if hasattr(yaml, "CParser"):

    class StrictLoader(yaml.CParser, _Constructor, _Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            yaml.CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class StrictLoader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Constructor, _Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)


def _parse_yaml(text: str) -> Any:
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _yaml_lines(text: str, paths: Sequence[tuple[PathPart, ...]]) -> list[int | None]:
    """Line numbers (1-based) of the nodes at ``paths``, found by re-composing the text."""
    loader = StrictLoader(text)
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
    message = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context and "while" not in context:
        message = f"{context}: {message}"
    return Problem(path=(), message=f"not valid YAML: {message}", line=mark.line + 1 if mark else None)


# ---------------------------------------------------------------- JSON reading


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# ---------------------------------------------------------------- public API


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise ValidationError([Problem(path=(), message=f"the input is larger than {MAX_BYTES} bytes")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem(path=(), message=f"not valid UTF-8 (byte {exc.start})")]) from None


def parse(text: str | bytes, format: Format) -> Any:
    """Parse ``text`` to plain data, raising ``ValidationError`` for syntax problems."""
    text = _decode(text)
    if len(text) > MAX_BYTES:
        raise ValidationError([Problem(path=(), message=f"the input is larger than {MAX_BYTES} characters")])
    if "\x00" in text:
        raise ValidationError([Problem(path=(), message="the input contains NUL bytes; it is not a text file")])
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
        raise ValidationError([Problem(path=(), message=f"not valid JSON: {exc.msg}", line=exc.lineno)]) from None
    except tomllib.TOMLDecodeError as exc:
        msg = getattr(exc, "msg", str(exc))
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise ValidationError([Problem(path=(), message=f"not valid TOML: {msg}", line=line)]) from None
    except RecursionError:
        raise ValidationError([Problem(path=(), message="the input is nested too deeply")]) from None
    except ValueError as exc:
        raise ValidationError([Problem(path=(), message=f"not valid {format.upper()}: {exc}")]) from None
    raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")


def from_data(
    data: Any, *, text: str | None = None, format: Format | None = None, file: str | None = None
) -> Structure:
    """Plain data to a validated ``Structure``. ``text``/``format`` let YAML problems carry lines."""
    if data.__class__ is not dict:
        raise ValidationError(
            [Problem(path=(), message=f"the top level must be a mapping, got {converter.describe(data)}", file=file)]
        )
    try:
        structure = converter.structure(data, Structure)
        problems = validation.check(structure)
    except converter.StructureFailed as failed:
        problems = [Problem(path=path, message=message) for path, message in failed.problems]
    except RecursionError:
        problems = [Problem(path=(), message="the input is nested too deeply")]
    if not problems:
        return structure
    lines: list[int | None] = [None] * len(problems)
    if format == "yaml" and text is not None:
        lines = _yaml_lines(text, [p.path for p in problems])
    raise ValidationError(
        Problem(path=p.path, message=p.message, line=line, file=file) for p, line in zip(problems, lines, strict=True)
    )


def loads(text: str | bytes, format: Format = "yaml", *, file: str | None = None) -> Structure:
    """Read a structure from ``text`` in ``format`` (yaml, json or toml)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    try:
        text = _decode(text)
        data = parse(text, format)
    except ValidationError as exc:
        if file is None:
            raise
        raise ValidationError(
            Problem(path=p.path, message=p.message, line=p.line, file=file) for p in exc.problems
        ) from None
    return from_data(data, text=text, format=format, file=file)


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
        raise ValidationError([Problem(path=(), message=f"the file is larger than {MAX_BYTES} bytes", file=str(path))])
    return loads(p.read_bytes(), fmt, file=str(path))


class _Dumper(yaml.SafeDumper if not hasattr(yaml, "CSafeDumper") else yaml.CSafeDumper):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dumps(structure: Structure, format: Format = "yaml") -> str:
    """Write a structure as text in ``format``; ``loads`` gives back an equal structure."""
    data = converter.unstructure(structure)
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
