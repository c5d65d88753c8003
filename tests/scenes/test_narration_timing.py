"""A line's cue lasts its voice and a whole breath, at any frame rate: Manim's still wait drops
a part frame, which once took up to 0.2 s off the breath at 5 fps (a CI failure on Piper's
slowly fading voice)."""

from dataclasses import replace
from pathlib import Path

import pytest
from manim import tempconfig

from explainer.captions import Caption
from explainer.content.request import plan_request
from explainer.kit.base import ExplainerScene
from explainer.kit.narration import BREATH, reading_time
from explainer.voice import audio
from tests.conftest import CAT

SPEECH = (0.74, 1.13, 0.5)  # seconds: none a whole number of frames at 5 or 15 fps


def unchaptered():
    """dying-relu's text, without its chapters: these scenes make none."""
    return replace(plan_request(CAT, "dying-relu"), chapters=())


class FakeNarrator:
    """Clips of known lengths; no sound is laid (the scene's add_sound is stubbed)."""

    def clip(self, key, text):
        return audio.Clip(Path(f"{text}.wav"), SPEECH[int(text[-1])])


class Lines(ExplainerScene):
    scene_id = "dying-relu"

    def construct(self) -> None:
        for i in range(len(SPEECH)):
            self.narrate(Caption(f"line {i}", f"captions.line{i}", {}))
            self.wait(0.3)  # shorter than every line: the next line waits for the voice

    def finish_narration(self) -> None:
        self._close_caption()  # timing only: no sound track to pad


@pytest.mark.parametrize("fps", [5, 15])
def test_each_cue_holds_its_voice_and_a_breath(tmp_path, fps):
    options = {"pixel_width": 64, "pixel_height": 36, "frame_rate": fps,
               "media_dir": str(tmp_path), "disable_caching": True, "write_to_movie": False}
    with tempconfig(options):
        scene = Lines(unchaptered())
        scene.narrator = FakeNarrator()
        scene.add_sound = lambda *args, **kwargs: None  # timing only: no sound track
        scene.render()
    assert [c.text for c in scene.captions] == ["line 0", "line 1", "line 2"]
    for cue, speech in zip(scene.captions, SPEECH, strict=True):
        assert cue.end - cue.start >= speech + BREATH - 1e-9
        assert cue.end - cue.start < speech + BREATH + 1.5 / fps  # at most a frame more
        assert abs(cue.end * fps - round(cue.end * fps)) < 1e-6  # on a frame


class Timed(ExplainerScene):
    """Two lines with animations timed to them, as `with self.line(...)` promises."""

    scene_id = "dying-relu"

    def construct(self) -> None:
        self.lines = []
        with self.line("intro") as line:
            self.lines.append(line)
            self.wait(line.duration / 2)  # half of it: the block's end waits for the rest
        with self.line("takeaway") as line:
            self.lines.append(line)
            self.wait(line.duration)

    def finish_narration(self) -> None:
        self._close_caption()


class Spoken:
    def clip(self, key, text):
        return audio.Clip(Path(f"{key}.wav"), {"captions.intro": 1.13,
                                               "captions.takeaway": 0.74}[key])


@pytest.mark.parametrize("voiced", [True, False])
def test_a_line_times_its_animations_and_is_never_cut(tmp_path, voiced):
    options = {"pixel_width": 64, "pixel_height": 36, "frame_rate": 15,
               "media_dir": str(tmp_path), "disable_caching": True, "write_to_movie": False}
    with tempconfig(options):
        scene = Timed(unchaptered())
        if voiced:
            scene.narrator = Spoken()
        scene.add_sound = lambda *args, **kwargs: None
        scene.render()
    spec = plan_request(CAT, "dying-relu")
    texts = [spec.t("captions.intro"), spec.t("captions.takeaway")]
    assert [c.text for c in scene.captions] == texts
    assert [c.key for c in scene.captions] == ["captions.intro", "captions.takeaway"]
    wanted = [1.13, 0.74] if voiced else [reading_time(t) for t in texts]
    assert [line.duration for line in scene.lines] == pytest.approx(wanted)
    first = scene.captions[0]
    if voiced:  # half the line was animated; the block held the picture for the rest
        assert first.end - first.start >= 1.13 + BREATH - 1e-9
    else:  # silent: half was animated, the block held the caption up for its reading time
        assert wanted[0] - 1e-9 <= first.end - first.start < wanted[0] + 1.5 / 15
    assert reading_time("Two layers are one.") == pytest.approx(4 / 2.6)
    assert reading_time("两层等于一层。") == pytest.approx(6 / 4.5)


class LongIntro:
    """An intro said for 6.4 s: longer than the title card's own 3 s."""

    def clip(self, key, text):
        return audio.Clip(Path("intro.wav"), 6.4 if key == "captions.intro" else 0.5)


class TitleOnly(ExplainerScene):
    scene_id = "dying-relu"

    def construct(self) -> None:
        self.title_card("Dying ReLU", "a subtitle", self.caption("intro"))
        self.narrate(self.caption("example"))
        self.wait(0.5)
        self.checkpoint()

    def finish_narration(self) -> None:
        self._close_caption()


def test_the_title_chapter_lasts_its_spoken_intro(tmp_path):
    options = {"pixel_width": 64, "pixel_height": 36, "frame_rate": 5,
               "media_dir": str(tmp_path), "disable_caching": True, "write_to_movie": False}
    with tempconfig(options):
        scene = TitleOnly(replace(plan_request(CAT, "dying-relu"), chapters=("title", "ten-units")))
        scene.narrator = LongIntro()
        scene.add_sound = lambda *args, **kwargs: None
        scene.render()
    (title,) = [c for c in scene.chapters if c.key == "chapters.title"]
    intro = scene.captions[0]
    assert intro.key == "captions.intro" and intro.end >= 6.4
    assert title.end >= 6.4, "the title chapter ended while its intro was still being said"
