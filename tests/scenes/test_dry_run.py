"""Every scene built without encoding video, in both languages and both themes: the text stays
inside the frame, no two text blocks overlap, and the numbers shown are the core's."""

import itertools

import numpy as np
import pytest
from manim import Text

from explainer import testing
from explainer.content.request import THEMES
from explainer.kit.readout import Readout
from explainer.testing import overlap
from tests.conftest import CAT, LANGS, dry_run
from tests.scenes.words import check_words

CASES = list(itertools.product(CAT.ids(), LANGS, THEMES))


@pytest.mark.parametrize(("scene_id", "lang", "theme"), CASES)
def test_scene_builds_with_clean_layout(scene_id, lang, theme, media_dir):
    scene = dry_run(scene_id, lang, theme, media_dir=media_dir)
    check_layout(scene)  # inside the frame, no overlap, captions whole, numbers legible
    check_words(scene)  # the sentences with numbers, computed here, each in its place
    # the chapters its CATALOGUE declares (questions point at them) are the ones it makes
    made = list(dict.fromkeys(c.key.removeprefix("chapters.") for c in scene.chapters))
    assert made == list(CAT.get(scene_id).chapters)


def check_layout(scene, min_seconds=20.0):
    """Every section's text inside the frame, no two blocks overlapping, captions whole (the
    checks a course made by `explainer init` runs too: explainer.testing)."""
    testing.check_layout(scene, min_seconds)


def shown_text(scene):
    """All Text on screen at any checkpoint, whitespace removed."""
    return ["".join(m.text.split()) for _, blocks in scene.layout_log for m in blocks
            if isinstance(m, Text | Readout)]


def test_dying_relu_shows_the_cores_counts(media_dir):
    from explainer.core.dead_neurons import dead_units, note_example, train_and_watch

    scene = dry_run("dying-relu", media_dir=media_dir)
    dead = int(dead_units(*note_example()).sum())
    assert scene.shown_numbers["note_dead"] == dead == 5
    texts = shown_text(scene)
    assert any("5/10" in t for t in texts)
    p = scene.spec.params
    relu = train_and_watch("relu", p["learning_rate"], p["steps"], p["hidden"], seed=p["seed"])
    assert scene.shown_numbers["final_dead_relu"] == relu.dead_fraction[-1]
    assert any(f"{relu.dead_fraction[-1]:.0%}" in t for t in texts)


def test_changing_a_parameter_changes_the_picture(media_dir):
    scene = dry_run("dying-relu", overrides={"learning_rate": 0.02}, media_dir=media_dir)
    assert scene.shown_numbers["final_dead_relu"] < 0.1


def test_vanishing_gradient_bars_are_the_cores_norms(media_dir):
    from explainer.core.gradients import gradient_norms_by_layer

    scene = dry_run("vanishing-gradient", media_dir=media_dir)
    p = scene.spec.params
    for kind in ("vanish", "healthy", "explode"):
        norms = gradient_norms_by_layer(p[f"{kind}_activation"], p[f"{kind}_init"],
                                        depth=p["depth"], width=p["width"], batch=p["batch"],
                                        seed=p["seed"], large_std=p["large_std"])
        shown = [scene.shown_numbers[f"{kind}_norm_{i + 1}"] for i in range(p["depth"])]
        np.testing.assert_array_equal(shown, norms)
        assert scene.shown_numbers[f"{kind}_ratio"] == norms[0] / norms[-1]
    assert scene.shown_numbers["vanish_ratio"] < 1e-4
    assert scene.shown_numbers["explode_ratio"] > 10


def test_linear_collapse_numbers(media_dir):
    from explainer.core import registry as activations
    from explainer.core.linear import Affine, best_affine_fit, compose, grid_points, run_layers

    scene = dry_run("linear-collapse", media_dir=media_dir)
    p = scene.spec.params
    layers = [Affine.of(p["W1"], p["b1"]), Affine.of(p["W2"], p["b2"])]
    assert scene.shown_numbers["W_prime_00"] == compose(layers).W[0, 0]
    x = np.array(p["point"])
    assert scene.shown_numbers["point_1"] == layers[0](x)[0]
    assert scene.shown_numbers["point_2"] == run_layers(layers, x)[0]
    assert scene.shown_numbers["point_single"] == compose(layers)(x)[0]
    assert scene.shown_numbers["point_single"] == pytest.approx(scene.shown_numbers["point_2"])
    assert scene.shown_numbers["gap"] < 1e-12
    pts = grid_points(p["grid_extent"], 25)
    fit = best_affine_fit(pts, run_layers(layers, pts, activations.get("relu")))
    assert scene.shown_numbers["rms_relu"] == fit.rms_residual > 0.05


def test_sigmoid_takeaway_uses_the_peak_slope(media_dir):
    scene = dry_run("activation-sigmoid", media_dir=media_dir)
    assert scene.shown_numbers["peak"] == pytest.approx(0.25, abs=1e-12)
    assert scene.shown_numbers["ten_layers"] == pytest.approx(0.25**10)
    assert any("0.25" in t and "10⁻⁶" in t for t in shown_text(scene))


def test_the_layout_check_catches_overlap():
    a = Text("overlap", font_size=30)
    b = Text("overlap", font_size=30).shift(0.1 * np.array([1.0, 0.0, 0.0]))
    c = Text("apart", font_size=30).shift(3.0 * np.array([0.0, 1.0, 0.0]))
    assert overlap(a, b) and not overlap(a, c)


