"""Chapters: a scene ends each section at a checkpoint, which becomes a chapter (titled from
``[chapters]``), notes the text on screen for the layout tests, and can save the frame."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from manim import Camera, Mobject, Scene
from PIL import Image

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
    _poster: Image.Image | None

    def cairo_camera(self) -> Camera:
        """The camera of the Cairo renderer, the only renderer these scenes use."""
        camera = self.renderer.camera
        assert isinstance(camera, Camera)
        return camera

    def checkpoint(self, section: str, chapter: str | None = None, **values: Any) -> None:
        """End a section: it becomes a chapter titled ``chapters.<chapter or section>`` (with
        ``values`` for its placeholders), and the text on screen is noted (the tests check
        its layout).

        With $EXPLAINER_SNAPSHOTS set to a folder, also save the frame there as a PNG, so a
        person can look at every section of every scene without encoding a video.
        """
        key = f"chapters.{chapter or section}"
        start = self.chapters[-1].end if self.chapters else 0.0
        if self.renderer.time > start:
            self.chapters.append(Cue(self.spec.t(key, **values), start, self.renderer.time,
                                     key, dict(values)))
        self.layout_log.append((section, list(text_blocks(self.mobjects))))
        if self._poster is None and section != "title":
            # The first real section; copied, as the camera reuses its pixel buffer.
            self._poster = self.cairo_camera().get_image().copy()
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
        """The last chapter runs to the very end of the video."""
        if self.chapters and self.renderer.time > self.chapters[-1].end:
            last = self.chapters[-1]
            self.chapters[-1] = Cue(last.text, last.start, self.renderer.time, last.key,
                                    last.values)
