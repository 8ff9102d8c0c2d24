"""Measuring and wrapping text without a browser, so SVG text provably fits its box.

Widths come from DejaVu Sans Bold (the font the diagram names first), read once
from the font's advance widths, and are used for regular text too: bold is the
wider, so measuring everything as bold errs on the safe side. Letters with
diacritics (å, ä, ö, á, č) measure as their base letter; any other character
counts as 1.1 em, wider than any glyph in the font. A further 6 % margin covers
a renderer that substitutes a somewhat wider sans-serif.
"""

from __future__ import annotations

import functools
import unicodedata

#: DejaVu Sans Bold advance widths of ASCII 32–126 in hundredths of an em.
_ASCII = (
    35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
    70, 70, 40, 40, 84, 84, 84, 59, 100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86,
    74, 86, 78, 73, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72,
    72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,
)  # fmt: skip
_OTHER = {
    "\u2013": 50,
    "\u2014": 100,
    "\u2019": 38,
    "\u201c": 59,
    "\u201d": 59,
    "\u00b7": 38,
    "\u2026": 100,
    "\u00d7": 84,
    "\u2192": 84,
}
_UNKNOWN = 110
SAFETY = 1.06


def _advance(ch: str) -> int:
    code = ord(ch)
    if 32 <= code <= 126:
        return _ASCII[code - 32]
    if ch in _OTHER:
        return _OTHER[ch]
    if unicodedata.combining(ch):
        return 0
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base and 32 <= ord(base) <= 126:
        return _ASCII[ord(base) - 32]
    return _UNKNOWN


#: ``_advance`` remembered per character: a diagram measures every label many times over while wrapping.
_cached_advance = functools.cache(_advance)


def width(text: str, size: float) -> float:
    """An upper bound on the width of ``text`` at ``size`` px."""
    return sum(map(_cached_advance, text)) * size * SAFETY / 100


def _split_word(word: str, limit: float, size: float) -> list[str]:
    """Cut a word too long for any line into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and width(current + ch, size) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, limit: float, size: float, *, break_words: bool = False) -> list[str] | None:
    """Greedy wrap at spaces; None if a word is wider than ``limit`` and ``break_words`` is off.

    A line's width is kept as its sum of (integer) advances, word by word, instead of
    measuring the whole line again for every word: the same sums, so the same widths.
    """
    lines: list[str] = []
    current = ""
    units = 0  # the advances of ``current``
    space = _cached_advance(" ")
    for word in text.split():
        word_units = sum(map(_cached_advance, word))
        if word_units * size * SAFETY / 100 > limit:
            if not break_words:
                return None
            if current:
                lines.append(current)
            *whole, current = _split_word(word, limit, size)
            units = sum(map(_cached_advance, current))
            lines.extend(whole)
            continue
        candidate = units + space + word_units if current else word_units
        if candidate * size * SAFETY / 100 <= limit:
            current = f"{current} {word}" if current else word
            units = candidate
        else:
            lines.append(current)
            current, units = word, word_units
    if current:
        lines.append(current)
    return lines


def fit(text: str, limit: float, size: float, min_size: float) -> tuple[list[str], float]:
    """Wrap ``text`` into lines no wider than ``limit``: shrink the font (down to ``min_size``)
    only when a single word does not fit, and split words only at ``min_size``."""
    current = size
    while current > min_size:
        lines = wrap(text, limit, current)
        if lines is not None:
            return lines, current
        current -= 1
    return wrap(text, limit, min_size, break_words=True) or [], min_size
