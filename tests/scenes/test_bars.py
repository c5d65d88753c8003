"""Bars as a viewer reads them: each one as tall as its value says (against the others), on the
right side of its base line, with its own value written at its free end and its own name under
it; the values computed here. The chart widget is watched while real scenes are built."""

import math
import re

import numpy as np
import pytest
from manim import MathTex

from explainer.kit.base import ExplainerScene
from tests.conftest import dry_run
from tests.scenes.words import squeeze


@pytest.fixture
def charts(monkeypatch):
    """Every bar chart a scene draws: (values, low, the VGroup drawn)."""
    drawn = []
    original = ExplainerScene.bars

    def watched(self, values, **kwargs):
        group = original(self, values, **kwargs)
        drawn.append((np.array(values, dtype=float), kwargs.get("low", 0.0), group))
        return group

    monkeypatch.setattr(ExplainerScene, "bars", watched)
    return drawn


def read_chart(values, low, group, least=0.05):
    """Checks that hold for any chart; returns the signed heights (up positive)."""
    bars = [item[0] for item in group]
    ups = [v >= low for v in values]
    base = {round(float(b.get_bottom()[1] if up else b.get_top()[1]), 6)
            for b, up in zip(bars, ups, strict=True)}
    assert len(base) == 1, f"bars stand on one base line, not {sorted(base)}"
    heights = np.array([b.height if up else -b.height for b, up in zip(bars, ups, strict=True)])
    tall = np.abs(values - low) > least * 2  # the shortest are drawn at a minimum height
    ratio = heights[tall] / (values[tall] - low)
    assert np.all(ratio > 0), "a bar points the other way than its value"
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-6, err_msg="heights not to scale")
    for item, up in zip(group, ups, strict=True):
        bar, text = item[0], item[1]
        if up:
            assert text.get_bottom()[1] >= bar.get_top()[1] - 1e-6, "value above its bar"
        else:
            assert text.get_top()[1] <= bar.get_bottom()[1] + 1e-6, "value below its bar"
        assert abs(text.get_center()[0] - bar.get_center()[0]) < 1e-6
    xs = [b.get_center()[0] for b in bars]
    assert xs == sorted(xs), "bars left to right in the order of their values"
    return heights


def test_the_widget_draws_signed_values_to_scale():
    scene = dry_run("activation-relu")
    values = [0.5, -0.25, 1.0, 0.0, -2.0]
    group = scene.bars(values, centre=(0.0, -1.0), pitch=1.0, scale=2.0, colours="#ffffff",
                       texts=lambda v: f"{v:+.2f}", names=list("abcde"))
    heights = read_chart(np.array(values), 0.0, group)
    np.testing.assert_allclose(heights[[0, 1, 2, 4]], [1.0, -0.5, 2.0, -4.0])
    assert [squeeze(item[1].text) for item in group] == [f"{v:+.2f}" for v in values]
    assert [item[2].text for item in group] == list("abcde")
    for item in group:  # names under the base line, whichever way the bar points
        assert item[2].get_top()[1] < -1.0 + 1e-6 or item[0].get_bottom()[1] < -1.0


def test_softmax_bars_are_the_logits_and_their_probabilities(charts):
    scene = dry_run("choosing-an-activation", "zh")
    p = scene.spec.params
    z = np.array(p["logits"], dtype=float)

    def softmax(t):
        e = np.exp((z - z.max()) / t)
        return e / e.sum()

    expected = [z, softmax(1.0), *[softmax(t) for t in p["temperatures"]]]
    assert len(charts) == len(expected)
    for (values, low, group), want in zip(charts, expected, strict=True):
        np.testing.assert_allclose(values, want, rtol=1e-12)
        read_chart(values, low, group)
    logits = charts[0][2]
    assert [squeeze(item[1].text) for item in logits] == [
        squeeze(scene.spec.t("labels.logit", z=v)) for v in z]
    assert [squeeze(item[1].text) for item in charts[1][2]] == [
        squeeze(scene.spec.t("labels.probability", p=v)) for v in softmax(1.0)]


def test_accuracy_bars_are_the_runs_in_their_order(charts):
    from explainer.core import training

    scene = dry_run("training-comparison")
    runs = training.compare(tuple(scene.spec.params["activations"]))
    ((values, low, group),) = charts
    np.testing.assert_array_equal(values, [run.test_accuracy for run in runs.values()])
    read_chart(values, low, group)
    assert [squeeze(item[2].text) for item in group] == [
        squeeze(scene.spec.t(f"names.{n}")) for n in runs]
    assert [squeeze(item[1].text) for item in group] == [
        squeeze(scene.spec.t("labels.bar_value", accuracy=run.test_accuracy))
        for run in runs.values()]


def test_gradient_bars_follow_the_norms_on_a_log_scale(monkeypatch):
    """vanishing-gradient draws its own bars: log10 of each layer's gradient norm, one scale
    for the three runs, its value written above it."""
    from explainer.core.gradients import gradient_norms_by_layer

    scene_module = type(dry_run("vanishing-gradient")).__module__
    cls = next(c for c in ExplainerScene.__subclasses__() if c.__module__ == scene_module)
    shown = []
    original = cls.show_run

    def watched(self, kind, *args, **kwargs):
        group = original(self, kind, *args, **kwargs)
        shown.append((kind, group))
        return group

    monkeypatch.setattr(cls, "show_run", watched)
    scene = dry_run("vanishing-gradient")
    p = scene.spec.params
    logs, heights = [], []
    for kind, group in shown:
        norms = gradient_norms_by_layer(p[f"{kind}_activation"], p[f"{kind}_init"],
                                        depth=p["depth"], width=p["width"], batch=p["batch"],
                                        seed=p["seed"], large_std=p["large_std"])
        bars, values = group[2], group[3]
        assert {round(float(b.get_bottom()[1]), 6) for b in bars} == {-3.0}
        for bar, value, norm in zip(bars, values, norms, strict=True):
            assert isinstance(value, MathTex) and value.get_bottom()[1] >= bar.get_top()[1]
            mantissa, exponent = re.fullmatch(r"([\d.]+)\\!\\times\\!10\^\{(-?\d+)\}",
                                              value.tex_string).groups()
            assert float(mantissa) * 10 ** int(exponent) == pytest.approx(norm, rel=0.06)
        logs += [math.log10(n) for n in norms]
        heights += [b.height for b in bars]
    assert [kind for kind, _ in shown] == ["vanish", "healthy", "explode"]
    slope, offset = np.polyfit(logs, heights, 1)
    assert slope > 0, "a larger gradient draws a taller bar"
    np.testing.assert_allclose(np.polyval([slope, offset], logs), heights, atol=0.021)
