"""Topic 1: two stacked linear layers are one linear map; an activation between them bends it.

The grid is moved by layer 1, then layer 2; one combined map W' = W2 W1, b' = W2 b1 + b2 moves a
fresh copy to the same place. With ReLU or tanh between the layers the grid bends, and the best
single affine map (fitted by the core) visibly misses it.
"""

from __future__ import annotations

import itertools

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Matrix,
    Transform,
    TransformMatchingTex,
    VGroup,
    VMobject,
    Write,
    config,
)

from explainer.core import activations
from explainer.core.linear import (
    Affine,
    best_affine_fit,
    collapse_error,
    compose,
    grid_lines,
    grid_points,
    run_layers,
    trace_stages,
)
from explainer.kit.base import BODY_SIZE, HEADING_SIZE, LABEL_SIZE, MARGIN, ExplainerScene, pt

PLANE_CENTER = np.array([-3.45, -0.25, 0.0])
PLANE_HALF = 3.3  # frame units from the plane's centre to its edge
COLUMN_LEFT = 0.35
SAMPLES = 48  # points per grid line: enough for the bent lines to look smooth


# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "linear-collapse",
    "order": 10,
    "names": True,  # a chapter per activation it bends with, titled by name
    "params": {
        "W1": ("matrix", -3.0, 3.0),
        "b1": ("vector", -2.0, 2.0),
        "W2": ("matrix", -3.0, 3.0),
        "b2": ("vector", -2.0, 2.0),
        "grid_extent": ("float", 0.5, 4.0),
        "grid_lines": ("int", 3, 21),
        "bend_activations": ("activations",),
    },
    "placeholders": {"labels.gap": ("gap",), "labels.residual": ("rms", "relative")},
}


