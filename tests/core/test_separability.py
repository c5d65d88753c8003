"""The decision-boundary core against independent computations: scikit-learn's data and
classifiers, a forward pass written here, and geometry (central differences of its gradients,
with no activation too, are in test_training)."""

import numpy as np
import pytest
from sklearn.datasets import make_moons
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.svm import LinearSVC

from explainer.core import separability as S

# The scene's numbers (scenes/content/params.toml [decision-boundary]).
POINTS, XOR_NOISE, MOONS_NOISE, DATA_SEED = 200, 0.2, 0.12, 3
HIDDEN, EPOCHS, LR, SEED = 12, 300, 0.05, 0


@pytest.fixture(scope="module")
def xor():
    return S.dataset("xor", POINTS, XOR_NOISE, DATA_SEED)


@pytest.fixture(scope="module")
def runs(xor):
    return {name: S.train(*xor, act, HIDDEN, EPOCHS, LR, SEED)
            for name, act in (("none", S.NONE), ("relu", "relu"), ("tanh", "tanh"))}


def by_hand(params, f, X):
    """P(class 1) of a 2 -> h -> 2 network, written out."""
    W1, b1, W2, b2 = params
    logits = f(X @ W1.T + b1) @ W2.T + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e[:, 1] / e.sum(axis=1)


def test_the_data_sets(xor):
    X, y = xor
    assert X.shape == (POINTS, 2) and np.all(np.abs(X) <= S.INSIDE)
    assert y.mean() == 0.5
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(int)
                                  | (X[:, 0] * X[:, 1] > 0))
    Xm, ym = S.dataset("moons", POINTS, MOONS_NOISE, DATA_SEED)
    raw, labels = make_moons(n_samples=POINTS, noise=MOONS_NOISE, random_state=DATA_SEED)
    np.testing.assert_array_equal(ym, labels)
    np.testing.assert_allclose(Xm * 1.6 + [0.5, 0.25], raw)  # no point needed clipping
    with pytest.raises(ValueError, match="known: xor, moons"):
        S.dataset("spirals", 10, 0.1, 0)


def test_runs_share_their_start_and_accuracies_match_a_forward_pass_by_hand(xor, runs):
    X, y = xor
    functions = {"none": lambda z: z, "relu": lambda z: np.maximum(z, 0), "tanh": np.tanh}
    for name, run in runs.items():
        for a, b in zip(run.initial, runs["none"].initial, strict=True):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(run.snapshots[0][0], run.initial[0])
        assert run.epochs[0] == 0 and run.epochs[-1] == EPOCHS and len(run.loss) == EPOCHS
        for k in (0, len(run.epochs) // 2, -1):
            p = by_hand(run.snapshots[k], functions[name], X)
            np.testing.assert_allclose(S.probability(run.snapshots[k], run.activation, X), p,
                                       rtol=1e-12)
            assert run.accuracy(k) == accuracy_score(y, p > 0.5)


def test_no_line_separates_xor_and_an_activation_does(xor, runs):
    X, y = xor
    # a straight line (logistic regression, a linear SVM) does no better than chance here
    assert LogisticRegression().fit(X, y).score(X, y) < 0.65
    assert runs["none"].accuracy() < 0.65
    assert runs["relu"].accuracy() == runs["tanh"].accuracy() == 1.0
    # the linear network is one affine map: its logit difference is affine in x
    W1, b1, W2, b2 = runs["none"].final
    w, c = (W2[1] - W2[0]) @ W1, (W2[1] - W2[0]) @ b1 + b2[1] - b2[0]
    np.testing.assert_allclose(S.probability(runs["none"].final, S.NONE, X),
                               1 / (1 + np.exp(-(X @ w + c))), rtol=1e-10)


def test_the_boundary_is_where_the_probability_is_one_half(runs):
    for run in runs.values():
        lines = S.boundary(run.final, run.activation, 96)
        assert lines
        for line in lines:
            p = S.probability(run.final, run.activation, line)
            assert np.max(np.abs(p - 0.5)) < 0.03
    # without an activation it is one straight segment: its points are collinear
    (line,) = S.boundary(runs["none"].final, S.NONE, 96)
    centred = line - line.mean(axis=0)
    singular = np.linalg.svd(centred, compute_uv=False)
    assert singular[1] < 1e-6 * singular[0]
    # with one, it bends
    for name in ("relu", "tanh"):
        points = np.concatenate(S.boundary(runs[name].final, runs[name].activation, 96))
        singular = np.linalg.svd(points - points.mean(axis=0), compute_uv=False)
        assert singular[1] > 0.1 * singular[0]


def signed_area(ring):
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_the_shaded_bands_tile_the_square_and_match_the_grid(runs):
    run = runs["tanh"]
    n = 96
    xs = S.grid(n)
    prob = S.probability_grid(run.final, run.activation, n)
    bands = S.bands(xs, prob)
    assert len(bands) == len(S.BANDS) - 1
    areas = [sum(signed_area(r) for r in rings) for rings in bands]  # holes count negative
    side = 2 * S.EXTENT
    assert sum(areas) == pytest.approx(side**2, rel=1e-9)
    upper = sum(areas[len(areas) // 2:]) / side**2  # the bands above 0.5
    assert upper == pytest.approx(np.mean(prob > 0.5), abs=0.03)


def test_the_hidden_plane_makes_xor_linearly_separable(xor):
    X, y = xor
    run = S.train(X, y, "tanh", 2, EPOCHS, LR, 3, keep=1)
    W1, b1 = run.final[0], run.final[1]
    H = S.hidden_outputs(run.final, run.activation, X)
    np.testing.assert_allclose(H, np.tanh(X @ W1.T + b1), rtol=1e-12)
    assert LogisticRegression().fit(X, y).score(X, y) < 0.65
    assert LinearSVC(C=100.0).fit(H, y).score(H, y) >= 0.99  # a line in the hidden plane
    w, c = S.output_line(run.final)
    assert accuracy_score(y, H @ w + c > 0) == run.accuracy() >= 0.99
    xs = np.linspace(-1.1, 1.1, 64)
    (line,) = S.level_lines(xs, S.output_probability_grid(run.final, xs))
    np.testing.assert_allclose(line @ w + c, 0.0, atol=1e-3)  # the drawn line is that line
