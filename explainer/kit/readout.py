"""Numbers that change every frame, drawn from glyphs shaped once.

Manim's ``DecimalNumber.set_value`` builds a new mobject per character per frame by deep-copying
a cached glyph: on a sweep with three live numbers that was 45% of a whole render. A
``Readout`` instead owns a fixed row of glyph slots and, per frame, copies each character's
outline (one small array) into a slot and moves it into place. The outlines come from one line
of text set once per font, size and colour (``Glyphs``), so they sit on the font's own baseline.

Digits are tabular: each takes the width of the widest digit, centred, so a changing number
never jitters sideways; the row keeps its left edge where the scene put it.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from manim import UP, VGroup, VMobject

from explainer.content.numbers import fill

DIGITS = "0123456789"


@dataclass(frozen=True)
class Glyph:
    shape: np.ndarray  # outline points, ink-left at x = 0, baseline at y = 0
    width: float  # width of the cell it takes in a row
    inset: float  # from the cell's left to the ink's left
    leaf: VMobject  # the mobject it was cut from: its style


@dataclass(frozen=True)
class Words:
    text: str  # the fixed words of a readout, as written
    parts: list[tuple[VMobject, np.ndarray]]  # each path, with its outline from the pen
    advance: float


class Glyphs:
    """The characters of one font, size and colour. ``make(line)`` sets a line of text and
    returns a mobject with one path per character that is not a space, in order (a ``Text``
    or a ``MathTex``). ``extra`` allows characters outside ``alphabet`` to be set on demand
    (right for ``Text``; not for TeX, where ``%`` or ``\\`` would mean something)."""

    def __init__(self, make: Callable[[str], VMobject], alphabet: str = DIGITS + "+-.,",
                 extra: bool = False) -> None:
        self.make, self.extra = make, extra
        self.glyphs: dict[str, Glyph] = {}
        leaves = self._leaves(DIGITS + alphabet.replace(" ", ""))
        baseline = leaves[0].get_bottom()[1]
        centres = [leaf.get_center()[0] for leaf in leaves[:10]]
        self.cell = max(leaf.width for leaf in leaves[:10])
        self.gap = max(0.0, (centres[9] - centres[0]) / 9 - self.cell)
        self.height = leaves[0].height  # of a digit, above the baseline
        for ch, leaf in zip(DIGITS + alphabet.replace(" ", ""), leaves, strict=True):
            self.glyphs.setdefault(ch, self._glyph(ch, leaf, baseline))
        self._space: float | None = None

    def __deepcopy__(self, memo: dict[int, object]) -> Glyphs:
        return self  # shared by every copy of a readout (FadeIn copies its mobject)

    def _leaves(self, line: str) -> list[VMobject]:
        leaves = [m for m in self.make(line).family_members_with_points()
                  if isinstance(m, VMobject)]
        if len(leaves) != len(line.replace(" ", "")):
            raise ValueError(f"{line!r} did not set as one path per character")
        return leaves

    def _glyph(self, ch: str, leaf: VMobject, baseline: float) -> Glyph:
        left = leaf.get_left()[0]
        shape = leaf.points - np.array([left, baseline, 0.0])
        cell = self.cell if ch in DIGITS else leaf.width
        return Glyph(shape, cell, (cell - leaf.width) / 2, leaf)

    def __getitem__(self, ch: str) -> Glyph:
        if ch not in self.glyphs:
            if not self.extra:
                raise ValueError(f"no glyph for {ch!r} in this readout's alphabet")
            zero, leaf = self._leaves("0" + ch)
            self.glyphs[ch] = self._glyph(ch, leaf, zero.get_bottom()[1])
        return self.glyphs[ch]

    @property
    def space(self) -> float:
        """The advance of a space beyond the gap between two characters."""
        if self._space is None:
            first, second = self._leaves("0 0")
            self._space = max(0.0, second.get_left()[0] - first.get_left()[0]
                              - self.cell - self.gap)
        return self._space

    def literal(self, text: str) -> tuple[list[tuple[VMobject, np.ndarray]], float]:
        """Fixed words of a readout, set once in context (between two zeros, so spaces and
        kerning at their ends count): each path with its outline relative to the pen, and
        the advance."""
        leaves = self._leaves("0" + text + "0")
        first, last = leaves[0], leaves[-1]
        baseline = first.get_bottom()[1]
        start = first.get_left()[0] - (self.cell - first.width) / 2 + self.cell + self.gap
        end = last.get_left()[0] - (self.cell - last.width) / 2
        parts = [(leaf, leaf.points - np.array([start, baseline, 0.0])) for leaf in leaves[1:-1]]
        return parts, end - start


def number_text(value: float, spec: str) -> str:
    """``value`` as a content placeholder writes it; a value that rounds to zero has no minus
    (the sweep passes 0 from below: "-0.000" would flicker)."""
    text = fill("{v:" + spec + "}", {"v": value})
    if text[:1] in "-−" and not any(c in "123456789" for c in text):
        text = fill("{v:" + spec + "}", {"v": 0.0})
    return text


class Readout(VGroup):
    """A line such as ``"accuracy {accuracy:.0%}"`` whose numbers change per frame. Words are
    set once; numbers are drawn from ``glyphs``. ``samples`` are values it will show (the
    widest matter): they size the row of slots and, with ``max_width``, the scale."""

    def __init__(self, glyphs: Glyphs, template: str, values: Mapping[str, float],
                 samples: Iterable[Mapping[str, float]] = (),
                 max_width: float | None = None) -> None:
        super().__init__()
        self.glyphs = glyphs
        self.values = dict(values)
        self.segments: list[Words | tuple[str, str]] = []  # words, or a number's (name, spec)
        for literal, name, spec, _ in string.Formatter().parse(template):
            if literal:
                parts, advance = glyphs.literal(literal)
                words = Words(literal, [(leaf.copy(), shape) for leaf, shape in parts], advance)
                self.segments.append(words)
                self.add(*[leaf for leaf, _ in words.parts])
            if name is not None:
                self.segments.append((name, spec or ""))
        # a stroke-less, fill-less segment from the baseline up a digit's height: where the
        # row starts and how much it has been scaled, as the scene moves and scales it
        self.anchor = VMobject(stroke_width=0, fill_opacity=0)
        self.anchor.set_points_as_corners([np.zeros(3), glyphs.height * UP])
        self.add(self.anchor)
        self.slots: list[VMobject] = []
        widest = 0.0
        for sample in [self.values, *samples]:
            widest = max(widest, self._lay_out({**self.values, **sample}))
        if max_width is not None and widest > max_width:
            self.scale(max_width / widest, about_point=self.anchor.get_start())
        self._lay_out(self.values)

    def set_value(self, value: float | None = None, **values: float) -> Readout:
        """Show new numbers: ``set_value(0.5)`` for a readout of one number, else by name.

            readout.set_value(step=12)
        """
        if value is not None:
            name = next(s[0] for s in self.segments if not isinstance(s, Words))
            values = {name: value}
        self.values.update(values)
        self._lay_out(self.values)
        return self

    def _lay_out(self, values: Mapping[str, float]) -> float:
        """Place every character for ``values``; the width of the row (before scaling)."""
        origin = self.anchor.get_start()
        scale = np.linalg.norm(self.anchor.get_end() - origin) / self.glyphs.height
        pen, used, shown = 0.0, 0, []
        for segment in self.segments:
            if isinstance(segment, Words):
                for leaf, shape in segment.parts:
                    leaf.points = origin + scale * (shape + np.array([pen, 0.0, 0.0]))
                pen += segment.advance + self.glyphs.gap
                shown.append(segment.text)
                continue
            name, spec = segment
            shown.append(number_text(values[name], spec))
            for ch in shown[-1]:
                if ch == " ":
                    pen += self.glyphs.space
                    continue
                glyph = self.glyphs[ch]
                slot = self._slot(used, glyph)
                shift = np.array([pen + glyph.inset, 0.0, 0.0])
                slot.points = origin + scale * (glyph.shape + shift)
                used += 1
                pen += glyph.width + self.glyphs.gap
        for slot in self.slots[used:]:
            slot.clear_points()
        self.text = "".join(shown)  # what it reads now, as a Text's ``text``
        return max(0.0, pen - self.glyphs.gap) * scale

    def _slot(self, i: int, glyph: Glyph) -> VMobject:
        if i == len(self.slots):
            slot = VMobject()
            slot.match_style(glyph.leaf)
            self.slots.append(slot)
            self.add(slot)
        return self.slots[i]
