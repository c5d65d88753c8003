"""Text on screen: wrapping to a width (Latin at spaces, CJK between characters), and where
text blocks are, for the layout checks."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
from manim import DecimalNumber, MathTex, Mobject, SingleStringMathTex, Text
from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP, VMobjectFromSVGPath

from explainer.kit.readout import Readout


def _char_width(ch: str, font_size: float) -> float:
    """Approximate advance of one character in frame units (measured on Noto Sans CJK SC)."""
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    return font_size * (0.0139 if wide else 0.0072)


def wrap(text: str, font_size: float, max_width: float) -> str:
    """Break ``text`` into lines no wider than ``max_width``: at spaces for Latin script, between
    any two characters for CJK (never before closing punctuation)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0.0
        for token in _tokens(paragraph):
            w = sum(_char_width(c, font_size) for c in token)
            if line and width + w > max_width and token not in "，。、；：！？）,.;:!?)":
                lines.append(line.rstrip())
                token = token.lstrip()
                line, width = "", 0.0
                w = sum(_char_width(c, font_size) for c in token)
            line += token
            width += w
        lines.append(line.rstrip())
    return "\n".join(lines)


def _tokens(paragraph: str) -> Iterable[str]:
    word = ""
    for ch in paragraph:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            if word:
                yield word
                word = ""
            yield ch
        elif ch == " ":
            yield word + " "
            word = ""
        else:
            word += ch
    if word:
        yield word


TEXT_TYPES = (Text, MathTex, SingleStringMathTex, DecimalNumber, Readout)


def text_blocks(mobjects: Iterable[Mobject]) -> Iterable[Mobject]:
    """Every text or formula mobject in ``mobjects``, not descending into a text block."""
    for mob in mobjects:
        if isinstance(mob, TEXT_TYPES):
            if any(part.get_fill_opacity() > 0 for part in mob.family_members_with_points()):
                yield mob
        else:
            yield from text_blocks(mob.submobjects)


def bbox(mob: Mobject) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) of a mobject in frame units."""
    return np.array([mob.get_left()[0], mob.get_bottom()[1], mob.get_right()[0],
                     mob.get_top()[1]])


def pt(x: float, y: float) -> np.ndarray:
    """A point of the frame."""
    return np.array([x, y, 0.0])


_LIGHT_SVGS: set[int] = set()  # keys of Manim's SVG cache whose entries have no paths left


def drop_svg_paths(mobjects: Iterable[Mobject]) -> None:
    """Let go of the parsed SVG path each glyph of a Text or MathTex keeps after its outline
    is made (Manim reads it only then). Every FadeIn, FadeOut and Transform deep-copies its
    mobject, and copying those path objects was most of the cost: a sentence of Text 53 ms
    to copy with them, 9.5 ms without; a formula 25 ms, 2.7 ms. Manim's own cache of parsed
    SVGs is copied from at every new Text or MathTex: its entries too."""
    fresh = [SVG_HASH_TO_MOB_MAP[key] for key in SVG_HASH_TO_MOB_MAP.keys() - _LIGHT_SVGS]
    _LIGHT_SVGS.update(SVG_HASH_TO_MOB_MAP)
    for mob in [*mobjects, *fresh]:
        for part in mob.get_family():
            if isinstance(part, VMobjectFromSVGPath) and part.path_obj is not None:
                part.path_obj = None
