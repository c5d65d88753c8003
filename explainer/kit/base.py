"""The base of every explainer scene: it receives its request (text, parameters, activations,
theme, voice), and shares text helpers, the title card and closing takeaway, and a layout log
the tests check. Narration timing and chapters are its two halves (``narration``,
``chapters``).

Language, theme and parameters have defaults (English, dark), so ``manim -ql
scenes/dying_relu.py DyingReLU`` works and code can say ``DyingReLU(lang="zh", theme="light",
overrides={"steps": 80})``: a scene built without a request plans its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from manim import (
    DOWN,
    LEFT,
    UP,
    FadeIn,
    FadeOut,
    ManimColor,
    MathTex,
    Mobject,
    Text,
    VGroup,
    Write,
    config,
)

from explainer.captions import Caption, Cue
from explainer.content.request import SceneRequest, request_for
from explainer.core.registry import Registry
from explainer.kit.chapters import Chaptered
from explainer.kit.fade import lighter
from explainer.kit.narration import Narrated
from explainer.kit.readout import Glyphs, Readout
from explainer.kit.text import drop_svg_paths, wrap
from explainer.kit.theme import BODY_SIZE, HEADING_SIZE, MARGIN, THEMES, TITLE_SIZE
from explainer.kit.widgets import Widgets
from explainer.settings import FONT
from explainer.voice.narration import Narrator


class ExplainerScene(Narrated, Chaptered, Widgets):
    """Base of every explainer scene. A subclass writes ``construct`` and takes its
    ``scene_id`` from its module's ``CATALOGUE`` (``scene_id = str(CATALOGUE["id"])``), so the
    id is written once."""

    scene_id: ClassVar[str]

    def __init__(
        self,
        request: SceneRequest | None = None,
        *,
        lang: str = "en",
        theme: str = "dark",
        overrides: Mapping[str, Any] | None = None,
        voice: str = "off",
        root: Path | None = None,
        chunk: tuple[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        """A scene renders ``request`` as planned. Without one (``manim file.py Scene``, or
        code), it plans its own from ``lang``, ``theme``, ``overrides`` and ``voice``, in the
        project its file lies in. ``chunk`` renders only those chapters (first, last)."""
        root = root or Path(inspect.getfile(type(self))).resolve().parents[1]
        self.spec: SceneRequest = request or request_for(root, self.scene_id, lang, theme,
                                                         overrides, voice)
        self.theme = THEMES[self.spec.theme]
        self.activations: Registry = self.spec.registry
        self.narrator = (Narrator(self.spec.voice, self.scene_id, self.spec.lang,
                                  self.spec.content_folder(root), self.spec.voice_settings,
                                  self.spec.say, self.spec.say_numbers)
                         if self.spec.voice != "off" else None)
        self.layout_log: list[tuple[str, list[Mobject]]] = []
        self.captions: list[Cue] = []
        self.sounds: list[tuple[str, float]] = []
        self.chunk = chunk  # render only these chapters (first, last), see kit.chapters
        self.chapters: list[Cue] = []  # one per section, titled from [chapters]
        self.made: list[str] = []  # the declared chapters ended so far (kit.chapters)
        self._open_caption: tuple[Caption, float, float] | None = None  # text, start, speech
        self.shown_numbers: dict[str, float] = {}
        self._glyphs: dict[tuple[bool, float, str], Glyphs] = {}
        super().__init__(**kwargs)

    def setup(self) -> None:
        self.cairo_camera().background_color = ManimColor(self.theme.background)

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
        or with ``one_line`` kept on one line and shrunk to fit.

            note = self.text(self.label("note"), LABEL_SIZE, self.theme.muted, max_width=5.0)
        """
        limit = max_width if max_width is not None else config.frame_width - 2 * MARGIN
        body = content if one_line else wrap(content, size, limit)
        mob = Text(body, font=FONT, font_size=size,
                   color=color or self.theme.text, line_spacing=0.9, **kwargs)
        if mob.width > limit:  # the width estimate was short: never run past the limit
            mob.scale_to_fit_width(limit)
        return mob

    def tex(self, latex: str, size: float = BODY_SIZE + 6, color: str | None = None,
            max_width: float | None = None) -> MathTex:
        """A formula (LaTeX), shrunk to ``max_width`` (default: the safe frame width).

            self.tex(r"y = W_2 (W_1 x + b_1) + b_2", BODY_SIZE, self.theme.primary)
        """
        mob = MathTex(latex, font_size=size, color=color or self.theme.text)
        limit = max_width if max_width is not None else config.frame_width - 2 * MARGIN
        if mob.width > limit:
            mob.scale_to_fit_width(limit)
        return mob

    def readout(self, template: str, values: Mapping[str, float], size: float = BODY_SIZE,
                color: str | None = None, *, tex: bool = False,
                samples: Iterable[Mapping[str, float]] = (),
                max_width: float | None = None) -> Readout:
        """A line whose ``{numbers}`` change every frame (``readout.set_value``), drawn from
        glyphs made once per font, size and colour: TeX digits with ``tex`` (a bare number
        beside a formula), else the house font (a sentence from the content files).

            counter = self.readout("{value:,.0f}", {"value": 0}, 30, tex=True,
                                   samples=[{"value": 1000}])
            counter.set_value(value=250)
        """
        color = color or self.theme.text
        key = (tex, size, color)
        if key not in self._glyphs:
            self._glyphs[key] = (
                Glyphs(lambda line: MathTex(line, font_size=size, color=color)) if tex else
                Glyphs(lambda line: Text(line, font=FONT, font_size=size, color=color),
                       extra=True))
        return Readout(self._glyphs[key], template, values, samples, max_width)

    def label_readout(self, key: str, values: Mapping[str, float], size: float = BODY_SIZE,
                      color: str | None = None, **kwargs: Any) -> Readout:
        """``readout`` of the label at ``key``, its placeholders the live numbers.

            step = self.label_readout("step", {"step": 0}, LABEL_SIZE)  # labels.step
            step.set_value(step=12)
        """
        self.label(key, **values)  # a missing key or placeholder fails here, as for a label
        return self.readout(self.spec.text[f"labels.{key}"], values, size, color, **kwargs)

    def tear_down(self) -> None:
        self.finish_narration()
        self.close_chapters()

    def label(self, key: str, **values: Any) -> str:
        """The text at ``labels.<key>`` in the scene's language, placeholders filled.

            self.label("reached", steps=39, tolerance=0.1)
        """
        return self.spec.t(f"labels.{key}", **values)

    def show_number(self, name: str, value: float) -> float:
        """Record a number that appears on screen, so tests can compare it with the core.

            share = self.show_number("same_sign_share", run.same_sign_share())
        """
        self.shown_numbers[name] = float(value)
        return value

    # --- story beats -----------------------------------------------------------------------

    def title_card(self, title: str, subtitle: str, caption: Caption) -> None:
        """The opening: title and subtitle, said by ``caption``; ends the "title" chapter.

            self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        """
        heading = self.text(title, TITLE_SIZE, weight="BOLD")
        sub = self.text(subtitle, HEADING_SIZE - 4, self.theme.muted)
        card = VGroup(heading, sub).arrange(DOWN, buff=0.45)
        self.narrate(caption)
        self.play(Write(heading), FadeIn(sub, shift=0.2 * UP), run_time=1.5)
        self.wait(1.5)
        self.wait_for_voice()  # the title chapter lasts as long as its spoken intro
        self.checkpoint("title")
        self.play(FadeOut(card), run_time=0.6)

    def closing(self, takeaway: str, caption: Caption) -> None:
        """The end: the scene's title and its takeaway, said by ``caption``; ends the
        "closing" chapter on the video's last frame.

            self.closing(spec.t("takeaway"), self.caption("takeaway"))
        """
        heading = self.text(self.spec.t("title"), BODY_SIZE, self.theme.muted, weight="BOLD",
                            max_width=config.frame_width - 3.0)
        body = self.text(takeaway, HEADING_SIZE, self.theme.highlight,
                         max_width=config.frame_width - 3.0)
        VGroup(heading, body).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        self.narrate(caption)
        self.play(FadeIn(heading), FadeIn(body, scale=0.95), run_time=1.0)
        self.wait(3.5)
        self.wait_for_voice()
        self.checkpoint("closing")  # the video ends on the takeaway: it is the last frame

    def play(self, *animations: Any, **kwargs: Any) -> None:
        """Play as Manim does, with fewer and cheaper copies: a plain fade changes opacity in
        place (kit.fade), and what is copied no longer carries its parsed SVG paths.

            self.play(Create(axes), FadeIn(label), run_time=1.0)
        """
        animations = tuple(lighter(a) for a in animations)
        drop_svg_paths([*self.mobjects, *(a.mobject for a in animations
                                            if isinstance(getattr(a, "mobject", None), Mobject))])
        super().play(*animations, **kwargs)

    def play_updating(self, update: Callable[[], None], *animations: Any,
                      changing: Sequence[Mobject] = (), **kwargs: Any) -> None:
        """Play ``animations`` with ``update`` run before every frame, then once more (the
        last state, also when animations are skipped in a dry run).

        Manim redraws during an animation only the mobjects from the first one with an
        updater on; the others are painted once, as a still background. So the updater sits
        on the first mobject on screen that holds one of ``changing`` (what ``update``
        changes), or on the very first when that is not said: what ``update`` changes is
        redrawn every frame, and what lies under it and does not change is painted once.

            clock = ValueTracker(0)
            self.play_updating(lambda: dot.move_to(axes.c2p(*path[round(clock.get_value())])),
                               clock.animate.set_value(len(path) - 1), changing=[dot])
        """
        parts = {id(m) for mob in changing for m in mob.get_family()}
        anchor = next((m for m in self.mobjects if any(id(p) in parts for p in m.get_family())),
                      self.mobjects[0])

        def step(_: Mobject) -> None:
            update()

        anchor.add_updater(step)
        try:
            self.play(*animations, **kwargs)
        finally:
            anchor.remove_updater(step)
        update()

    def clear_screen(self, run_time: float = 0.6) -> None:
        """Fade out everything on screen, between two parts of the story.

            self.checkpoint()
            self.clear_screen()
        """
        if self.mobjects:
            self.play(*[FadeOut(m) for m in self.mobjects], run_time=run_time)