def test_universal_approximation_shows_the_cores_errors(media_dir):
    from explainer.core import approximation

    scene = dry_run("universal-approximation", media_dir=media_dir)
    p = scene.spec.params
    for n in (1, 2, 4, 8, 16, 32):
        assert scene.shown_numbers[f"nonlinear_error_{n}"] == approximation.fit(
            p["activation"], n).max_error
        assert scene.shown_numbers[f"identity_error_{n}"] == pytest.approx(
            approximation.best_line().max_error, rel=1e-9)
    assert any(f"{approximation.fit('relu', 32).max_error:.3f}" in t for t in shown_text(scene))


def test_training_comparison_shows_the_cores_runs(media_dir):
    from explainer.core import training

    scene = dry_run("training-comparison", media_dir=media_dir)
    runs = training.compare(tuple(scene.spec.params["activations"]))
    for name, run in runs.items():
        assert scene.shown_numbers[f"accuracy_{name}"] == run.test_accuracy
        assert scene.shown_numbers[f"loss_{name}"] == run.loss[-1]
    texts = shown_text(scene)
    assert any(f"{runs['relu'].test_accuracy:.1%}" in t for t in texts)


def test_choosing_shows_softmax_and_the_diagnosis_from_the_core(media_dir):
    from explainer.core.dead_neurons import train_and_watch
    from explainer.core.gradients import gradient_norms_by_layer
    from explainer.core.softmax import softmax

    scene = dry_run("choosing-an-activation", media_dir=media_dir)
    p = scene.spec.params
    probs = softmax(np.array(p["logits"]))
    for i, value in enumerate(probs):
        assert scene.shown_numbers[f"p_{i}"] == value
    assert scene.shown_numbers["dead_share"] == train_and_watch(
        "relu", p["dead_learning_rate"]).dead_fraction[-1]
    norms = gradient_norms_by_layer("sigmoid", "xavier", depth=p["depth"])
    assert scene.shown_numbers["gradient_ratio"] == norms[0] / norms[-1]
    assert any("10⁻⁷" in t for t in shown_text(scene))  # teaching notation, not 3.8e-07


def test_decision_boundary_shows_the_cores_accuracies(media_dir):
    """What the scene shows against what is computed here: each network's final weights
    classified by a forward pass written in the test, and a linear network bounded by
    scikit-learn's logistic regression on the same points."""
    from sklearn.linear_model import LogisticRegression

    from explainer.core import separability
    from tests.core.test_separability import by_hand

    scene = dry_run("decision-boundary", "zh", "light", media_dir=media_dir)
    p = scene.spec.params
    texts = shown_text(scene)
    functions = {"none": lambda z: z, "relu": lambda z: np.maximum(z, 0), "tanh": np.tanh}
    for kind in ("xor", "moons"):
        X, y = separability.dataset(kind, p["points"], p[f"{kind}_noise"], p["data_seed"])
        linear = LogisticRegression(C=1e4, max_iter=10_000).fit(X, y).score(X, y)
        for name, act in (("none", separability.NONE), ("relu", "relu"), ("tanh", "tanh")):
            final = separability.train(X, y, act, p["hidden"], p["epochs"], p["learning_rate"],
                                       p["seed"]).snapshots[-1]
            expected = float(np.mean((by_hand(final, functions[name], X) > 0.5) == y))
            shown = scene.shown_numbers[f"{kind}_accuracy_{name}"]
            assert shown == pytest.approx(expected, abs=1e-12)
            assert any(f"{expected:.1%}" in t for t in texts)
            if name == "none":  # no hidden activation: a line, no better than the best line
                assert shown <= linear + 0.02
            elif kind == "xor":  # a bent boundary: far better than any line
                assert shown >= linear + 0.2
    assert scene.shown_numbers["xor_accuracy_none"] < 0.65
    assert scene.shown_numbers["plane_accuracy"] >= 0.99


def test_decision_boundary_with_one_activation(media_dir):
    scene = dry_run("decision-boundary", overrides={"activations": ["gelu"]},
                    media_dir=media_dir)
    check_layout(scene)
    assert {k for k in scene.shown_numbers if k.startswith("xor_")} == {
        "xor_accuracy_none", "xor_accuracy_gelu"}


def test_the_layout_check_catches_a_number_too_small_for_a_phone(media_dir):
    from manim import MathTex

    from explainer.kit.theme import LABEL_SIZE, NUMBER_SIZE
    from explainer.settings import FONT

    scene = dry_run("activation-relu", media_dir=media_dir)
    check_layout(scene)
    section, blocks = scene.layout_log[-1]
    sizes = testing.number_sizes(scene)
    assert sizes and min(px for px, _ in sizes) >= testing.MIN_DIGIT_PX
    for small in (MathTex("0.25", font_size=NUMBER_SIZE - 4),
                  Text("x = 0.25", font=FONT, font_size=LABEL_SIZE - 3),
                  MathTex("0.25", font_size=NUMBER_SIZE).scale(0.85)):  # shrunk to fit
        small.to_corner([-1, -1, 0], buff=0.1)
        scene.layout_log[-1] = (section, [*blocks, small])
        with pytest.raises(AssertionError, match="numbers under 6 px tall on a 390 px phone"):
            check_layout(scene)
    for fine in (MathTex("0.25", font_size=NUMBER_SIZE),
                 Text("x = 0.25", font=FONT, font_size=LABEL_SIZE),
                 Text("W₁ and e₂", font=FONT, font_size=LABEL_SIZE - 6)):  # subscripts only
        fine.to_corner([-1, -1, 0], buff=0.1)
        scene.layout_log[-1] = (section, [*blocks, fine])
        check_layout(scene)
