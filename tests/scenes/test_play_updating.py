"""What an updater changes is seen while the animation runs, not only at its end: Manim paints
the mobjects before the first one with an updater once, as a still background (the training
runs of dying-relu and training-comparison once stood still until their last frame)."""

from dataclasses import replace

import av
import numpy as np
from manim import BLUE, RED, Dot, Square, ValueTracker, linear, tempconfig

from explainer.content.request import plan_request
from explainer.kit.base import ExplainerScene
from tests.conftest import CAT


class Probe(ExplainerScene):
    scene_id = "dying-relu"

    def construct(self) -> None:
        square = Square(6.0, fill_color=BLUE, fill_opacity=1.0, stroke_width=0)
        self.add(square, Dot(4 * np.array([1.0, 1.0, 0.0])))  # the square is first on screen
        t = ValueTracker(0.0)

        def update() -> None:
            square.set_fill(RED if t.get_value() > 0.5 else BLUE)

        self.play_updating(update, t.animate.set_value(1.0), run_time=2.0, rate_func=linear)
        self.wait(0.5)


def frames_of(scene_class, tmp_path):
    """The frames of a tiny render of a probe scene (64×36, 10 fps)."""
    options = {"pixel_width": 64, "pixel_height": 36, "frame_rate": 10,
               "media_dir": str(tmp_path), "disable_caching": True, "write_to_movie": True}
    with tempconfig(options):
        scene = scene_class(replace(plan_request(CAT, "dying-relu"), chapters=()))
        scene.render()
        path = scene.renderer.file_writer.movie_file_path
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(int) for f in container.decode(video=0)]


def test_an_updated_mobject_changes_during_the_animation(tmp_path):
    centre = [frame[18, 32] for frame in frames_of(Probe, tmp_path)]
    red = [bool(c[0] > c[2]) for c in centre]
    assert not red[2]  # 0.2 s in: still blue
    assert red[15]  # 1.5 s in, the animation still running: red already


class ProbeChanging(ExplainerScene):
    """The changing dot is named: the square under it is painted once, the dot every frame."""
    scene_id = "dying-relu"

    def construct(self) -> None:
        square = Square(6.0, fill_color=BLUE, fill_opacity=1.0, stroke_width=0)
        dot = Dot(radius=1.0, fill_color=BLUE)
        self.add(square, Dot(4 * np.array([1.0, 1.0, 0.0])), dot)
        t = ValueTracker(0.0)

        def update() -> None:
            dot.set_fill(RED if t.get_value() > 0.5 else BLUE)

        self.play_updating(update, t.animate.set_value(1.0), run_time=2.0, rate_func=linear,
                           changing=[dot])
        self.wait(0.5)


def test_only_what_changes_is_redrawn_and_it_changes_during_the_animation(tmp_path):
    frames = frames_of(ProbeChanging, tmp_path)
    dot = [bool(f[18, 32][0] > f[18, 32][2]) for f in frames]
    square = [bool(f[18, 22][2] > f[18, 22][0]) for f in frames]  # left of the dot
    assert not dot[2] and dot[15]  # red while the animation still runs
    assert all(square)  # the still background stays painted
