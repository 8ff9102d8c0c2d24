"""Timing helpers shared by the benchmarks and the normal suite's growth test (no third-party imports)."""

from __future__ import annotations

import importlib
import math
import pkgutil
import time
import timeit
from collections.abc import Callable, Sequence
from typing import Any

import kultursamverkan
from kultursamverkan.render import render

#: What each output costs; the same calls as ``kultursamverkan.export`` and ``render``.
OUTPUTS: dict[str, Callable[[kultursamverkan.Structure], object]] = {
    "HTML": lambda s: render(s, lang="sv", format="html"),
    "JSON-LD": lambda s: kultursamverkan.export(s, format="jsonld"),
    "SVG": lambda s: kultursamverkan.export(s, format="svg", lang="sv"),
}
GOAL_EXPONENT = 1.1


def interleaved(contenders: dict[Any, Callable[[], object]], number: int, repeat: int) -> dict[Any, float]:
    """Seconds per call of each contender: the best of ``repeat`` rounds, contenders taking turns.

    Timed as this process's CPU time: on a busy machine (tox running environments side by side)
    another process taking the core away would otherwise lengthen a long call more often than a
    short one, and a growth exponent of two sizes would rise with the machine's load. Every
    contender runs in this one thread, so its CPU time is its cost.
    """
    best = dict.fromkeys(contenders, math.inf)
    for _ in range(repeat):
        for name, fn in contenders.items():
            best[name] = min(best[name], timeit.timeit(fn, number=number, timer=time.process_time) / number)
    return best


def each(fn: Callable[[Any], object], items: Sequence[Any]) -> Callable[[], None]:
    def run() -> None:
        for item in items:
            fn(item)

    return run


def exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """The growth exponent from the smallest to the largest size (time ∝ size^exponent)."""
    return math.log(times[-1] / times[0]) / math.log(sizes[-1] / sizes[0])


def growth(
    structures: Sequence[Sequence[kultursamverkan.Structure]], outputs: dict[str, Callable[[Any], object]], repeat: int
) -> dict[str, list[float]]:
    """Seconds to produce each output for each group of structures, best of ``repeat``.

    Sizes and outputs take turns within each round, so that a busy machine slows all
    of them alike instead of one size more than another.
    """
    contenders = {(name, i): each(fn, group) for i, group in enumerate(structures) for name, fn in outputs.items()}
    times = interleaved(contenders, 1, repeat)
    return {name: [times[name, i] for i in range(len(structures))] for name in outputs}


def value_memos() -> list[Callable[[], None]]:
    """What empties the core's bounded memos of phrases and labels (``memo.memo``, ``memo.Remembered``
    and bounded ``lru_cache``s, by value), leaving what is loaded once per language (catalogs, messages).

    Emptied before each call, a rendering is that of content the process never rendered before: the
    memos, kept in a running site, then help only within the one rendering.
    """
    from kultursamverkan.memo import Remembered

    clearers: list[Callable[[], None]] = []
    for info in pkgutil.iter_modules(kultursamverkan.__path__):
        if info.name == "__main__":
            continue
        for obj in vars(importlib.import_module(f"kultursamverkan.{info.name}")).values():
            owner = getattr(obj, "__self__", obj)  # a memo kept as its bound look-up (``render._span_html``)
            if isinstance(owner, Remembered):
                if owner.clear not in clearers:
                    clearers.append(owner.clear)
                continue
            cells = [obj] + [c.cell_contents for c in getattr(obj, "__closure__", None) or () if _filled(c)]
            clearers += [c.cache_clear for c in cells if _bounded_cache(c)]
    return clearers


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def _bounded_cache(obj: Any) -> bool:
    info = getattr(obj, "cache_info", None)
    return callable(info) and info().maxsize is not None
