"""The words a scene shows and says, judged as a viewer reads them: each sentence that carries a
number, whole, with the number computed here (from the note's formulas, numpy and scipy, or the
core where nothing else computes it) and in its place in the sentence. A scene that swaps two
values, shows the wrong one, or drops one, while the numbers it records stay right, fails.

``check_words(scene)`` is called on every dry run (tests/scenes/test_dry_run.py)."""

import numpy as np
from manim import Text
from scipy import special

from explainer.kit.readout import Readout


def squeeze(text):
    return "".join(text.split())


def shown(scene):
    """Every text on screen at any section's end, whitespace removed (a wrapped line is the
    same sentence)."""
    return {squeeze(m.text) for _, blocks in scene.layout_log for m in blocks
            if isinstance(m, Text | Readout)}


def said(scene):
    return [c.text for c in scene.captions]


def expect_shown(scene, key, **values):
    sentence = scene.spec.t(key, **values)
    texts = shown(scene)
    assert squeeze(sentence) in texts, (
        f"{scene.spec.id} [{scene.spec.lang}] should show {sentence!r}; it shows "
        f"{sorted(t for t in texts if any(ch.isdigit() for ch in t))}")


def expect_said(scene, key, **values):
    sentence = scene.spec.t(key, **values)
    assert sentence in said(scene), f"{scene.spec.id} should say {sentence!r}"


def slope(f, x, h=1e-5):
    """Central differences: the derivative without the core's df."""
    return (f(x + h) - f(x - h)) / (2 * h)


def peak_of(f, x_range):
    """(x, slope) where the slope of ``f`` peaks on ``x_range``, located on a fine grid."""
    xs = np.linspace(*x_range, 400_001)
    ds = slope(f, xs)
    i = int(np.argmax(ds))
    return float(xs[i]), float(ds[i])


# the functions as the note writes them, never the core's
NOTE = {
    "sigmoid": special.expit,
    "tanh": np.tanh,
    "silu": lambda x: x * special.expit(x),
    "gelu": lambda x: x * special.ndtr(x),
    "mish": lambda x: x * np.tanh(np.logaddexp(0, x)),
}


def activation(scene, name):
    p, spec = scene.spec.params, scene.spec
    title = spec.t("title")
    expect_said(scene, "captions.intro", name=title)
    expect_said(scene, "captions.curve", name=title)
    core = scene.activations[name]
    if name in ("sigmoid", "tanh", "silu", "gelu", "mish"):
        peak_x, peak = peak_of(NOTE[name], tuple(p["x_range"]))
        values = {"peak": peak, "peak_x": peak_x, "ten_layers": peak**10}
        if name == "tanh":
            values["sat_edge"] = scene.shown_numbers["sat_edge"]  # the core's threshold
        expect_shown(scene, "takeaway", **values)
        if name == "sigmoid" and spec.lang == "en":  # the notation itself, written out
            assert squeeze("at most 10⁻⁶") in squeeze(spec.t("takeaway", **values))
    elif name in ("leaky_relu", "prelu"):
        negative = round(float(slope(core.f, -2.0)), 10)  # the slope the drawn curve has
        expect_shown(scene, "takeaway", alpha=negative)
    elif name == "hard_sigmoid":
        xs = np.linspace(0, 10, 100_001)
        flat = xs[np.abs(slope(core.f, xs, 1e-7)) < 1e-9]
        expect_shown(scene, "takeaway", dead_edge=round(float(flat.min()), 3))  # grid: 1e-4


