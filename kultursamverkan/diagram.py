"""A structure as an accessible SVG diagram, laid out in pure Python.

The picture: the structure's name at the top; one row per tier, political at the
top, then bodies without a tier; each body a box with its kind, name and cadence
in the chosen language; relations as labelled arrows (an organisation a body
relates to is drawn next to it, so "steering group for" is a short arrow);
collaborations with others in a dashed band at the bottom, set apart.

Text fits its box by construction: ``textfit`` measures with an upper bound on
the glyph widths, wraps at spaces, shrinks a line's font only when a single word
is too wide, and grows the box to hold all lines.

Accessibility: the ``<svg>`` has ``role="img"``, a ``<title>`` and a ``<desc>``
that is ``text_alternative()``, which says in sentences what the boxes and arrows
say. Output is deterministic: same structure and language, same bytes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from attrs import define, field, frozen

from . import i18n, phrases, textfit
from .cadence import Cadence
from .memo import memo
from .model import Body, Collaboration, Organisation, Structure
from .values import LANGUAGES
from .vocab import RelationType, Tier, Vocabulary

FONT = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"
WIDTH = 1080
MARGIN = 24
LABEL_W = 150
CONTENT_X = MARGIN + LABEL_W
CONTENT_W = WIDTH - CONTENT_X - MARGIN
BOX_W = 196
PAD = 10
GAP = 24
LINE_GAP = 40
ROW_PAD = 18
ROW_GAP = 14
BAND_GAP = 30
MIN_SIZE = 9

TIER_COLOURS = {
    Tier.POLITICAL: ("#fbe3e1", "#a23b2c"),
    Tier.STRATEGIC: ("#fdf0d8", "#8a5a00"),
    Tier.TACTICAL: ("#e2f1e4", "#2e6b36"),
    Tier.OPERATIVE: ("#e1ecf7", "#24527a"),
    None: ("#eeeeee", "#444444"),
}
COLLAB_COLOURS = ("#f0e8f6", "#5b3a7a")
ORG_COLOURS = ("#ffffff", "#555555")
INK = "#1a1a1a"
MUTED = "#4d4d4d"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: What ``esc`` changes: most texts hold none of it and are returned after one search.
_ESCAPED = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')


def _p(context: str, message: str) -> tuple[str, str]:
    """Mark a message for extraction (keyword ``_p:1c,2``, as in ``phrases``)."""
    return context, message


WITHOUT_TIER = _p("export", "without tier")
COLLABORATION = _p("export", "collaboration with others")
IN_PARALLEL = _p("export", "{kind}, {count} in parallel")
CONVENED_BY = _p("export", "convened by {name}")


def _parenthesised(name: str, inner: str) -> str:
    """ "Name (inner)", or "Länsungdomsrådet (LUR; inner)" when the name ends in parentheses itself.

    ``phrases.parenthesised`` of plain text, written directly: the description says it of every body.
    """
    if name.endswith(")"):
        return f"{name[:-1]}; {inner})"
    return f"{name} ({inner})"


#: ``i18n.label`` remembered: a diagram labels the same few kinds, scopes and relations over and over.
#: Typed, as members of two vocabularies with one name and value are equal (str enums) but read differently.
_label = lru_cache(maxsize=1024, typed=True)(i18n.label)
_NOTHING_APART: frozenset[str] = frozenset()
#: The rows top-down: the tiers, then bodies without one.
_TIERS: tuple[Tier | None, ...] = (*Tier, None)


def _tiers(structure: Structure) -> list[tuple[Tier | None, list[Body]]]:
    """The bodies of each row that has any, top-down, in the structure's order."""
    by_tier: dict[Tier | None, list[Body]] = {}
    for body in structure.bodies:
        by_tier.setdefault(body.tier, []).append(body)
    return [(tier, by_tier[tier]) for tier in _TIERS if tier in by_tier]


def _t(lang: str, message: tuple[str, str]) -> str:
    return i18n.pgettext(lang, *message)


