"""Load-time benchmarks: our loader against the bare parse of the same text, in one run.

Prints ratios (ours / baseline), each the best of several repeats, so that machine
speed cancels out. Run with ``tox -e bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import attrs
import yaml

import kultursamverkan
from kultursamverkan import converter, validation
from kultursamverkan.io import dumps, parse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import national_set  # noqa: E402

EXAMPLES = HERE.parent.parent / "examples" / "regions"


def best(fn: Callable[[], object], number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def corpus() -> list[kultursamverkan.Structure]:
    structures = [kultursamverkan.load(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    structures += [converter.structure(data) for data in national_set()]
    return structures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    structures = corpus()
    bodies = sum(len(s.bodies) for s in structures)
    objects = sum(len(s.bodies) + len(s.organisations) + len(s.people) + len(s.representations) for s in structures)
    print(f"corpus: {len(structures)} structures (5 examples + 21 synthetic), {bodies} bodies, {objects} objects")

    rows = []
    for fmt, baseline_name, baseline in (
        ("json", "json.loads", json.loads),
        ("yaml", "yaml.load(CSafeLoader)", lambda t: yaml.load(t, Loader=yaml.CSafeLoader)),
    ):
        texts = [dumps(s, fmt) for s in structures]
        size = sum(len(t.encode()) for t in texts)
        number = 20 if fmt == "json" else 3

        def ours(texts: list[str] = texts, fmt: str = fmt) -> None:
            for t in texts:
                kultursamverkan.loads(t, fmt)

        def base(texts: list[str] = texts, baseline: Callable[[str], object] = baseline) -> None:
            for t in texts:
                baseline(t)

        t_ours, t_base = best(ours, number, args.repeat), best(base, number, args.repeat)
        # Where the time goes: parse, structure, cross-object checks.
        datas = [parse(t, fmt) for t in texts]
        t_parse = best(lambda texts=texts, fmt=fmt: [parse(t, fmt) for t in texts], number, args.repeat)
        t_struct = best(lambda datas=datas: [converter.structure(d) for d in datas], number, args.repeat)
        t_check = best(lambda: [validation.check(s) for s in structures], number, args.repeat)
        with attrs.validators.disabled():  # diagnostic only: what the model's own validators cost
            t_novalid = best(lambda datas=datas: [converter.structure(d) for d in datas], number, args.repeat)
        rows.append((fmt, size, baseline_name, t_base, t_ours, t_parse, t_struct, t_check, t_novalid))

    print()
    header = f"{'format':6} {'bytes':>9} {'baseline':24} {'base ms':>8} {'ours ms':>8} {'ratio':>6}"
    print(header + "   parse / structure / check ms")
    for fmt, size, name, t_base, t_ours, t_parse, t_struct, t_check, _ in rows:
        print(
            f"{fmt:6} {size:9d} {name:24} {t_base * 1e3:8.2f} {t_ours * 1e3:8.2f} {t_ours / t_base:5.2f}x"
            f"   {t_parse * 1e3:.2f} / {t_struct * 1e3:.2f} / {t_check * 1e3:.2f}"
        )
    print()
    print("Where the time goes, as multiples of the baseline:")
    for fmt, _size, _name, t_base, _ours, t_parse, t_struct, t_check, t_novalid in rows:
        print(
            f"  {fmt}: parse {t_parse / t_base:.2f}x (strict reading: duplicate keys, no coercion),"
            f" structure {t_struct / t_base:.2f}x (of which the model's attrs validators"
            f" {(t_struct - t_novalid) / t_base:.2f}x), cross-object checks {t_check / t_base:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
