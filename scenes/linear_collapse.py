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
    Arrow,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Transform,
    TransformMatchingTex,
    VGroup,
    VMobject,
    Write,
    config,
)

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
from explainer.kit.base import ExplainerScene
from explainer.kit.text import pt
from explainer.kit.theme import BODY_SIZE, HEADING_SIZE, LABEL_SIZE, MARGIN, NUMBER_SIZE

PLANE_CENTER = np.array([-3.3, -0.1, 0.0])
PLANE_HALF = 3.55  # frame units from the plane's centre to its edge: the plane is the subject
COLUMN_LEFT = 0.35
TRAIL_SIZE = LABEL_SIZE + 3  # the sample point's coordinates, one line per stage
SAMPLES = 48  # points per grid line: enough for the bent lines to look smooth


# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "linear-collapse",
    "chapters": ("title", "collapse", "algebra", "bend", "closing"),
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
        "point": ("vector", -4.0, 4.0),
    },
    "placeholders": {
        "labels.gap": ("gap",),
        "labels.residual": ("rms", "relative"),
        "labels.point_in": ("a", "b"),
        "labels.point_h": ("a", "b"),
        "labels.point_y": ("a", "b"),
        "labels.point_single": ("a", "b"),
    },
}


class LinearCollapse(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, th, p = self.spec, self.theme, self.spec.params
        layers = [Affine.of(p["W1"], p["b1"]), Affine.of(p["W2"], p["b2"])]
        lines = grid_lines(p["grid_extent"], p["grid_lines"], SAMPLES)
        plain = trace_stages(layers, lines)  # input, layer 1, layer 2
        combined = compose(layers)
        bends = {name: trace_stages(layers, lines, self.activations[name])
                 for name in p["bend_activations"]}
        every = np.concatenate([s.reshape(-1, 2) for stages in [plain, *bends.values()]
                                for s in stages])
        self.scale = 0.92 * PLANE_HALF / float(np.max(np.abs(every)))
        column_width = config.frame_width / 2 - MARGIN - COLUMN_LEFT

        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))

        # Part 1: layer by layer (with their numbers), then one combined map lands on the
        # same place; one sample point and the two basis vectors are followed all the way.
        axes = self.reference_axes()
        faint = self.grid(plain[0], th.grid, 1.2).set_stroke(opacity=0.3)
        grid = self.grid(plain[0], th.grid, 2.5)
        maps = [Affine.of(np.eye(2), np.zeros(2)), layers[0], combined]  # input -> stage
        basis = self.basis_arrows(maps[0])
        x = np.array(p["point"])
        dot = Dot(self.to_frame(x), color=th.highlight, radius=0.09)
        stage: VMobject = self.text(self.label("input"), HEADING_SIZE, max_width=column_width)
        self.place_in_column(stage, top=True)
        trail = VGroup(self.text(self.label("point_in", a=x[0], b=x[1]), TRAIL_SIZE, th.highlight,
                                 max_width=column_width))
        self.show_number("point_0", x[0])
        self.play(Create(axes), Create(faint), Create(grid), FadeIn(stage), run_time=1.5)
        legend = self.text(self.label("basis"), LABEL_SIZE, th.muted, max_width=column_width)
        legend.to_edge(DOWN, buff=MARGIN).set_x(COLUMN_LEFT + legend.width / 2)
        self.place_trail(trail, stage)
        self.play(Create(basis), FadeIn(dot), FadeIn(trail), FadeIn(legend), run_time=1.0)
        self.wait(0.5)
        point = x
        for i, key in ((1, "layer1"), (2, "layer2")):
            layer = layers[i - 1]
            new_stage = VGroup(
                self.text(self.label(key), HEADING_SIZE, max_width=column_width),
                self.equation(f"W_{i}", layer.W, f"b_{i}", layer.b, th.f),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            self.place_in_column(new_stage, top=True)
            self.fit_column(new_stage)
            point = layer(point)
            self.show_number(f"point_{i}", point[0])
            row = self.text(self.label("point_h" if i == 1 else "point_y", a=point[0],
                                       b=point[1]), TRAIL_SIZE, th.highlight,
                            max_width=column_width)
            trail.add(row)
            self.place_trail(trail, new_stage)
            self.narrate(self.caption(key))
            self.play(Transform(grid, self.grid(plain[i], th.grid, 2.5)),
                      Transform(basis, self.basis_arrows(maps[i] if i == 1 else combined)),
                      dot.animate.move_to(self.to_frame(point)), FadeOut(stage),
                      FadeIn(new_stage), FadeIn(row), run_time=2.0)
            stage = new_stage
            self.wait(0.9)

        self.show_number("W_prime_00", combined.W[0, 0])
        single = VGroup(
            self.text(self.label("single"), HEADING_SIZE - 4, th.highlight, max_width=column_width),
            self.equation("W'", combined.W, "b'", combined.b, th.highlight),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.place_in_column(single, top=True)
        self.fit_column(single)
        fresh = self.grid(plain[0], th.highlight, 1.5)
        one_step = combined(x)
        self.show_number("point_single", one_step[0])
        gap = self.show_number("gap", collapse_error(layers, lines.reshape(-1, 2)))
        landing = VGroup(
            self.text(self.label("point_single", a=one_step[0], b=one_step[1]), TRAIL_SIZE,
                      th.highlight, max_width=column_width),
            self.text(self.label("same_place") + " · " + self.label("gap", gap=gap),
                      TRAIL_SIZE, th.good, max_width=column_width),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        second = Dot(self.to_frame(x), color=th.highlight, radius=0.13).set_fill(opacity=0.0)
        second.set_stroke(th.highlight, width=4)
        self.narrate(self.caption("single"))
        self.play(FadeOut(stage), FadeIn(single), Create(fresh), FadeIn(second), run_time=1.2)
        self.place_trail(VGroup(*trail, *landing), single)
        self.play(Transform(fresh, self.grid(combined(lines), th.highlight, 1.5)),
                  second.animate.move_to(self.to_frame(one_step)), run_time=2.0)
        self.narrate(self.caption("overlay"))
        self.play(FadeIn(landing), run_time=0.8)
        self.wait(1.6)
        self.checkpoint()
        self.play(FadeOut(VGroup(single, trail, landing, fresh, basis, dot, second, legend)),
                  Transform(grid, self.grid(plain[0], th.grid, 2.5)), run_time=0.6)

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

    def basis_arrows(self, to: Affine) -> VGroup:
        """Where e1 and e2 go: arrows from the image of 0 to the images of (1, 0), (0, 1)."""
        th = self.theme
        origin, e1, e2 = self.to_frame(to(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])))
        return VGroup(Arrow(origin, e1, buff=0, color=th.warning, stroke_width=6,
                            max_tip_length_to_length_ratio=0.2),
                      Arrow(origin, e2, buff=0, color=th.good, stroke_width=6,
                            max_tip_length_to_length_ratio=0.2))

    def equation(self, w_name: str, W: np.ndarray, b_name: str, b: np.ndarray,
                 color: str) -> VGroup:
        """W = [..], b = [..] with the values, side by side."""
        return VGroup(MathTex(f"{w_name} =", color=color, font_size=34),
                      self.matrix(W, color), MathTex(f",\\ {b_name} =", color=color,
                                                     font_size=34),
                      self.matrix(b.reshape(-1, 1), color)).arrange(RIGHT, buff=0.15)

    def place_trail(self, trail: VGroup, above: VMobject) -> None:
        """The sample point's coordinates, one line per stage, under the stage heading."""
        trail.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        trail.next_to(above, DOWN, aligned_edge=LEFT, buff=0.45)
        trail.set_x(COLUMN_LEFT + trail.width / 2)

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
                       color=th.highlight)
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
        self.checkpoint()
        self.play(FadeOut(formulas[-1]), FadeOut(defs), run_time=0.6)

    def bend(self, name: str, stages: list[np.ndarray], grid: VGroup, layers: list[Affine],
             width: float, first: bool) -> None:
        th, p = self.theme, self.spec.params
        act = self.activations[name]
        heading = VGroup(
            self.text(self.label("with_activation"), HEADING_SIZE - 4, max_width=width),
            self.tex("W_2\\,f(W_1 x + b_1) + b_2", BODY_SIZE + 6, th.f),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.place_in_column(heading, top=True)
        step_label = self.tex(act.tex, NUMBER_SIZE, th.df, max_width=width)
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
                          th.highlight, 2)
        ghost.set_stroke(opacity=0.8)
        verdict = VGroup(
            self.text(self.label("no_single_map"), BODY_SIZE, th.warning, max_width=width),
            self.text(self.label("residual", rms=fit.rms_residual,
                                 relative=fit.relative_residual), LABEL_SIZE + 2, th.highlight,
                      max_width=width),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        verdict.next_to(step_label, DOWN, aligned_edge=LEFT, buff=0.5)
        self.narrate(self.caption("residual"))
        self.play(Create(ghost), FadeIn(verdict), run_time=1.5)
        self.wait(2.0)
        self.checkpoint(again=not first, part=name, name=self.spec.t(f"names.{name}"))
        self.play(FadeOut(VGroup(heading, step_label, verdict, ghost)),
                  Transform(grid, self.grid(stages[0], th.grid, 2.5)), run_time=1.0)