def esc(text: str) -> str:
    """Text safe in XML content and double-quoted attributes; characters XML cannot hold become U+FFFD."""
    if _ESCAPED.search(text) is None:
        return text
    text = _INVALID_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@lru_cache(maxsize=4096)  # a diagram writes the same few coordinates many times over
def _num(value: float) -> str:
    """Coordinates with at most one decimal, no trailing zeros: stable text for stable bytes."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# ---------------------------------------------------------------- content


@frozen
class Line:
    text: str
    size: float
    bold: bool = False
    colour: str = INK
    #: Extra space above the line: separates a box's kind, name and cadence.
    space: float = 0
    #: How far the line reaches down from the one above, and its baseline up from its bottom; worked
    #: out once per line (lines are shared, ``_fitted``), for every box and arrow label that draws it.
    advance: float = field(init=False, eq=False, repr=False)
    lift: float = field(init=False, eq=False, repr=False)
    #: Its ``<text>`` after the position, centred (how boxes and arrow labels draw it).
    centred: str = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "advance", self.size * 1.25 + self.space)
        object.__setattr__(self, "lift", self.size * 0.3)
        object.__setattr__(self, "centred", _text_tail(self.text, self.size, self.bold, self.colour, "middle"))


@define
class Box:
    key: str
    kind: str  # "body", "organisation" or "collaboration"
    lines: list[Line]
    colours: tuple[str, str]
    x: float = 0
    y: float = 0
    w: float = BOX_W
    h: float = 0
    _content_height: float | None = field(default=None, init=False, repr=False, eq=False)

    @property
    def content_height(self) -> float:
        """The height its lines need (remembered: layout and drawing both ask, and the lines stay as built)."""
        if self._content_height is None:
            self._content_height = 2 * PAD + sum([line.advance for line in self.lines])
        return self._content_height


@define
class Row:
    label: str
    boxes: list[Box]
    colours: tuple[str, str]
    band: bool = False
    lines: list[list[Box]] = field(factory=list)
    top: float = 0
    bottom: float = 0


@lru_cache(maxsize=4096)  # kinds, cadences and relations repeat: fitted once each (lines are immutable)
def _fitted(
    text: str, size: float, *, bold: bool = False, colour: str = INK, width: float = BOX_W - 2 * PAD, space: float = 0
) -> tuple[Line, ...]:
    lines, used = textfit.fit(text, width, size, MIN_SIZE)
    return tuple(Line(line, used, bold, colour, space if i == 0 else 0) for i, line in enumerate(lines))


@memo(1024)  # bounded; many bodies share a cadence, and the box and the description both say it
def _cadence(cadence: Cadence, lang: str) -> str:
    return phrases.cadence(cadence, lang)


@lru_cache(maxsize=4096)  # bodies of a region mostly relate to the same few
def _relation(rel_type: RelationType, target_name: str, lang: str) -> str:
    return phrases.relation(rel_type, target_name, lang)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(obj: object, lang: str) -> str:
    """``phrases.localized(obj.name, lang)``'s text, for a ``lang`` already normalised (every caller's)."""
    return obj.name.get(lang if lang in LANGUAGES else "en")[0]  # type: ignore[attr-defined]


#: A diagram's cadence phrases by the cadence's id, each beside its cadence (``_cadence_of``).
Said = dict[int, tuple[object, str]]


def _cadence_of(body: Body, lang: str, said: Said) -> str:
    """``_cadence`` of a body with a cadence, once per diagram: the box and the description both say it.

    ``said`` is the diagram's, keyed by the cadence's identity (cheaper than its value's hash and
    equality). The entry holds the cadence itself, so that its id is not reused while the entry
    lives, even for a cadence made afresh on each reading (a property of a hand-made subclass)."""
    cadence = body.cadence
    found = said.get(id(cadence))
    if found is not None and found[0] is cadence:
        return found[1]
    text = _cadence(cadence, lang)  # type: ignore[arg-type]
    said[id(cadence)] = (cadence, text)
    return text


def _body_box(
    body: Body,
    lang: str,
    index: Mapping[str, object],
    apart: frozenset[str] = frozenset(),
    said: Said | None = None,
) -> Box:
    """A body's box; ``apart`` names what tells it from a body of the same kind ("scope", "convener");
    ``index`` is the structure's ``by_id()``, built once per diagram, ``said`` its cadence phrases."""
    scope = body.scope if "scope" in apart else None
    lines = [*_head(body.kind, body.instances, scope, lang), *_fitted(_name(body, lang), 14, bold=True, space=3)]
    if body.cadence is not None:
        lines += _fitted(_cadence_of(body, lang, {} if said is None else said), 12, space=3)
    convener = index.get(body.convener) if body.convener and "convener" in apart else None
    if convener is not None:
        text = _t(lang, CONVENED_BY).format(name=_name(convener, lang))
        lines += _fitted(text, 11, colour=MUTED, space=3)
    return Box(body.id, "body", lines, TIER_COLOURS[body.tier])


