"""Affine layers: stacking them without an activation collapses them into one.

``W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)``. With an activation between the layers the
map is no longer affine; ``best_affine_fit`` measures by how much. Points are rows: an array of
shape (..., d) holds points of dimension d.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from explainer.core import Array
from explainer.core.registry import Activation


@dataclass(frozen=True)
class Affine:
    """x -> W x + b, with W of shape (d_out, d_in) and b of shape (d_out,)."""

    W: Array
    b: Array

    @classmethod
    def of(cls, W: ArrayLike, b: ArrayLike) -> Affine:
        W_arr = np.atleast_2d(np.asarray(W, dtype=np.float64))
        b_arr = np.atleast_1d(np.asarray(b, dtype=np.float64))
        if b_arr.shape != (W_arr.shape[0],):
            raise ValueError(f"bias of shape {b_arr.shape} does not fit W of shape {W_arr.shape}")
        return cls(W_arr, b_arr)

    def __call__(self, points: ArrayLike) -> Array:
        return np.asarray(points, dtype=np.float64) @ self.W.T + self.b


def compose(layers: Sequence[Affine]) -> Affine:
    """The single affine map equal to applying ``layers`` first to last.

    For two layers: W' = W2 W1 and b' = W2 b1 + b2; longer stacks fold the same way.
    """
    if not layers:
        raise ValueError("compose needs at least one layer")
    W, b = layers[0].W, layers[0].b
    for layer in layers[1:]:
        if layer.W.shape[1] != W.shape[0]:
            raise ValueError(
                f"layer of shape {layer.W.shape} cannot follow output size {W.shape[0]}"
            )
        W, b = layer.W @ W, layer.W @ b + layer.b
    return Affine(W, b)


def trace_stages(
    layers: Sequence[Affine], points: ArrayLike, activation: Activation | None = None
) -> list[Array]:
    """Points after each stage: input, layer 1, [activation], layer 2, [activation], ...

    The activation (if any) sits between layers, not after the last one, as in the picture of
    a hidden layer feeding a linear output.
    """
    stages = [np.asarray(points, dtype=np.float64)]
    for i, layer in enumerate(layers):
        stages.append(layer(stages[-1]))
        if activation is not None and i < len(layers) - 1:
            stages.append(activation.f(stages[-1]))
    return stages


def run_layers(
    layers: Sequence[Affine], points: ArrayLike, activation: Activation | None = None
) -> Array:
    """The network's output: the layers applied in turn, with ``activation`` between them."""
    return trace_stages(layers, points, activation)[-1]


def collapse_error(layers: Sequence[Affine], points: ArrayLike) -> float:
    """Largest gap between the composed map and the layers run one after another."""
    return float(np.max(np.abs(compose(layers)(points) - run_layers(layers, points))))


@dataclass(frozen=True)
class AffineFit:
    """The least-squares affine map from inputs to outputs and what it leaves unexplained."""

    affine: Affine
    rms_residual: float
    max_residual: float
    relative_residual: float  # rms residual / rms spread of the outputs around their mean


def best_affine_fit(inputs: ArrayLike, outputs: ArrayLike) -> AffineFit:
    """Fit outputs ~ W inputs + b by least squares; a residual of ~0 means the map is affine."""
    X = np.asarray(inputs, dtype=np.float64).reshape(-1, np.shape(inputs)[-1])
    Y = np.asarray(outputs, dtype=np.float64).reshape(-1, np.shape(outputs)[-1])
    design = np.hstack([X, np.ones((X.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(design, Y, rcond=None)
    residual = Y - design @ coef
    rms = float(np.sqrt(np.mean(residual**2)))
    spread = float(np.sqrt(np.mean((Y - Y.mean(axis=0)) ** 2)))
    return AffineFit(
        affine=Affine.of(coef[:-1].T, coef[-1]),
        rms_residual=rms,
        max_residual=float(np.max(np.abs(residual))),
        relative_residual=rms / spread if spread > 0 else 0.0,
    )


def grid_points(extent: float, n: int) -> Array:
    """An n x n lattice of 2-D points covering [-extent, extent]^2, shape (n*n, 2)."""
    ticks = np.linspace(-extent, extent, n)
    xs, ys = np.meshgrid(ticks, ticks)
    return np.column_stack([xs.ravel(), ys.ravel()])


def grid_lines(extent: float, n_lines: int, samples: int = 60) -> Array:
    """Lines of a square grid as polylines, shape (2 * n_lines, samples, 2).

    Sampled densely so that a curved map (an activation between layers) bends them smoothly.
    """
    ticks = np.linspace(-extent, extent, n_lines)
    along = np.linspace(-extent, extent, samples)
    vertical = np.stack([np.column_stack([np.full(samples, t), along]) for t in ticks])
    horizontal = np.stack([np.column_stack([along, np.full(samples, t)]) for t in ticks])
    return np.concatenate([vertical, horizontal])
