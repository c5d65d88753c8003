"""Weight initialisations by name: one home for the names every module and content file uses."""

from __future__ import annotations

import numpy as np

INITS = ("small", "xavier", "he", "large")  # N(0, 0.01²), Glorot, He, N(0, large_std²)
SMALL_STD = 0.01
LARGE_STD = 1.0


def init_std(init: str, fan_in: int, fan_out: int, large_std: float = LARGE_STD) -> float:
    """Standard deviation of the normal initial weights for one layer."""
    if init == "small":
        return SMALL_STD
    if init == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    if init == "large":
        return large_std
    raise ValueError(f"unknown init {init!r}; known: {', '.join(INITS)}")