@lru_cache(maxsize=1024, typed=True)  # typed: members of two vocabularies with one value read differently
def _head(kind: Vocabulary, instances: int | None, scope: Vocabulary | None, lang: str) -> tuple[Line, ...]:
    """A body box's first lines: its kind, how many run in parallel, and its scope when shown."""
    head = _cap(_label(kind, lang)) + (f" \u00d7{instances}" if instances else "")
    if scope is not None:
        head += f" \u00b7 {_label(scope, lang)}"
    return _fitted(head, 11, colour=MUTED)


def _apart(structure: Structure) -> dict[str, frozenset[str]]:
    """Per body, the facts that tell it from other bodies of its kind: scope or convener, when they differ."""
    groups: dict[object, list[Body]] = {}
    for body in structure.bodies:
        groups.setdefault(body.kind, []).append(body)
    out: dict[str, frozenset[str]] = {}
    for bodies in groups.values():
        shown = set()
        if len({b.scope for b in bodies}) > 1:
            shown.add("scope")
        if len({b.convener for b in bodies}) > 1:
            shown.add("convener")
        facts = frozenset(shown)  # one set, shared by the group's bodies
        for body in bodies:
            out[body.id] = facts
    return out


def _organisation_box(org: Organisation, lang: str) -> Box:
    lines = [
        *_fitted(_cap(_label(org.kind, lang)), 11, colour=MUTED),
        *_fitted(_name(org, lang), 13, bold=True, space=3),
    ]
    return Box(org.id, "organisation", lines, ORG_COLOURS)


def _collaboration_box(collab: Collaboration, lang: str) -> Box:
    head = f"{_cap(_label(collab.kind, lang))} \u00b7 {_label(collab.scope, lang)}"
    lines = [*_fitted(head, 11, colour=MUTED), *_fitted(_name(collab, lang), 13, bold=True, space=3)]
    return Box(collab.id, "collaboration", lines, COLLAB_COLOURS)


def _relations(structure: Structure) -> list[tuple[str, RelationType, str]]:
    return [(body.id, rel.type, rel.target) for body in structure.bodies for rel in body.relations]


def _rows(
    structure: Structure, lang: str, index: Mapping[str, object] | None = None, said: Said | None = None
) -> list[Row]:
    """Tiers top-down, then bodies without a tier, then the collaboration band (``index``: the structure's
    ``by_id()``, ``said``: its cadence phrases, when the caller has them)."""
    if index is None:
        index = structure.by_id()
    if said is None:
        said = {}
    placed: set[str] = set()
    targets: dict[str, list[str]] = {}
    for source, _type, target in _relations(structure):
        if isinstance(index.get(target), Organisation):
            targets.setdefault(source, []).append(target)
    rows: list[Row] = []
    apart = _apart(structure)
    for tier, bodies in _tiers(structure):
        boxes: list[Box] = []
        for body in bodies:
            boxes.append(_body_box(body, lang, index, apart.get(body.id, _NOTHING_APART), said))
            placed.add(body.id)
            for target in targets.get(body.id, []):
                if target not in placed:
                    placed.add(target)
                    boxes.append(_organisation_box(index[target], lang))  # type: ignore[arg-type]
        label = _cap(_label(tier, lang)) if tier else _cap(_t(lang, WITHOUT_TIER))
        rows.append(Row(label, boxes, TIER_COLOURS[tier]))
    if structure.collaborations:
        boxes = [_collaboration_box(c, lang) for c in structure.collaborations]
        rows.append(Row(_cap(_t(lang, COLLABORATION)), boxes, COLLAB_COLOURS, band=True))
    return rows


