"""Topic 3: the gradient's size at every layer of a deep network, measured by the core.

A row of layers; the backward pass runs from the output to the input and a bar grows under each
layer: the norm of dLoss/dW for that layer, on a log scale. Three runs: a saturating activation
(vanishing), ReLU with He initialisation (healthy), and too-large weights (exploding).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    RoundedRectangle,
    Succession,
    VGroup,
    config,
)

from explainer.core.gradients import gradient_norms_by_layer
from explainer.core.init import SMALL_STD
from explainer.kit.base import ExplainerScene
from explainer.kit.text import pt
from explainer.kit.theme import BODY_SIZE, HEADING_SIZE, LABEL_SIZE, MARGIN, NUMBER_SIZE

ROW_Y = 1.8
BASE_Y = -3.0
CHART_TOP = 0.5  # room above the tallest bar for a number raised over its neighbour
CHART_LEFT = -5.7
CHART_RIGHT = config.frame_width / 2 - MARGIN


def sci(value: float) -> str:
    """LaTeX for value in scientific notation, e.g. 7.0 \\times 10^{-6}."""
    exponent = math.floor(math.log10(value))
    mantissa = value / 10**exponent
    return f"{mantissa:.1f}\\!\\times\\!10^{{{exponent}}}"


# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "vanishing-gradient",
    "chapters": ("title", "run-vanish", "run-healthy", "run-explode", "remedies", "closing"),
    "order": 40,
    "names": True,
    "params": {
        "depth": ("int", 3, 16),
        "width": ("int", 4, 512),
        "batch": ("int", 8, 4096),
        "seed": ("int", 0, 2147483647),
        "large_std": ("float", 0.2, 5.0),
        "vanish_activation": ("activation",),
        "vanish_init": ("init",),
        "healthy_activation": ("activation",),
        "healthy_init": ("init",),
        "explode_activation": ("activation",),
        "explode_init": ("init",),
    },
    "placeholders": {
        "labels.init_small": ("std",),
        "labels.init_large": ("std",),
        "labels.network": ("depth",),
        "labels.run": ("activation", "init"),
        "labels.ratio": ("ratio",),
    },
}


class VanishingGradient(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, th, p = self.spec, self.theme, self.spec.params
        runs = []
        for kind in ("vanish", "healthy", "explode"):
            act, init = p[f"{kind}_activation"], p[f"{kind}_init"]
            norms = gradient_norms_by_layer(self.activations[act], init, depth=p["depth"],
                                            width=p["width"], batch=p["batch"],
                                            seed=p["seed"], large_std=p["large_std"])
            runs.append((kind, act, init, norms))

        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))

        depth = p["depth"]
        step = (CHART_RIGHT - CHART_LEFT) / depth
        self.xs = [CHART_LEFT + (i + 0.5) * step for i in range(depth)]
        boxes = VGroup(*[
            RoundedRectangle(corner_radius=0.08, width=0.72 * step, height=0.5,
                             stroke_color=th.axis, fill_color=th.grid, fill_opacity=0.35)
            .move_to(pt(x, ROW_Y)) for x in self.xs
        ])
        names = VGroup(*[MathTex(f"L_{{{i + 1}}}", font_size=NUMBER_SIZE, color=th.text).move_to(b)
                         for i, b in enumerate(boxes)])
        links = VGroup(*[Line(a.get_right(), b.get_left(), color=th.axis, stroke_width=2)
                         for a, b in itertools.pairwise(boxes)])
        ends = VGroup(
            self.text(self.label("input"), LABEL_SIZE, th.muted).next_to(boxes[0], UP, 0.15),
            self.text(self.label("output"), LABEL_SIZE, th.muted).next_to(boxes[-1], UP, 0.15),
        )
        arrow = Arrow(boxes[-2].get_top() + 0.5 * UP, boxes[1].get_top() + 0.5 * UP,
                      color=th.df, stroke_width=4, buff=0)
        backward = self.text(self.label("backward"), LABEL_SIZE, th.df).next_to(arrow, UP, 0.08)
        network = self.text(self.label("network", depth=depth), LABEL_SIZE + 2, th.muted)
        network.next_to(VGroup(ends, backward), UP, buff=0.2)
        self.narrate(self.caption("network"))
        self.play(FadeIn(network), FadeIn(boxes), FadeIn(names), Create(links), FadeIn(ends),
                  run_time=1.5)
        self.play(Create(arrow), FadeIn(backward), run_time=1.0)
        self.play(FadeOut(network), run_time=0.4)
        self.scale = self.log_axis(np.concatenate([r[3] for r in runs]), left=CHART_LEFT,
                                   right=CHART_RIGHT, bottom=BASE_Y, top=CHART_TOP,
                                   title=self.label("axis"))
        self.play(FadeIn(self.scale), run_time=0.8)

        shown: VGroup | None = None
        for kind, act, init, norms in runs:
            shown = self.show_run(kind, act, init, norms, boxes, shown)
        self.clear_screen()
        self.remedies()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    def show_run(self, kind: str, act: str, init: str, norms: np.ndarray, boxes: VGroup,
                 previous: VGroup | None) -> VGroup:
        th = self.theme
        color = {"vanish": th.f, "healthy": th.good, "explode": th.warning}[kind]
        std = SMALL_STD if init == "small" else self.spec.params["large_std"]
        init_title = self.label(f"init_{init}", std=std)
        run_label = self.text(self.label("run", activation=self.spec.t(f"names.{act}"),
                                         init=init_title),
                              HEADING_SIZE - 4, color, max_width=config.frame_width - 2 * MARGIN)
        run_label.to_corner(UP + LEFT, buff=MARGIN)
        ratio = float(norms[0] / norms[-1])
        self.show_number(f"{kind}_ratio", ratio)
        ratio_label = self.text(self.label("ratio", ratio=ratio), LABEL_SIZE + 2, th.highlight,
                                max_width=6.2, one_line=True)  # a number is never split
        ratio_label.move_to(pt(CHART_RIGHT - ratio_label.width / 2, BASE_Y - 0.35))
        step = self.xs[1] - self.xs[0]
        width = 0.55 * step
        bars, values = VGroup(), VGroup()
        for i, (x, norm) in enumerate(zip(self.xs, norms, strict=True)):
            self.show_number(f"{kind}_norm_{i + 1}", norm)
            height = max(self.scale.height_of(norm), 0.02)
            bar = Rectangle(width=width, height=height, stroke_width=0, fill_color=color,
                            fill_opacity=0.85).move_to(pt(x, BASE_Y + height / 2))
            value = MathTex(sci(norm), font_size=NUMBER_SIZE, color=th.text)
            value.next_to(bar, UP, buff=0.08)
            # legible on a phone, so about as wide as a bar's slot: one that would crowd its
            # left neighbour's number (closer than a gap) rises above it
            if values:
                before, gap = values[-1], 0.15
                if (value.get_left()[0] < before.get_right()[0] + gap
                        and value.get_bottom()[1] < before.get_top()[1] + gap
                        and before.get_bottom()[1] < value.get_top()[1] + gap):
                    value.set_y(before.get_top()[1] + gap + value.height / 2)
            bars.add(bar)
            values.add(value)

        out = [FadeOut(previous)] if previous is not None else []
        self.narrate(self.caption(kind))
        self.play(*out, FadeIn(run_label), run_time=0.8)
        order = list(reversed(range(len(bars))))  # backward: output first
        self.play(LaggedStart(*[
            Succession(Indicate(boxes[i], color=color, scale_factor=1.15, run_time=0.5),
                       GrowFromEdge(bars[i], DOWN, run_time=0.5))
            for i in order], lag_ratio=0.35), run_time=4.0)
        self.play(FadeIn(values, lag_ratio=0.1), FadeIn(ratio_label), run_time=1.0)
        self.wait(2.0)
        self.checkpoint()
        return VGroup(run_label, ratio_label, bars, values)

    def remedies(self) -> None:
        th = self.theme
        heading = self.text(self.label("remedies_title"), HEADING_SIZE, th.highlight,
                            weight="BOLD")
        items = self.text(self.label("remedies"), BODY_SIZE + 2, th.text)
        block = VGroup(heading, items).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        block.move_to(np.array([0.0, 0.2, 0.0]))
        self.narrate(self.caption("remedies"))
        self.play(FadeIn(heading), run_time=0.6)
        self.play(FadeIn(items, shift=0.2 * RIGHT), run_time=1.5)
        self.wait(2.5)
        self.checkpoint()
        self.play(FadeOut(block), run_time=0.5)
