"""What every explainer scene shares: its spec (text + parameters), the theme, text helpers,
the title card and closing takeaway, captions, and a layout log the tests check.

A scene finds its project (and so its catalogue entry and content) from its own file: the
folder above the ``scenes/`` folder it lives in.

Language, theme and parameters are constructor arguments with defaults (English, dark), so
``manim -ql scenes/dying_relu.py DyingReLU`` works and code can say
``DyingReLU(lang="zh", theme="light", overrides={"steps": 80})``.
"""

from __future__ import annotations

import inspect
import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Camera,
    DecimalNumber,
    FadeIn,
    FadeOut,
    ManimColor,
    MathTex,
    Mobject,
    Scene,
    SingleStringMathTex,
    Text,
    VGroup,
    Write,
    config,
)
from PIL import Image

from explainer import catalog
from explainer.captions import Caption, Cue
from explainer.content import SceneSpec, load_spec
from explainer.settings import FONT, SNAPSHOTS_ENV
from explainer.voice.narration import Narrator

TITLE_SIZE = 52
HEADING_SIZE = 34
BODY_SIZE = 28
LABEL_SIZE = 22
MARGIN = 0.35  # frame units kept free at every edge
BREATH = 0.3  # seconds of quiet between two spoken lines


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    muted: str
    axis: str
    grid: str
    f: str  # the function's curve
    df: str  # its derivative
    accent: str
    good: str
    bad: str
    dead: str
    saturated_fill: str
    dead_fill: str


THEMES: dict[str, Theme] = {
    "dark": Theme(
        background="#000000", text="#FFFFFF", muted="#A6A6A6", axis="#D9D9D9", grid="#3A5A80",
        f="#58C4DD", df="#FF862F", accent="#FFFF00", good="#83C167", bad="#FC6255",
        dead="#6E6E6E", saturated_fill="#FFFF00", dead_fill="#FC6255",
    ),
    "light": Theme(
        background="#FFFFFF", text="#1A1A1A", muted="#5C5C5C", axis="#333333", grid="#4F74A8",
        f="#1C5FB8", df="#D9480F", accent="#A07800", good="#2B8A3E", bad="#C92A2A",
        dead="#A0A0A0", saturated_fill="#E6B800", dead_fill="#C92A2A",
    ),
}


def _char_width(ch: str, font_size: float) -> float:
    """Approximate advance of one character in frame units (measured on Noto Sans CJK SC)."""
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    return font_size * (0.0139 if wide else 0.0072)


