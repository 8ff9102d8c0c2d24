"""YAML is read as written: the YAML 1.1 traps do not turn Nordic data into other types."""

from __future__ import annotations

import pytest

import kultursamverkan

HEAD = "id: s\nregion: {id: region-x, name: {sv: Region X}}\nas_of: 2024\n"


@pytest.mark.parametrize(
    "scalar", ["NO", "no", "Yes", "off", "12:30", "012345", "1.10", "0x1F", "1e3", "2019-11-14", ".inf"]
)
def test_trap_scalars_stay_strings(scalar: str) -> None:
    structure = kultursamverkan.loads(HEAD + f"name: {{sv: {scalar}}}\n")
    assert structure.name.sv == scalar


def test_county_code_keeps_its_leading_zero() -> None:
    structure = kultursamverkan.loads(
        HEAD.replace("{id: region-x,", "{id: region-x, county_code: 01,") + "name: {sv: S}\n"
    )
    assert structure.region.county_code == "01"


def test_real_booleans_and_integers_still_work() -> None:
    text = HEAD + (
        "name: {sv: S}\nbodies:\n  - {id: b, name: {sv: B}, kind: working_group, permanent: true,"
        " cadence: {kind: count, times: 4}}\n"
    )
    body = kultursamverkan.loads(text).bodies[0]
    assert body.permanent is True
    assert body.cadence.times == 4


def test_a_bare_year_is_a_date_in_every_format() -> None:
    yaml_ = kultursamverkan.loads(HEAD + "name: {sv: S}\n")
    json_ = kultursamverkan.loads(
        '{"id": "s", "name": {"sv": "S"}, "region": {"id": "region-x", "name": {"sv": "Region X"}}, "as_of": 2024}',
        format="json",
    )
    toml_ = kultursamverkan.loads(
        'id = "s"\nas_of = "2024"\nname = {sv = "S"}\nregion = {id = "region-x", name = {sv = "Region X"}}\n',
        format="toml",
    )
    assert yaml_ == json_ == toml_
    assert str(yaml_.as_of) == "2024"


def test_toml_native_dates_mean_the_same_as_strings() -> None:
    base = 'id = "s"\nname = {sv = "S"}\nregion = {id = "region-x", name = {sv = "Region X"}}\n'
    assert kultursamverkan.loads(base + "as_of = 2019-11-14\n", "toml") == kultursamverkan.loads(
        base + 'as_of = "2019-11-14"\n', "toml"
    )


def test_dumped_yaml_quotes_what_needs_quoting() -> None:
    structure = kultursamverkan.loads(HEAD + "name: {sv: 'NO', en: '12:30'}\n")
    text = kultursamverkan.dumps(structure)
    assert "'NO'" in text
    assert "'12:30'" in text
    assert "as_of: '2024'" in text
    assert kultursamverkan.loads(text) == structure


def test_swedish_letters_are_written_as_letters() -> None:
    structure = kultursamverkan.loads(HEAD + "name: {sv: Sáminuorra och Örebro län}\n")
    for fmt in ("yaml", "json", "toml"):
        assert "Sáminuorra och Örebro län" in kultursamverkan.dumps(structure, format=fmt)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\n---\nb: 2\n", "one structure (one YAML document)", 3),
        ("1: one\n", "field names must be text, but here is a whole number (1)", 1),
        ("a: !!str 123\n", "tags such as 'tag:yaml.org,2002:str' are not used in structure files", 1),
        ("a:\n  b: &x 1\n", "anchors and aliases (&, *) are not used", 2),
        ("a: [1, *x]\n", "anchors and aliases (&, *) are not used", 1),
        ("? [a]\n: 1\n", "field names must be text, but here is a list", 1),
        ("a: " + "[" * 65 + "]" * 65 + "\n", "the file is nested too deeply", 1),
        # Deeper than libyaml's own limit (1000 since libyaml 0.2.6) on one line: still our problem.
        ("a: 1\nb:\n  c: " + "[" * 100_000 + "]" * 100_000 + "\n", "the file is nested too deeply", 3),
        ("a: " + "{b: " * 5000 + "}" * 5000 + "\n", "the file is nested too deeply", 1),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(2000)), "the file is nested too deeply", 65),
    ],
)
def test_yaml_refusals_are_located(text: str, message: str, line: int) -> None:
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text)
    [problem] = caught.value.problems
    assert message in problem.message
    assert problem.line == line


def test_our_depth_limit_comes_before_the_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever nesting limit and look-ahead a libyaml has, the user gets our located, translated problem."""
    import yaml

    from kultursamverkan import i18n, io

    class EarlyLimit(io._PyEventParser):
        """Stands in for a libyaml whose own limit strikes while our reader is still shallow."""

        def fetch_flow_collection_start(self, token_class: type) -> None:
            if self.flow_level >= 3:
                raise yaml.scanner.ScannerError(None, None, "exceeded maximum nesting depth", self.get_mark())
            super().fetch_flow_collection_start(token_class)

    monkeypatch.setattr(io, "_EventParser", EarlyLimit)
    monkeypatch.setattr(io, "WITH_LIBYAML", True)
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads("a: 1\nb: " + "[" * 70 + "]" * 70 + "\n")
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("too_deep", 2)
    assert i18n.problem_message(problem, "sv") != problem.message
    # A file with few brackets that the parser refuses is the parser's refusal (a syntax problem), not ours.
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads("a: [[[[x]]]]\n")
    [problem] = caught.value.problems
    assert problem.code == "yaml_syntax"


def test_uses_libyaml_when_available() -> None:
    import yaml

    assert hasattr(yaml, "CSafeLoader") == kultursamverkan.io.WITH_LIBYAML
