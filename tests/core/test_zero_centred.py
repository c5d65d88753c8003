"""The zero-centred core against independent references: scipy's expit and numpy's tanh for
the inputs, a descent written out in plain Python floats, central differences of each step's
loss for its gradient, the quadratic form for the loss and its contours, and the sign argument
itself (positive inputs: one sign per step, always)."""

import math

import numpy as np
import pytest
from scipy.special import expit

from explainer.content.params import load_params
from explainer.core import zero_centred as zc
from tests.conftest import CAT

P = load_params("zero-centred-outputs", "zero-centred-outputs",
                CAT.get("zero-centred-outputs").params, CAT.content_dir)


@pytest.fixture(scope="module")
def runs():
    return {squash: zc.descend(zc.inputs(squash, P["samples"], P["spread"], P["seed"]),
                               np.array(P["teacher"]), np.array(P["start"]),
                               P["learning_rate"], P["steps"])
            for squash in ("sigmoid", "tanh")}


def test_the_inputs_are_the_squashed_draws():
    raw = np.random.default_rng(P["seed"]).normal(0.0, P["spread"], (P["samples"], 2))
    np.testing.assert_allclose(zc.inputs("sigmoid", P["samples"], P["spread"], P["seed"]),
                               expit(raw), rtol=1e-12)
    np.testing.assert_allclose(zc.inputs("tanh", P["samples"], P["spread"], P["seed"]),
                               np.tanh(raw), rtol=1e-12)
    with pytest.raises(ValueError, match="known: sigmoid, tanh"):
        zc.inputs("relu", 3, 1.0, 0)


def by_hand(a, teacher, start, lr, steps):
    """The same descent in plain floats, one multiplication at a time."""
    w1, w2 = float(start[0]), float(start[1])
    path = [(w1, w2)]
    for k in range(steps):
        x1, x2 = (float(v) for v in a[k % len(a)])
        error = w1 * x1 + w2 * x2 - (teacher[0] * x1 + teacher[1] * x2)
        w1, w2 = w1 - lr * error * x1, w2 - lr * error * x2
        path.append((w1, w2))
    return np.array(path)


@pytest.mark.parametrize("squash", ["sigmoid", "tanh"])
def test_the_path_and_each_gradient(runs, squash):
    run = runs[squash]
    np.testing.assert_allclose(run.path, by_hand(run.inputs, P["teacher"], P["start"],
                                                 P["learning_rate"], P["steps"]),
                               rtol=1e-12, atol=1e-12)
    for k in (0, 1, P["steps"] // 2, P["steps"] - 1):
        a = run.inputs[k % len(run.inputs)]
        t = a @ run.teacher

        def one(w, a=a, t=t):
            return 0.5 * (w @ a - t) ** 2
        h = 1e-6
        central = [(one(run.path[k] + h * e) - one(run.path[k] - h * e)) / (2 * h)
                   for e in np.eye(2)]
        np.testing.assert_allclose(run.gradients[k], central, rtol=1e-6, atol=1e-9)


def test_positive_inputs_give_one_sign_per_step_and_a_longer_way(runs):
    sig, tanh = runs["sigmoid"], runs["tanh"]
    assert np.all(sig.inputs > 0) and np.any(tanh.inputs < 0)
    assert sig.same_sign_share() == 1.0  # δ · a with a > 0: the sign of δ, twice
    assert set(sig.quadrants()) <= {0, 2}
    assert tanh.same_sign_share() < 0.8 and set(tanh.quadrants()) == {0, 1, 2, 3}
    fast, slow = tanh.steps_to(P["tolerance"]), sig.steps_to(P["tolerance"])
    assert fast is not None and slow is not None and slow >= 2 * fast
    for run, steps in ((sig, slow), (tanh, fast)):  # the count, recounted
        d = np.hypot(*(run.path - run.teacher).T)
        assert np.all(d[steps:] <= P["tolerance"]) and d[steps - 1] > P["tolerance"]
    # the loss's shape: positive inputs make C lopsided (a long, narrow valley)
    cond = {k: np.linalg.cond(r.curvature) for k, r in runs.items()}
    assert cond["sigmoid"] > 3 * cond["tanh"]


@pytest.mark.parametrize("squash", ["sigmoid", "tanh"])
def test_the_loss_and_its_contours_in_closed_form(runs, squash):
    run = runs[squash]
    w = np.array([[0.3, -0.2], [-1.0, 2.0], list(run.teacher)])
    C = sum(np.outer(a, a) for a in run.inputs) / len(run.inputs)
    expected = [0.5 * (x - run.teacher) @ C @ (x - run.teacher) for x in w]
    np.testing.assert_allclose(run.loss(w), expected, rtol=1e-10, atol=1e-15)
    assert run.loss(w)[-1] == pytest.approx(0.0, abs=1e-20)
    for level in (0.01, 0.2, 1.0):
        ring = run.contour(level, 90)
        np.testing.assert_allclose(run.loss(ring), level, rtol=1e-9)
        assert math.isclose(ring[0][0], ring[-1][0]) and math.isclose(ring[0][1], ring[-1][1])
