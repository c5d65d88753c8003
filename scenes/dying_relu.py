"""Topic 4: ReLU units that die. First the note's ten-unit example (x in [0, 2], weights -5..5),
then a real training run from the core where a large learning rate kills units step by step,
beside the same run with Leaky ReLU.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)

from explainer.core.dead_neurons import dead_units, note_example, train_and_watch
from explainer.kit.base import ExplainerScene
from explainer.kit.plot import curve_points, polyline
from explainer.kit.theme import BODY_SIZE, HEADING_SIZE, LABEL_SIZE, MARGIN, NUMBER_SIZE

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "dying-relu",
    "chapters": ("title", "ten-units", "training", "closing"),
    "order": 50,
    "names": True,
    "params": {
        "learning_rate": ("float", 1e-4, 1.0),
        "steps": ("int", 10, 400),
        "hidden": ("int", 4, 100),
        "seed": ("int", 0, 2147483647),
        "compare_activation": ("activation",),
    },
    "placeholders": {
        "labels.dead_count": ("dead", "total"),
        "labels.run": ("activation", "lr"),
        "labels.final": ("activation", "percent"),
    },
}


class DyingReLU(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec = self.spec
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        self.ten_units()
        self.clear_screen()
        self.training()
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    # --- part 1: the note's example --------------------------------------------------------

    def ten_units(self) -> None:
        th = self.theme
        W, b, X = note_example()
        x = X[:, 0]
        pre = X @ W.T + b  # (samples, 10)
        post = self.activations["relu"].f(pre)
        dead = dead_units(W, b, X)
        ymax = float(np.abs(pre).max())

        def panel(title_key: str, x_numbers: bool) -> tuple[Axes, VGroup]:
            axes = self.axes((0, 2, 0.5), (-ymax, ymax, 5), 5.6, 4.4,
                             numbers=(x_numbers, True), places=(1, 0))
            title = self.text(self.label(title_key), BODY_SIZE, max_width=5.6)
            x_label = self.text(self.label("axis_x") + f" ∈ [{x.min():g}, {x.max():g}]",
                                LABEL_SIZE, th.muted)
            return axes, VGroup(title, axes, x_label).arrange(DOWN, buff=0.25)

        # The pre-activation lines cross the x-axis, where tick numbers would sit on them.
        left_axes, left = panel("pre", x_numbers=False)
        right_axes, right = panel("post", x_numbers=True)
        VGroup(left, right).arrange(RIGHT, buff=1.0).move_to(0.35 * UP)
        colors = [th.warning if d else th.good for d in dead]
        lines = VGroup(*[polyline(left_axes, x, pre[:, j], colors[j], 3) for j in range(10)])
        self.narrate(self.caption("example"))
        self.play(FadeIn(left), run_time=0.8)
        self.play(Create(lines, lag_ratio=0.1), run_time=2.0)
        self.wait(1.0)

        outputs = VGroup(*[polyline(right_axes, x, post[:, j], th.faint if dead[j] else th.good,
                                    3) for j in range(10)])
        self.narrate(self.caption("relu"))
        self.play(FadeIn(right), Transform(lines.copy(), outputs), run_time=2.0)
        self.wait(1.0)
        n_dead = int(dead.sum())
        self.show_number("note_dead", n_dead)
        count = self.text(self.label("dead_count", dead=n_dead, total=dead.size), HEADING_SIZE,
                          th.warning)
        count.next_to(VGroup(left, right), DOWN, buff=0.35)
        self.narrate(self.caption("count"))
        self.play(Write(count), run_time=1.0)
        self.wait(2.5)
        self.checkpoint()

    # --- part 2: a real training run ------------------------------------------------------

    def training(self) -> None:
        th, p = self.theme, self.spec.params
        common = {"learning_rate": p["learning_rate"], "steps": p["steps"],
                  "hidden": p["hidden"], "seed": p["seed"]}
        runs = [train_and_watch("relu", **common),
                train_and_watch(self.activations[p["compare_activation"]], **common)]
        step = ValueTracker(0)

        columns, grids = [], []
        for run in runs:
            label = self.text(self.label("run", activation=self.spec.t(f"names.{run.activation}"),
                                         lr=run.learning_rate), BODY_SIZE, max_width=6.2)
            grid = self.neuron_grid(run.dead_mask.shape[1])
            columns.append(VGroup(label, grid).arrange(DOWN, buff=0.3))
            grids.append(grid)
        top = VGroup(*columns).arrange(RIGHT, buff=1.6).to_edge(UP, buff=MARGIN)

        axes = self.axes((0, p["steps"], max(10, p["steps"] // 5)), (0, 1, 0.5), 8.0, 1.9,
                         places=(0, 1))
        axes.to_edge(DOWN, buff=MARGIN + 0.25).shift(0.9 * LEFT)
        axis_title = self.text(self.label("dead_curve"), LABEL_SIZE, th.muted, max_width=3.6)
        axis_title.next_to(axes, RIGHT, buff=0.3).align_to(axes, UP)
        step_text = self.text(self.label("step"), LABEL_SIZE, th.muted)
        counter = self.readout("{value:,.0f}", {"value": 0}, NUMBER_SIZE, th.text, tex=True,
                               samples=[{"value": p["steps"]}])
        clock = VGroup(step_text, counter).arrange(RIGHT, buff=0.15)
        clock.next_to(axis_title, DOWN, aligned_edge=LEFT, buff=0.3)
        key = VGroup(*[
            VGroup(Circle(radius=0.1, stroke_color=c, fill_color=c, fill_opacity=o),
                   self.text(self.label(k), LABEL_SIZE, th.muted)).arrange(RIGHT, buff=0.1)
            for c, o, k in ((th.good, 0.9, "alive"), (th.faint, 0.5, "dead"))
        ]).arrange(RIGHT, buff=0.3)
        key.next_to(clock, DOWN, aligned_edge=LEFT, buff=0.3)
        if key.get_right()[0] > config.frame_width / 2 - MARGIN:  # long words: one per row
            key.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            key.next_to(clock, DOWN, aligned_edge=LEFT, buff=0.3)
        curve_colors = [th.warning, th.good]
        curves = [VMobject(stroke_color=c, stroke_width=4) for c in curve_colors]
        steps = np.arange(p["steps"] + 1, dtype=float)

        state = {"shown": -1}

        def advance() -> None:
            k = round(step.get_value())
            if k == state["shown"]:
                return  # nothing changed since the last frame
            state["shown"] = k
            counter.set_value(k)
            for run, grid, curve in zip(runs, grids, curves, strict=True):
                self.color_neurons(grid, run.dead_mask[k])
                ks = steps[: k + 1]
                fr = run.dead_fraction[: k + 1]
                if k == 0:
                    ks, fr = np.array([0.0, 1e-3]), np.repeat(fr[0], 2)
                curve.set_points_as_corners(curve_points(axes, ks, fr))

        advance()
        self.narrate(self.caption("training"))
        # what stays still first: play_updating paints it once, under what changes
        self.play(FadeIn(axes), FadeIn(axis_title), FadeIn(key), FadeIn(top), FadeIn(clock),
                  *[FadeIn(c) for c in curves], run_time=1.0)
        self.play_updating(advance, step.animate.set_value(p["steps"]), run_time=8.0,
                           rate_func=linear, changing=[*grids, *curves, counter])

        finals = VGroup()
        for run, column, color in zip(runs, columns, curve_colors, strict=True):
            share = float(run.dead_fraction[-1])
            self.show_number(f"final_dead_{run.activation}", share)
            final = self.text(self.label("final", activation=self.spec.t(
                f"names.{run.activation}"), percent=share), BODY_SIZE, color, max_width=6.2)
            final.next_to(column, DOWN, buff=0.2)
            finals.add(final)
        self.narrate(self.caption("compare"))
        self.play(FadeIn(finals), run_time=0.8)
        self.wait(3.0)
        self.checkpoint()
        self.play(FadeOut(finals), run_time=0.3)

    def neuron_grid(self, units: int) -> VGroup:
        cols = int(np.ceil(np.sqrt(units)))
        dots = VGroup(*[Circle(radius=0.14, stroke_width=1.5) for _ in range(units)])
        return dots.arrange_in_grid(cols=cols, buff=0.12)

    def color_neurons(self, grid: VGroup, dead: np.ndarray) -> None:
        th = self.theme
        for dot, is_dead in zip(grid, dead, strict=True):
            color = th.faint if is_dead else th.good
            dot.set_fill(color, opacity=0.9 if not is_dead else 0.5).set_stroke(color)

