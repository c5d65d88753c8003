"""Dead ReLU units: a unit whose pre-activation is <= 0 for every input outputs 0 everywhere and
receives zero gradient, so gradient descent can never bring it back.

``dead_units`` is the probe; ``train_and_watch`` trains a small MLP with plain SGD and records,
step by step, how many hidden units have died.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from explainer.core import Array, mlp
from explainer.core.registry import Activation, resolve
from explainer.errors import TrainingDiverged


def dead_units(W: ArrayLike, b: ArrayLike, X: ArrayLike) -> NDArray[np.bool_]:
    """For each unit (row of W), whether its pre-activation W x + b is <= 0 for every row x of X."""
    pre = np.asarray(X, dtype=np.float64) @ np.atleast_2d(np.asarray(W, dtype=np.float64)).T
    pre = pre + np.asarray(b, dtype=np.float64)
    return np.all(pre <= 0.0, axis=0)


def note_example(samples: int = 100) -> tuple[Array, Array, Array]:
    """The study note's example: one input x in [0, 2], ten units with weights -5..-1, 1..5, no
    bias. Returns (W, b, X) with W of shape (10, 1), b of shape (10,), X of shape (samples, 1)."""
    weights = np.array([-5.0, -4.0, -3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    X = np.linspace(0.0, 2.0, samples).reshape(-1, 1)
    return weights.reshape(-1, 1), np.zeros(weights.size), X


@dataclass(frozen=True)
class TrainingRun:
    """What one training run recorded at every step (index 0 is before the first update)."""

    activation: str
    learning_rate: float
    loss: Array  # (steps + 1,)
    dead_fraction: Array  # units that pass no gradient for any input: f'(z) == 0 everywhere
    negative_fraction: Array  # units whose pre-activation is <= 0 for every input
    dead_mask: NDArray[np.bool_]  # (steps + 1, hidden): which units are dead at each step
    inputs: Array  # (samples, 2): the data set the masks are measured on
    hidden_weights: Array  # (hidden, 2): W1 after the last step
    hidden_bias: Array  # (hidden,): b1 after the last step


def synthetic_task(samples: int, seed: int) -> tuple[Array, Array]:
    """A smooth 2-D regression target, y = sin(2 x1) + x2^2 / 2, on standard normal inputs."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(samples, 2))
    y = np.sin(2.0 * X[:, 0]) + 0.5 * X[:, 1] ** 2
    return X, y.reshape(-1, 1)


def train_and_watch(
    activation: str | Activation = "relu",
    learning_rate: float = 0.15,
    steps: int = 100,
    hidden: int = 64,
    samples: int = 256,
    batch: int = 32,
    seed: int = 0,
) -> TrainingRun:
    """Train 2 -> hidden -> 1 with minibatch SGD on ``synthetic_task`` and record dead units.

    Same seed, same data, same initial weights and same batches for every activation, so two
    runs differ only in the activation. A run whose numbers overflow raises TrainingDiverged.
    """
    act = resolve(activation)
    rng = np.random.default_rng(seed)
    X, y = synthetic_task(samples, seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / 2), size=(hidden, 2))
    b1 = np.zeros(hidden)
    W2 = rng.normal(0.0, np.sqrt(1.0 / hidden), size=(1, hidden))
    b2 = np.zeros(1)
    order = rng.permutation(np.tile(np.arange(samples), steps * batch // samples + 1))

    losses: list[float] = []
    dead: list[float] = []
    negative: list[float] = []
    masks: list[NDArray[np.bool_]] = []

    def record() -> None:
        z = X @ W1.T + b1
        out = act.f(z) @ W2.T + b2
        loss = 0.5 * float(np.mean((out - y) ** 2))
        if not np.isfinite(loss):
            raise FloatingPointError
        losses.append(loss)
        mask = np.all(act.df(z) == 0.0, axis=0)
        masks.append(mask)
        dead.append(float(mask.mean()))
        negative.append(float(np.all(z <= 0.0, axis=0).mean()))

    step = 0
    try:
        with np.errstate(over="raise", invalid="raise"):
            record()
            for step in range(steps):
                idx = order[step * batch : (step + 1) * batch]
                _sgd_step(act, learning_rate, X[idx], y[idx], (W1, b1, W2, b2))
                record()
    except FloatingPointError:
        raise TrainingDiverged(
            f"training diverged at step {step + 1} with learning rate {learning_rate}; "
            "use a smaller learning rate"
        ) from None
    return TrainingRun(
        activation=act.name,
        learning_rate=learning_rate,
        loss=np.array(losses),
        dead_fraction=np.array(dead),
        negative_fraction=np.array(negative),
        dead_mask=np.array(masks),
        inputs=X,
        hidden_weights=W1.copy(),
        hidden_bias=b1.copy(),
    )


def _sgd_step(
    act: Activation,
    learning_rate: float,
    xb: Array,
    yb: Array,
    params: tuple[Array, Array, Array, Array],
) -> None:
    """One SGD update of the MLP's (W1, b1, W2, b2) on a batch, in place."""
    W1, b1, W2, b2 = params
    pre, outputs = mlp.forward((W1, W2), (b1, b2), xb, act)
    dW, db = mlp.backward((W1, W2), pre, outputs, act, (outputs[-1] - yb) / xb.shape[0])
    for p, g in zip(params, (dW[0], db[0], dW[1], db[1]), strict=True):
        p -= learning_rate * g
