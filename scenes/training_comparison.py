"""Topic 6, the note's own experiment: the same network trained with each activation. The loss
curves race epoch by epoch, then the test accuracies stand as bars with their values.

Every curve, value and bar is a run of explainer.core.training (numpy, one seed, the note's
data set and optimiser).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Create,
    FadeIn,
    GrowFromEdge,
    LaggedStart,
    Line,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from explainer.core import training
from explainer.kit.base import ExplainerScene
from explainer.kit.plot import curve_points
from explainer.kit.theme import HEADING_SIZE, LABEL_SIZE, MARGIN

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "training-comparison",
    "chapters": ("title", "race", "accuracy", "closing"),
    "order": 70,
    "names": True,
    "params": {
        "activations": ("activations",),
        "epochs": ("int", 20, 400),
        "seed": ("int", 0, 2147483647),
        "race_seconds": ("float", 3.0, 30.0),
    },
    "placeholders": {
        "labels.setup": ("epochs", "train", "test"),
        "labels.legend_row": ("activation", "loss"),
        "labels.bar_value": ("accuracy",),
        "labels.slow": ("activation",),
        "captions.slow": ("activation",),
    },
}

PALETTES = {  # one colour per run, readable on each theme's background
    "dark": ["#58C4DD", "#FC6255", "#83C167", "#FFFF00", "#FF862F", "#C792EA", "#F0F0F0"],
    "light": ["#1C5FB8", "#C92A2A", "#2B8A3E", "#A07800", "#D9480F", "#7048E8", "#333333"],
}


class TrainingComparison(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, p = self.spec, self.spec.params
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        data = training.note_data()
        runs = {name: training.train(self.activations[name], p["epochs"], seed=p["seed"], data=data)
                for name in p["activations"]}
        for name, run in runs.items():
            self.show_number(f"loss_{name}", float(run.loss[-1]))
            self.show_number(f"accuracy_{name}", run.test_accuracy)
        self.race(runs, data)
        self.clear_screen()
        self.accuracy_bars(runs)
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    def colour(self, i: int) -> str:
        return PALETTES[self.spec.theme][i % len(PALETTES[self.spec.theme])]

    def name(self, activation: str) -> str:
        return self.spec.t(f"names.{activation}")

    def race(self, runs: dict[str, training.Run], data: training.Data) -> None:
        th, p = self.theme, self.spec.params
        epochs = p["epochs"]
        top = max(float(r.loss.max()) for r in runs.values())
        axes = self.axes((0, epochs, max(10, epochs // 4)), (0, top * 1.05, 0.2), 7.6, 4.9,
                         places=(0, 1))
        axes.to_corner(UL, buff=MARGIN).shift(0.55 * DOWN + 0.3 * RIGHT)
        y_label = self.text(self.label("loss"), LABEL_SIZE, th.muted)
        y_label.next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
        x_label = self.text(self.label("epoch"), LABEL_SIZE, th.muted)
        x_label.next_to(axes, DOWN, buff=0.1).align_to(axes, RIGHT)
        setup = self.text(self.label("setup", epochs=epochs, train=len(data.y_train),
                                     test=len(data.y_test)), LABEL_SIZE, th.muted,
                          max_width=13.5)
        setup.to_edge(DOWN, buff=MARGIN)

        column_left = axes.get_right()[0] + 0.5
        width = 7.11 - MARGIN - column_left
        epoch = ValueTracker(1)
        curves, rows = [], VGroup()
        for i, (name, run) in enumerate(runs.items()):
            curve = VMobject(stroke_color=self.colour(i), stroke_width=4)
            curve.set_points_as_corners(curve_points(axes, np.arange(2.0), run.loss[:2]))
            curves.append(curve)
            swatch = Line(0.2 * LEFT, 0.2 * RIGHT, color=self.colour(i), stroke_width=6)
            row = VGroup(swatch, self.text(self.label("legend_row", activation=self.name(name),
                                                      loss=float(run.loss[-1])),
                                           LABEL_SIZE + 2, max_width=width - 0.6))
            rows.add(row.arrange(RIGHT, buff=0.15))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        rows.move_to(axes.get_top(), aligned_edge=UL).set_x(column_left + rows.width / 2)

        def grow() -> None:
            n = max(2, round(epoch.get_value()))
            for curve, run in zip(curves, runs.values(), strict=True):
                curve.set_points_as_corners(curve_points(axes, np.arange(float(n)),
                                                         run.loss[:n]))

        self.narrate(self.caption("setup"))
        self.play(Create(axes), FadeIn(y_label), FadeIn(x_label), FadeIn(setup), run_time=1.2)
        self.play(FadeIn(rows, lag_ratio=0.1), *[FadeIn(c) for c in curves], run_time=1.0)
        self.narrate(self.caption("race"))
        self.play_updating(grow, epoch.animate.set_value(epochs), run_time=p["race_seconds"],
                           rate_func=linear, changing=curves)
        self.wait(0.5)

        # What differs: the slowest start, against the fastest.
        early = min(10, epochs - 1)
        drops = {name: float(run.loss[0] - run.loss[early]) for name, run in runs.items()}
        slow = min(drops, key=lambda k: drops[k])
        self.show_number("slowest_start", list(runs).index(slow))
        index = list(runs).index(slow)
        box = SurroundingRectangle(rows[index], color=th.highlight, buff=0.08)
        note = self.text(self.label("slow", activation=self.name(slow)), LABEL_SIZE,
                         th.highlight, max_width=width)
        note.next_to(rows, DOWN, aligned_edge=LEFT, buff=0.4)
        self.narrate(self.caption("slow", activation=self.name(slow)))
        self.play(Create(box), FadeIn(note), run_time=1.0)
        self.wait(2.0)
        fast = self.text(self.label("fast"), LABEL_SIZE, th.good, max_width=width)
        fast.next_to(note, DOWN, aligned_edge=LEFT, buff=0.25)
        self.narrate(self.caption("fast"))
        self.play(FadeIn(fast), run_time=0.8)
        self.wait(2.0)
        self.checkpoint()

    def accuracy_bars(self, runs: dict[str, training.Run]) -> None:
        heading = self.text(self.label("accuracy"), HEADING_SIZE, weight="BOLD")
        heading.to_edge(UP, buff=MARGIN)
        low = 0.8  # the bars start at 80%: every run is far above chance, the gaps are small
        height = 4.2
        pitch = min(1.6, 12.0 / len(runs))
        base_y = heading.get_bottom()[1] - 0.9 - height
        group = self.bars([run.test_accuracy for run in runs.values()], centre=(0.0, base_y),
                          pitch=pitch, scale=height / (1 - low), low=low, least=0.05,
                          colours=[self.colour(i) for i in range(len(runs))],
                          texts=lambda v: self.label("bar_value", accuracy=v), text_buff=0.12,
                          text_width=pitch - 0.05, one_line=True,
                          names=[self.name(name) for name in runs])
        axis_note = self.text(self.label("axis_note"), LABEL_SIZE, self.theme.muted)
        axis_note.to_edge(DOWN, buff=MARGIN)
        self.narrate(self.caption("accuracy"))
        self.play(FadeIn(heading), FadeIn(axis_note), run_time=0.8)
        self.play(LaggedStart(*[GrowFromEdge(c[0], DOWN) for c in group], lag_ratio=0.15),
                  *[FadeIn(c[2]) for c in group], run_time=2.0)
        self.play(LaggedStart(*[FadeIn(c[1]) for c in group], lag_ratio=0.1), run_time=1.0)
        self.wait(3.0)
        self.checkpoint()
