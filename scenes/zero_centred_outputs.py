"""Zero-centred outputs: one neuron learns two weights by gradient descent, fed sigmoid outputs
(always positive) on the left and tanh outputs (either sign) on the right. Every step on the
left moves both weights the same way, so its path zig-zags to the minimum; the right one heads
there. Made with `explainer new` and the kit (docs/authoring.md)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Star,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from explainer.core import zero_centred as zc
from explainer.kit.base import ExplainerScene
from explainer.kit.plot import curve_points, polyline
from explainer.kit.theme import LABEL_SIZE, MARGIN, NUMBER_SIZE

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "zero-centred-outputs",
    "chapters": ("title", "paths", "signs", "closing"),
    "order": 45,
    "params": {
        "samples": ("int", 8, 1000),
        "spread": ("float", 0.1, 10.0),
        "seed": ("int", 0, 2147483647),
        "teacher": ("vector", -2.0, 2.0),
        "start": ("vector", -2.0, 2.0),
        "learning_rate": ("float", 0.01, 1.5),
        "steps": ("int", 5, 200),
        "tolerance": ("float", 0.01, 1.0),
    },
    "placeholders": {
        "labels.step": ("step",),
        "labels.same": ("share",),
        "labels.reached": ("steps", "tolerance"),
        "labels.never": ("steps", "tolerance"),
        "captions.count": ("slow", "fast"),
    },
}
SQUASHES = ("sigmoid", "tanh")
Panel = tuple[Axes, VGroup]  # the weights' axes, and everything drawn with them
WINDOW = (-2.0, 2.5)  # both weights' range on the axes


class ZeroCentredOutputs(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, p = self.spec, self.spec.params
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        runs = [zc.descend(zc.inputs(s, p["samples"], p["spread"], p["seed"]),
                           np.array(p["teacher"]), np.array(p["start"]), p["learning_rate"],
                           p["steps"]) for s in SQUASHES]
        panels = [self.panel(run, squash) for run, squash in zip(runs, SQUASHES, strict=True)]
        VGroup(*[group for _, group in panels]).arrange(RIGHT, buff=1.4).to_edge(
            UP, buff=MARGIN)
        self.paths(runs, panels)
        self.signs(runs, panels)
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    def panel(self, run: zc.Descent, squash: str) -> Panel:
        """Axes of the two weights, the loss's contours and its minimum, titled."""
        th = self.theme
        axes = self.axes((*WINDOW, 1), (*WINDOW, 1), 4.2, 4.2)
        rings = VGroup(*[polyline(axes, e[:, 0], e[:, 1], th.muted, 1.5)
                         for e in (run.contour(level) for level in self.levels(run))])
        star = Star(outer_radius=0.14, color=th.highlight, fill_opacity=1).move_to(
            axes.c2p(*run.teacher))
        names = VGroup(self.text("w1", LABEL_SIZE, th.muted).next_to(
                           axes.c2p(WINDOW[1], 0), UP, buff=0.15),
                       self.text("w2", LABEL_SIZE, th.muted).next_to(
                           axes.c2p(0, WINDOW[1]), RIGHT, buff=0.15))
        title = self.text(self.label(f"{squash}_panel"), LABEL_SIZE + 2, max_width=5.4,
                          one_line=True)
        return axes, VGroup(title, VGroup(axes, rings, star, names)).arrange(DOWN, buff=0.2)

    @staticmethod
    def levels(run: zc.Descent) -> list[float]:
        """Four loss levels whose contours fit the window, the largest touching its edge: an
        ellipse reaches sqrt(2 L (C⁻¹)ᵢᵢ) from the minimum along weight i."""
        reach = np.sqrt(2 * np.diag(np.linalg.inv(run.curvature)))
        room = np.minimum(run.teacher - WINDOW[0], WINDOW[1] - run.teacher)
        top = float(np.min((room / reach) ** 2))
        return [top * share for share in (0.95, 0.4, 0.12, 0.03)]

    def paths(self, runs: list[zc.Descent], panels: list[Panel]) -> None:
        th, steps = self.theme, self.spec.params["steps"]
        colours = (th.warning, th.primary)
        with self.line("setup"):  # the picture holds until the line is said (or read)
            self.play(*[FadeIn(group) for _, group in panels], run_time=1.5)
        trails = [VMobject(stroke_color=c, stroke_width=3) for c in colours]
        dots = [Dot(axes.c2p(*run.path[0]), radius=0.07, color=c)
                for (axes, _), run, c in zip(panels, runs, colours, strict=True)]
        counters = [self.label_readout("step", {"step": 0}, LABEL_SIZE, th.text,
                                       samples=[{"step": steps}]) for _ in runs]
        for counter, (_, group) in zip(counters, panels, strict=True):
            counter.next_to(group, DOWN, buff=0.25)
        self.add(*trails, *dots, *counters)
        self.counters = VGroup(*counters)  # they give way to the counts in the next chapter
        clock = ValueTracker(0.0)

        def advance() -> None:
            k = round(clock.get_value())
            for (axes, _), run, trail, dot, counter in zip(panels, runs, trails, dots,
                                                           counters, strict=True):
                trail.set_points_as_corners(curve_points(axes, *run.path[:k + 1].T))
                dot.move_to(axes.c2p(*run.path[k]))
                counter.set_value(step=k)

        with self.line("descent") as line:
            self.play_updating(advance, clock.animate.set_value(steps), rate_func=linear,
                               changing=[*trails, *dots, *counters],
                               run_time=max(line.duration, 0.12 * steps))
        self.wait(1.0)
        self.checkpoint()

    def signs(self, runs: list[zc.Descent], panels: list[Panel]) -> None:
        th, p = self.theme, self.spec.params
        tolerance = p["tolerance"]
        notes: list[VGroup] = []
        for run, (_, group) in zip(runs, panels, strict=True):
            share = self.show_number(f"same_sign_share_{len(notes)}", run.same_sign_share())
            steps = run.steps_to(tolerance)
            reached = (self.label("reached", steps=steps, tolerance=tolerance)
                       if steps is not None else
                       self.label("never", steps=p["steps"], tolerance=tolerance))
            self.show_number(f"steps_to_{SQUASHES[len(notes)]}",
                             float(steps) if steps is not None else float("nan"))
            note = VGroup(self.text(self.label("same", share=share), LABEL_SIZE, th.highlight,
                                    max_width=5.4),
                          self.text(reached, LABEL_SIZE, th.text, max_width=5.4))
            note.arrange(DOWN, buff=0.12).next_to(group, DOWN, buff=0.25)
            notes.append(note)
        formula = self.tex(r"\nabla_w \tfrac12 (w\cdot a - t)^2 = (w\cdot a - t)\,a",
                           NUMBER_SIZE, th.text).to_edge(DOWN, buff=MARGIN)
        with self.line("signs"):
            self.play(FadeOut(self.counters), run_time=0.4)
            self.play(FadeIn(formula), FadeIn(notes[0][0]), FadeIn(notes[1][0]), run_time=1.5)
        slow, fast = (runs[0].steps_to(tolerance), runs[1].steps_to(tolerance))
        with self.line("count", slow=slow or p["steps"], fast=fast or p["steps"]):
            self.play(FadeIn(notes[0][1]), FadeIn(notes[1][1]),
                      *[Create(ring) for ring in self.reached_rings(runs, panels)],
                      run_time=2.0)
        self.wait(1.5)
        self.checkpoint()

    def reached_rings(self, runs: list[zc.Descent], panels: list[Panel]) -> list[VMobject]:
        """A circle of the tolerance's radius around each minimum."""
        tolerance = self.spec.params["tolerance"]
        angle = np.linspace(0, 2 * np.pi, 60)
        return [polyline(axes, run.teacher[0] + tolerance * np.cos(angle),
                         run.teacher[1] + tolerance * np.sin(angle), self.theme.highlight, 2)
                for run, (axes, _) in zip(runs, panels, strict=True)]
