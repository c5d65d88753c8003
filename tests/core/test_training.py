import os
import subprocess
import sys

import numpy as np
import pytest

from explainer.core import training as T
from explainer.core.separability import NONE

TINY = (3, 4, 4, 2)


# NONE: the decision-boundary scene's network without an activation
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "elu", "gelu", "silu", NONE],
                         ids=lambda a: a if isinstance(a, str) else a.name)
def test_gradients_match_central_differences(activation):
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, 7)
    params = T.init_params(3, TINY)
    _, grads = T.loss_and_gradients(params, X, y, activation)
    h = 1e-6
    for p, g in zip(params, grads, strict=True):
        numeric = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            keep = p[i]
            p[i] = keep + h
            up, _ = T.loss_and_gradients(params, X, y, activation)
            p[i] = keep - h
            down, _ = T.loss_and_gradients(params, X, y, activation)
            p[i] = keep
            numeric[i] = (up - down) / (2 * h)
        np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-8)


def test_adam_first_steps_follow_the_rule_by_hand():
    p = [np.array([1.0, -2.0])]
    adam = T.Adam(lr=0.1)
    g1, g2 = np.array([0.5, -0.1]), np.array([0.2, 0.3])
    adam.step(p, [g1])
    # step 1: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2 -> p -= lr g / (|g| + eps)
    np.testing.assert_allclose(p[0], [1.0 - 0.1 * 0.5 / (0.5 + 1e-8),
                                      -2.0 + 0.1 * 0.1 / (0.1 + 1e-8)])
    before = p[0].copy()
    adam.step(p, [g2])
    m = 0.9 * 0.1 * g1 + 0.1 * g2
    v = 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    np.testing.assert_allclose(p[0], before - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8))


def test_same_seed_same_numbers_and_the_notes_data():
    data = T.note_data()
    assert data.X_train.shape == (800, 20) and data.X_test.shape == (200, 20)
    a, b = T.train("relu", epochs=5, data=data), T.train("relu", epochs=5, data=data)
    np.testing.assert_array_equal(a.loss, b.loss)
    for p, q in zip(a.initial, T.init_params(0), strict=True):
        np.testing.assert_array_equal(p, q)
    assert T.train("relu", epochs=5, seed=1, data=data).loss[0] != a.loss[0]


def test_every_activation_learns_and_sigmoid_starts_slowest():
    runs = T.compare()
    for run in runs.values():
        assert run.loss[-1] < 0.5 * run.loss[0] and run.test_accuracy > 0.85
    drop = {name: run.loss[0] - run.loss[20] for name, run in runs.items()}
    assert min(drop, key=drop.get) == "sigmoid"


def test_the_whole_comparison_takes_under_ten_seconds_of_one_core():
    code = ("import time; from explainer.core import training as T; t = time.process_time(); "
            "T.compare(); print(time.process_time() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}).stdout
    assert float(out) < 10.0
