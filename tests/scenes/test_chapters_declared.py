"""Chapters are declared once, in the CATALOGUE: checkpoint() makes the next one; naming the
wrong one, making one too many, or ending without one is an error at once, not a test's
finding later."""

from dataclasses import replace

import pytest
from manim import tempconfig

from explainer.content.request import plan_request
from explainer.kit.base import ExplainerScene
from tests.conftest import CAT

OPTIONS = {"pixel_width": 64, "pixel_height": 36, "frame_rate": 5, "disable_caching": True,
           "write_to_movie": False}


def run(steps, tmp_path):
    """A scene that declares title, training, closing and makes the checkpoints ``steps``."""

    class Steps(ExplainerScene):
        scene_id = "dying-relu"

        def construct(self) -> None:
            for kwargs in steps:
                self.wait(0.4)
                self.checkpoint(**kwargs)

    with tempconfig({**OPTIONS, "media_dir": str(tmp_path)}):
        scene = Steps(replace(plan_request(CAT, "dying-relu"),
                              chapters=("title", "training", "closing")))
        scene.render()
    return scene


def test_the_next_declared_chapter_each_time(tmp_path):
    scene = run([{}, {"chapter": "training"}, {"again": True, "part": "b"}, {}], tmp_path)
    assert [c.key for c in scene.chapters] == [
        "chapters.title", "chapters.training", "chapters.training", "chapters.closing"]
    assert [s for s, _ in scene.layout_log] == ["title", "training", "training-b", "closing"]


@pytest.mark.parametrize(("steps", "message"), [
    ([{}, {"chapter": "closing"}], "checkpoint 'closing' where its CATALOGUE declares "
                                   "'training'"),
    ([{}, {}, {}, {}], "one checkpoint more than its CATALOGUE declares"),
    ([{}, {}], "made chapters title, training; its CATALOGUE declares title, training, "
               "closing"),
    ([{"again": True}], "again=True before any chapter"),
])
def test_out_of_step_is_an_error(tmp_path, steps, message):
    with pytest.raises(ValueError, match=message):
        run(steps, tmp_path)
