"""The invalid-input corpus: one file per class of error, each with its message, path and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kultursamverkan

CORPUS = Path(__file__).parent / "invalid"

# file: (path, fragment of the message, YAML line or None)
CASES: dict[str, tuple[str, str, int | None]] = {
    "empty.yaml": ("$", "the file should consist of fields such as id: and name:, but here is an empty value", None),
    "top-level-list.yaml": ("$", "the file should consist of fields such as id: and name:, but here is a list", None),
    "binary.yaml": ("$", "the file is not saved as UTF-8 (byte 128)", None),
    "invalid-utf8.yaml": ("$", "the file is not saved as UTF-8 (byte 109)", None),
    "nul.yaml": ("$", "the file contains NUL characters; it is not a text file", None),
    "syntax.yaml": ("$", "the YAML cannot be read at column 1: a [ or { is opened but not closed", 6),
    "alias.yaml": ("$", "anchors and aliases (&, *) are not used in structure files", 6),
    "alias-bomb.yaml": ("$", "anchors and aliases (&, *) are not used in structure files", 1),
    "duplicate-key.yaml": ("$", "the field 'as_of' appears twice (YAML)", 5),
    "python-tag.yaml": (
        "$",
        "tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not used in structure files",
        5,
    ),
    "merge-key.yaml": ("$.description.<<", "there is no such field", 6),
    "unknown-key.yaml": ("$.bodies[0].colour", "there is no such field", 9),
    "missing-key.yaml": ("$.bodies[0].name", "this must be filled in", 6),
    "int-for-string.yaml": ("$.sources[0].url", "should be a text, but here is a whole number (42)", 6),
    "string-for-int.yaml": ("$.bodies[0].cadence.times", "should be a whole number, but here is a text ('4')", 9),
    "yes-for-bool.yaml": (
        "$.bodies[0].permanent",
        "should be yes or no (true or false), but here is a text ('yes')",
        9,
    ),
    "float-for-int.yaml": ("$.bodies[0].cadence.times", "should be a whole number, but here is a text ('1.10')", 9),
    "octal-county-code.yaml": ("$.region.county_code", "'012345' is not a county code: write two digits", 3),
    "string-for-list.yaml": ("$.bodies[0].participants", "should be a list, but here is a text ('officials')", 9),
    "unknown-enum.yaml": (
        "$.bodies[0].tier",
        "should be one of: political, strategic, tactical, operative; here is a text ('strategical')",
        9,
    ),
    "bad-date.yaml": ("$.bodies[0].established", "'2019-02-30' is not a date: day 30 is not 1–28", 9),
    "bad-id.yaml": ("$.bodies[0].id", "'Nätverket' is not a valid id", 6),
    "unknown-cadence.yaml": (
        "$.bodies[0].cadence",
        "the meeting frequency needs a kind, one of: count, range, at_least, interval, as_needed",
        9,
    ),
    "bad-range.yaml": ("$.bodies[0].cadence", "the highest number (3) must be greater than the lowest (4)", 9),
    "empty-text.yaml": ("$.description", "write the text in Swedish or English (sv or en)", 5),
    "duplicate-id.yaml": ("$.bodies[0].id", "the id 'natverket' is used already, at $.organisations[0].id", 6),
    "dangling-reference.yaml": (
        "$.bodies[0].relations[0].target",
        "there is nothing with the id 'art-inside-out' in this structure",
        9,
    ),
    "wrong-reference-kind.yaml": ("$.representations[0].body", "must refer to a body, not an organisation", 14),
    "cycle.yaml": ("$.bodies[0].relations[0].target", "“Part of” goes round in a circle: a → b → a", 6),
    "period-reversed.yaml": ("$.plans[0].period", "the period ends (2020) before it starts (2023)", 9),
    "representation-outside-lifetime.yaml": (
        "$.representations[0].start",
        "start 2015 lies outside the time 'radet' existed (2017–…)",
        10,
    ),
    "bad-json.json": ("$", "the file does not follow the rules of JSON: a value is missing here", 2),
    "duplicate-key.json": ("$", "the field 'id' appears twice (JSON)", None),
    "bad-toml.toml": ("$", "the file does not follow the rules of TOML: the value cannot be read", 2),
    "toml-wrong-type.toml": (
        "$.as_of",
        "but here is a date and time (2024-05-01T10:00:00)",
        None,
    ),
}


def test_every_corpus_file_has_a_case() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_input_gives_one_located_problem(name: str) -> None:
    path, fragment, line = CASES[name]
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.load(CORPUS / name)
    error = caught.value
    assert isinstance(error, ValueError)
    [problem] = error.problems
    assert problem.location.endswith(path if line is None else f"line {line}, {path}")
    assert fragment in problem.message
    assert problem.file == str(CORPUS / name)
    assert fragment in str(error)


def test_every_structural_problem_is_listed_at_once() -> None:
    text = (CORPUS / "unknown-key.yaml").read_text(encoding="utf-8").replace("kind: network", "kind: netwrk")
    text += "    tier: 3\n"
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text)
    found = {(p.location, p.message.split(";")[0]) for p in caught.value.problems}
    assert found == {
        ("line 8, $.bodies[0].kind", "should be one of: " + ", ".join(k.value for k in kultursamverkan.vocab.BodyKind)),
        ("line 9, $.bodies[0].colour", "there is no such field"),
        ("line 10, $.bodies[0].tier", "should be one of: political, strategic, tactical, operative"),
    }


def test_too_large_input_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kultursamverkan.io, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000, encoding="utf-8")
    with pytest.raises(kultursamverkan.ValidationError, match="larger than 1000 bytes"):
        kultursamverkan.load(big)
    with pytest.raises(kultursamverkan.ValidationError, match="larger than 1000"):
        kultursamverkan.loads("a: " + "x" * 2000)


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_deep_nesting_is_a_problem_not_a_crash(fmt: str) -> None:
    depth = 100_000
    text = {"yaml": "a: ", "json": '{"a": ', "toml": "a = "}[fmt] + "[" * depth + "]" * depth
    text += "}" if fmt == "json" else ""
    with pytest.raises(kultursamverkan.ValidationError, match="nested too deeply"):
        kultursamverkan.loads(text, format=fmt)


def test_unknown_suffix_and_format_are_value_errors(tmp_path: Path) -> None:
    odd = tmp_path / "structure.txt"
    odd.write_text("id: s", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot tell the format"):
        kultursamverkan.load(odd)
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        kultursamverkan.loads("<a/>", format="xml")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_problem_can_be_said_in_swedish(name: str) -> None:
    from kultursamverkan import i18n

    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.load(CORPUS / name)
    [problem] = caught.value.problems
    assert i18n.problem_message(problem, "en") == problem.message
    swedish = i18n.problem_message(problem, "sv")
    assert swedish != problem.message
    assert not re.search(r"\{\w+\}", swedish)  # every placeholder filled


@pytest.mark.parametrize(
    ("name", "swedish"),
    [
        ("string-for-int.yaml", "ska vara ett heltal, men här står en text ('4')"),
        ("yes-for-bool.yaml", "ska vara ja eller nej (true eller false), men här står en text ('yes')"),
        (
            "unknown-key.yaml",
            "fältet finns inte i formatet; kontrollera stavningen och indraget. "
            "Fälten här är: id, name, kind, tier, also_tiers, scope, …",
        ),
        ("missing-key.yaml", "uppgiften måste fyllas i"),
        ("wrong-reference-kind.yaml", "'lindesberg' måste hänvisa till ett samverkansorgan, inte en organisation"),
        ("period-reversed.yaml", "perioden slutar (2020) innan den börjar (2023)"),
        ("bad-date.yaml", "'2019-02-30' är inget datum: dag 30 ligger inte i 1–28"),
    ],
)
def test_swedish_problem_messages(name: str, swedish: str) -> None:
    from kultursamverkan import i18n

    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.load(CORPUS / name)
    [problem] = caught.value.problems
    message = i18n.problem_message(problem, "sv")
    if swedish.endswith("…"):  # a long list of allowed keys: its start is enough
        assert message.startswith(swedish[:-1])
    else:
        assert message == swedish


def test_a_reference_to_one_of_several_kinds_joins_them_in_the_readers_language() -> None:
    from kultursamverkan import i18n

    text = (CORPUS / "wrong-reference-kind.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "{person: jonas-kleber, body: lindesberg}", "{person: jonas-kleber, body: natverket, on_behalf_of: natverket}"
    )
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text)
    [problem] = caught.value.problems
    assert problem.message == "'natverket' must refer to an organisation or the region, not a body"
    assert (
        i18n.problem_message(problem, "sv")
        == "'natverket' måste hänvisa till en organisation eller regionen, inte ett samverkansorgan"
    )
