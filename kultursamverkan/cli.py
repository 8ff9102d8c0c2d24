"""The ``kultursamverkan`` command line.

A subcommand is a function decorated with ``@command``; its ``configure`` adds
arguments. Other modules register theirs by being imported in ``_load_commands``.
Problems in input files are printed with their location and exit 1; nothing a
user can type ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import ValidationError

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(
    name: str, help: str, configure: Callable[[argparse.ArgumentParser], None] = lambda _p: None
) -> Callable[[Handler], Handler]:
    """Register a subcommand: ``help`` is its one-line description."""

    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = (help, configure, handler)
        return handler

    return register


def _files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="structure files (.yaml, .yml, .json, .toml)")


def print_problems(error: ValidationError, file: str, out: TextIO) -> None:
    for problem in error.problems:
        shown = problem if problem.file else f"{file}: {problem}"
        print(shown, file=out)


def print_explained(error: ValidationError, file: str, lang: str, out: TextIO) -> None:
    """Each problem for an editor: located by names and field labels, in ``lang``."""
    from .explain import explain
    from .io import format_for, parse

    try:
        with open(file, "rb") as handle:
            data = parse(handle.read(), format_for(file))
    except (OSError, ValueError):
        data = None  # a file that does not parse: its problem has a line, not a path
    for problem in error.problems:
        print(explain(problem, lang, data, file=file), file=out)


def _validate_args(parser: argparse.ArgumentParser) -> None:
    _files(parser)
    parser.add_argument(
        "--lang",
        help="sv or en: say each problem in that language, located by names and field labels "
        "(default: the English, path-located form for programs)",
    )


@command("validate", "check structure files and print every problem; exit 1 if there is any", _validate_args)
def _validate(args: argparse.Namespace) -> int:
    from .io import load

    failed = 0
    for name in args.files:
        try:
            load(name)
        except ValidationError as error:
            if args.lang:
                print_explained(error, name, args.lang, sys.stdout)
            else:
                print_problems(error, name, sys.stdout)
            failed += 1
        except (OSError, ValueError) as error:
            print(f"{name}: {error}", file=sys.stdout)
            failed += 1
        else:
            print(f"{name}: ok")
    return 1 if failed else 0


def _upgrade_args(parser: argparse.ArgumentParser) -> None:
    _files(parser)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file is in an older format")


@command(
    "upgrade", "rewrite structure files of an older format in the current one (comments are not kept)", _upgrade_args
)
def _upgrade(args: argparse.Namespace) -> int:
    from .io import dump, format_for, load, parse
    from .upgrade import needs_upgrade

    failed = 0
    for name in args.files:
        try:
            old = needs_upgrade(parse(Path(name).read_bytes(), format_for(name)))
            structure = load(name)  # validates the upgraded data: nothing invalid is written
        except ValidationError as error:
            print_problems(error, name, sys.stdout)
            failed += 1
            continue
        except (OSError, ValueError) as error:
            print(f"{name}: {error}", file=sys.stdout)
            failed += 1
            continue
        if not old:
            print(f"{name}: already current")
        elif args.check:
            print(f"{name}: needs upgrade")
            failed += 1
        else:
            dump(structure, name)
            print(f"{name}: upgraded")
    return 1 if failed else 0


def _schema_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2)")


@command("schema", "print the JSON Schema of the file format", _schema_args)
def _schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=args.indent))
    return 0


def _load_commands() -> None:
    """Import the modules that register further subcommands (they import this one, so not at the top)."""
    import importlib

    for module in ("render", "export", "compare", "cadence_parser"):
        importlib.import_module(f"kultursamverkan.{module}")


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(
        prog="kultursamverkan",
        description="Validate, render and export descriptions of regional culture collaboration.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, configure, handler) in _COMMANDS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        configure(child)
        child.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ValidationError as error:
        print_problems(error, getattr(args, "file", "") or "input", sys.stderr)
        return 1
    except OSError as error:
        print(f"kultursamverkan: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
