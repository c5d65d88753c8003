"""A plain fade, in place. Manim's ``FadeIn``/``FadeOut`` are ``Transform``s: each deep-copies
its mobject two or three times (the faded copy, the target's copy, the start) to interpolate
between copies that differ only in opacity. ``Fade`` keeps each part's colours and scales
their alpha: the same frames, no copies. ``ExplainerScene.play`` swaps it in for a fade
without shift, target position or scale, so scenes keep writing ``FadeIn``."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from manim import Animation, FadeIn, FadeOut, Mobject, VMobject


class Fade(Animation):
    def __init__(self, mobject: Mobject, fade_in: bool, **kwargs: Any) -> None:
        super().__init__(mobject, introducer=fade_in, remover=not fade_in, **kwargs)
        self.fade_in = fade_in
        self.parts: list[tuple[VMobject, np.ndarray, np.ndarray, np.ndarray]] = []

    def begin(self) -> None:
        # the parts Manim's own fade would interpolate, with the colours they end (in) or
        # start (out) with
        shapes = [cast(VMobject, m) for m in self.mobject.family_members_with_points()
                  if isinstance(m, VMobject)]
        self.parts = [(m, m.fill_rgbas.copy(), m.stroke_rgbas.copy(),
                       m.background_stroke_rgbas.copy()) for m in shapes]
        if self.suspend_mobject_updating:
            self.mobject.suspend_updating()
        self.interpolate(0)

    def interpolate_mobject(self, alpha: float) -> None:
        for i, (part, fill, stroke, background) in enumerate(self.parts):
            t = self.get_sub_alpha(alpha, i, len(self.parts))
            keep = t if self.fade_in else 1.0 - t
            part.fill_rgbas = faded(fill, keep)
            part.stroke_rgbas = faded(stroke, keep)
            part.background_stroke_rgbas = faded(background, keep)


def faded(rgbas: np.ndarray, keep: float) -> np.ndarray:
    out = rgbas.copy()
    out[:, 3] *= keep
    return out


def lighter(animation: Any) -> Any:
    """``Fade`` for a plain ``FadeIn``/``FadeOut`` of vector shapes; anything else as it is."""
    if type(animation) not in (FadeIn, FadeOut):
        return animation
    if (animation.point_target or animation.scale_factor != 1
            or np.any(animation.shift_vector != 0)
            or not all(isinstance(m, VMobject)
                       for m in animation.mobject.family_members_with_points())):
        return animation
    return Fade(animation.mobject, type(animation) is FadeIn, run_time=animation.run_time,
                rate_func=animation.rate_func, lag_ratio=animation.lag_ratio)
