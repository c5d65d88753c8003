"""What a course's own tests use, in this project and in one made by `explainer init`: a scene
built from its request without encoding video (a dry run), and the layout checks every scene
passes (text inside the frame, no two blocks overlapping, captions covering the video).

    from explainer.testing import check_layout, dry_run

    scene = dry_run("tide-pools", "zh", "light")
    check_layout(scene)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explainer import catalog
from explainer.captions import Cue
from explainer.content.request import plan_request

if TYPE_CHECKING:
    from manim import Mobject

    from explainer.kit.base import ExplainerScene

TOLERANCE = 0.02  # frame units two blocks may share before they overlap
DURATION = (20.0, 60.0)  # seconds a scene should last (docs/authoring.md)
# Numbers must read on a phone: the pages give the video the screen's whole width, 390 px on a
# common phone, and every digit on screen is at least this tall there (an 8.5 px font).
PHONE_WIDTH_PX = 390
MIN_DIGIT_PX = 6.0
DIGITS = "0123456789"  # subscripts such as the 1 of W₁ are small by convention


def dry_run(scene_id: str, lang: str = "en", theme: str = "dark",
            overrides: Mapping[str, Any] | None = None, media_dir: str | None = None,
            root: Path | None = None, voice: str = "off") -> ExplainerScene:
    """Plan ``scene_id`` as the CLI does (in the project at ``root``, default: the one found
    from here), then build it without encoding video."""
    from explainer.render import manim_scene  # imports Manim

    cat = catalog.load(root)  # afresh: a test may point $EXPLAINER_CONTENT_DIR elsewhere
    request = plan_request(cat, scene_id, lang, theme, overrides, voice)
    return manim_scene.dry_run(request, cat.root, media_dir)


def overlap(a: Mobject, b: Mobject) -> bool:
    from explainer.kit.text import bbox

    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = bbox(a), bbox(b)
    return (min(ax1, bx1) - max(ax0, bx0) > TOLERANCE
            and min(ay1, by1) - max(ay0, by0) > TOLERANCE)


def describe(mob: Mobject) -> str:
    return f"{type(mob).__name__}({getattr(mob, 'text', getattr(mob, 'tex_string', ''))!r})"


def check_layout(scene: ExplainerScene, min_seconds: float = DURATION[0]) -> None:
    """Every section's text inside the frame, no two blocks overlapping, captions whole, and
    the scene ``min_seconds`` to 60 s long."""
    from manim import config

    from explainer.kit.text import bbox

    assert min_seconds <= scene.renderer.time <= DURATION[1], (
        f"a scene should last {min_seconds:g}-{DURATION[1]:g} s, not {scene.renderer.time:.1f}")
    assert scene.layout_log, "the scene records its sections"
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    for section, blocks in scene.layout_log:
        assert blocks, f"{section}: no text on screen"
        for mob in blocks:
            x0, y0, x1, y1 = bbox(mob)
            assert -half_w <= x0 and x1 <= half_w and -half_h <= y0 and y1 <= half_h, (
                f"{section}: {describe(mob)} runs off the frame")
        for a, b in itertools.combinations(blocks, 2):
            assert not overlap(a, b), f"{section}: {describe(a)} overlaps {describe(b)}"
    check_captions(scene.captions, scene.renderer.time)
    small = [(round(px, 2), text) for px, text in number_sizes(scene) if px < MIN_DIGIT_PX]
    assert not small, (f"numbers under {MIN_DIGIT_PX:g} px tall on a {PHONE_WIDTH_PX} px "
                       f"phone (px, text): {sorted(set(small))[:6]}")


def number_sizes(scene: ExplainerScene) -> list[tuple[float, str]]:
    """(digit height in px on a phone, text) of every number on screen at any section's end:
    a Text's own digit glyphs, a readout's digit height, a MathTex's digits at its size."""
    import numpy as np
    from manim import MathTex, SingleStringMathTex, Text, config

    from explainer.kit.readout import Readout
    from explainer.settings import FONT

    px = PHONE_WIDTH_PX / config.frame_width
    # a digit's height per point of font size, in TeX and in the house font
    tex_digit = MathTex("0", font_size=48).height / 48
    text_digit = Text("0", font=FONT, font_size=48).height / 48
    found: list[tuple[float, str]] = []
    for _, blocks in scene.layout_log:
        for block in blocks:
            counted: set[int] = set()
            for mob in block.get_family():
                if id(mob) in counted:
                    continue
                height = None
                if isinstance(mob, Readout) and any(c in DIGITS for c in mob.text):
                    height, text = float(np.linalg.norm(
                        mob.anchor.get_end() - mob.anchor.get_start())), mob.text
                elif isinstance(mob, Text) and any(c in DIGITS for c in mob.text):
                    height, text = mob.font_size * text_digit, mob.text
                elif isinstance(mob, SingleStringMathTex) and any(
                        c in DIGITS for c in mob.tex_string):
                    height, text = mob.font_size * tex_digit, mob.tex_string
                if height is not None:
                    found.append((height * px, text))
                    counted.update(id(m) for m in mob.get_family())
    return found


def check_captions(cues: Sequence[Cue], end: float) -> None:
    """Cues cover the video: the first starts at 0, each ends where the next starts, the last
    ends with the scene, none is empty, and each knows its content entry (so its wording can
    change without a render)."""
    assert cues, "a scene has captions"
    assert cues[0].start == 0.0
    for a, b in itertools.pairwise(cues):
        assert a.end == b.start
    assert abs(cues[-1].end - end) <= 1e-9
    assert all(c.text.strip() and c.start < c.end for c in cues)
    assert all(c.key is not None and c.key.startswith("captions.") for c in cues)
