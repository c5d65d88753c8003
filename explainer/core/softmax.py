"""Softmax: a vector of scores (logits) to probabilities, and its Jacobian."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import logsumexp

from explainer.core import Array


def softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> Array:
    """softmax(z)_i = e^(z_i / T) / sum_j e^(z_j / T), along ``axis``, through log-sum-exp so
    that logits of any size give no overflow and no nan. A higher temperature T flattens the
    probabilities toward uniform; a lower one sharpens them toward the largest logit."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    scaled = np.asarray(z, dtype=np.float64) / temperature
    return np.exp(scaled - logsumexp(scaled, axis=axis, keepdims=True))


def softmax_jacobian(z: ArrayLike, temperature: float = 1.0) -> Array:
    """d softmax(z)_i / d z_j = s_i (delta_ij - s_j) / T for one vector of logits z."""
    s = softmax(np.asarray(z, dtype=np.float64).reshape(-1), temperature=temperature)
    return (np.diag(s) - np.outer(s, s)) / temperature
