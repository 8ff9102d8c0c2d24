"""Catalog hygiene: extraction current, catalogs complete and compiled, labels for every enum member.

These run in every tox env and, on their own, in ``tox -e i18n``. They read the
checkout's ``locales/`` (the sources) and compare the installed package's compiled
catalogs with them, so a wheel built from stale ``.mo`` files fails here.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kultursamverkan import i18n
from kultursamverkan.vocab import VOCABULARIES

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "kultursamverkan.pot"
SHIPPED = ("sv", "en")
# The one place the maintenance commands are spelled out; locales/README.md shows the same.
KEYWORDS = ["-k", "_p:1c,2", "-k", "_np:1c,2,3"]
EXTRACT = ["extract", "-F", "locales/babel.cfg", *KEYWORDS, "--add-location=file", "--sort-output", "--no-wrap"]
EXTRACT += ["--project=kultursamverkan", "--copyright-holder=kultursamverkan developers"]
UPDATE = ["update", "-D", "kultursamverkan", "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching"]
#: Header fields that say when and by which Babel a file was written, not what it says.
_VOLATILE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date", "Generated-By")


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "kultursamverkan.po"


def pybabel(*args: str) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(cwd)


def catalog(lang: str):
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def read(path: Path, lang: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def contents(cat) -> dict:
    """What a catalog says: its messages (context, ids, translations, locations, flags, comments), its
    plural rule and its other headers, without when and by which Babel version it was written.

    Format flags (``python-brace-format``) are left out: they are the extractor's guess from the
    msgid, and Babel 2.14 (our lowest) makes none; ``test_placeholders_match`` checks placeholders."""
    messages = {
        (m.context, m.id): (
            m.string,
            sorted(m.locations),
            sorted(f for f in m.flags if not f.endswith("-format")),
            m.auto_comments,
            m.user_comments,
        )
        for m in cat
        if m.id
    }
    headers = [(k, v) for k, v in cat.mime_headers if k not in _VOLATILE_HEADERS]
    return {"messages": messages, "plural": (cat.num_plurals, cat.plural_expr), "headers": headers}


def without_generator(compiled: dict) -> dict:
    """A compiled catalog without the ``Generated-By`` and date lines of its header entry."""
    header = "".join(
        line for line in compiled.get("", "").splitlines(keepends=True) if line.split(":")[0] not in _VOLATILE_HEADERS
    )
    return {**compiled, "": header}


def test_template_is_current(tmp_path: Path) -> None:
    """``pybabel extract`` over the sources gives the committed template."""
    fresh = tmp_path / "kultursamverkan.pot"
    pybabel(*EXTRACT, "-o", str(fresh), ".")
    assert contents(read(fresh)) == contents(read(POT)), (
        "locales/kultursamverkan.pot is stale: run the commands in locales/README.md"
    )


def test_catalogs_are_updated_from_template(tmp_path: Path) -> None:
    """``pybabel update`` would change nothing (babel's own ``--check`` ignores contexts)."""
    copy = tmp_path / "locales"
    for lang in SHIPPED:
        target = copy / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po_path(lang), target)
    pybabel(*UPDATE, "-i", str(POT), "-d", str(copy))
    for lang in SHIPPED:
        updated = read(copy / lang / "LC_MESSAGES" / "kultursamverkan.po", lang)
        assert contents(updated) == contents(catalog(lang)), f"{lang} catalog is not updated"


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_complete_and_not_fuzzy(lang: str) -> None:
    cat = catalog(lang)
    assert not cat.fuzzy, f"the {lang} header is marked fuzzy"
    untranslated, fuzzy = [], []
    for message in cat:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append((message.context, message.id))
        if message.fuzzy:
            fuzzy.append((message.context, message.id))
    assert not untranslated, f"untranslated in {lang}: {untranslated}"
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy}"
    assert not list(cat.obsolete), f"obsolete entries in {lang}"


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_match(lang: str) -> None:
    """A translation uses exactly the ``{name}`` fields of its msgid, or formatting breaks."""
    for message in catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(_PLACEHOLDER.findall(string)) == expected, (lang, message.context, message.id, string)


@pytest.mark.parametrize("lang", SHIPPED)
def test_babel_checkers_pass(lang: str) -> None:
    problems = [(m.id, errors) for m, errors in catalog(lang).check()]
    assert not problems


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("lang", SHIPPED)
def test_msgfmt_check(lang: str, tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po_path(lang))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def _compiled(lang: str) -> dict:
    buffer = io.BytesIO()
    write_mo(buffer, catalog(lang))
    buffer.seek(0)
    return dict(gettext.GNUTranslations(buffer)._catalog)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", SHIPPED)
def test_committed_mo_is_current(lang: str) -> None:
    """The committed ``.mo`` says what the ``.po`` says (compile with pybabel after editing)."""
    with (LOCALES / lang / "LC_MESSAGES" / "kultursamverkan.mo").open("rb") as handle:
        committed = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    assert without_generator(committed) == without_generator(_compiled(lang))


