"""Topic 2: one scene per registered activation (``ActivationReLU``, ``ActivationGELU``, ...):
the curve, its derivative, the formulas, the saturated and dead regions, the output range, and a
sweeping point with live readouts. ``manim -a scenes/activation_curves.py`` renders them all.

Per-frame work is closed-form: a moving point's position comes from the core's f(x) and f'(x)
at that x, never from Manim's curve look-ups, and only the moving parts have updaters.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Line,
    ValueTracker,
    VGroup,
    Write,
    linear,
)

from explainer import project
from explainer.catalog import each_id
from explainer.content.formulas import formula_registry
from explainer.core import regions
from explainer.core.registry import Activation
from explainer.kit.base import ExplainerScene
from explainer.kit.plot import Interval, broken_curve, polyline, y_window
from explainer.kit.theme import HEADING_SIZE, LABEL_SIZE, MARGIN, NUMBER_SIZE
from explainer.kit.widgets import tick_step

# Read by explainer.catalog without importing this module (a literal, parsed with ast): one
# scene per registered activation.
CATALOGUE: dict[str, object] = {
    "id": "activation-{name}",
    "chapters": ("title", "curves", "closing"),
    "each": "activation",
    "order": 20,
    "table": "activation",
    "params": {
        "x_range": ("range", -20.0, 20.0),
        "saturation_eps": ("float", 1e-4, 0.5),
        "sweep_seconds": ("float", 2.0, 30.0),
    },
    "placeholders": {
        "subtitle": ("peak", "peak_x", "ten_layers", "alpha", "sat_edge", "dead_edge", "range"),
        "takeaway": ("peak", "peak_x", "ten_layers", "alpha", "sat_edge", "dead_edge", "range"),
        "captions.intro": ("name",),
        "captions.curve": ("name",),
        "captions.derivative": ("name",),
        "captions.regions": ("name",),
        "captions.range": ("name",),
        "captions.sweep": ("name",),
        "captions.takeaway": ("name",),
        "labels.jump": ("x",),
    },
}



def subtract(regions: list[Interval], holes: list[Interval]) -> list[Interval]:
    """Parts of ``regions`` not covered by ``holes`` (both lists of disjoint intervals)."""
    out = []
    for lo, hi in regions:
        pieces = [(lo, hi)]
        for h_lo, h_hi in holes:
            pieces = [p for a, b in pieces for p in ((a, min(b, h_lo)), (max(a, h_hi), b))
                      if p[1] - p[0] > 1e-9]
        out.extend(pieces)
    return out


def plain_range(act: Activation) -> str:
    """The output range as plain text, e.g. (0, 1) or [0, ∞)."""
    def show(v: float) -> str:
        return ("∞" if v > 0 else "−∞") if math.isinf(v) else f"{v:g}".replace("-", "−")

    lo, hi = act.output_range
    left, right = ("[" if act.range_closed[0] else "("), ("]" if act.range_closed[1] else ")")
    return f"{left}{show(lo)}, {show(hi)}{right}"


# The story is a mixin, not a Scene: `manim -a scenes/activation_curves.py` renders every Scene
# subclass defined here, and only the generated ones below have an activation to draw.
if TYPE_CHECKING:
    _Story = ExplainerScene
else:
    _Story = object


class ActivationStory(_Story):
    """One activation function. Subclasses are generated per registry entry (below)."""

    activation_name: ClassVar[str]

    def construct(self) -> None:
        act = self.activations[self.activation_name]
        spec, th = self.spec, self.theme
        name = spec.t("title")
        x_lo, x_hi = spec.params["x_range"]
        xs = np.linspace(x_lo, x_hi, 600)
        y_lo, y_hi = y_window(act, xs)
        peak_x, peak = regions.peak_derivative(act, (x_lo, x_hi))
        # Saturation is a property of the tails: a flat point inside the range (the minimum of
        # GELU or Swish) has |f'| < eps too, but the curve does not flatten out there.
        sat = [r for r in regions.saturation_regions(act, (x_lo, x_hi),
                                                          spec.params["saturation_eps"])
               if r[0] == x_lo or r[1] == x_hi]
        dead = regions.dead_region(act, (x_lo, x_hi))

        inner = max(abs(x_lo), x_hi)
        # The numbers the subtitle and takeaway may quote, all from the core.
        numbers: dict[str, float | str] = {
            "peak": peak, "peak_x": peak_x, "ten_layers": peak**10,
            "alpha": act.alpha if act.alpha is not None else float("nan"),
            "sat_edge": max((abs(b) for r in sat for b in r if abs(b) < inner),
                            default=float("nan")),
            "dead_edge": max((abs(b) for r in dead for b in r if abs(b) < inner),
                             default=float("nan")),
            "range": plain_range(act),
        }
        self.title_card(name, spec.t("subtitle", **numbers), self.caption("intro", name=name))

        # Left: axes and curves. Right: heading, formulas, legend, range, readouts.
        x_step, y_step = tick_step(x_hi - x_lo), tick_step(y_hi - y_lo)
        axes = self.axes((x_lo, x_hi, x_step), (y_lo, y_hi, y_step), 7.2, 5.8,
                         places=(int(x_step < 1), int(y_step < 1)))
        axes.to_corner(DL, buff=MARGIN + 0.15)
        f_curve = broken_curve(axes, xs, act.f, act.jumps, th.f, 5)
        df_curve = polyline(axes, xs, act.df(xs), th.df, 4)
        steps = [j for j in act.jumps if x_lo < j < x_hi]
        # At a jump: a filled dot for the value f takes there, an open one for the other side
        jump_marks = VGroup()
        for j in steps:
            taken = float(act.f(np.array([j]))[0])
            sides = act.f(np.array([j - 1e-9 * max(1.0, abs(j)), j + 1e-9 * max(1.0, abs(j))]))
            other = float(sides[0] if abs(sides[0] - taken) > abs(sides[1] - taken) else sides[1])
            jump_marks.add(Dot(axes.c2p(j, taken), radius=0.07, color=th.f),
                           Circle(radius=0.07, color=th.f, stroke_width=3).move_to(
                               axes.c2p(j, other)))

        column_left = axes.get_right()[0] + 0.6
        column_width = 7.11 - MARGIN - column_left
        heading = self.text(name, HEADING_SIZE, weight="BOLD", max_width=column_width)
        heading.to_corner(UL, buff=MARGIN).set_x(column_left + heading.width / 2)
        f_tex = self.tex(act.tex, NUMBER_SIZE, th.f, max_width=column_width)
        df_tex = self.tex(act.dtex, NUMBER_SIZE, th.df, max_width=column_width)
        legend = self.legend(
            [(th.f, "line", self.label("f")), (th.df, "line", self.label("df"))]
            + ([(th.highlight_fill, "box", self.label("saturated"))] if subtract(sat, dead) else [])
            + ([(th.warning_fill, "box", self.label("dead"))] if dead else []),
            column_width,
        )
        range_row = VGroup(
            self.text(self.label("output_range") + ":", LABEL_SIZE + 2, th.text),
            self.tex(act.range_tex, NUMBER_SIZE, th.highlight),
        ).arrange(RIGHT, buff=0.2)
        rows = [f_tex, df_tex, legend, range_row]
        if steps:  # a step: f' = 0 on both sides, nothing to pass back
            jump_note = self.text(self.label("jump", x=", ".join(f"{j:g}" for j in steps)),
                                  LABEL_SIZE, th.highlight, max_width=column_width)
            rows.append(jump_note)
        column = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        column.next_to(heading, DOWN, aligned_edge=LEFT, buff=0.4)

        self.narrate(self.caption("curve", name=name))
        self.play(FadeIn(heading), Create(axes), run_time=1.0)
        self.play(Create(f_curve), Write(f_tex), FadeIn(legend[0]), FadeIn(jump_marks),
                  run_time=1.5)
        self.wait(0.5)
        self.narrate(self.caption("derivative"))
        self.play(Create(df_curve), Write(df_tex), FadeIn(legend[1]), run_time=1.5)
        self.wait(1.0)

        shading = VGroup(
            *[self.band(axes, r, th.highlight_fill, 0.16) for r in subtract(sat, dead)],
            *[self.band(axes, r, th.warning_fill, 0.22) for r in dead],
        )
        self.narrate(self.caption("regions"))
        self.play(FadeIn(shading), *[FadeIn(m) for m in legend[2:]], run_time=1.0)
        self.wait(1.5)

        bounds = VGroup(*[
            DashedLine(axes.c2p(x_lo, b), axes.c2p(x_hi, b), color=th.highlight, stroke_width=2)
            for b in act.output_range if math.isfinite(b) and y_lo <= b <= y_hi
        ])
        self.narrate(self.caption("range"))
        self.play(FadeIn(range_row), Create(bounds), *[FadeIn(r) for r in rows[4:]],
                  run_time=1.0)
        self.wait(1.0)

        self.sweep(act, axes, column, column_width)
        self.checkpoint()
        self.show_number("peak_derivative", peak)
        self.clear_screen()

        for key, value in numbers.items():
            if isinstance(value, float):
                self.show_number(key, value)
        self.closing(spec.t("takeaway", **numbers), self.caption("takeaway"))

    def sweep(self, act: Activation, axes: Axes, column: VGroup, width: float) -> None:
        """Move a point along x; dots, tangent and readouts follow the core's f and f'."""
        th = self.theme
        x_lo, x_hi = self.spec.params["x_range"]
        start, end = x_lo + 0.1 * (x_hi - x_lo), x_hi - 0.1 * (x_hi - x_lo)
        x = ValueTracker(start)

        def at(value: float) -> tuple[float, float]:
            arr = np.array([value])
            return float(act.f(arr)[0]), float(act.df(arr)[0])

        labels = [self.label(k) for k in ("readout_x", "readout_f", "readout_df")]
        numbers = [self.readout("{value:+.3f}", {"value": 0.0}, NUMBER_SIZE, c, tex=True)
                   for c in (th.text, th.f, th.df)]
        rows = VGroup(*[
            VGroup(self.text(lbl, LABEL_SIZE + 4, c, max_width=width / 2), num).arrange(
                RIGHT, buff=0.2)
            for lbl, num, c in zip(labels, numbers, (th.text, th.f, th.df), strict=True)
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        rows.next_to(column, DOWN, aligned_edge=LEFT, buff=0.45)

        f_dot = Dot(color=th.f, radius=0.09)
        df_dot = Dot(color=th.df, radius=0.08)
        tangent = Line(ORIGIN3, RIGHT, color=th.highlight, stroke_width=4)
        drop = DashedLine(ORIGIN3, UP, color=th.muted, stroke_width=2)
        origin = axes.c2p(0, 0)
        unit = np.array([axes.c2p(1, 0)[0] - origin[0], axes.c2p(0, 1)[1] - origin[1]])
        half_length = 0.9

        def follow(_: object) -> None:
            value = x.get_value()
            fx, dfx = at(value)
            p_f = axes.c2p(value, fx)
            f_dot.move_to(p_f)
            df_dot.move_to(axes.c2p(value, dfx))
            direction = np.array([unit[0], dfx * unit[1], 0.0])
            direction *= half_length / np.linalg.norm(direction)
            tangent.put_start_and_end_on(p_f - direction, p_f + direction)
            drop.put_start_and_end_on(axes.c2p(value, 0), p_f + 1e-6 * UP)
            for num, v in zip(numbers, (value, fx, dfx), strict=True):
                num.set_value(v)

        driver = VGroup(f_dot, df_dot, tangent, drop)
        follow(None)
        self.play(FadeIn(driver), FadeIn(rows), run_time=0.6)
        driver.add_updater(follow)
        self.narrate(self.caption("sweep"))
        self.play(x.animate.set_value(end), run_time=self.spec.params["sweep_seconds"],
                  rate_func=linear)
        driver.remove_updater(follow)
        follow(None)  # the last state, also when animations are skipped (dry run)
        self.wait(0.5)


ORIGIN3 = np.zeros(3)


CLASS_NAMES = {
    "sigmoid": "ActivationSigmoid", "tanh": "ActivationTanh", "relu": "ActivationReLU",
    "leaky_relu": "ActivationLeakyReLU", "prelu": "ActivationPReLU", "elu": "ActivationELU",
    "selu": "ActivationSELU", "softplus": "ActivationSoftplus", "silu": "ActivationSiLU",
    "gelu": "ActivationGELU", "gelu_tanh": "ActivationGELUTanh", "mish": "ActivationMish",
    "hard_sigmoid": "ActivationHardSigmoid",
}


def activation_scene_class(name: str) -> type[ExplainerScene]:
    """The scene class for one registry entry (made once, at import)."""
    class_name = CLASS_NAMES.get(name, "Activation" + name.title().replace("_", ""))
    return type(class_name, (ActivationStory, ExplainerScene), {
        "scene_id": each_id(str(CATALOGUE["id"]), name), "activation_name": name,
        "__module__": __name__,
        "__doc__": f"The {name} activation: curve, derivative, regions, range and a sweep.",
    })


# One class per activation of the project this file lies in (built-ins, then its formulas).
ACTIVATION_SCENES = {name: activation_scene_class(name) for name in formula_registry(
    project.content_dir(Path(__file__).resolve().parents[1]))}
globals().update({cls.__name__: cls for cls in ACTIVATION_SCENES.values()})
