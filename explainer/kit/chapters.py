"""Chapters: a scene ends each section at a checkpoint, which becomes a chapter (titled from
``[chapters]``), notes the text on screen for the layout tests, and can save the frame.

A scene can also render only some of its chapters (a chunk of a video split across workers):
every animation before the first runs skipped (its state advances, nothing is drawn or
encoded), the chunk's chapters are rendered, and the scene stops at the end of the last.
The timing (captions, chapters, narration) is computed as in a whole render, so every chunk
agrees on it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import Camera, Mobject, Scene, config
from manim.utils.exceptions import EndSceneEarlyException

from explainer.captions import Cue
from explainer.content.request import SceneRequest
from explainer.kit.text import text_blocks
from explainer.settings import SNAPSHOTS_ENV


class Chaptered(Scene):
    """The chapter half of an explainer scene."""

    spec: SceneRequest
    scene_id: ClassVar[str]
    chapters: list[Cue]
    layout_log: list[tuple[str, list[Mobject]]]
    made: list[str]  # the chapters ended so far, each once
    chunk: tuple[int, int] | None = None  # the first and last chapter (0-based) to render
    _sections_done = 0
    chunk_over = False

    def play(self, *args: Any, **kwargs: Any) -> None:
        """Play as Manim does; in a chunk, skipped before its chapters, and the scene ends
        after them."""
        if self.chunk is not None:
            first, last = self.chunk
            if self.chunk_over:
                return  # tear-down after the end of the chunk: nothing more to play
            if self._sections_done > last:
                self.chunk_over = True
                raise EndSceneEarlyException()
            skipped = self._sections_done < first
            self.renderer._original_skipping_status = skipped
            before = self.renderer.time
            super().play(*args, **kwargs)
            if skipped:
                self.renderer.time = self._time_after_rendering(before)
            return
        super().play(*args, **kwargs)

    def _time_after_rendering(self, time: float) -> float:
        """The clock after the play just made, had it been rendered, to the last bit: Manim's
        Cairo renderer adds int(duration * fps) frames at once for a still wait, else one
        1/fps step per frame of arange(0, duration, 1 / fps)."""
        step = 1 / config.frame_rate
        if self.is_current_animation_frozen_frame():
            return time + int(self.duration / step) * step
        for _ in range(len(np.arange(0, self.duration, step))):
            time += step
        return time

    def cairo_camera(self) -> Camera:
        """The camera of the Cairo renderer, the only renderer these scenes use."""
        camera = self.renderer.camera
        assert isinstance(camera, Camera)
        return camera

    def checkpoint(self, chapter: str | None = None, *, again: bool = False, part: str = "",
                   **values: Any) -> None:
        """End a section: it becomes the next chapter its ``CATALOGUE`` declares (titled
        ``chapters.<name>``, ``values`` filling its placeholders), and the text on screen is
        noted (the tests check its layout). The chapters are declared once, in the
        catalogue: ``chapter`` may name the one expected, as a check; ``again`` ends the
        same chapter once more (a loop inside one chapter), ``part`` telling the repeats
        apart in snapshots.

            self.checkpoint()                  # the next declared chapter
            self.checkpoint(again=True, part="tanh", name="Tanh")

        With $EXPLAINER_SNAPSHOTS set to a folder, also save the frame there as a PNG, so a
        person can look at every section of every scene without encoding a video.
        """
        declared = self.spec.chapters
        made = self.made
        if again and not made:
            raise ValueError(f"{self.scene_id}: again=True before any chapter")
        if again:
            name = made[-1]
        elif declared:
            if len(made) == len(declared):
                raise ValueError(f"{self.scene_id}: one checkpoint more than its CATALOGUE "
                                 f"declares chapters ({', '.join(declared)})")
            name = declared[len(made)]
        elif chapter is None:
            raise ValueError(f"{self.scene_id}: its CATALOGUE declares no chapters")
        else:
            name = chapter
        if chapter is not None and chapter != name:
            raise ValueError(f"{self.scene_id}: checkpoint {chapter!r} where its CATALOGUE "
                             f"declares {name!r} ({', '.join(declared)})")
        if not again:
            made.append(name)
        section = f"{name}-{part}" if part else name
        self._sections_done += 1
        key = f"chapters.{name}"
        start = self.chapters[-1].end if self.chapters else 0.0
        if self.renderer.time > start:
            self.chapters.append(Cue(self.spec.t(key, **values), start, self.renderer.time,
                                     key, dict(values)))
        self.layout_log.append((section, list(text_blocks(self.mobjects))))
        folder = os.environ.get(SNAPSHOTS_ENV)
        if folder:
            camera = self.cairo_camera()
            camera.reset()
            camera.capture_mobjects(self.mobjects)
            name = f"{self.scene_id}-{self.spec.lang}-{self.spec.theme}-"
            name += f"{len(self.layout_log):02d}-{section}.png"
            Path(folder).mkdir(parents=True, exist_ok=True)
            camera.get_image().save(Path(folder) / name)

    def close_chapters(self) -> None:
        """The last chapter runs to the very end of the video; every declared chapter must
        have been made (a chunk stops early: it is not checked)."""
        declared = self.spec.chapters
        if declared and self.chunk is None and self.made != list(declared):
            raise ValueError(f"{self.scene_id}: made chapters {', '.join(self.made)}; its "
                             f"CATALOGUE declares {', '.join(declared)}")
        if self.chapters and self.renderer.time > self.chapters[-1].end:
            last = self.chapters[-1]
            self.chapters[-1] = Cue(last.text, last.start, self.renderer.time, last.key,
                                    last.values)