def linear_collapse(scene):
    p = scene.spec.params
    W1, b1, W2, b2 = (np.array(p[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    x = np.array(p["point"], dtype=float)
    h = W1 @ x + b1
    y = W2 @ h + b2
    single = (W2 @ W1) @ x + (W2 @ b1 + b2)
    for key, (a, b) in (("point_in", x), ("point_h", h), ("point_y", y),
                        ("point_single", single)):
        expect_shown(scene, f"labels.{key}", a=a, b=b)
    ticks = np.linspace(-p["grid_extent"], p["grid_extent"], 25)
    pts = np.array([(u, v) for v in ticks for u in ticks])
    bent = np.maximum(pts @ W1.T + b1, 0) @ W2.T + b2
    design = np.hstack([pts, np.ones((len(pts), 1))])
    residual = bent - design @ np.linalg.lstsq(design, bent, rcond=None)[0]
    rms = np.sqrt(np.mean(residual**2))
    spread = np.sqrt(np.mean((bent - bent.mean(axis=0)) ** 2))
    expect_shown(scene, "labels.residual", rms=rms, relative=rms / spread)


def dying_relu(scene):
    from explainer.core.dead_neurons import train_and_watch

    p = scene.spec.params
    # the note's example: ten units, inputs in [0, 2], weights -5..5 without 0; the five
    # with a negative weight output 0 for every input
    expect_shown(scene, "labels.dead_count", dead=5, total=10)
    for name in ("relu", p["compare_activation"]):
        share = train_and_watch(scene.activations[name], learning_rate=p["learning_rate"],
                                steps=p["steps"], hidden=p["hidden"],
                                seed=p["seed"]).dead_fraction[-1]
        expect_shown(scene, "labels.final", activation=scene.spec.t(f"names.{name}"),
                     percent=share)


def vanishing_gradient(scene):
    from explainer.core.gradients import gradient_norms_by_layer

    p = scene.spec.params
    for kind in ("vanish", "healthy", "explode"):
        norms = gradient_norms_by_layer(p[f"{kind}_activation"], p[f"{kind}_init"],
                                        depth=p["depth"], width=p["width"], batch=p["batch"],
                                        seed=p["seed"], large_std=p["large_std"])
        expect_shown(scene, "labels.ratio", ratio=norms[0] / norms[-1])


def universal_approximation(scene):
    from explainer.core import approximation

    act = scene.spec.params["activation"]
    for n in (1, 2, 4, 8, 16, 32):
        expect_shown(scene, "labels.row", n=n, error=approximation.fit(act, n).max_error)
    expect_said(scene, "captions.units", activation=scene.spec.t(f"names.{act}"))


def training_comparison(scene):
    from explainer.core import training

    runs = training.compare(tuple(scene.spec.params["activations"]))
    for name, run in runs.items():
        label = scene.spec.t(f"names.{name}")
        expect_shown(scene, "labels.legend_row", activation=label, loss=run.loss[-1])
        expect_shown(scene, "labels.bar_value", accuracy=run.test_accuracy)


def choosing(scene):
    from explainer.core.dead_neurons import train_and_watch
    from explainer.core.gradients import gradient_norms_by_layer

    p = scene.spec.params
    z = np.array(p["logits"], dtype=float)
    probabilities = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    for logit, prob in zip(z, probabilities, strict=True):
        expect_shown(scene, "labels.logit", z=logit)
        expect_shown(scene, "labels.probability", p=prob)
    share = train_and_watch("relu", p["dead_learning_rate"]).dead_fraction[-1]
    expect_shown(scene, "labels.dead_share", percent=share, lr=p["dead_learning_rate"])
    norms = gradient_norms_by_layer("sigmoid", "xavier", depth=p["depth"])
    expect_shown(scene, "labels.gradient_ratio", ratio=norms[0] / norms[-1], depth=p["depth"])


def zero_centred(scene):
    p = scene.spec.params
    steps = [scene.shown_numbers[f"steps_to_{s}"] for s in ("sigmoid", "tanh")]
    assert steps[0] > steps[1], "sigmoid inputs settle later than tanh inputs"
    expect_said(scene, "captions.count", slow=int(steps[0]), fast=int(steps[1]))
    for n in steps:
        expect_shown(scene, "labels.reached", steps=int(n), tolerance=p["tolerance"])


CHECKS = {
    "linear-collapse": linear_collapse, "dying-relu": dying_relu,
    "vanishing-gradient": vanishing_gradient, "universal-approximation": universal_approximation,
    "training-comparison": training_comparison, "choosing-an-activation": choosing,
    "zero-centred-outputs": zero_centred,
}


def check_words(scene):
    """The sentences with numbers that ``scene`` shows and says, where a check knows them."""
    scene_id = scene.spec.id
    if scene_id.startswith("activation-") and scene_id != "activation-overview":
        activation(scene, scene_id.removeprefix("activation-").replace("-", "_"))
    elif scene_id in CHECKS:
        CHECKS[scene_id](scene)
