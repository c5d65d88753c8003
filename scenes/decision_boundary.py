"""Topic 1, on data: a network without activations only draws straight boundaries.

The same 2 -> hidden -> 2 network, trained from the same weights with no activation and with
two nonlinear ones, on XOR-like quadrants and on two moons. Each panel colours the plane by the
network's own prediction and traces its 0.5 boundary as training runs. Then the reason: the
hidden layer's output, plotted as a plane, where one straight line splits the classes.

Every region, boundary and number is explainer.core.separability (numpy, contourpy).
"""

from __future__ import annotations

import itertools

import numpy as np
from manim import (
    DOWN,
    UP,
    Arrow,
    Circle,
    Create,
    FadeIn,
    Square,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)
from manim.utils.color import ManimColor

from explainer.core import separability as sep
from explainer.kit.base import ExplainerScene
from explainer.kit.text import pt
from explainer.kit.theme import HEADING_SIZE, LABEL_SIZE, MARGIN

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "decision-boundary",
    "chapters": ("title", "xor", "moons", "plane", "closing"),
    "order": 15,
    "names": True,
    "params": {
        "activations": ("activations", 1, 2),
        "points": ("int", 40, 800),
        "xor_noise": ("float", 0.0, 0.3),
        "moons_noise": ("float", 0.0, 0.3),
        "data_seed": ("int", 0, 2147483647),
        "hidden": ("int", 2, 64),
        "epochs": ("int", 10, 2000),
        "learning_rate": ("float", 0.0001, 0.5),
        "seed": ("int", 0, 2147483647),
        "plane_activation": ("activation",),
        "plane_seed": ("int", 0, 2147483647),
        "train_seconds": ("float", 2.0, 20.0),
    },
    "placeholders": {
        "labels.epoch": ("epoch", "epochs"),
        "labels.accuracy": ("accuracy",),
        "labels.input_space": ("activation",),
        "labels.hidden_space": ("activation",),
        "labels.setup": ("hidden", "epochs"),
        "labels.plane_note": ("accuracy",),
        "captions.plane": ("activation",),
    },
}

GRID = 72  # samples per side of a panel's prediction grid (regions and boundary)
SIDE = 3.6  # a panel's width in frame units
STEPS = 36  # training snapshots shown while the boundary moves