@pytest.mark.parametrize("lang", SHIPPED)
def test_loaded_catalog_is_current(lang: str) -> None:
    """What the library loads (from the wheel under tox) is the current catalog."""
    loaded = dict(i18n.translations(lang)._catalog)  # type: ignore[attr-defined]
    assert without_generator(loaded) == without_generator(_compiled(lang))


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_enum_member_has_a_label(lang: str) -> None:
    messages = i18n.translations(lang)._catalog  # type: ignore[attr-defined]
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            key = f"{i18n.context_of(vocabulary)}\x04{member.value}"
            assert messages.get(key), f"{vocabulary.__name__}.{member.name} has no {lang} label"
            text = i18n.label(member, lang)
            assert "_" not in text, f"{vocabulary.__name__}.{member.name}: {text!r} looks like a machine value"


def test_swedish_labels_are_swedish() -> None:
    """Where a Swedish label equals the English one it must be a word both languages share."""
    shared = {"regional", "interregional", "region", "institution", "status", "presidium"}
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            sv, en = i18n.label(member, "sv"), i18n.label(member, "en")
            assert sv != en or sv in shared, f"{vocabulary.__name__}.{member.name}: {sv!r} is not translated"


@pytest.mark.parametrize("lang", SHIPPED)
def test_members_with_equal_values_keep_their_own_labels(lang: str) -> None:
    """Labels are remembered per member; members of two vocabularies with one value are equal strings."""
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            expected = i18n.translations(lang).pgettext(i18n.context_of(vocabulary), member.value)
            assert i18n.label(member, lang) == expected, f"{vocabulary.__name__}.{member.name}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("sv", "sv"), ("SV", "sv"), ("sv-SE", "sv"), ("sv_FI", "sv"), ("en", "en"), ("en-GB", "en"), ("en_US", "en"),
     ("de", "en"), ("fi", "en"), ("", "en"), (None, "en"), ("x-klingon", "en"), ("../sv", "en")],
)  # fmt: skip
def test_normalize_lang(given: str | None, expected: str) -> None:
    assert i18n.normalize_lang(given) == expected


def test_catalogs_and_locales_are_cached() -> None:
    assert i18n.translations("sv") is i18n.translations("sv-SE")
    assert i18n.translations("de") is i18n.translations("en")
    assert i18n.locale("en") is i18n.locale("en_US")
    assert str(i18n.locale("en")) == "en_GB"
    assert str(i18n.locale("sv")) == "sv_SE"


def test_catalogs_come_from_the_package() -> None:
    """Under tox the package and its compiled catalogs come from the wheel, not this checkout."""
    if os.environ.get("KULTURSAMVERKAN_TEST_INSTALLED"):
        package = Path(i18n.__file__).resolve().parent
        assert package != ROOT / "kultursamverkan", f"testing the checkout ({package}), not the wheel"
        assert Path(str(i18n.catalog_dir())).resolve() == package / "locales"
    assert i18n.available_languages() == SHIPPED


def test_a_third_locale_can_be_added(tmp_path: Path) -> None:
    """The recipe in locales/README.md: a German catalog in test data, compiled, found and used."""
    locales = tmp_path / "locales"
    for lang in SHIPPED:
        target = locales / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(Path(str(i18n.catalog_dir())) / lang / "LC_MESSAGES" / "kultursamverkan.mo", target)
    (locales / "de" / "LC_MESSAGES").mkdir(parents=True)
    source = ROOT / "tests" / "data" / "locales" / "de" / "LC_MESSAGES" / "kultursamverkan.po"
    with source.open("rb") as handle, (locales / "de" / "LC_MESSAGES" / "kultursamverkan.mo").open("wb") as out:
        write_mo(out, read_po(handle, locale="de"))
    script = textwrap.dedent(
        f"""
        import kultursamverkan
        from kultursamverkan import i18n, phrases
        from kultursamverkan.cadence import Count, AsNeeded
        assert i18n.available_languages() == ("sv", "en", "de"), i18n.available_languages()
        assert i18n.normalize_lang("de-AT") == "de"
        print(phrases.cadence(Count(times=4), "de"))
        print(phrases.cadence(AsNeeded(), "de"))
        print(phrases.cadence(Count(times=4), "sv"))
        structure = kultursamverkan.load({str(ROOT / "examples" / "regions" / "halland.yaml")!r})
        print(kultursamverkan.render(structure, lang="de", format="html"))
        """
    )
    env = {**os.environ, i18n.ENV_LOCALE_DIR: str(locales)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["viermal im Jahr", "bei Bedarf", "fyra gånger per år"]
    html = "\n".join(lines[3:])
    assert 'class="ks-structure" id="ks-structure-halland" lang="de"' in html
    assert "Kooperationsgremien" in html
    assert "Politische Ebene" in html
    # Data text has no German, so it is the English text, marked as such.
    assert '<span lang="en">Strategic network</span>' in html
