"""Pieces scenes on any topic share, drawn in the scene's theme: axes, a legend, a bar chart, a
matrix, a shaded band. ``ExplainerScene`` has them as methods (``self.axes(...)``).

    axes = self.axes((0, 10, 2), (0, 1, 0.5), 7.0, 4.0, places=(0, 1))
    key = self.legend([(th.primary, "line", self.label("loss"))], width=4.0)
    chart = self.bars([0.2, 0.5, 0.3], centre=(3.0, -1.2), pitch=1.0, scale=2.6,
                      colours=th.primary, texts=lambda v: self.label("probability", p=v))
    scale = self.log_axis(norms, left=-5.7, right=6.6, bottom=-3.0, top=1.2,
                          title=self.label("axis"))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Line,
    MathTex,
    Matrix,
    Rectangle,
    Scene,
    Text,
    VGroup,
    VMobject,
)

from explainer.kit.text import pt
from explainer.kit.theme import LABEL_SIZE, NUMBER_SIZE, Theme

Range = tuple[float, float, float]  # from, to, tick step
Pair = bool | int | tuple  # one value for both axes, or (x, y)


def tick_step(span: float) -> float:
    """A 1-2-5 tick spacing giving about five ticks over ``span``.

    >>> tick_step(7.0), tick_step(0.3)
    (2, 0.1)
    """
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


class LogAxis(VGroup):
    """A vertical axis in powers of ten (see ``Widgets.log_axis``): ``y_of(value)`` is where a
    positive value sits, ``height_of(value)`` how far above the base line."""

    def __init__(self, lo: int, hi: int, bottom: float, top: float, *parts: VMobject) -> None:
        super().__init__(*parts)
        self.lo, self.hi, self.bottom, self.top = lo, hi, bottom, top

    def height_of(self, value: float) -> float:
        """How far above the base line a positive ``value`` sits.

        >>> LogAxis(-2, 2, -3.0, 1.0).height_of(1.0)
        2.0
        """
        return (math.log10(value) - self.lo) / (self.hi - self.lo) * (self.top - self.bottom)

    def y_of(self, value: float) -> float:
        """Where a positive ``value`` sits on the axis.

        >>> LogAxis(-2, 2, -3.0, 1.0).y_of(100.0)
        1.0
        """
        return self.bottom + self.height_of(value)


def decades(values: Sequence[float] | np.ndarray) -> tuple[int, int]:
    """The whole powers of ten that enclose every (positive) value, at least one apart.

    >>> decades([3.8e-7, 0.49, 340.0])
    (-7, 3)
    """
    logs = np.log10(np.asarray(values, dtype=float))
    lo, hi = math.floor(float(logs.min())), math.ceil(float(logs.max()))
    return lo, max(hi, lo + 1)


def _pair(value: Pair) -> tuple:
    return value if isinstance(value, tuple) else (value, value)


class Widgets(Scene):
    """The widget half of an explainer scene (it needs ``theme`` and ``text``)."""

    theme: Theme
    text: Callable[..., Text]

    def axes(self, x_range: Sequence[float], y_range: Sequence[float], x_length: float,
             y_length: float, *, numbers: Pair = True, places: Pair = 0,
             font_size: float = NUMBER_SIZE, ticks: bool = True,
             stroke_width: float | None = None) -> Axes:
        """Axes in the theme: axis colour, no tips, tick numbers (``numbers``, per axis as
        (x, y)) in the muted colour with ``places`` decimals.

            axes = self.axes((0, 2, 0.5), (-5, 5, 5), 5.6, 4.4, numbers=(False, True),
                             places=(1, 0))
        """
        base: dict[str, object] = {"color": self.theme.axis, "include_tip": False,
                                   "font_size": font_size}
        if not ticks:
            base["include_ticks"] = False
        if stroke_width is not None:
            base["stroke_width"] = stroke_width
        per_axis = [{"include_numbers": shown,
                     "decimal_number_config": {"num_decimal_places": p,
                                               "color": self.theme.muted}}
                    for shown, p in zip(_pair(numbers), _pair(places), strict=True)]
        axes = Axes(x_range=list(x_range), y_range=list(y_range), x_length=x_length,
                    y_length=y_length, axis_config=base, x_axis_config=per_axis[0],
                    y_axis_config=per_axis[1])
        # tick numbers stay readable over what is drawn later (a range's dashed bound, a band)
        for axis in (axes.x_axis, axes.y_axis):
            for number in getattr(axis, "numbers", []):
                number.add_background_rectangle(color=self.theme.background, opacity=1.0,
                                                buff=0.04)
                number.set_z_index(2)
        return axes

    def legend(self, entries: Sequence[tuple[str, str, str]], width: float) -> VGroup:
        """Rows of (colour, "line" or "box", label), two to a row, within ``width``.

            key = self.legend([(th.f, "line", self.label("f")),
                               (th.warning_fill, "box", self.label("dead"))], 5.0)
        """
        rows = []
        for color, kind, label in entries:
            swatch: VMobject
            if kind == "line":
                swatch = Line(LEFT * 0.25, RIGHT * 0.25, color=color, stroke_width=5)
            else:
                swatch = Rectangle(width=0.5, height=0.28, stroke_width=0, fill_color=color,
                                   fill_opacity=0.45)
            text = self.text(label, LABEL_SIZE, max_width=width / 2 - 0.8)
            rows.append(VGroup(swatch, text).arrange(RIGHT, buff=0.15))
        return VGroup(*rows).arrange_in_grid(cols=2, buff=(0.4, 0.2), col_alignments="ll")

    def bars(self, values: Sequence[float] | np.ndarray, *, centre: tuple[float, float],
             pitch: float, scale: float, colours: str | Sequence[str],
             texts: Callable[[float], str],
             low: float = 0.0, least: float = 0.03, text_buff: float = 0.08,
             text_width: float | None = None, one_line: bool = False,
             names: Sequence[str] = ()) -> VGroup:
        """A bar chart: bar i is ``scale * (values[i] - low)`` tall (at least ``least``),
        standing on (or, for a negative value, hanging from) the base line at
        ``centre``'s y, ``pitch`` apart around ``centre``'s x; ``texts(value)`` above it
        (below a hanging bar); ``names`` under the base line. Each item is
        VGroup(bar, text[, name]), so ``GrowFromEdge(item[0], DOWN)`` grows a bar.
        """
        x0, base = centre
        palette = [colours] * len(values) if isinstance(colours, str) else list(colours)
        group = VGroup()
        for i, v in enumerate(values):
            h = max(least, abs(v - low) * scale)
            x = x0 + (i - (len(values) - 1) / 2) * pitch
            bar = Rectangle(width=0.7 * pitch, height=h, stroke_width=0,
                            fill_color=palette[i], fill_opacity=0.85)
            bar.move_to(pt(x, base + h / 2 if v >= low else base - h / 2))
            text = self.text(texts(float(v)), LABEL_SIZE,
                             max_width=pitch if text_width is None else text_width,
                             one_line=one_line)
            text.next_to(bar, UP if v >= low else DOWN, buff=text_buff)
            item = VGroup(bar, text)
            if names:
                name = self.text(names[i], LABEL_SIZE, self.theme.muted,
                                 max_width=pitch - 0.05, one_line=True)
                item.add(name.move_to(pt(x, base - 0.3)))
            group.add(item)
        return group

    def log_axis(self, values: Sequence[float] | np.ndarray, *, left: float, right: float,
                 bottom: float, top: float, title: str = "", max_ticks: int = 6) -> LogAxis:
        """A base line from ``left`` to ``right`` at ``bottom`` and a vertical axis at ``left``
        in powers of ten, spanning the decades of ``values`` (``decades``), at most
        ``max_ticks`` labels 10^k; ``title`` under the base line. Place bars or points with
        ``axis.y_of(value)``.

            scale = self.log_axis(norms, left=-5.7, right=6.6, bottom=-3.0, top=1.2,
                                  title=self.label("axis"))
            bar_height = scale.height_of(norms[0])
        """
        th = self.theme
        lo, hi = decades(values)
        line = Line(pt(left, bottom), pt(left, top), color=th.axis)
        base = Line(pt(left, bottom), pt(right, bottom), color=th.axis)
        every = max(1, math.ceil((hi - lo) / (max_ticks - 1)))
        ticks = VGroup()
        for k in range(lo, hi + 1, every):
            y = bottom + (k - lo) / (hi - lo) * (top - bottom)
            ticks.add(Line(pt(left - 0.1, y), pt(left, y), color=th.axis))
            ticks.add(MathTex(f"10^{{{k}}}", font_size=NUMBER_SIZE, color=th.muted)
                      .next_to(pt(left - 0.1, y), LEFT, buff=0.1))
        parts: list[VMobject] = [line, base, ticks]
        if title:
            name = self.text(title, LABEL_SIZE, th.muted, max_width=6.0)
            parts.append(name.next_to(base, DOWN, buff=0.15).align_to(base, LEFT))
        return LogAxis(lo, hi, bottom, top, *parts)

    def matrix(self, values: np.ndarray, color: str, places: int = 2,
               scale: float = NUMBER_SIZE / 48) -> Matrix:
        """A matrix (or a vector) of numbers in one colour.

            self.matrix(np.array([[1.0, 0.5], [0.0, 2.0]]), th.primary)
        """
        rows = [[f"{v:.{places}f}" for v in row] for row in np.atleast_2d(values)]
        mob = Matrix(rows, element_to_mobject_config={"color": color},
                     bracket_config={"color": color}, h_buff=1.5)
        return mob.scale(scale)

    def band(self, axes: Axes, region: tuple[float, float], color: str,
             opacity: float) -> Rectangle:
        """A shaded vertical band over the x-interval ``region``, the axes' full height.

            self.band(axes, (-6.0, -3.0), th.highlight_fill, 0.16)
        """
        (x0, y0, _), (x1, y1, _) = axes.c2p(region[0], axes.y_range[0]), axes.c2p(
            region[1], axes.y_range[1])
        band = Rectangle(width=max(x1 - x0, 1e-3), height=y1 - y0, stroke_width=0,
                         fill_color=color, fill_opacity=opacity)
        return band.move_to(pt((x0 + x1) / 2, (y0 + y1) / 2))