class DecisionBoundary(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, p = self.spec, self.spec.params
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        kinds = {"xor": p["xor_noise"], "moons": p["moons_noise"]}
        for i, (kind, noise) in enumerate(kinds.items()):
            X, y = sep.dataset(kind, p["points"], noise, p["data_seed"])
            runs = [sep.train(X, y, act, p["hidden"], p["epochs"], p["learning_rate"],
                              p["seed"], keep=STEPS)
                    for act in [sep.NONE, *(self.activations[a] for a in p["activations"])]]
            for run in runs:
                self.show_number(f"{kind}_accuracy_{run.activation.name}", run.accuracy())
            self.race(kind, runs, first=i == 0)
            self.clear_screen()
        self.plane()
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    # --- drawing a panel ---------------------------------------------------------------------

    def band_colours(self) -> list[str]:
        """One fill per probability band: each class's colour, stronger the surer the
        network is."""
        th = self.theme
        bg = ManimColor(th.background)
        mids = [(a + b) / 2 for a, b in itertools.pairwise(sep.BANDS)]
        return [bg.interpolate(ManimColor(th.df if m > 0.5 else th.f),
                               0.16 + 0.36 * abs(2 * m - 1)).to_hex() for m in mids]

    def panel(self, centre: np.ndarray, extent: float, X: np.ndarray, y: np.ndarray
              ) -> tuple[Square, VGroup, VMobject, VGroup]:
        """A framed square showing [-extent, extent]^2: regions, boundary, the data."""
        th = self.theme
        regions = VGroup(*[VMobject(stroke_width=0, fill_color=c, fill_opacity=1.0)
                           for c in self.band_colours()])
        frame = Square(SIDE, color=th.axis, stroke_width=2).move_to(centre)
        line = VMobject(stroke_color=th.text, stroke_width=4)
        return frame, regions, line, self.dots(self.place(centre, extent, X), y)

    def dots(self, points: np.ndarray, y: np.ndarray) -> VGroup:
        """The data: one mobject per class, each point a small disc (one Cairo path per
        class, not hundreds of mobjects; moving ``points`` moves each disc)."""
        th = self.theme
        disc = Circle(radius=0.035).points
        return VGroup(*[VMobject(fill_color=colour, fill_opacity=1.0, stroke_width=0.6,
                                 stroke_color=th.background).set_points(
                            np.concatenate([disc + p for p in points[y == label]]))
                        for label, colour in ((0, th.f), (1, th.df))])

    def shade(self, regions: VGroup, centre: np.ndarray, extent: float, xs: np.ndarray,
              prob: np.ndarray) -> None:
        for band, rings in zip(regions, sep.bands(xs, prob), strict=True):
            self.trace(band, centre, extent, rings, closed=True)

    @staticmethod
    def place(centre: np.ndarray, extent: float, XY: np.ndarray) -> np.ndarray:
        scale = SIDE / 2 / extent
        return np.column_stack([centre[0] + XY[:, 0] * scale, centre[1] + XY[:, 1] * scale,
                                np.zeros(len(XY))])

    def trace(self, line: VMobject, centre: np.ndarray, extent: float,
              polylines: list[np.ndarray], closed: bool = False) -> None:
        line.clear_points()
        for poly in polylines:
            points = self.place(centre, extent, poly)
            line.start_new_path(points[0])
            line.add_points_as_corners(points[1:])
            if closed:
                line.close_path()

    def name(self, activation: str) -> str:
        return self.label("none") if activation == "none" else self.spec.t(f"names.{activation}")

    # --- the two data sets ---------------------------------------------------------------

    def race(self, kind: str, runs: list[sep.Run], first: bool) -> None:
        th, p = self.theme, self.spec.params
        heading = self.text(self.label(f"{kind}_heading"), HEADING_SIZE, weight="BOLD")
        heading.to_edge(UP, buff=MARGIN)
        pitch = SIDE + 0.7
        centres = [pt((i - (len(runs) - 1) / 2) * pitch, -0.05) for i in range(len(runs))]
        panels = [self.panel(c, sep.EXTENT, run.X, run.y) for c, run in zip(centres, runs,
                                                                            strict=True)]
        titles = [self.text(self.name(run.activation.name), LABEL_SIZE + 2, th.text,
                            max_width=SIDE, one_line=True).next_to(frame, UP, buff=0.15)
                  for run, (frame, *_) in zip(runs, panels, strict=True)]
        # one per panel, then the epoch line: placed at their widest, then set to epoch 0
        readouts = [self.label_readout("accuracy", {"accuracy": 1.0}, LABEL_SIZE, th.muted,
                                       max_width=SIDE).next_to(frame, DOWN, buff=0.15)
                    for frame, *_ in panels]
        last_epoch = {"epoch": p["epochs"], "epochs": p["epochs"]}
        readouts.append(self.label_readout("epoch", last_epoch, LABEL_SIZE, th.muted)
                        .next_to(readouts[0], DOWN, buff=0.3).set_x(0))
        shown = [-1]

        def show(k: int) -> None:
            if k == shown[0]:
                return
            shown[0] = k
            for i, (run, (_, shading, line, _), centre) in enumerate(
                    zip(runs, panels, centres, strict=True)):
                # one prediction grid per snapshot: the bands and the 0.5 line both read it
                prob = sep.probability_grid(run.snapshots[k], run.activation, GRID)
                self.shade(shading, centre, sep.EXTENT, sep.grid(GRID), prob)
                self.trace(line, centre, sep.EXTENT, sep.level_lines(sep.grid(GRID), prob))
                readouts[i].set_value(accuracy=run.accuracy(k))
            readouts[-1].set_value(epoch=runs[0].epochs[k])

        show(0)
        setup = self.text(self.label("setup", hidden=p["hidden"], epochs=p["epochs"]),
                          LABEL_SIZE, th.muted).next_to(heading, DOWN, buff=0.15)
        self.narrate(self.caption(f"{kind}_data"))
        self.play(FadeIn(heading), *[FadeIn(t) for t in titles],
                  *[Create(frame) for frame, *_ in panels], run_time=1.0)
        self.play(*[FadeIn(shading) for _, shading, *_ in panels],
                  *[FadeIn(dots) for *_, dots in panels],
                  *[FadeIn(r) for r in readouts], FadeIn(setup),
                  *[Create(line) for _, _, line, _ in panels], run_time=1.2)
        self.wait(0.6)
        self.narrate(self.caption("train" if first else "moons_train"))
        step = ValueTracker(0)
        last = len(runs[0].snapshots) - 1
        self.play_updating(lambda: show(round(step.get_value())),
                           step.animate.set_value(last), run_time=p["train_seconds"],
                           rate_func=linear,
                           changing=[*[m for _, shading, line, _ in panels
                                       for m in (shading, line)], *readouts])
        self.wait(0.8)
        note = self.text(self.label(f"{kind}_note"), LABEL_SIZE, th.highlight)
        note.next_to(readouts[-1], DOWN, buff=0.25)
        self.narrate(self.caption(f"{kind}_result"))
        self.play(FadeIn(note), run_time=0.8)
        self.wait(2.5)
        self.checkpoint()

    # --- the reason ------------------------------------------------------------------------

    def plane(self) -> None:
        th, p = self.theme, self.spec.params
        act = self.activations[p["plane_activation"]]
        X, y = sep.dataset("xor", p["points"], p["xor_noise"], p["data_seed"])
        run = sep.train(X, y, act, 2, p["epochs"], p["learning_rate"], p["plane_seed"], keep=1)
        params = run.final
        H = sep.hidden_outputs(params, act, X)
        self.show_number("plane_accuracy", run.accuracy())
        extent = max(1.1, 1.1 * float(np.abs(H).max()))
        heading = self.text(self.label("plane_heading"), HEADING_SIZE, weight="BOLD")
        heading.to_edge(UP, buff=MARGIN)
        left, right = pt(-3.4, 0.55), pt(3.4, 0.55)
        name = self.name(act.name)
        frame_in, shade_in, line_in, dots_in = self.panel(left, sep.EXTENT, X, y)
        self.shade(shade_in, left, sep.EXTENT, sep.grid(GRID),
                   sep.probability_grid(params, act, GRID))
        self.trace(line_in, left, sep.EXTENT, sep.boundary(params, act, GRID))
        frame_h, shade_h, line_h, _ = self.panel(right, extent, H, y)
        xs = np.linspace(-extent, extent, GRID)
        prob_h = sep.output_probability_grid(params, xs)
        self.shade(shade_h, right, extent, xs, prob_h)
        self.trace(line_h, right, extent, sep.level_lines(xs, prob_h))
        label_in = self.text(self.label("input_space", activation=name), LABEL_SIZE, th.muted,
                             max_width=SIDE + 2.4).next_to(frame_in, DOWN, buff=0.2)
        label_h = self.text(self.label("hidden_space", activation=name), LABEL_SIZE, th.muted,
                            max_width=SIDE + 2.4).next_to(frame_h, DOWN, buff=0.2)
        arrow = Arrow(frame_in.get_right(), frame_h.get_left(), color=th.muted, buff=0.25)
        moved = dots_in.copy()
        targets = self.dots(self.place(right, extent, H), y)

        self.narrate(self.caption("plane", activation=name))
        self.play(FadeIn(heading), Create(frame_in), FadeIn(shade_in), FadeIn(dots_in),
                  Create(line_in), FadeIn(label_in), run_time=1.2)
        self.wait(1.0)
        self.narrate(self.caption("move"))
        self.play(Create(frame_h), FadeIn(label_h), Create(arrow), run_time=0.8)
        self.add(moved)
        self.play(Transform(moved, targets), run_time=2.5)
        self.wait(0.5)
        self.narrate(self.caption("line"))
        self.play(FadeIn(shade_h), Create(line_h), run_time=1.0)
        self.bring_to_front(moved)
        note = self.text(self.label("plane_note", accuracy=run.accuracy()), LABEL_SIZE,
                         th.highlight)
        collapse = self.text(self.label("collapse_note"), LABEL_SIZE, th.text)
        collapse.to_edge(DOWN, buff=MARGIN)
        note.next_to(collapse, UP, buff=0.2)
        self.play(FadeIn(note), run_time=0.8)
        self.wait(2.0)
        self.narrate(self.caption("collapse"))
        self.play(FadeIn(collapse), run_time=0.8)
        self.wait(3.0)
        self.checkpoint()
