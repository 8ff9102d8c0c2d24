"""Benchmarks: loading, rendering and exporting against baselines measured in the same run.

Every figure is a ratio (ours / baseline), each time the best of several repeats with
the contenders interleaved round by round, so that machine speed and load cancel out.
Run with ``tox -e bench`` (``--quick`` leaves out the 100× national set).

1. Loading JSON: ours, and strict peer models generated from our JSON Schema
   (pydantic v2, msgspec; see ``peers.py``), each against ``json.loads`` of the same
   texts. YAML: ours against the bare C parse. Then where our time goes: a valid
   JSON text is decoded and type-checked by msgspec into generated structs (the
   ``fast`` extra; ``kultursamverkan.fastjson``), built into model objects by
   generated code (which tallies keys and collects the references and ids), ids
   tested for their form all at once, tested for repeated keys against that tally,
   and checked across objects (the rest: freeing the decoded structs). Without msgspec,
   ``json.loads`` and the pure-Python fast path take the first two steps, and the
   cross-object checks walk the structure for its references.
2. Agreement: ours and the peers accept and reject the same single-object mutations;
   every disagreement is printed.
3. Rendering and exporting (HTML, JSON-LD, SVG) against our own JSON load of the same corpus. The
   renderers remember phrases by value (bounded memos, kept in a running site); HTML is timed once
   more with them emptied before each corpus, as for content the process never rendered before.
4. Growth: how time grows with size, as an exponent (1.0 is linear): the national set
   1×, 10×, 100× (every region copied under new ids), and one region with 120 and
   1,200 bodies.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import attrs
import yaml

import kultursamverkan
from kultursamverkan import converter, fastjson, fastpath, io, schema, validation
from kultursamverkan.io import dumps, parse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from mutations import mutations  # noqa: E402
from peers import Peers  # noqa: E402
from synthetic import national_set, region, scaled  # noqa: E402
from timing import GOAL_EXPONENT, OUTPUTS, each, exponent, growth, interleaved, value_memos  # noqa: E402

GOAL_OUTPUT_RATIO = 2.0
EXAMPLES = HERE.parent.parent / "examples" / "regions"


def corpus() -> list[kultursamverkan.Structure]:
    structures = [kultursamverkan.load(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    structures += [converter.structure(data) for data in national_set()]
    return structures


def load_section(structures: list[kultursamverkan.Structure], repeat: int) -> None:
    texts = [dumps(s, "json") for s in structures]
    size = sum(len(t.encode()) for t in texts)
    peers = Peers(schema.json_schema())
    datas = [parse(t, "json") for t in texts]
    tallies: list[tuple[Any, ...]] = list(zip(texts, map(_tally, datas), strict=True))
    contenders = {
        "json.loads": each(json.loads, texts),
        "kultursamverkan.loads": each(lambda t: kultursamverkan.loads(t, "json"), texts),
        "pydantic v2 (strict)": each(peers.pydantic, texts),
        "msgspec (typed)": each(peers.msgspec, texts),
    }
    if fastjson.msgspec is not None:
        # Where ours goes, in the same run: msgspec decodes and checks types in C, generated
        # code builds the model objects, then the repeated-key test and the cross-object checks.
        decoder, build = fastjson._decoder(), fastjson.converter(kultursamverkan.Structure)
        specs = [decoder.decode(t) for t in texts]
        found = [fastjson.read_collecting(t) for t in texts]
        collected = [f[2] for f in found if f is not None]
        # The test as the loader makes it: the colons of the free texts read are known.
        tallies = [(t, f[1], f[3]) for t, f in zip(texts, found, strict=True) if f is not None]
        ids = []
        for spec in specs:
            collection: list[list[str]] = [[] for _ in fastjson._GROUPS]
            build(spec, [], collection)
            ids.append(collection[fastjson._IDS])
        contenders.update(
            {
                "  msgspec decode (C)": each(decoder.decode, texts),
                # It also collects the references, for the cross-object checks, and the ids.
                "  build objects": each(lambda spec: build(spec, [], [[] for _ in fastjson._GROUPS]), specs),
                "  id form test": each(fastjson._ids_fit, ids),
            }
        )
    contenders.update(
        {
            "  repeated-key test": each(lambda pair: io._no_repeated_key(*pair), tallies),
        }
    )
    if fastjson.msgspec is not None:
        contenders["  cross-object checks"] = each(
            lambda pair: validation.fits(pair[0], pair[1][0], marked=pair[1][1]),
            list(zip(structures, collected, strict=True)),
        )
    contenders.update(
        {
            "  (cross-object checks, walking)": each(validation.check, structures),
            # Without msgspec (or when it declines): json.loads (the baseline), then this.
            "  (pure-Python structure)": each(_tallied, datas),
            # Only when the quick routes fail (a problem, a repeated key) is the text read strictly.
            "  (strict reading)": each(lambda t: parse(t, "json"), texts),
        }
    )
    times = interleaved(contenders, 5, repeat)
    base = times["json.loads"]
    print(f"JSON, {size:,} bytes in {len(texts)} texts; ratio to json.loads of the same texts (one interleaved run):")
    for name, t in times.items():
        print(f"  {name:34} {t * 1e3:8.2f} ms {t / base:6.2f}x")
    ours, pyd = times["kultursamverkan.loads"], times["pydantic v2 (strict)"]
    verdict = "met" if ours <= pyd else "NOT met"
    print(f"  goal: ours ≤ pydantic v2 strict ({ours / base:.2f}x vs {pyd / base:.2f}x): {verdict}")
    counts = [_count(s) for s in structures]
    built, fields = sum(c[0] for c in counts), sum(c[1] for c in counts)
    print(f"  (ours builds {built:,} frozen objects with {fields:,} fields)")

    ytexts = [dumps(s, "yaml") for s in structures]
    ytimes = interleaved(
        {
            "yaml.load(CSafeLoader)": each(lambda t: yaml.load(t, Loader=yaml.CSafeLoader), ytexts),
            "kultursamverkan.loads": each(lambda t: kultursamverkan.loads(t, "yaml"), ytexts),
        },
        2,
        repeat,
    )
    yratio = ytimes["kultursamverkan.loads"] / ytimes["yaml.load(CSafeLoader)"]
    print(
        f"YAML: ours {ytimes['kultursamverkan.loads'] * 1e3:.1f} ms, bare C parse"
        f" {ytimes['yaml.load(CSafeLoader)'] * 1e3:.1f} ms: {yratio:.2f}x"
        f" (goal ≤ 1.2x: {'met' if yratio <= 1.2 else 'NOT met'})"
    )


def _tallied(data: Any) -> object:
    return fastpath.counting_builder(kultursamverkan.Structure)(data, [])


def _tally(data: Any) -> int:
    counts: list[int] = []
    fastpath.counting_builder(kultursamverkan.Structure)(data, counts)
    return sum(counts)


def _count(obj: object) -> tuple[int, int]:
    """(objects, fields) of a model object and everything in it."""
    if attrs.has(type(obj)):
        fields = attrs.fields(type(obj))
        inner = [_count(getattr(obj, f.name)) for f in fields]
        return 1 + sum(i[0] for i in inner), len(fields) + sum(i[1] for i in inner)
    if isinstance(obj, tuple):
        inner = [_count(item) for item in obj]
        return sum(i[0] for i in inner), sum(i[1] for i in inner)
    return 0, 0


def agreement_section() -> int:
    """Ours and the peers on the same mutations; returns the number of disagreements."""
    the_schema = schema.json_schema()
    peers = Peers(the_schema)
    judges = {"ours": _ours_accepts, **peers.accepts()}
    documents = sorted(
        (converter.unstructure(kultursamverkan.load(p)) for p in EXAMPLES.glob("*.yaml")),
        key=lambda d: len(json.dumps(d)),
    )
    cases: list[tuple[str, Any]] = []
    labels: set[str] = set()
    for document in documents:
        for label, data in mutations(the_schema, document):
            if label not in labels:
                labels.add(label)
                cases.append((label, data))
    for document in documents:
        text = json.dumps(document, ensure_ascii=False)
        assert all(judge(text) for judge in judges.values()), "every contender reads the unchanged examples"
    disagreements = []
    for label, data in cases:
        text = json.dumps(data, ensure_ascii=False)
        verdicts = {name: judge(text) for name, judge in judges.items()}
        if len(set(verdicts.values())) > 1:
            disagreements.append((label, verdicts))
    print(
        f"\nAgreement: {len(cases)} single-object mutations of the examples, read by"
        f" {', '.join(judges)}: {len(cases) - len(disagreements)} judged alike, {len(disagreements)} not"
    )
    grouped: dict[tuple[str, str], list[str]] = {}
    for label, verdicts in disagreements:
        where, what = label.split(": ", 1)
        said = ", ".join(f"{name} {'accepts' if ok else 'rejects'}" for name, ok in verdicts.items())
        grouped.setdefault((what, said), []).append(where)
    for (what, said), places in grouped.items():
        shown = ", ".join(places[:4]) + (f" and {len(places) - 4} more" if len(places) > 4 else "")
        print(f"  DISAGREE {what} ({said}): {len(places)}×, at {shown}")
    return len(disagreements)


def _ours_accepts(text: str) -> bool:
    try:
        kultursamverkan.loads(text, "json")
    except kultursamverkan.ValidationError:
        return False
    return True


def output_section(structures: list[kultursamverkan.Structure], repeat: int) -> None:
    texts = [dumps(s, "json") for s in structures]
    memos = value_memos()
    html = each(OUTPUTS["HTML"], structures)

    def html_afresh() -> None:
        for clear in memos:
            clear()
        html()

    contenders = {
        "json.loads": each(json.loads, texts),
        "load": each(lambda t: kultursamverkan.loads(t, "json"), texts),
        **{name: each(fn, structures) for name, fn in OUTPUTS.items()},
    }
    times = interleaved(contenders, 3, repeat)
    load = times["load"]
    print(f"\nOutputs of the same corpus, as a ratio of our JSON load ({load * 1e3:.1f} ms;", end=" ")
    print(f"goal ≤ {GOAL_OUTPUT_RATIO}x):")
    for name in OUTPUTS:
        ratio = times[name] / load
        verdict = "met" if ratio <= GOAL_OUTPUT_RATIO else "NOT met"
        print(
            f"  {name:8} {times[name] * 1e3:8.1f} ms {ratio:6.2f}x the load"
            f" ({times[name] / times['json.loads']:.1f}x json.loads): {verdict}"
        )
    # Apart, so that emptying the memos does not fall on the other outputs' timings.
    apart = interleaved({"load": contenders["load"], "HTML afresh": html_afresh}, 3, repeat)
    print(
        f"  HTML with the core's {len(memos)} phrase memos emptied before each corpus (content never rendered"
        f" before): {apart['HTML afresh'] * 1e3:.1f} ms, {apart['HTML afresh'] / apart['load']:.2f}x the load"
    )


def growth_section(repeat: int, quick: bool) -> None:
    print(f"\nGrowth exponents (time ∝ size^e; goal e ≤ {GOAL_EXPONENT}):")
    factors = (1, 10) if quick else (1, 10, 100)
    national = national_set()
    groups = [[converter.structure(scaled(data, k)) for data in national] for k in factors]
    _print_growth(
        f"national set {'×, '.join(map(str, factors))}×",
        [float(k) for k in factors],
        growth(groups, OUTPUTS, max(1, repeat // 3)),
    )
    counts = (120, 1200)
    regions = [[converter.structure(region("x", "Region X", "13", 10, n))] for n in counts]
    _print_growth("one region, 120 and 1,200 bodies", [float(n) for n in counts], growth(regions, OUTPUTS, repeat))


def _print_growth(label: str, sizes: list[float], times: dict[str, list[float]]) -> None:
    print(f"  {label}:")
    for name, ts in times.items():
        steps = ", ".join(f"{t * 1e3:.0f}" for t in ts)
        e = exponent(sizes, ts)
        print(f"    {name:8} {steps} ms  e = {e:.2f} {'met' if e <= GOAL_EXPONENT else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="leave out the 100× national set")
    args = parser.parse_args()
    structures = corpus()
    bodies = sum(len(s.bodies) for s in structures)
    objects = sum(len(s.bodies) + len(s.organisations) + len(s.people) + len(s.representations) for s in structures)
    print(f"corpus: {len(structures)} structures (5 examples + 21 synthetic), {bodies} bodies, {objects} objects\n")
    load_section(structures, args.repeat)
    agreement_section()
    output_section(structures, args.repeat)
    growth_section(args.repeat, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