def wrap(text: str, font_size: float, max_width: float) -> str:
    """Break ``text`` into lines no wider than ``max_width``: at spaces for Latin script, between
    any two characters for CJK (never before closing punctuation)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0.0
        for token in _tokens(paragraph):
            w = sum(_char_width(c, font_size) for c in token)
            if line and width + w > max_width and token not in "，。、；：！？）,.;:!?)":
                lines.append(line.rstrip())
                token = token.lstrip()
                line, width = "", 0.0
                w = sum(_char_width(c, font_size) for c in token)
            line += token
            width += w
        lines.append(line.rstrip())
    return "\n".join(lines)


def _tokens(paragraph: str) -> Iterable[str]:
    word = ""
    for ch in paragraph:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            if word:
                yield word
                word = ""
            yield ch
        elif ch == " ":
            yield word + " "
            word = ""
        else:
            word += ch
    if word:
        yield word


class ExplainerScene(Scene):
    """Base of every explainer scene. Subclasses set ``scene_id`` (declared in the module's
    ``CATALOGUE``) and write ``construct``."""

    scene_id: ClassVar[str]

    def __init__(
        self,
        lang: str = "en",
        theme: str = "dark",
        overrides: Mapping[str, Any] | None = None,
        voice: str = "off",
        **kwargs: Any,
    ) -> None:
        project = Path(inspect.getfile(type(self))).resolve().parents[1]
        cat = catalog.load(project)
        self.spec: SceneSpec = load_spec(cat, self.scene_id, lang, theme, overrides)
        self.theme = THEMES[theme]
        self.narrator = (Narrator(voice, self.scene_id, lang, cat.content_dir)
                         if voice != "off" else None)
        self.layout_log: list[tuple[str, list[Mobject]]] = []
        self.captions: list[Cue] = []
        self.chapters: list[Cue] = []  # one per section, titled from [chapters]
        self._open_caption: tuple[str, float, float] | None = None  # text, start, speech
        self._poster: Image.Image | None = None
        self.shown_numbers: dict[str, float] = {}
        super().__init__(**kwargs)

    def setup(self) -> None:
        self.cairo_camera().background_color = ManimColor(self.theme.background)

    def cairo_camera(self) -> Camera:
        """The camera of the Cairo renderer, the only renderer these scenes use."""
        camera = self.renderer.camera
        assert isinstance(camera, Camera)
        return camera

    # --- text ------------------------------------------------------------------------------

    def text(
        self,
        content: str,
        size: float = BODY_SIZE,
        color: str | None = None,
        max_width: float | None = None,
        one_line: bool = False,
        **kwargs: Any,
    ) -> Text:
        """A Text in the house font, wrapped to ``max_width`` (default: the safe frame width),
        or with ``one_line`` kept on one line and shrunk to fit."""
        limit = max_width if max_width is not None else config.frame_width - 2 * MARGIN
        body = content if one_line else wrap(content, size, limit)
        mob = Text(body, font=FONT, font_size=size,
                   color=color or self.theme.text, line_spacing=0.9, **kwargs)
        if mob.width > limit:  # the width estimate was short: never run past the limit
            mob.scale_to_fit_width(limit)
        return mob

    def tex(self, latex: str, size: float = BODY_SIZE + 6, color: str | None = None,
            max_width: float | None = None) -> MathTex:
        mob = MathTex(latex, font_size=size, color=color or self.theme.text)
        limit = max_width if max_width is not None else config.frame_width - 2 * MARGIN
        if mob.width > limit:
            mob.scale_to_fit_width(limit)
        return mob

    def poster_image(self) -> Image.Image:
        """The frame at the end of the first section after the title: a poster for the video."""
        return self._poster if self._poster is not None else self.cairo_camera().get_image()

    def narrate(self, text: str) -> None:
        """Start a line now: its subtitle cue, and its voice when the scene has one. The cue
        runs until the next line starts (or the scene ends), so the cues cover the video
        without overlapping. A line's voice is never cut: the next line first waits, holding
        the last frame, until it has finished (as manim-voiceover's block does)."""
        self._close_caption()
        clip = None
        if self.narrator is not None:
            clip = self.narrator.clip(text.key if isinstance(text, Caption) else None, text)
        if clip is not None:
            self.add_sound(str(clip.path))
        self._open_caption = (text, self.renderer.time, clip.duration if clip else 0.0)

    def wait_for_voice(self) -> None:
        """Hold the picture until the current line's voice has finished (with a short breath
        before the next one). Without a voice nothing waits: timing is as without narration."""
        if self._open_caption is None:
            return
        _, start, speech = self._open_caption
        remaining = start + speech + BREATH - self.renderer.time
        if speech and remaining > 1e-3:
            self.wait(remaining)

    def _close_caption(self) -> None:
        if self._open_caption is None:
            return
        self.wait_for_voice()
        text, start, _ = self._open_caption
        now = self.renderer.time
        if now > start:
            self.add_subcaption(text, duration=now - start, offset=start - now)
            key, values = ((text.key, text.values) if isinstance(text, Caption) else (None, {}))
            self.captions.append(Cue(str(text), start, now, key, values))
        self._open_caption = None

    def tear_down(self) -> None:
        self._close_caption()
        if self.narrator is not None and not self.renderer.skip_animations:
            # Manim's sound track ends with the last clip; pad it to the video's end.
            from pydub import AudioSegment

            self.renderer.file_writer.add_audio_segment(AudioSegment.silent(0),
                                                        time=self.renderer.time)
        if self.chapters and self.renderer.time > self.chapters[-1].end:  # to the very end
            last = self.chapters[-1]
            self.chapters[-1] = Cue(last.text, last.start, self.renderer.time, last.key,
                                    last.values)

    def caption(self, key: str, **values: Any) -> Caption:
        """The narration line ``captions.<key>``, remembering where it came from."""
        return Caption(self.spec.t(f"captions.{key}", **values), f"captions.{key}", values)

    def label(self, key: str, **values: Any) -> str:
        return self.spec.t(f"labels.{key}", **values)

    def show_number(self, name: str, value: float) -> float:
        """Record a number that appears on screen, so tests can compare it with the core."""
        self.shown_numbers[name] = float(value)
        return value

    # --- story beats -----------------------------------------------------------------------

    def title_card(self, title: str, subtitle: str, caption: str) -> None:
        heading = self.text(title, TITLE_SIZE, weight="BOLD")
        sub = self.text(subtitle, HEADING_SIZE - 4, self.theme.muted)
        card = VGroup(heading, sub).arrange(DOWN, buff=0.45)
        self.narrate(caption)
        self.play(Write(heading), FadeIn(sub, shift=0.2 * UP), run_time=1.5)
        self.wait(1.5)
        self.checkpoint("title")
        self.play(FadeOut(card), run_time=0.6)

    def closing(self, takeaway: str, caption: str) -> None:
        heading = self.text(self.spec.t("title"), BODY_SIZE, self.theme.muted, weight="BOLD",
                            max_width=config.frame_width - 3.0)
        body = self.text(takeaway, HEADING_SIZE, self.theme.accent,
                         max_width=config.frame_width - 3.0)
        VGroup(heading, body).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        self.narrate(caption)
        self.play(FadeIn(heading), FadeIn(body, scale=0.95), run_time=1.0)
        self.wait(3.5)
        self.wait_for_voice()
        self.checkpoint("closing")  # the video ends on the takeaway: it is the last frame

    def clear_screen(self, run_time: float = 0.6) -> None:
        if self.mobjects:
            self.play(*[FadeOut(m) for m in self.mobjects], run_time=run_time)

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


TEXT_TYPES = (Text, MathTex, SingleStringMathTex, DecimalNumber)


def text_blocks(mobjects: Iterable[Mobject]) -> Iterable[Mobject]:
    """Every text or formula mobject in ``mobjects``, not descending into a text block."""
    for mob in mobjects:
        if isinstance(mob, TEXT_TYPES):
            if any(part.get_fill_opacity() > 0 for part in mob.family_members_with_points()):
                yield mob
        else:
            yield from text_blocks(mob.submobjects)


def bbox(mob: Mobject) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) of a mobject in frame units."""
    return np.array([mob.get_left()[0], mob.get_bottom()[1], mob.get_right()[0],
                     mob.get_top()[1]])


def pt(x: float, y: float) -> np.ndarray:
    """A point of the frame."""
    return np.array([x, y, 0.0])
