"""What a network without activations cannot do: separate classes that no straight line splits.

Two 2-D data sets (XOR-like quadrants, scikit-learn's two moons), a 2 -> hidden -> 2 network
trained on each with Adam from the same initial weights (the training core's network, loss and
optimiser; only the activation differs, ``NONE`` for no activation), its class-1 probability on
a grid, and the boundary where that probability is 0.5 (contourpy's contour lines). A run keeps
its data, initial weights and the weights at chosen epochs, so it can be replayed and checked.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import contourpy
import numpy as np

from explainer.core import Array, training
from explainer.core.registry import Activation, resolve

DATASETS = ("xor", "moons")
EXTENT = 1.25  # the plotted square is [-EXTENT, EXTENT]^2
INSIDE = 1.2  # every data point lies in [-INSIDE, INSIDE]^2 (the rare far outlier is clipped)


def _identity(x: Array) -> Array:
    return x


def _one(x: Array) -> Array:
    return np.ones_like(x)


NONE = Activation("none", _identity, _one, "x", "1", (-np.inf, np.inf), zero_centered=True,
                  monotonic=True, bounded=False, smooth=True)


def dataset(kind: str, points: int, noise: float, seed: int) -> tuple[Array, np.ndarray]:
    """``points`` samples of ``kind`` ('xor' or 'moons') with labels 0/1, inside the square.

    XOR: four clusters of ``points // 4``, one per quadrant, around (+-0.6, +-0.6) with
    standard deviation ``noise``; class 1 where x and y share a sign. Moons: ``make_moons``
    centred and scaled into [-1, 1]^2, ``noise`` being its own.
    """
    if kind == "xor":
        rng = np.random.default_rng(seed)
        X = np.concatenate([0.6 * np.array(sign) + rng.normal(0.0, noise, (points // 4, 2))
                            for sign in ([1, 1], [-1, 1], [-1, -1], [1, -1])])
        y = (X[:, 0] * X[:, 1] > 0).astype(int)
    elif kind == "moons":
        from sklearn.datasets import make_moons

        raw, labels = make_moons(n_samples=points, noise=noise, random_state=seed)
        X, y = (raw - np.array([0.5, 0.25])) / 1.6, labels.astype(int)
    else:
        raise ValueError(f"unknown data set {kind!r}; known: {', '.join(DATASETS)}")
    return np.clip(X, -INSIDE, INSIDE), y


@dataclass(frozen=True)
class Run:
    """One training run: the data, the initial weights, and the weights at ``epochs``."""

    activation: Activation
    X: Array
    y: np.ndarray
    initial: training.Params
    epochs: tuple[int, ...]  # the epochs whose weights were kept (0 = before training)
    snapshots: tuple[training.Params, ...]
    loss: Array  # the loss before each update

    @property
    def final(self) -> training.Params:
        return self.snapshots[-1]

    def accuracy(self, index: int = -1) -> float:
        return accuracy(self.snapshots[index], self.activation, self.X, self.y)


def train(X: Array, y: np.ndarray, activation: str | Activation, hidden: int, epochs: int,
          lr: float, seed: int, keep: int = 40) -> Run:
    """Full-batch Adam on softmax cross-entropy; weights kept at about ``keep`` + 1 epochs
    from 0 to ``epochs``, closer together early on, where the boundary moves most."""
    act = resolve(activation)
    initial = training.init_params(seed, (2, hidden, 2))
    params = [p.copy() for p in initial]
    optimiser = training.Adam(lr)
    wanted = sorted({round(epochs * t * t) for t in np.linspace(0.0, 1.0, keep + 1)})
    snapshots, losses = [], []
    for epoch in range(epochs + 1):
        if epoch in wanted:
            snapshots.append([p.copy() for p in params])
        if epoch == epochs:
            break
        loss, grads = training.loss_and_gradients(params, X, y, act)
        losses.append(loss)
        optimiser.step(params, grads)
    return Run(act, X, y, initial, tuple(wanted), tuple(snapshots), np.array(losses))


def probability(params: training.Params, activation: Activation, X: Array) -> Array:
    """The network's probability of class 1 for each row of X (softmax over two logits)."""
    logits, _, _ = training.forward(params, X, activation)
    return 1.0 / (1.0 + np.exp(logits[:, 0] - logits[:, 1]))


def accuracy(params: training.Params, activation: Activation, X: Array, y: np.ndarray) -> float:
    return float(np.mean((probability(params, activation, X) > 0.5) == (y == 1)))


def grid(n: int) -> Array:
    """n evenly spaced values across the plotted square."""
    return np.linspace(-EXTENT, EXTENT, n)


def probability_grid(params: training.Params, activation: Activation, n: int) -> Array:
    """P(class 1) on an n x n grid; row i is y = grid(n)[i], column j is x = grid(n)[j]."""
    xs = grid(n)
    gx, gy = np.meshgrid(xs, xs)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    return probability(params, activation, points).reshape(n, n)


def boundary(params: training.Params, activation: Activation, n: int) -> list[Array]:
    """The 0.5 level of the class-1 probability: polylines (k, 2) in data coordinates."""
    return level_lines(grid(n), probability_grid(params, activation, n))


def level_lines(xs: Array, z: Array, level: float = 0.5) -> list[Array]:
    """Where ``z`` (sampled on the square grid ``xs`` x ``xs``, rows along y) crosses
    ``level``: polylines (k, 2), traced by contourpy."""
    lines = contourpy.contour_generator(x=xs, y=xs, z=z).lines(level)
    return [np.asarray(line) for line in lines if len(line) > 1]


BANDS = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)  # probability levels between shaded regions


def bands(xs: Array, z: Array, levels: tuple[float, ...] = BANDS) -> list[list[Array]]:
    """The regions where ``z`` lies between consecutive ``levels`` (contourpy's filled
    contours): per band, its closed rings (k, 2), each outer boundary followed by its holes
    (opposite orientation, so a non-zero winding fill leaves the holes empty)."""
    generator = contourpy.contour_generator(x=xs, y=xs, z=z,
                                            fill_type=contourpy.FillType.OuterOffset)
    edges = [*levels[:-1], levels[-1] + 1e-9]  # the top band includes z = 1 exactly
    regions = []
    for lower, upper in itertools.pairwise(edges):
        filled = generator.filled(lower, upper)
        points, offsets = filled[0], filled[1]
        regions.append([ring for pts, off in zip(points, offsets, strict=True)
                        for ring in np.split(np.asarray(pts), np.asarray(off)[1:-1])])
    return regions


def hidden_outputs(params: training.Params, activation: Activation, X: Array) -> Array:
    """What the hidden layer hands to the output layer: f(W1 x + b1) for each row of X."""
    _, _, outputs = training.forward(params, X, activation)
    return outputs[1]


def output_line(params: training.Params) -> tuple[Array, float]:
    """The output layer's boundary in the hidden layer's space: the points h with
    ``w . h + c = 0`` (equal logits), returned as (w, c). It is a straight line (a plane
    for more hidden units): the output layer is linear."""
    W2, b2 = params[2], params[3]
    return W2[1] - W2[0], float(b2[1] - b2[0])


def output_probability_grid(params: training.Params, xs: Array) -> Array:
    """P(class 1) as the output layer alone sees it, on the grid ``xs`` x ``xs`` of the
    hidden plane (two hidden units; rows along h2)."""
    w, c = output_line(params)
    h1, h2 = np.meshgrid(xs, xs)
    return 1.0 / (1.0 + np.exp(-(w[0] * h1 + w[1] * h2 + c)))
