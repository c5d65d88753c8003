"""Narration timing: each line starts its caption cue (and its voice, when the scene has one);
the cue runs until the next line starts, and a line's voice is never cut (as manim-voiceover's
block waits for its voice)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from manim import Scene, config

from explainer.captions import Caption, Cue
from explainer.content.request import SceneRequest
from explainer.voice.narration import Narrator

BREATH = 0.3  # seconds of quiet between two spoken lines
READING = {"word": 1 / 2.6, "cjk": 1 / 4.5}  # seconds a reader takes per word, per CJK sign


def reading_time(text: str) -> float:
    """How long a caption takes to read, for a silent line: about 156 words a minute, or 4.5
    Chinese (or Japanese) characters a second; at least a second.

    >>> round(reading_time("Two layers are one."), 2), reading_time("两层等于一层。")
    (1.54, 1.3333333333333333)
    """
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u9fff]", text))
    words = len(re.findall(r"[^\s\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+", text))
    return max(1.0, cjk * READING["cjk"] + words * READING["word"])


@dataclass(frozen=True)
class Line:
    """A narration line being said: ``duration`` is its voice's length (its reading time when
    the video is silent), to time animations to."""

    text: Caption
    duration: float


class Narrated(Scene):
    """The caption and voice half of an explainer scene."""

    spec: SceneRequest
    narrator: Narrator | None
    captions: list[Cue]
    sounds: list[tuple[str, float]]  # each voice clip and when it starts
    chunk: tuple[int, int] | None
    _open_caption: tuple[Caption, float, float] | None  # text, start, speech

    @contextmanager
    def line(self, key: str, **values: Any) -> Iterator[Line]:
        """Say ``captions.<key>`` (its placeholders filled from ``values``) while the
        animations inside the block play; ``line.duration`` is how long it is said. At the
        end of the block the picture holds until the voice has finished (a voice is never
        cut), as manim-voiceover's ``with self.voiceover(...)`` does; in a silent video, until
        the line has been on screen for its reading time.

            with self.line("descent", steps=n) as line:
                self.play(Create(path), run_time=line.duration)
        """
        caption = self.caption(key, **values)
        self.narrate(caption)
        assert self._open_caption is not None
        _, start, speech = self._open_caption
        line = Line(caption, speech if speech > 0 else reading_time(caption))
        yield line
        if not speech:  # silent: the caption stays up as long as it takes to read
            self._hold(start + line.duration - self.renderer.time)
        self.wait_for_voice()

    def narrate(self, text: Caption) -> None:
        """Start a line now: its subtitle cue, and its voice when the scene has one. The cue
        runs until the next line starts (or the scene ends), so the cues cover the video
        without overlapping. A line's voice is never cut: the next line first waits, holding
        the last frame, until it has finished.

            self.narrate(self.caption("intro"))
            self.play(Create(axes), run_time=1.0)
        """
        self._close_caption()
        clip = None
        if self.narrator is not None:
            clip = self.narrator.clip(text.key, text)
        if clip is not None:
            self.sounds.append((str(clip.path), self.renderer.time))
            if self.chunk is None:  # a chunk is silent: its batch lays the sound track once
                self.add_sound(str(clip.path))
        self._open_caption = (text, self.renderer.time, clip.duration if clip else 0.0)

    def wait_for_voice(self) -> None:
        """Hold the picture until the current line's voice has finished (with a short breath
        before the next one). Without a voice nothing waits: timing is as without narration.

            self.narrate(self.caption("count"))
            self.play(FadeIn(table))
            self.wait_for_voice()
        """
        if self._open_caption is None:
            return
        _, start, speech = self._open_caption
        if speech:
            self._hold(start + speech + BREATH - self.renderer.time)

    def _hold(self, seconds: float) -> None:
        """Hold the picture for at least ``seconds``, in whole frames, rounded up: Manim's still
        wait drops a part frame, which at 5 fps took up to 0.2 s off a breath and let a
        slow-fading voice reach the next cue."""
        if seconds > 1e-3:
            step = 1 / config.frame_rate
            self.wait((math.ceil(seconds / step - 1e-6) + 1e-3) * step)

    def _close_caption(self) -> None:
        if self._open_caption is None:
            return
        self.wait_for_voice()
        text, start, _ = self._open_caption
        now = self.renderer.time
        if now > start:
            self.add_subcaption(text, duration=now - start, offset=start - now)
            self.captions.append(Cue(str(text), start, now, text.key, text.values))
        self._open_caption = None

    def finish_narration(self) -> None:
        """At the scene's end: close the last cue, and pad the sound track to the end."""
        self._close_caption()
        if self.narrator is not None and not self.renderer.skip_animations and (
                self.chunk is None):
            # Manim's sound track ends with the last clip; pad it to the video's end.
            from pydub import AudioSegment

            self.renderer.file_writer.add_audio_segment(AudioSegment.silent(0),
                                                        time=self.renderer.time)

    def caption(self, key: str, **values: Any) -> Caption:
        """The narration line ``captions.<key>``, remembering where it came from.

            self.narrate(self.caption("count", slow=39, fast=16))
        """
        return Caption(self.spec.t(f"captions.{key}", **values), f"captions.{key}", values)
