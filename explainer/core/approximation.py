"""Universal approximation, made concrete: one hidden layer of N units fits a curve.

The hidden units sit at fixed, evenly spaced positions on the interval (ReLU hinges facing
alternately right and left, or sigmoid/tanh steps whose steepness grows with N); only the
output weights are fitted, by least squares. With the identity as activation every unit is a
straight line, so their sum is one too, however many there are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.core import Array
from explainer.core.registry import Activation, resolve

X_RANGE = (-3.0, 3.0)


def target(x: Array) -> Array:
    """The curve to fit: a smooth bump on a gentle slope."""
    x = np.asarray(x, dtype=np.float64)
    return 1.5 * np.exp(-((x - 0.5) ** 2)) + 0.3 * x


@dataclass(frozen=True)
class Fit:
    activation: str
    units: int
    xs: Array  # where the fit is measured
    target: Array
    contributions: Array  # (units, samples): each unit's output times its fitted weight
    bias: float
    prediction: Array  # bias + the sum of the contributions
    max_error: float  # worst case over xs
    rms_error: float


def hidden_layer(activation: str | Activation, units: int, xs: Array,
                 x_range: tuple[float, float] = X_RANGE) -> Array:
    """(units, samples) outputs of the fixed hidden units at xs."""
    lo, hi = x_range
    centres = np.linspace(lo, hi, units + 2)[1:-1]
    sign = np.where(np.arange(units) % 2 == 0, 1.0, -1.0)  # ReLU hinges face both ways
    steep = 2.0 * (units + 1) / (hi - lo)  # steps narrow as they get more numerous
    pre = sign[:, None] * (xs[None, :] - centres[:, None])
    if activation == "identity":
        return pre
    act = resolve(activation)
    if act.name in ("sigmoid", "tanh"):
        pre = steep * pre
    return act.f(pre)


def fit(activation: str | Activation, units: int, samples: int = 601,
        x_range: tuple[float, float] = X_RANGE) -> Fit:
    """Least-squares output weights for ``units`` hidden units of ``activation`` (or
    "identity") fitting ``target`` on ``x_range``."""
    if units < 1:
        raise ValueError(f"units must be at least 1, got {units}")
    xs = np.linspace(*x_range, samples)
    y = target(xs)
    hidden = hidden_layer(activation, units, xs, x_range)
    design = np.vstack([np.ones_like(xs), hidden]).T
    weights, *_ = np.linalg.lstsq(design, y, rcond=None)
    contributions = weights[1:, None] * hidden
    prediction = weights[0] + contributions.sum(axis=0)
    error = prediction - y
    name = activation if isinstance(activation, str) else activation.name
    return Fit(name, units, xs, y, contributions, float(weights[0]), prediction,
               float(np.max(np.abs(error))), float(np.sqrt(np.mean(error**2))))


def errors_by_units(activation: str | Activation, counts: tuple[int, ...] = (1, 2, 4, 8, 16, 32)
                    ) -> dict[int, float]:
    """Worst-case error of the fit for each number of hidden units."""
    return {n: fit(activation, n).max_error for n in counts}


def best_line(samples: int = 601, x_range: tuple[float, float] = X_RANGE) -> Fit:
    """The least-squares straight line through the target (for comparison)."""
    xs = np.linspace(*x_range, samples)
    y = target(xs)
    slope, intercept = np.polyfit(xs, y, 1)
    line = intercept + slope * xs
    error = line - y
    return Fit("line", 0, xs, y, np.zeros((0, samples)), float(intercept), line,
               float(np.max(np.abs(error))), float(np.sqrt(np.mean(error**2))))