class LinearCollapse(ExplainerScene):
    scene_id = "linear-collapse"

    def construct(self) -> None:
        spec, th, p = self.spec, self.theme, self.spec.params
        layers = [Affine.of(p["W1"], p["b1"]), Affine.of(p["W2"], p["b2"])]
        lines = grid_lines(p["grid_extent"], p["grid_lines"], SAMPLES)
        plain = trace_stages(layers, lines)  # input, layer 1, layer 2
        combined = compose(layers)
        bends = {name: trace_stages(layers, lines, activations.get(name))
                 for name in p["bend_activations"]}
        every = np.concatenate([s.reshape(-1, 2) for stages in [plain, *bends.values()]
                                for s in stages])
        self.scale = 0.92 * PLANE_HALF / float(np.max(np.abs(every)))
        column_width = config.frame_width / 2 - MARGIN - COLUMN_LEFT

        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))

        # Part 1: layer by layer, then one combined map lands on the same place.
        axes = self.reference_axes()
        grid = self.grid(plain[0], th.grid, 2.5)
        stage: VMobject = self.text(self.label("input"), HEADING_SIZE, max_width=column_width)
        self.place_in_column(stage, top=True)
        self.play(Create(axes), Create(grid), FadeIn(stage), run_time=1.5)
        self.wait(0.5)
        for i, key in ((1, "layer1"), (2, "layer2")):
            new_stage = VGroup(
                self.text(self.label(key), HEADING_SIZE, max_width=column_width),
                self.tex(f"W_{i}\\,x + b_{i}", BODY_SIZE + 8, th.f),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            self.place_in_column(new_stage, top=True)
            self.narrate(self.caption(key))
            self.play(Transform(grid, self.grid(plain[i], th.grid, 2.5)),
                      FadeOut(stage), FadeIn(new_stage), run_time=2.0)
            stage = new_stage
            self.wait(0.8)

        w_mat = self.matrix(combined.W, th.accent)
        b_mat = self.matrix(combined.b.reshape(-1, 1), th.accent)
        self.show_number("W_prime_00", combined.W[0, 0])
        single = VGroup(
            self.text(self.label("single"), HEADING_SIZE - 4, th.accent, max_width=column_width),
            VGroup(MathTex("W' =", color=th.accent), w_mat, MathTex(",\\ b' =", color=th.accent),
                   b_mat).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        single.next_to(stage, DOWN, aligned_edge=LEFT, buff=0.5)
        self.fit_column(single)
        fresh = self.grid(plain[0], th.accent, 1.5)
        self.narrate(self.caption("single"))
        self.play(FadeIn(single), Create(fresh), run_time=1.2)
        self.play(Transform(fresh, self.grid(combined(lines), th.accent, 1.5)), run_time=2.0)
        gap = self.show_number("gap", collapse_error(layers, lines.reshape(-1, 2)))
        same = self.text(self.label("same_place") + " · " + self.label("gap", gap=gap),
                         BODY_SIZE, th.good, max_width=column_width)
        same.next_to(single, DOWN, aligned_edge=LEFT, buff=0.5)
        self.narrate(self.caption("overlay"))
        self.play(FadeIn(same), run_time=0.8)
        self.wait(1.8)
        self.checkpoint("collapse")
        self.play(FadeOut(VGroup(stage, single, same, fresh)), run_time=0.6)

        # Part 2: the algebra, its terms moving into place.
        self.algebra(column_width)

        # Part 3: an activation between the layers bends the grid.
        self.narrate(self.caption("activation"))
        self.play(Transform(grid, self.grid(plain[0], th.grid, 2.5)), run_time=1.0)
        for i, (name, stages) in enumerate(bends.items()):
            self.bend(name, stages, grid, layers, column_width, first=i == 0)
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))

    # --- pieces ----------------------------------------------------------------------------

    def to_frame(self, points: np.ndarray) -> np.ndarray:
        flat = points.reshape(-1, 2) * self.scale
        out = np.column_stack([flat, np.zeros(len(flat))]) + PLANE_CENTER
        return out.reshape(*points.shape[:-1], 3)

    def grid(self, lines: np.ndarray, color: str, width: float) -> VGroup:
        mobs = []
        for line in self.to_frame(lines):
            mob = VMobject(stroke_color=color, stroke_width=width)
            mob.set_points_as_corners(line)
            mobs.append(mob)
        return VGroup(*mobs)

    def reference_axes(self) -> VGroup:
        c, h = PLANE_CENTER, PLANE_HALF
        lines = VGroup(Line(c + h * LEFT, c + h * RIGHT), Line(c + h * DOWN, c + h * UP))
        return lines.set_stroke(self.theme.muted, width=1.5, opacity=0.6)

    def matrix(self, values: np.ndarray, color: str) -> Matrix:
        rows = [[f"{v:.2f}" for v in row] for row in np.atleast_2d(values)]
        mob = Matrix(rows, element_to_mobject_config={"color": color},
                     bracket_config={"color": color}, h_buff=1.7)
        return mob.scale(0.6)

    def place_in_column(self, mob: VMobject, top: bool = False) -> None:
        mob.move_to(pt(COLUMN_LEFT + mob.width / 2, 0))
        if top:
            mob.to_edge(UP, buff=MARGIN + 0.2)
            mob.set_x(COLUMN_LEFT + mob.width / 2)

    def fit_column(self, mob: VMobject) -> None:
        limit = config.frame_width / 2 - MARGIN - COLUMN_LEFT
        if mob.width > limit:
            mob.scale_to_fit_width(limit)
        mob.set_x(COLUMN_LEFT + mob.width / 2)

    def algebra(self, width: float) -> None:
        th = self.theme
        steps = [
            ["y", "=", "W_2", "(", "W_1", "x", "+", "b_1", ")", "+", "b_2"],
            ["y", "=", "W_2", "W_1", "x", "+", "W_2", "b_1", "+", "b_2"],
            ["y", "=", "(", "W_2", "W_1", ")", "x", "+", "(", "W_2", "b_1", "+", "b_2", ")"],
            ["y", "=", "W'", "x", "+", "b'"],
        ]
        formulas = [MathTex(*parts, font_size=44, color=th.text) for parts in steps]
        for f in formulas:
            if f.width > width:
                f.scale_to_fit_width(width)
            f.move_to(pt(COLUMN_LEFT + f.width / 2, 0.6))
        defs = MathTex("W' = W_2 W_1,", "\\quad b' = W_2 b_1 + b_2", font_size=38,
                       color=th.accent)
        defs.next_to(formulas[-1], DOWN, aligned_edge=LEFT, buff=0.5)
        self.fit_column(defs)
        self.narrate(self.caption("algebra"))
        self.play(Write(formulas[0]), run_time=1.5)
        self.wait(0.6)
        for before, after in itertools.pairwise(formulas):
            self.play(TransformMatchingTex(before, after), run_time=1.4)
            self.wait(0.6)
        self.play(FadeIn(defs, shift=0.2 * UP), run_time=0.8)
        self.wait(1.5)
        self.checkpoint("algebra")
        self.play(FadeOut(formulas[-1]), FadeOut(defs), run_time=0.6)

    def bend(self, name: str, stages: list[np.ndarray], grid: VGroup, layers: list[Affine],
             width: float, first: bool) -> None:
        th, p = self.theme, self.spec.params
        act = activations.get(name)
        heading = VGroup(
            self.text(self.label("with_activation"), HEADING_SIZE - 4, max_width=width),
            self.tex("W_2\\,f(W_1 x + b_1) + b_2", BODY_SIZE + 6, th.f),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.place_in_column(heading, top=True)
        step_label = self.tex(act.tex, BODY_SIZE + 2, th.df, max_width=width)
        step_label.next_to(heading, DOWN, aligned_edge=LEFT, buff=0.4)
        # A caption of its own for the activations the content file describes (ReLU, tanh).
        own = self.caption(name) if f"captions.{name}" in self.spec.text else None
        if own and not first:
            self.narrate(own)
        self.play(FadeIn(heading), FadeIn(step_label), run_time=0.8)
        self.wait(0.8)
        if own and first:
            self.narrate(own)
        for stage in stages[1:]:
            self.play(Transform(grid, self.grid(stage, th.grid, 2.5)), run_time=1.6)
            self.wait(0.4)

        points = grid_points(p["grid_extent"], 25)
        fit = best_affine_fit(points, run_layers(layers, points, act))
        self.show_number(f"rms_{name}", fit.rms_residual)
        ghost = self.grid(fit.affine(grid_lines(p["grid_extent"], p["grid_lines"], 2)),
                          th.accent, 2)
        ghost.set_stroke(opacity=0.8)
        verdict = VGroup(
            self.text(self.label("no_single_map"), BODY_SIZE, th.bad, max_width=width),
            self.text(self.label("residual", rms=fit.rms_residual,
                                 relative=fit.relative_residual), LABEL_SIZE + 2, th.accent,
                      max_width=width),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        verdict.next_to(step_label, DOWN, aligned_edge=LEFT, buff=0.5)
        self.narrate(self.caption("residual"))
        self.play(Create(ghost), FadeIn(verdict), run_time=1.5)
        self.wait(2.0)
        self.checkpoint(f"bend-{name}", "bend", name=self.spec.t(f"names.{name}"))
        self.play(FadeOut(VGroup(heading, step_label, verdict, ghost)),
                  Transform(grid, self.grid(stages[0], th.grid, 2.5)), run_time=1.0)
