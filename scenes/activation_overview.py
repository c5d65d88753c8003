"""Topic 2, all at once: every registered activation with its derivative, on small axes."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    LaggedStart,
    Line,
    SurroundingRectangle,
    VGroup,
    config,
)

from explainer.kit.base import ExplainerScene
from explainer.kit.plot import broken_curve, polyline, y_window
from explainer.kit.text import pt
from explainer.kit.theme import HEADING_SIZE, LABEL_SIZE, MARGIN

# Read by explainer.catalog without importing this module.
CATALOGUE = {
    "id": "activation-overview",
    "chapters": ("title", "panels", "closing"),
    "order": 30,
    "names": True,
    "params": {"x_range": ("range", -20.0, 20.0)},
}


class ActivationOverview(ExplainerScene):
    """All activations side by side, each with its derivative, on small axes."""

    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, th = self.spec, self.theme
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        names = list(self.activations)
        x_lo, x_hi = spec.params["x_range"]
        xs = np.linspace(x_lo, x_hi, 240)

        heading = self.text(spec.t("title"), HEADING_SIZE, weight="BOLD", max_width=8.5)
        heading.to_edge(UP, buff=MARGIN).to_edge(config.left_side, buff=MARGIN)
        key = VGroup(*[
            VGroup(Line(0.2 * -RIGHT, 0.2 * RIGHT, color=c, stroke_width=5),
                   self.text(self.label(k), LABEL_SIZE)).arrange(RIGHT, buff=0.12)
            for c, k in ((th.f, "f"), (th.df, "df"))
        ]).arrange(RIGHT, buff=0.4)
        key.to_edge(UP, buff=MARGIN + 0.08).to_edge(config.right_side, buff=MARGIN)

        cols = 5
        rows = -(-len(names) // cols)
        cell_w = (config.frame_width - 2 * MARGIN) / cols
        cell_h = (config.frame_height - 2 * MARGIN - 0.9) / rows
        panels = []
        for i, name in enumerate(names):
            act = self.activations[name]
            y_lo, y_hi = y_window(act, xs)
            axes = self.axes((x_lo, x_hi, x_hi), (y_lo, y_hi, y_hi - y_lo), cell_w - 0.35,
                             cell_h - 0.75, numbers=False, ticks=False, stroke_width=1.5)
            title = self.text(spec.t(f"names.{name}"), LABEL_SIZE, max_width=cell_w - 0.2,
                              one_line=True)
            panel = VGroup(title, VGroup(axes, broken_curve(axes, xs, act.f, act.jumps, th.f, 3),
                                         polyline(axes, xs, act.df(xs), th.df, 2.5)))
            panel.arrange(DOWN, buff=0.12)
            row, col = divmod(i, cols)
            panel.move_to(pt(config.left_side[0] + MARGIN + (col + 0.5) * cell_w,
                             config.top[1] - MARGIN - 0.9 - (row + 0.5) * cell_h))
            panels.append(panel)

        self.narrate(self.caption("panels"))
        self.play(FadeIn(heading), FadeIn(key), run_time=0.8)
        self.play(LaggedStart(*[Create(p) for p in panels], lag_ratio=0.15), run_time=6.0)
        self.wait(1.5)
        bounded = VGroup(*[
            SurroundingRectangle(panel, color=th.highlight, buff=0.06, corner_radius=0.08)
            for name, panel in zip(names, panels, strict=True)
            if self.activations[name].bounded
        ])
        self.narrate(self.caption("bounded"))
        self.play(Create(bounded), run_time=1.0)
        self.wait(3.0)
        self.checkpoint()
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))
