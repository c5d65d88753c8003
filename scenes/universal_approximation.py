"""Topic 5: one hidden layer of N nonlinear units fits a curve, better and better as N grows;
with the identity as activation the same layer only ever draws a straight line.

Every curve is the core's least-squares fit (explainer.core.approximation): each unit's
weighted output drawn faintly, their sum boldly, the worst-case error as a number.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UL,
    Axes,
    Create,
    FadeIn,
    FadeOut,
    Text,
    Transform,
    VGroup,
    VMobject,
)

from explainer.core import approximation
from explainer.kit.base import ExplainerScene
from explainer.kit.plot import polyline
from explainer.kit.theme import HEADING_SIZE, LABEL_SIZE, MARGIN

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "universal-approximation",
    "chapters": ("title", "nonlinear", "identity", "closing"),
    "order": 60,
    "names": True,
    "params": {
        "activation": ("activation",),
        "max_units": ("int", 2, 64),
        "step_seconds": ("float", 0.5, 5.0),
    },
    "placeholders": {
        "labels.units": ("n", "activation"),
        "labels.error": ("error",),
        "labels.row": ("n", "error"),
        "captions.units": ("activation",),
    },
}

Y_WINDOW = (-2.0, 2.6)


class UniversalApproximation(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec = self.spec
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        p = spec.params
        counts = [2**k for k in range(int(np.log2(p["max_units"])) + 1)]
        stage = self.stage()
        self.fit_story(stage[0], p["activation"], counts, "nonlinear")
        self.play(*[FadeOut(m) for m in self.mobjects if m not in stage], run_time=0.6)
        self.fit_story(stage[0], "identity", counts, "identity")
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    def stage(self) -> tuple[Axes, VMobject, Text]:
        """The axes, the target curve and its label, which stay for both stories."""
        th = self.theme
        lo, hi = approximation.X_RANGE
        axes = self.axes((lo, hi, 1), (*Y_WINDOW, 1), 7.4, 5.6)
        axes.to_corner(UL, buff=MARGIN).shift(0.5 * DOWN)
        xs = np.linspace(lo, hi, 601)
        target = polyline(axes, xs, approximation.target(xs), th.muted, 6)
        label = self.text(self.label("target"), LABEL_SIZE, th.muted)
        label.next_to(axes, DOWN, buff=0.15).align_to(axes, LEFT)
        self.narrate(self.caption("target"))
        self.play(Create(axes), run_time=1.0)
        self.play(Create(target), FadeIn(label), run_time=1.5)
        self.wait(0.5)
        return axes, target, label

    def fit_story(self, axes: Axes, activation: str, counts: list[int], section: str) -> None:
        th, spec = self.theme, self.spec
        name = spec.t(f"names.{activation}") if activation != "identity" else (
            self.label("identity"))
        column_left = axes.get_right()[0] + 0.5
        width = 7.11 - MARGIN - column_left
        heading = self.text(self.label("units", n=counts[0], activation=name), HEADING_SIZE - 4,
                            weight="BOLD", max_width=width)
        heading.move_to(axes.get_top(), aligned_edge=UL).set_x(column_left + heading.width / 2)
        header = self.text(self.label("table"), LABEL_SIZE, th.muted, max_width=width)
        header.next_to(heading, DOWN, aligned_edge=LEFT, buff=0.45)

        unit = activation if activation == "identity" else self.activations[activation]
        first = approximation.fit(unit, counts[0])
        parts, total = self.drawn(axes, first)
        self.narrate(self.caption("units", activation=name))
        self.play(FadeIn(heading), FadeIn(header), Create(parts), run_time=1.5)
        self.narrate(self.caption("sum" if section == "nonlinear" else "identity"))
        self.play(Create(total), run_time=1.0)
        rows = VGroup()
        for i, n in enumerate(counts):
            result = first if i == 0 else approximation.fit(unit, n)
            self.show_number(f"{section}_error_{n}", result.max_error)
            row = self.text(self.label("row", n=n, error=result.max_error), LABEL_SIZE + 2,
                            th.highlight if i == len(counts) - 1 else th.text, max_width=width)
            row.next_to(rows if len(rows) else header, DOWN, aligned_edge=LEFT, buff=0.16)
            rows.add(row)
            if i == 0:
                self.play(FadeIn(row), run_time=0.5)
                self.wait(spec.params["step_seconds"])
                continue
            if i == 1:
                self.narrate(self.caption("more" if section == "nonlinear" else "still"))
            new_parts, new_total = self.drawn(axes, result)
            new_heading = self.text(self.label("units", n=n, activation=name),
                                    HEADING_SIZE - 4, weight="BOLD", max_width=width)
            new_heading.move_to(heading, aligned_edge=LEFT)
            self.play(Transform(parts, new_parts), Transform(total, new_total),
                      Transform(heading, new_heading), FadeIn(row), run_time=1.0)
            self.wait(spec.params["step_seconds"])
        self.wait(1.0)
        self.checkpoint()

    def drawn(self, axes: Axes, fit: approximation.Fit) -> tuple[VGroup, VGroup]:
        """Each unit's weighted output (faint, clipped to the window) and their sum."""
        th = self.theme
        lo, hi = Y_WINDOW
        parts = VGroup(*[polyline(axes, fit.xs, np.clip(c + fit.bias / fit.units, lo, hi),
                                  th.df, 1.5).set_stroke(opacity=0.45)
                         for c in fit.contributions])
        total = VGroup(polyline(axes, fit.xs, np.clip(fit.prediction, lo, hi), th.f, 5))
        return parts, total

