"""Topic 7: how to choose an activation. The output layer by task (with softmax turning logits
into probabilities, and what a temperature does), the hidden layers, and how to diagnose a
network, with the numbers of the other videos computed again here by the core.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    GrowFromEdge,
    LaggedStart,
    Line,
    Transform,
    VGroup,
)

from explainer.core.dead_neurons import train_and_watch
from explainer.core.gradients import gradient_norms_by_layer
from explainer.core.softmax import softmax
from explainer.kit.base import ExplainerScene
from explainer.kit.text import pt
from explainer.kit.theme import BODY_SIZE, HEADING_SIZE, LABEL_SIZE, MARGIN

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "choosing-an-activation",
    "chapters": ("title", "output", "softmax", "hidden", "diagnose", "closing"),
    "order": 80,
    "names": True,
    "params": {
        "logits": ("numbers", -10.0, 10.0),
        "temperatures": ("numbers", 0.05, 20.0),
        "dead_learning_rate": ("float", 1e-4, 1.0),
        "depth": ("int", 3, 16),
    },
    "placeholders": {
        "labels.temperature": ("t",),
        "labels.probability": ("p",),
        "labels.logit": ("z",),
        "labels.dead_share": ("percent", "lr"),
        "labels.gradient_ratio": ("ratio", "depth"),
    },
}


class ChoosingAnActivation(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec = self.spec
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        self.guide("output", ["binary", "classes", "regression"], "output")
        self.clear_screen()
        self.softmax_bars()
        self.clear_screen()
        self.guide("hidden", ["default", "deep", "transformer", "dying"], "hidden")
        self.clear_screen()
        self.diagnose()
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    def guide(self, part: str, rows: list[str], section: str) -> None:
        """A two-column table that builds up row by row: situation -> activation."""
        th = self.theme
        heading = self.text(self.label(f"{part}_title"), HEADING_SIZE, weight="BOLD")
        heading.to_edge(UP, buff=MARGIN + 0.2)
        lines = []
        for key in rows:
            left = self.text(self.label(f"{part}_{key}"), BODY_SIZE, max_width=5.2)
            right = self.text(self.label(f"{part}_{key}_choice"), BODY_SIZE, th.highlight,
                              max_width=6.9)
            lines.append((left, right))
        top = heading.get_bottom()[1] - 0.8
        step = min(1.2, 4.8 / len(rows))
        for i, (left, right) in enumerate(lines):
            y = top - i * step
            left.move_to(pt(-6.6 + left.width / 2, y))
            right.move_to(pt(-0.1 + right.width / 2, y))
        arrows = [Line(pt(-1.2, left.get_y()), pt(-0.5, left.get_y()), color=th.muted,
                       stroke_width=3).add_tip(tip_length=0.15) for left, _ in lines]
        self.narrate(self.caption(f"{part}_intro"))
        self.play(FadeIn(heading), run_time=0.8)
        for i, ((left, right), arrow) in enumerate(zip(lines, arrows, strict=True)):
            self.narrate(self.caption(f"{part}_{rows[i]}"))
            self.play(FadeIn(left, shift=0.2 * RIGHT), run_time=0.6)
            self.play(FadeIn(arrow), FadeIn(right, shift=0.2 * RIGHT), run_time=0.6)
            self.wait(1.6)
        self.wait(1.0)
        self.checkpoint()

    def softmax_bars(self) -> None:
        """Logits become probabilities; a temperature flattens or sharpens them."""
        th, p = self.theme, self.spec.params
        logits = np.array(p["logits"])
        heading = self.text(self.label("softmax_title"), HEADING_SIZE, weight="BOLD")
        heading.to_edge(UP, buff=MARGIN + 0.1)
        formula = self.tex(r"p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}", BODY_SIZE + 4)
        formula.next_to(heading, DOWN, buff=0.3)
        n = logits.size
        pitch = min(1.5, 5.6 / n)
        base = -1.2
        scale = 2.3 / max(1.0, float(np.abs(logits).max()))
        below = scale * max(0.0, -float(logits.min()))  # how far negative logits reach down

        def bars(values: np.ndarray, x0: float, height: float, colour: str,
                 text_of: Callable[[float], str]) -> VGroup:
            return self.bars(values, centre=(x0, base), pitch=pitch, scale=height,
                             colours=colour, texts=text_of)

        left = bars(logits, -3.4, scale, th.df, lambda v: self.label("logit", z=v))
        axis = VGroup(Line(pt(-3.4 - n * pitch / 2, base), pt(-3.4 + n * pitch / 2, base),
                           color=th.axis),
                      Line(pt(3.2 - n * pitch / 2, base), pt(3.2 + n * pitch / 2, base),
                           color=th.axis))
        names = VGroup(self.text(self.label("logits"), LABEL_SIZE, th.muted),
                       self.text(self.label("probabilities"), LABEL_SIZE, th.muted))
        names[0].move_to(pt(-3.4, base - below - 0.75))
        names[1].move_to(pt(3.2, base - 0.45))
        temperatures = list(p["temperatures"])
        probs = softmax(logits, temperature=1.0)
        self.show_number("softmax_sum", float(probs.sum()))
        for i, v in enumerate(probs):
            self.show_number(f"p_{i}", float(v))
        def probability(v: float) -> str:
            return self.label("probability", p=v)

        right = bars(probs, 3.2, 2.6, th.f, probability)
        arrow = Line(pt(-0.9, base + 0.9), pt(0.7, base + 0.9), color=th.muted,
                     stroke_width=4).add_tip(tip_length=0.2)
        temp = self.text(self.label("temperature", t=1.0), LABEL_SIZE + 2, th.highlight)
        temp.next_to(arrow, UP, buff=0.15)
        self.narrate(self.caption("softmax"))
        self.play(FadeIn(heading), FadeIn(formula), FadeIn(axis), FadeIn(names[0]),
                  run_time=1.0)
        self.play(LaggedStart(*[GrowFromEdge(g[0], DOWN) for g in left], lag_ratio=0.1),
                  *[FadeIn(g[1]) for g in left], run_time=1.2)
        self.play(FadeIn(arrow), FadeIn(temp), FadeIn(names[1]), run_time=0.6)
        self.play(LaggedStart(*[GrowFromEdge(g[0], DOWN) for g in right], lag_ratio=0.1),
                  *[FadeIn(g[1]) for g in right], run_time=1.2)
        self.wait(1.5)
        self.narrate(self.caption("temperature"))
        for t in temperatures:
            new = bars(softmax(logits, temperature=t), 3.2, 2.6, th.f, probability)
            new_temp = self.text(self.label("temperature", t=t), LABEL_SIZE + 2, th.highlight)
            new_temp.move_to(temp)
            self.play(Transform(right, new), Transform(temp, new_temp), run_time=1.0)
            self.wait(1.2)
        self.checkpoint()

    def diagnose(self) -> None:
        """Two symptoms, measured by the core as in their own videos."""
        th, p = self.theme, self.spec.params
        heading = self.text(self.label("diagnose_title"), HEADING_SIZE, weight="BOLD")
        heading.to_edge(UP, buff=MARGIN + 0.2)
        run = train_and_watch("relu", p["dead_learning_rate"])
        dead = float(run.dead_fraction[-1])
        norms = gradient_norms_by_layer("sigmoid", "xavier", depth=p["depth"])
        ratio = float(norms[0] / norms[-1])
        self.show_number("dead_share", dead)
        self.show_number("gradient_ratio", ratio)
        blocks = VGroup()
        for key, detail, see in (
            ("dead", self.label("dead_share", percent=dead, lr=p["dead_learning_rate"]),
             "see_dying"),
            ("gradient", self.label("gradient_ratio", ratio=ratio, depth=p["depth"]),
             "see_vanishing"),
        ):
            block = VGroup(
                self.text(self.label(f"diagnose_{key}"), BODY_SIZE, max_width=12.5),
                self.text(detail, BODY_SIZE - 2, th.highlight, max_width=12.5),
                self.text(self.label(f"diagnose_{key}_fix"), BODY_SIZE - 4, th.good,
                          max_width=12.5),
                self.text(self.label(see), LABEL_SIZE, th.muted, max_width=12.5),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
            blocks.add(block)
        blocks.arrange(DOWN, aligned_edge=LEFT, buff=0.55)
        blocks.next_to(heading, DOWN, buff=0.55).to_edge(LEFT, buff=MARGIN + 0.3)
        self.narrate(self.caption("diagnose"))
        self.play(FadeIn(heading), run_time=0.8)
        for part, key in zip(blocks, ("dead", "gradient"), strict=True):
            self.narrate(self.caption(f"diagnose_{key}"))
            self.play(LaggedStart(*[FadeIn(line, shift=0.15 * LEFT) for line in part],
                                  lag_ratio=0.3), run_time=1.6)
            self.wait(2.5)
        self.checkpoint()
