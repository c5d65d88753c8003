"""A line's cue lasts its voice and a whole breath, at any frame rate: Manim's still wait drops
a part frame, which once took up to 0.2 s off the breath at 5 fps (a CI failure on Piper's
slowly fading voice)."""

from pathlib import Path

import pytest
from manim import tempconfig

from explainer.content.request import plan_request
from explainer.kit.base import ExplainerScene
from explainer.kit.narration import BREATH
from explainer.voice import audio
from tests.conftest import CAT

SPEECH = (0.74, 1.13, 0.5)  # seconds: none a whole number of frames at 5 or 15 fps


class FakeNarrator:
    """Clips of known lengths; no sound is laid (the scene's add_sound is stubbed)."""

    def clip(self, key, text):
        return audio.Clip(Path(f"{text}.wav"), SPEECH[int(text[-1])])


class Lines(ExplainerScene):
    scene_id = "dying-relu"

    def construct(self) -> None:
        for i in range(len(SPEECH)):
            self.narrate(f"line {i}")
            self.wait(0.3)  # shorter than every line: the next line waits for the voice

    def finish_narration(self) -> None:
        self._close_caption()  # timing only: no sound track to pad


@pytest.mark.parametrize("fps", [5, 15])
def test_each_cue_holds_its_voice_and_a_breath(tmp_path, fps):
    options = {"pixel_width": 64, "pixel_height": 36, "frame_rate": fps,
               "media_dir": str(tmp_path), "disable_caching": True, "write_to_movie": False}
    with tempconfig(options):
        scene = Lines(plan_request(CAT, "dying-relu"))
        scene.narrator = FakeNarrator()
        scene.add_sound = lambda *args, **kwargs: None  # timing only: no sound track
        scene.render()
    assert [c.text for c in scene.captions] == ["line 0", "line 1", "line 2"]
    for cue, speech in zip(scene.captions, SPEECH, strict=True):
        assert cue.end - cue.start >= speech + BREATH - 1e-9
        assert cue.end - cue.start < speech + BREATH + 1.5 / fps  # at most a frame more
        assert abs(cue.end * fps - round(cue.end * fps)) < 1e-6  # on a frame
