"""Where an activation saturates, where it is dead, where its slope peaks: intervals of x found
on a grid, their edges refined by bisection."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from explainer.core import Array
from explainer.core.registry import Activation


def _regions(
    predicate: Callable[[Array], NDArray[np.bool_]],
    x_range: tuple[float, float],
    samples: int = 4001,
) -> list[tuple[float, float]]:
    """Maximal intervals of x_range where predicate holds, edges refined by bisection."""
    lo, hi = x_range
    xs = np.linspace(lo, hi, samples)
    inside = predicate(xs)
    regions: list[tuple[float, float]] = []
    start: float | None = lo if inside[0] else None
    for i in range(1, samples):
        if inside[i] == inside[i - 1]:
            continue
        edge = _bisect_edge(predicate, float(xs[i - 1]), float(xs[i]), bool(inside[i - 1]))
        if inside[i]:
            start = edge
        else:
            assert start is not None
            regions.append((start, edge))
            start = None
    if start is not None:
        regions.append((start, hi))
    return regions


def _bisect_edge(
    predicate: Callable[[Array], NDArray[np.bool_]], a: float, b: float, left_value: bool
) -> float:
    for _ in range(60):
        mid = 0.5 * (a + b)
        if bool(predicate(np.array([mid]))[0]) == left_value:
            a = mid
        else:
            b = mid
    # Return the side that satisfies the predicate, so the interval is closed where it is.
    return a if left_value else b


def saturation_regions(
    act: Activation, x_range: tuple[float, float], eps: float = 0.05
) -> list[tuple[float, float]]:
    """Intervals of x_range where |f'(x)| < eps: the gradient barely passes there."""
    return _regions(lambda x: np.abs(act.df(x)) < eps, x_range)


def dead_region(act: Activation, x_range: tuple[float, float]) -> list[tuple[float, float]]:
    """Intervals of x_range where f'(x) == 0 exactly: no gradient passes at all."""
    return _regions(lambda x: act.df(x) == 0.0, x_range)


def peak_derivative(act: Activation, x_range: tuple[float, float]) -> tuple[float, float]:
    """(x, f'(x)) where f' is largest on x_range, located on a grid then polished."""
    xs = np.linspace(x_range[0], x_range[1], 4001)
    i = int(np.argmax(act.df(xs)))
    step = xs[1] - xs[0]
    res = optimize.minimize_scalar(
        lambda t: -float(act.df(np.array(t))),
        bounds=(max(x_range[0], xs[i] - step), min(x_range[1], xs[i] + step)),
        method="bounded",
        options={"xatol": 1e-12},
    )
    x_best = float(res.x) if -res.fun >= act.df(xs[i]) else float(xs[i])
    return x_best, float(act.df(np.array(x_best)))
