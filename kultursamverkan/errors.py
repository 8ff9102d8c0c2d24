"""The one exception users catch: ``ValidationError``, listing every located problem."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """``("bodies", 2, "cadence", "per")`` → ``$.bodies[2].cadence.per``."""
    out = ["$"]
    for part in path:
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(out)


@frozen(kw_only=True)
class Problem:
    """One thing wrong with the input, and where: a JSONPath-like ``path`` and, for YAML, a line."""

    path: tuple[PathPart, ...]
    message: str
    line: int | None = None
    file: str | None = None

    @property
    def location(self) -> str:
        where = format_path(self.path)
        if self.line is not None:
            where = f"line {self.line}, {where}"
        return f"{self.file}: {where}" if self.file else where

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ValidationError(ValueError):
    """Raised for any input that is not a valid structure; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)