# ---------------------------------------------------------------- layout


def _gap_before(box: Box, previous: Box | None, labels: dict[tuple[str, str], str]) -> float:
    """Room for an arrow label when ``box`` is the target of ``previous`` (or the other way round)."""
    if previous is None:
        return 0
    label = labels.get((previous.key, box.key)) or labels.get((box.key, previous.key))
    if label is None:
        return GAP
    return max(GAP, min(textfit.width(label, 11) + 24, 150))


@lru_cache(maxsize=256)  # a row's label: a tier's, or one of two more, in each language
def _label_height(label: str) -> float:
    return len(textfit.wrap(label, LABEL_W - 20, 13, break_words=True) or [""]) * 16


def _layout(rows: list[Row], labels: dict[tuple[str, str], str], top: float) -> list[LineOfBoxes]:
    """Place the rows' boxes from ``top`` down; the lines of boxes, top-down, for routing the arrows.

    A line's boxes share its top and height and stand left to right in its order."""
    placed: list[LineOfBoxes] = []
    y = top
    for row in rows:
        if row.band:
            y += BAND_GAP
        row.top = y
        y += ROW_PAD
        line: list[Box] = []
        line_gaps: list[float] = []  # the gap before each box of ``line``, kept for placing them
        all_gaps: list[list[float]] = []
        used = 0.0
        for box in row.boxes:
            gap = _gap_before(box, line[-1] if line else None, labels)
            if line and used + gap + box.w > CONTENT_W:
                row.lines.append(line)
                all_gaps.append(line_gaps)
                line, line_gaps, used, gap = [], [], 0.0, 0
            line.append(box)
            line_gaps.append(gap)
            used += gap + box.w
        row.lines.append(line)
        all_gaps.append(line_gaps)
        label_h = _label_height(row.label)
        for i, boxes in enumerate(row.lines):
            if i:
                y += LINE_GAP
            height = max([b.content_height for b in boxes])
            gaps = all_gaps[i]
            widths = sum([b.w for b in boxes]) + sum(gaps)
            x = CONTENT_X + (CONTENT_W - widths) / 2
            for box, gap in zip(boxes, gaps, strict=True):
                x += gap
                box.x, box.y, box.h = x, y, height
                x += box.w
            placed.append(LineOfBoxes(y, y + height, boxes[:]))
            y += height
        y = max(y, row.top + ROW_PAD + label_h)
        y += ROW_PAD
        row.bottom = y
        y += ROW_GAP
    return placed


# ---------------------------------------------------------------- drawing


def _text_lines(
    lines: Sequence[Line], x: float, y: float, anchor: str = "middle", out: list[str] | None = None
) -> list[str]:
    """The ``<text>`` elements of ``lines`` from ``y`` down, added to ``out`` (the diagram's, or a new list)."""
    head = f'<text x="{_num(x)}" y="'
    if out is None:
        out = []
    if anchor == "middle":
        for line in lines:
            y += line.advance
            out.append(f'{head}{_num(y - line.lift)}" {line.centred}')
        return out
    for line in lines:
        y += line.advance
        out.append(f'{head}{_num(y - line.lift)}" {_text_tail(line.text, line.size, line.bold, line.colour, anchor)}')
    return out


@lru_cache(maxsize=4096)  # kinds, cadences, labels: the same line of text drawn in box after box
def _text_tail(text: str, size: float, bold: bool, colour: str, anchor: str) -> str:
    """A ``<text>`` element after its position."""
    weight = ' font-weight="bold"' if bold else ""
    return f'font-size="{_num(size)}"{weight} fill="{colour}" text-anchor="{anchor}">{esc(text)}</text>'


