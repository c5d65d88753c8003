"""kit.fade: a plain fade in place gives the colours Manim's copying FadeIn/FadeOut give, at
every moment, lag included; fades it cannot match are left to Manim."""

import numpy as np
import pytest
from manim import DOWN, Circle, FadeIn, FadeOut, ImageMobject, MathTex, Square, Text, VGroup

from explainer.kit.fade import Fade, lighter


def shapes():
    return VGroup(Square(fill_opacity=0.6, stroke_width=3),
                  Circle(stroke_opacity=0.5).set_background_stroke(width=2, opacity=0.8),
                  Text("fade", font_size=30), MathTex("x^2", font_size=30))


def state(mob):
    return [np.hstack([m.fill_rgbas.ravel(), m.stroke_rgbas.ravel(),
                       m.background_stroke_rgbas.ravel(), m.points.ravel()])
            for m in mob.family_members_with_points()]


@pytest.mark.parametrize("kind", [FadeIn, FadeOut])
@pytest.mark.parametrize("lag_ratio", [0.0, 0.3])
def test_fade_in_place_matches_manims(kind, lag_ratio):
    ours, theirs = shapes(), shapes()
    mine = lighter(kind(ours, lag_ratio=lag_ratio, run_time=2.0))
    reference = kind(theirs, lag_ratio=lag_ratio, run_time=2.0)
    assert isinstance(mine, Fade) and mine.run_time == 2.0
    mine.begin()
    reference.begin()
    for alpha in np.linspace(0, 1, 11):
        mine.interpolate(alpha)
        reference.interpolate(alpha)
        for a, b in zip(state(ours), state(theirs), strict=True):
            np.testing.assert_allclose(a, b, atol=1e-9)


def test_fades_that_move_or_scale_or_hold_images_stay_manims():
    assert type(lighter(FadeIn(Square(), shift=DOWN))) is FadeIn
    assert type(lighter(FadeOut(Square(), scale=0.5))) is FadeOut
    assert type(lighter(FadeIn(Square(), target_position=Circle()))) is FadeIn
    image = ImageMobject(np.zeros((4, 4, 3), dtype=np.uint8))
    assert type(lighter(FadeIn(image))) is FadeIn


def test_dropping_svg_paths_keeps_every_outline():
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    from explainer.kit.text import drop_svg_paths

    before = Text("outline kept", font_size=30)
    points = [m.points.copy() for m in before.family_members_with_points()]
    drop_svg_paths([before])
    assert all(m.path_obj is None for m in before.get_family()
               if isinstance(m, VMobjectFromSVGPath))
    again = Text("outline kept", font_size=30)  # made from Manim's SVG cache, now lighter
    for mob in (before.copy(), again):
        for a, b in zip(points, (m.points for m in mob.family_members_with_points()),
                        strict=True):
            np.testing.assert_array_equal(a, b)
