"""Problems said for editors: plain Swedish and English, located by names and field labels, YAML explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kultursamverkan
from kultursamverkan import explain
from kultursamverkan.cli import main

ROOT = Path(__file__).resolve().parent.parent
EDITOR_CONTEXTS = ("problem", "value_kind", "yaml_hint", "json_hint", "toml_hint", "location", "key", "object_kind")
#: Programmers' words and calques an editor should never read.
NOT_FOR_EDITORS = {
    "sv": ("sträng", "mappning", "null", "nästla", "väntade", "fick ", "nyckel", "obligatorisk", "indata"),
    "en": ("string", "mapping", "null", "expected", "got ", "key ", "localised", "input"),
}


def catalog(lang: str) -> list[tuple[str, str]]:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "kultursamverkan.po").open("rb") as handle:
        return [(m.context, m.string) for m in read_po(handle) if m.id and m.context in EDITOR_CONTEXTS]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_problem_messages_avoid_programmers_words(lang: str) -> None:
    found = [
        f"{context}: {text!r} has {word!r}"
        for context, text in catalog(lang)
        for word in NOT_FOR_EDITORS[lang]
        if word in re.sub(r"\{\w+\}", "", text).lower()
    ]
    assert not found, "\n".join(found)


DATA = {
    "bodies": [
        {"id": "a", "name": {"sv": "Strategiskt nätverk", "en": "Strategic network"}},
        {"id": "b", "name": {"sv": "Taktiskt nätverk", "en": "Tactical network"}, "cadence": {"kind": "count"}},
        {"kind": "network"},
    ]
}


def test_paths_are_said_by_names_and_labels() -> None:
    path = ("bodies", 1, "cadence", "times")
    assert explain.describe_path(path, DATA, "sv") == "Taktiskt nätverk › Mötesfrekvens › Antal gånger"
    assert explain.describe_path(path, DATA, "en") == "Tactical network › Meeting frequency › Times"
    unnamed = ("bodies", 2, "name")
    assert explain.describe_path(unnamed, DATA, "sv") == "Samverkansorgan 3 › Namn"
    assert explain.describe_path(unnamed, DATA, "en") == "Collaboration bodies 3 › Name"
    assert explain.describe_path(("bodies", 0, "colour"), DATA, "sv") == "Strategiskt nätverk › “colour”"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "halland.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = 'format_version: 1\nid: s\nname: {sv: S}\nregion: {id: r, name: {sv: R}}\nas_of: "2024"\n'


def test_validate_in_swedish_and_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bodies = "bodies:\n  - id: t\n    name: {sv: Taktiskt nätverk, en: Tactical network}\n    kind: network\n"
    path = write(tmp_path, HEAD + bodies + "    cadence: {kind: count, times: '4'}\n")
    assert main(["validate", "--lang", "sv", str(path)]) == 1
    sv = capsys.readouterr().out.strip()
    assert sv == (
        f"{path}, rad 10, Taktiskt nätverk › Mötesfrekvens › Antal gånger: "
        "ska vara ett heltal, men här står en text ('4')"
    )
    assert main(["validate", "--lang", "en", str(path)]) == 1
    en = capsys.readouterr().out.strip()
    assert en == (
        f"{path}, line 10, Tactical network › Meeting frequency › Times: "
        "should be a whole number, but here is a text ('4')"
    )


@pytest.mark.parametrize(
    ("text", "line", "sv", "en"),
    [
        (
            "id: s\nname:\n  sv: Kultur: och mer\n",
            3,
            'YAML-texten kan inte läsas i kolumn 13: kolon och mellanslag (": ") börjar ett nytt fält här; '
            'om de hör till texten, sätt hela värdet inom citattecken, t.ex. name: "Kultur: och mer"',
            'the YAML cannot be read at column 13: a colon and a space (": ") start a new field here; '
            'if they belong to the text, put the whole value in quotes, e.g. name: "Kultur: och mer"',
        ),
        (
            "id: s\nname: {sv: Kultur, en: Culture: more}\n",
            2,
            "YAML-texten kan inte läsas i kolumn 31: inom { } skiljer kommatecken fälten åt; "
            'om ett värde innehåller ", " eller ": ", sätt det inom citattecken, t.ex. {sv: "Region, Halland"}, '
            "och avsluta med }",
            "the YAML cannot be read at column 31: inside { } a comma separates the fields; "
            'if a value contains ", " or ": ", put it in quotes, e.g. {sv: "Region, Halland"}, and close with }',
        ),
        (
            "id: s\nname: 'Kultur\n",
            3,
            "YAML-texten kan inte läsas i kolumn 1: ett citattecken öppnas men stängs aldrig",
            "the YAML cannot be read at column 1: a quotation mark is opened but not closed",
        ),
        (
            "id: s\nname:\n  sv: a\n en: b\n",
            4,
            "YAML-texten kan inte läsas i kolumn 2: indraget stämmer inte med raderna ovanför",
            "the YAML cannot be read at column 2: the indentation does not match the lines above",
        ),
    ],
)
def test_yaml_syntax_errors_in_our_words(text: str, line: int, sv: str, en: str) -> None:
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text)
    [problem] = caught.value.problems
    assert problem.line == line
    assert explain.explain(problem, "sv").startswith(f"rad {line}: {sv}")
    assert explain.explain(problem, "en").startswith(f"line {line}: {en}")


def test_file_keys_and_paths_inside_messages_are_said_by_labels(tmp_path: Path) -> None:
    corpus = ROOT / "tests" / "invalid"
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.load(corpus / "duplicate-id.yaml")
    [problem] = caught.value.problems
    said = explain.explain(problem, "sv", kultursamverkan.io.parse((corpus / "duplicate-id.yaml").read_bytes(), "yaml"))
    assert "$." not in said
    assert "används redan, vid" in said


@pytest.mark.parametrize(
    ("text", "fmt", "sv", "en"),
    [
        (
            '{"id": "s",\n "name": }',
            "json",
            "rad 2: filen följer inte reglerna för JSON: ett värde saknas här",
            "line 2: the file does not follow the rules of JSON: a value is missing here",
        ),
        (
            '{"id": "s", "n": NaN}',
            "json",
            "filen följer inte reglerna för JSON: NaN och Infinity är inga tal",
            "the file does not follow the rules of JSON: NaN and Infinity are not numbers",
        ),
        (
            "id = s\n",
            "toml",
            "rad 1: filen följer inte reglerna för TOML: värdet kan inte läsas: sätt text inom dubbla citattecken",
            "line 1: the file does not follow the rules of TOML: the value cannot be read: put text in double quotes",
        ),
    ],
)
def test_json_and_toml_syntax_errors_in_our_words(text: str, fmt: str, sv: str, en: str) -> None:
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text, format=fmt)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    assert explain.explain(problem, "sv").startswith(sv)
    assert explain.explain(problem, "en").startswith(en)