def _box(box: Box, prefix: str, url: str | None = None, out: list[str] | None = None) -> list[str]:
    """A box's elements, added to ``out`` (the diagram's, or a new list)."""
    if out is None:
        out = []
    fill, stroke = box.colours
    dash = ' stroke-dasharray="5 3"' if box.kind == "organisation" else ""
    if url:
        out.append(f'<a href="{esc(url)}" class="ks-diagram__link">')
    x, y, w, h = box.x, box.y, box.w, box.h
    out.append(
        f'<g id="{esc(prefix + box.key)}">\n<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
        f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
    )  # two lines in one item: the diagram's items are joined with line breaks
    _text_lines(box.lines, x + w / 2, y + (h - box.content_height) / 2 + PAD, "middle", out)
    out.append("</g>\n</a>" if url else "</g>")
    return out


Point = tuple[float, float]

#: How far a routed arrow keeps from a box it passes (its own channel in a gap).
CLEARANCE = 6


@define
class LineOfBoxes:
    """One line of boxes as laid out: its vertical extent and its boxes left to right."""

    top: float
    bottom: float
    boxes: list[Box]


#: The content's width is cut into slots of this many pixels to find free vertical channels: a fixed
#: number of slots, so finding a channel costs the same however many boxes a structure has.
SLOT = 2.0
_LEFT = CONTENT_X - 14
_RIGHT = CONTENT_X + CONTENT_W + 14
_SLOTS = int((_RIGHT - _LEFT) / SLOT) + 1
_ALL_SLOTS = (1 << _SLOTS) - 1


