"""The glyph-reusing readout (kit.readout): it reads what Manim's DecimalNumber and a Text of
the filled label read, in the same glyphs, without sideways jitter, wherever the scene puts it."""

import numpy as np
import pytest
from manim import DecimalNumber, MathTex

from explainer.content.request import plan_request
from explainer.kit.base import ExplainerScene
from explainer.kit.readout import Glyphs, Readout
from tests.conftest import CAT

VALUES = [-4.5, -1.0, -0.0004, 0.0, 0.0004, 0.7311, 1.0, 9.9996, 12.25, -123.456]


@pytest.fixture(scope="module")
def tex_glyphs():
    return Glyphs(lambda line: MathTex(line, font_size=30))


def decimal(value: float) -> DecimalNumber:
    return DecimalNumber(value, num_decimal_places=3, include_sign=True, font_size=30)


def ink(mob):
    """(left, bottom, width, height) of each path, in order."""
    return np.array([[m.get_left()[0], m.get_bottom()[1], m.width, m.height]
                     for m in mob.family_members_with_points() if len(m.points) and
                     m.get_fill_opacity() > 0])


@pytest.mark.parametrize("value", VALUES)
def test_a_tex_readout_reads_and_looks_like_decimal_number(tex_glyphs, value):
    readout = Readout(tex_glyphs, "{v:+.3f}", {"v": 0.0})
    readout.set_value(value)
    reference = decimal(value)
    assert readout.text == reference._get_num_string(value)
    ours, theirs = ink(readout), ink(reference)
    assert len(ours) == len(theirs) == len(readout.text)
    # the same glyph outlines: sizes equal to a thousandth of a frame unit
    np.testing.assert_allclose(ours[:, 2:], theirs[:, 2:], atol=1e-3)
    # placed alike: relative to the first glyph, within 0.04 frame units (2-3 px at 720p)
    rel_ours = ours[:, :2] - ours[0, :2]
    rel_theirs = theirs[:, :2] - theirs[0, :2]
    assert np.abs(rel_ours - rel_theirs).max() < 0.04


def test_digits_are_tabular_and_the_left_edge_stays(tex_glyphs):
    readout = Readout(tex_glyphs, "{v:+.3f}", {"v": 1.111})
    readout.shift([1.0, -2.0, 0.0])
    left = readout.anchor.get_start().copy()
    centres = []
    # narrow and wide digits in every place: with proportional digits the decimal point
    # moves; with digits not centred in their cells a "1" sits left of an "8"
    for value in (1.111, 8.888, 4.505, 7.171, 0.740):
        readout.set_value(value)
        boxes = ink(readout)
        assert len(boxes) == 6
        centres.append(boxes[:, 0] + boxes[:, 2] / 2)
        np.testing.assert_allclose(readout.anchor.get_start(), left)
    assert np.ptp(np.array(centres), axis=0).max() < 1e-9  # every place, every value
    readout.set_value(10.5)  # one digit more: it grows to the right
    assert ink(readout)[0, 0] == pytest.approx(ink(Readout(
        tex_glyphs, "{v:+.3f}", {"v": 10.5}).shift([1.0, -2.0, 0.0]))[0, 0])


def test_it_follows_moves_and_scaling(tex_glyphs):
    def placed(value):
        readout = Readout(tex_glyphs, "{v:+.3f}", {"v": value})
        return readout.scale(2.0, about_point=np.zeros(3)).shift([3.0, 1.0, 0.0])

    moved = placed(1.0)
    moved.set_value(-2.5)
    fresh = placed(-2.5)
    np.testing.assert_allclose(ink(moved), ink(fresh), atol=1e-9)


def test_slots_shrink_and_grow(tex_glyphs):
    readout = Readout(tex_glyphs, "{v:,.0f}", {"v": 0}, samples=[{"v": 100}])
    assert len(readout.slots) == 3
    readout.set_value(7)
    assert readout.text == "7" and len(ink(readout)) == 1
    readout.set_value(12345)  # more than the samples said: slots are added
    assert readout.text == "12,345" and len(ink(readout)) == 6


def test_tex_glyphs_refuse_characters_outside_their_alphabet(tex_glyphs):
    with pytest.raises(ValueError, match="no glyph for '%'"):
        Readout(tex_glyphs, "{v:.0%}", {"v": 0.5})


class Probe(ExplainerScene):
    scene_id = "decision-boundary"

    def construct(self) -> None:
        pass


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_label_readout_reads_like_the_label(lang):
    scene = Probe(plan_request(CAT, "decision-boundary", lang))
    for values in ({"accuracy": 0.515}, {"accuracy": 1.0}):
        readout = scene.label_readout("accuracy", values, 22, max_width=3.0)
        assert readout.text == scene.label("accuracy", **values)
        assert readout.width <= 3.0 + 1e-9
    epoch = scene.label_readout("epoch", {"epoch": 1, "epochs": 300}, 22)
    text = scene.text(scene.label("epoch", epoch=37, epochs=300), 22, one_line=True)
    epoch.set_value(epoch=37)
    assert epoch.text == scene.label("epoch", epoch=37, epochs=300)
    # the same characters as the Text, the same size, the same width within 2%
    assert len(ink(epoch)) == len(text.family_members_with_points())
    assert epoch.height == pytest.approx(text.height, rel=0.02)
    assert epoch.width == pytest.approx(text.width, rel=0.02)


def test_teaching_notation_in_a_readout():
    glyphs = Glyphs(lambda line: ExplainerScene.text(Probe(plan_request(
        CAT, "decision-boundary")), line, 22, one_line=True), extra=True)
    readout = Readout(glyphs, "gradient {g:.1e}", {"g": 9.5e-7})
    assert readout.text == "gradient 9.5 × 10⁻⁷"
    readout.set_value(g=-0.001)
    assert readout.text == "gradient −1.0 × 10⁻³"
