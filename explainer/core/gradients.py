"""How the gradient's size changes layer by layer in a deep network.

The gradient reaching layer l is a product of one factor per layer above it,
``W^T diag(f'(z))`` (see ``mlp``); when those factors are below 1 it vanishes on the way to the
input, when they are above 1 it explodes. ``gradient_norms_by_layer`` measures that, first layer
to last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.core import Array, mlp
from explainer.core.init import LARGE_STD, init_std
from explainer.core.registry import Activation, resolve


@dataclass(frozen=True)
class Network:
    """Layers ``z_l = a_{l-1} W_l^T + b_l``; the activation follows every layer but the last."""

    weights: list[Array]
    biases: list[Array]
    activation: Activation

    @property
    def depth(self) -> int:
        return len(self.weights)


@dataclass(frozen=True)
class Gradients:
    loss: float
    dW: list[Array]
    db: list[Array]


def init_network(
    depth: int,
    width: int,
    activation: str | Activation,
    init: str,
    seed: int = 0,
    large_std: float = LARGE_STD,
) -> Network:
    """``depth`` square layers of size ``width``, normal weights, zero biases, seeded."""
    if depth < 1 or width < 1:
        raise ValueError(f"depth and width must be at least 1, got {depth} and {width}")
    act = resolve(activation)
    rng = np.random.default_rng(seed)
    std = init_std(init, width, width, large_std)
    weights = [rng.normal(0.0, std, size=(width, width)) for _ in range(depth)]
    biases = [np.zeros(width) for _ in range(depth)]
    return Network(weights, biases, act)


def forward(net: Network, X: Array) -> tuple[list[Array], list[Array]]:
    """Pre-activations z_l and layer outputs a_l (a_0 = X; the last a is the network output)."""
    return mlp.forward(net.weights, net.biases, X, net.activation)


def loss_and_gradients(net: Network, X: Array, T: Array) -> Gradients:
    """Mean squared error 0.5 * mean_n ||y_n - t_n||^2 and its gradients, by backpropagation."""
    pre, outputs = forward(net, X)
    residual = outputs[-1] - T
    loss = 0.5 * float(np.sum(residual**2)) / X.shape[0]
    dW, db = mlp.backward(net.weights, pre, outputs, net.activation, residual / X.shape[0])
    return Gradients(loss, dW, db)


def sample_batch(width: int, batch: int, seed: int) -> tuple[Array, Array]:
    """Standard normal inputs and targets for one measurement."""
    rng = np.random.default_rng(seed + 1)
    return rng.normal(size=(batch, width)), rng.normal(size=(batch, width))


def gradient_norms_by_layer(
    activation: str | Activation,
    init: str,
    depth: int = 10,
    width: int = 64,
    batch: int = 256,
    seed: int = 0,
    large_std: float = LARGE_STD,
) -> Array:
    """Frobenius norm of dLoss/dW_l for every layer l, first layer to last."""
    net = init_network(depth, width, activation, init, seed, large_std)
    X, T = sample_batch(width, batch, seed)
    grads = loss_and_gradients(net, X, T)
    return np.array([np.linalg.norm(g) for g in grads.dW])