def _blocked(line: LineOfBoxes) -> int:
    """The slots a line's boxes (with their clearance) cover, as bits."""
    mask = 0
    for b in line.boxes:
        first = max(0, int((b.x - CLEARANCE - _LEFT) // SLOT))
        last = min(_SLOTS - 1, int((b.x + b.w + CLEARANCE - _LEFT) // SLOT))
        if first <= last:
            mask |= ((1 << (last - first + 1)) - 1) << first
    return mask


class Router:
    """Routes arrows between the boxes of laid-out lines in time linear in the number of arrows.

    Which slots are free across a run of lines is an OR of the lines' blocked slots, answered in
    constant time from a sparse table; a channel is the middle of the free run nearest the arrow.
    """

    def __init__(self, lines: Sequence[LineOfBoxes]) -> None:
        self.lines = lines
        self.where = {id(b): (i, k) for i, line in enumerate(lines) for k, b in enumerate(line.boxes)}
        table = [[_blocked(line) for line in lines]]
        span = 1
        while 2 * span <= len(lines):
            prev = table[-1]
            table.append([prev[i] | prev[i + span] for i in range(len(lines) - 2 * span + 1)])
            span *= 2
        self._table = table

    def blocked(self, lo: int, hi: int) -> int:
        """The slots blocked by any line from ``lo`` to ``hi - 1``."""
        if hi <= lo:
            return 0
        level = (hi - lo).bit_length() - 1
        row = self._table[level]
        return row[lo] | row[hi - (1 << level)]

    def channel(self, lo: int, hi: int, near: float, offset: int = 0) -> float:
        """An x passing lines ``lo`` … ``hi - 1`` through a gap: near the middle of the free run nearest
        ``near``, moved by ``offset`` steps (within the run) so that arrows sharing a gap stay apart."""
        mask = self.blocked(lo, hi)
        best: tuple[float, float, float, float, float] | None = None
        free = ~mask & _ALL_SLOTS
        while free:  # each run of free slots, left to right, found with bit arithmetic instead of slot by slot
            start = (free & -free).bit_length() - 1
            above = mask >> start << start  # the blocked slots from ``start`` on; the run ends at the first
            end = (above & -above).bit_length() - 1 if above else _SLOTS
            free &= ~((1 << end) - 1)
            lo_x, hi_x = _LEFT + start * SLOT, _LEFT + end * SLOT
            middle = (lo_x + hi_x) / 2
            distance = 0.0 if lo_x <= near <= hi_x else min(abs(near - lo_x), abs(near - hi_x))
            if best is None or (distance, abs(middle - near)) < best[:2]:
                best = (distance, abs(middle - near), middle, lo_x, hi_x)
        if best is None:  # pragma: no cover - the margins beside the content are always free
            return _LEFT
        _d, _n, middle, lo_x, hi_x = best
        return min(max(middle + offset * 3, lo_x), hi_x)

    def route(self, source: Box, target: Box, offset: int = 0) -> list[Point]:
        """An arrow's corners from ``source`` to ``target``: straight between neighbours on a line, else
        orthogonal through the gaps between lines and between boxes, so that it crosses no other box."""
        lines = self.lines
        (i, a), (j, b) = self.where[id(source)], self.where[id(target)]
        sx = source.x + source.w / 2 + offset * 8
        tx = target.x + target.w / 2 + offset * 8
        if i == j:
            if abs(a - b) == 1:
                forward = b > a
                y = source.y + source.h / 2
                return [
                    (source.x + source.w if forward else source.x, y),
                    (target.x if forward else target.x + target.w, y),
                ]
            channel = lines[i].bottom + 10 + offset * 6
            return [(sx, source.y + source.h), (sx, channel), (tx, channel), (tx, target.y + target.h)]
        down = j > i
        start = (sx, source.y + source.h) if down else (sx, source.y)
        end = (tx, target.y) if down else (tx, target.y + target.h)
        if abs(i - j) == 1:
            channel = (lines[j].top - 12 - offset * 6) if down else (lines[j].bottom + 12 + offset * 6)
            return [start, (sx, channel), (tx, channel), end]
        first = (lines[i].bottom + 10 + offset * 6) if down else (lines[i].top - 10 - offset * 6)
        last = (lines[j].top - 10 - offset * 6) if down else (lines[j].bottom + 10 + offset * 6)
        x = self.channel(min(i, j) + 1, max(i, j), (sx + tx) / 2, offset)
        return [start, (sx, first), (x, first), (x, last), (tx, last), end]


def _arrow(points: Sequence[Point], label: str, marker: str, out: list[str] | None = None) -> list[str]:
    """The arrow along ``points``, its label on its longest horizontal stretch (always in a gap), added to
    ``out`` (the diagram's, or a new list)."""
    if out is None:
        out = []
    path = " L".join([f"{_num(x)} {_num(y)}" for x, y in points])
    out.append(f'<path d="M{path}{_path_tail(marker)}')
    a, b = points[0], points[-1]
    longest = -1.0
    for start, end in itertools.pairwise(points):  # the first of the longest horizontal stretches
        if abs(start[1] - end[1]) < 0.01 and abs(start[0] - end[0]) > longest:
            a, b, longest = start, end, abs(start[0] - end[0])
    lines, half, height, ground = _arrow_label(label)
    x = (a[0] + b[0]) / 2
    top = a[1] - 5 - height + 2
    out.append(f'<rect x="{_num(x - half)}" y="{_num(top)}{ground}')
    _text_lines(lines, x, top, "middle", out)
    return out


@lru_cache(maxsize=64)  # one per diagram
def _path_tail(marker: str) -> str:
    """An arrow's ``<path>`` after its ``d``: the same for every arrow of a diagram."""
    return f'" fill="none" stroke="{INK}" stroke-width="1.4" marker-end="url(#{esc(marker)})"/>'


@lru_cache(maxsize=256)  # one per relation type and language
def _arrow_label(label: str) -> tuple[tuple[Line, ...], float, float, str]:
    """An arrow's label: its lines, half the width and the height of the white ground behind them,
    and the ground's ``<rect>`` after its position."""
    lines = _fitted(label, 11, colour=INK, width=140)
    height = sum(line.size * 1.25 for line in lines)
    width = max(textfit.width(line.text, line.size) for line in lines) + 6
    ground = f'" width="{_num(width)}" height="{_num(height)}" fill="#ffffff" fill-opacity="0.9"/>'
    return lines, width / 2, height, ground


def crossings(structure: Structure, lang: str = "sv") -> list[tuple[str, str, str]]:
    """Every (source, target, box) where the arrow from source to target runs through another box.

    Empty by construction; kept public so tests and readers can check any structure.
    """
    _, boxes, relations, routes = _planned(structure, lang)
    out = []
    for (source, target, _label), points in zip(relations, routes, strict=True):
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            for key, box in boxes.items():
                if key in (source, target):
                    continue
                left, right = sorted((x1, x2))
                top, bottom = sorted((y1, y2))
                if left < box.x + box.w and right > box.x and top < box.y + box.h and bottom > box.y:
                    out.append((source, target, key))
    return out


def text_alternative(structure: Structure, lang: str) -> str:
    """What the diagram shows, as sentences: one line per row, then the collaborations."""
    lang = i18n.normalize_lang(lang)
    return _alternative(structure, lang, structure.by_id(), {})


def _alternative(structure: Structure, lang: str, index: Mapping[str, object], said: Said) -> str:
    """``text_alternative`` for a normalised ``lang``, with the diagram's id index and cadence phrases."""
    out = [f"{_name(structure, lang)}. {_name(structure.region, lang)}, {phrases.date(structure.as_of, lang)}."]
    for tier, bodies in _tiers(structure):
        items = []
        for body in bodies:
            kind = _label(body.kind, lang)
            if body.instances:  # the box's "×4" in words: a screen reader would say "times four"
                kind = _t(lang, IN_PARALLEL).format(kind=kind, count=phrases.number(body.instances, lang))
            parts = [kind]
            if body.cadence is not None:
                parts.append(_cadence_of(body, lang, said))
            for rel in body.relations:
                target = index.get(rel.target)
                target_name = _name(target, lang) if target is not None else rel.target
                parts.append(_relation(rel.type, target_name, lang))
            items.append(_parenthesised(_name(body, lang), "; ".join(parts)))
        label = _cap(_label(tier, lang)) if tier else _cap(_t(lang, WITHOUT_TIER))
        out.append(f"{label}: {'; '.join(items)}.")
    if structure.collaborations:
        items = [
            _parenthesised(_name(c, lang), f"{_label(c.kind, lang)}; {_label(c.scope, lang)}")
            for c in structure.collaborations
        ]
        out.append(f"{_cap(_t(lang, COLLABORATION))}: {'; '.join(items)}.")
    return "\n".join(out)


def _planned(
    structure: Structure,
    lang: str,
    index: Mapping[str, object] | None = None,
    said: Said | None = None,
) -> tuple[list[Row], dict[str, Box], list[tuple[str, str, str]], list[list[Point]]]:
    """Rows laid out, boxes by id, relations drawn (source, target, label) and their routes
    (``index`` and ``said`` as for ``_rows``)."""
    lang = i18n.normalize_lang(lang)
    rows = _rows(structure, lang, index, said)
    boxes = {box.key: box for row in rows for box in row.boxes}
    labels: dict[tuple[str, str], str] = {}
    relations = [(s, t, _label(rt, lang)) for s, rt, t in _relations(structure) if s in boxes and t in boxes]
    relations = [r for r in relations if r[0] != r[1]]
    for source, target, label in relations:
        labels[(source, target)] = label
    header_h = _header_height(structure, lang)
    router = Router(_layout(rows, labels, header_h))
    routes = [router.route(boxes[s], boxes[t], i % 3) for i, (s, t, _label) in enumerate(relations)]
    return rows, boxes, relations, routes


def _header(structure: Structure, lang: str) -> tuple[Line, ...]:
    title_lines = _fitted(_name(structure, lang), 20, bold=True, width=WIDTH - 2 * MARGIN)
    sub = f"{_name(structure.region, lang)} \u00b7 {_date(structure, lang)}"
    return title_lines + _fitted(sub, 13, colour=MUTED, width=WIDTH - 2 * MARGIN)


def _header_height(structure: Structure, lang: str) -> float:
    return MARGIN + sum(line.size * 1.25 for line in _header(structure, lang)) + 14


_SAFE_HREF = re.compile(r"^(?:https?://[^\s<>\"']+|/(?!/)[^\s<>\"']*)$", re.IGNORECASE)

#: The focus ring of a box that links to its page (the SVG's own style, so it holds wherever it is embedded).
FOCUS_STYLE = (
    ".ks-diagram__link:focus{outline:none}"
    ".ks-diagram__link:focus rect{stroke:#1a1a1a;stroke-width:4;stroke-dasharray:none}"
    ".ks-diagram__link:focus-visible rect{outline:3px solid #f5a623;outline-offset:2px}"
    ".ks-diagram__link:hover rect{stroke-width:3}"
)


def to_svg(structure: Structure, *, lang: str = "sv", urls: Mapping[str, str] | None = None) -> str:
    """The structure as an SVG document (text), deterministic for a given structure and language.

    With ``urls`` (an object's id → its page's URL, absolute or a path) each box with a URL is a
    link: focusable, named by its text, with a visible focus ring; the picture is then a group
    (an image's content would be hidden from assistive technology) described by the same text.
    """
    lang = i18n.normalize_lang(lang)
    prefix = f"ks-{structure.id}-"
    marker = prefix + "arrow"
    links = {k: v for k, v in (urls or {}).items() if _SAFE_HREF.match(v)}
    index = structure.by_id()  # the id index and cadence phrases, shared by the boxes and the description
    said: Said = {}
    rows, _boxes, relations, routes = _planned(structure, lang, index, said)
    height = (rows[-1].bottom if rows else _header_height(structure, lang)) + MARGIN
    role = "group" if links else "img"
    labelled = (
        f'aria-labelledby="{esc(prefix)}title" aria-describedby="{esc(prefix)}desc"'
        if links
        else f'aria-labelledby="{esc(prefix)}title {esc(prefix)}desc"'
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{_num(height)}" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" role="{role}" lang="{esc(lang)}" '
        f'{labelled} font-family="{esc(FONT)}">',
        f'<title id="{esc(prefix)}title">{esc(_name(structure, lang))}</title>',
        f'<desc id="{esc(prefix)}desc">{esc(_alternative(structure, lang, index, said))}</desc>',
    ]
    if links:
        out.append(f"<style>{FOCUS_STYLE}</style>")
    out += [
        f'<defs><marker id="{esc(marker)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{INK}"/></marker></defs>',
        f'<rect width="{WIDTH}" height="{_num(height)}" fill="#ffffff"/>',
    ]
    out.extend(_text_lines(_header(structure, lang), MARGIN, MARGIN - 4, anchor="start"))
    for row in rows:
        fill, stroke = row.colours
        frame = (
            f'x="{_num(MARGIN / 2)}" y="{_num(row.top)}" width="{WIDTH - MARGIN}" height="{_num(row.bottom - row.top)}"'
        )
        if row.band:
            out.append(
                f'<rect {frame} rx="10" fill="#fbf9fc" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="8 5"/>'
            )
        else:
            out.append(f'<rect {frame} fill="{fill}" fill-opacity="0.35"/>')
        label_lines = _fitted(row.label, 13, bold=True, colour=stroke, width=LABEL_W - 20)
        _text_lines(label_lines, MARGIN, row.top + ROW_PAD - 4, "start", out)
        for box in row.boxes:
            _box(box, prefix, links.get(box.key) if links else None, out)
    for (_source, _target, label), points in zip(relations, routes, strict=True):
        _arrow(points, label, marker, out)
    out += ("</svg>", "")  # the empty last item ends the text with a line break
    return "\n".join(out)


def _date(structure: Structure, lang: str) -> str:
    return phrases.date(structure.as_of, lang)
