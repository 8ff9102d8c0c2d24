"""Translation catalogs and Babel locales, loaded once per process.

Every human word the library produces comes from the gettext catalogs of the
``kultursamverkan`` domain (sources in the checkout's ``locales/``, shipped in the
wheel as ``kultursamverkan/locales``). Functions take the language as a parameter;
nothing here is switched globally, so one process can render Swedish and English
side by side (a CMS serving both).

Enum labels use the vocabulary as message context and the machine value as msgid
(context ``"tier"``, msgid ``"political"``), so a machine value can never collide
with a prose msgid. They are extracted by ``extract_vocabularies``, a Babel
extractor that reads ``vocab.VOCABULARIES``: a new enum member shows up in
``pybabel extract`` without anyone listing it by hand.

Languages: the shipped catalogs are ``sv`` and ``en``. Any other language falls
back to English, and ``normalize_lang`` says so. English dates and lists follow
``en_GB`` ("14 November 2019", "a, b and c"): British usage is what Swedish public
bodies write in English, and day-month-year reads naturally next to Swedish.

``KULTURSAMVERKAN_LOCALE_DIR`` may name another catalog directory (read once);
a deployment can add a language there without changing the package.
"""

from __future__ import annotations

import gettext
import io
import os
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import babel

from .errors import Problem, format_message
from .vocab import VOCABULARIES, Vocabulary

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11
    from importlib.abc import Traversable

DOMAIN = "kultursamverkan"
#: The languages the package ships catalogs for, in preference order.
LANGUAGES: tuple[str, ...] = ("sv", "en")
#: What every unknown language falls back to.
FALLBACK = "en"
#: The Babel locale used for a language's dates, numbers and lists, where it differs.
BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "sv": "sv_SE"}
ENV_LOCALE_DIR = "KULTURSAMVERKAN_LOCALE_DIR"

_LANG_RE = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")


@cache
def catalog_dir() -> Traversable:
    """Where the compiled catalogs are: the override, the installed package, or the checkout."""
    override = os.environ.get(ENV_LOCALE_DIR)
    if override:
        return Path(override)
    packaged = resources.files("kultursamverkan") / "locales"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "locales"


def _mo(lang: str) -> Traversable:
    return catalog_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def available_languages() -> tuple[str, ...]:
    """Languages with a compiled catalog: the shipped ones first, then any others found."""
    root = catalog_dir()
    found = sorted(child.name for child in root.iterdir() if child.is_dir() and _mo(child.name).is_file())
    return tuple(lang for lang in LANGUAGES if lang in found) + tuple(lang for lang in found if lang not in LANGUAGES)


@lru_cache(maxsize=256)  # bounded: ``lang`` may come from a request header
def normalize_lang(lang: str | None) -> str:
    """The catalog language to use for ``lang``: ``"sv-SE"`` → ``"sv"``; unknown → ``"en"``.

    Every phrase function calls this, so the answer is remembered per spelling (one
    rendering asks some hundred thousand times, for two or three spellings).
    """
    if lang:
        match = _LANG_RE.match(lang.strip())
        if match:
            code = match.group(1).lower()
            if code in available_languages():
                return code
    return FALLBACK


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    mo = _mo(lang)
    if not mo.is_file():  # pragma: no cover - a broken install; English msgids still read
        return gettext.NullTranslations()
    catalog = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    if lang != FALLBACK:
        # A partly translated catalog shows English, not machine values, where it has gaps.
        catalog.add_fallback(_translations(FALLBACK))
    return catalog


def translations(lang: str | None) -> gettext.NullTranslations:
    """The catalog for ``lang`` (normalised), cached per process."""
    return _translations(normalize_lang(lang))


@cache
def _locale(lang: str) -> babel.Locale:
    return babel.Locale.parse(BABEL_LOCALES.get(lang, lang))


def locale(lang: str | None) -> babel.Locale:
    """The Babel locale for ``lang`` (normalised); English is ``en_GB``."""
    return _locale(normalize_lang(lang))


@cache
def context_of(vocabulary: type[Vocabulary]) -> str:
    """The message context of a vocabulary's labels: ``BodyKind`` → ``"body_kind"``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", vocabulary.__name__).lower()


def label(member: Vocabulary, lang: str | None) -> str:
    """The human label of an enum member, lowercase as it reads in running text.

    Participant categories are groups, so their labels are plural ("förvaltningschefer").
    """
    return _label(type(member), member, normalize_lang(lang))


# A page labels a few thousand members, a hundred distinct: each label is looked up once per
# language (``member.value`` alone, an enum property, costs as much as the dictionary look-up).
# Keyed by the vocabulary too: members of two vocabularies with the same value are equal strings.
@lru_cache(maxsize=4096)
def _label(vocabulary: type[Vocabulary], member: Vocabulary, lang: str) -> str:
    return _pgettext(_translations(lang), context_of(vocabulary), member.value)


# These three are called some hundred thousand times per large page: ``translations`` inline.
def pgettext(lang: str | None, context: str, message: str) -> str:
    return _pgettext(_translations(normalize_lang(lang)), context, message)


def npgettext(lang: str | None, context: str, singular: str, plural: str, n: int) -> str:
    return _npgettext(_translations(normalize_lang(lang)), context, singular, plural, n)


# One page looks up some ten thousand messages, a few hundred distinct: each answer is
# remembered per catalog object (a catalog loaded again is asked again).
@lru_cache(maxsize=8192)
def _pgettext(catalog: gettext.NullTranslations, context: str, message: str) -> str:
    return catalog.pgettext(context, message)


@lru_cache(maxsize=8192)
def _npgettext(catalog: gettext.NullTranslations, context: str, singular: str, plural: str, n: int) -> str:
    return catalog.npgettext(context, singular, plural, n)


def extract_vocabularies(
    fileobj: object, keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor: one ``pgettext(vocabulary, value)`` message per enum member.

    Mapped to ``vocab.py`` in ``locales/babel.cfg``; the file itself is not parsed,
    the imported enums are the source of truth.
    """
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            # The translator comment names the Python member; docstrings differ across Python versions.
            yield 0, "pgettext", (context_of(vocabulary), member.value), [f"{vocabulary.__name__}.{member.name}"]


def problem_message(problem: Problem, lang: str | None) -> str:
    """A validation problem in ``lang``, from the same catalog as every other phrase.

    Parameters that are data (ids, values, dates) stay as they are; the template
    and words such as "a string" or "a body" are translated.
    """
    return format_message(problem.code, problem.params, translate=lambda ctx, msg: pgettext(lang, ctx, msg))
