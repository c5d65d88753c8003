"""Is a formula's activation sound? Finite wherever it is checked, its jumps found, its
derivative equal to central differences of it; and its output range and traits.

A fixed grid misses what lies between its points (``1/(x - 0.05)`` on a 0.1 grid), so the
checked points are found from the expression itself: the zeros of every denominator and of
every log's and square root's argument (sign changes, and minima of the absolute value that
reach zero), and the edges of every ``where`` condition, with points closing in on each from
both sides and between each pair of edges. A ``where`` whose sides differ at its edge is a
jump: recorded, never passed off as smooth.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from scipy import optimize

from explainer.core import Array

Numeric = Callable[[Array], Array]
CHECK_RANGE = 1e3  # |x| up to this must give finite f and f'
GRID = np.linspace(-CHECK_RANGE, CHECK_RANGE, 20001)
STEPS = 10.0 ** -np.arange(2, 12)  # how close the checked points come to an edge


class Unsound(ValueError):
    """What is wrong with the activation a formula makes."""


def critical(expr: sympy.Expr, x: sympy.Symbol
             ) -> tuple[list[sympy.Expr], list[sympy.Expr], list[sympy.Expr]]:
    """(poles, roots, edges): denominators and log arguments, where a zero makes the formula
    infinite; square-root arguments, where the slope may be; and ``lhs - rhs`` of every
    condition, where the formula switches branch."""
    poles, roots, edges = [], [], []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow) and node.exp.is_number and node.exp < 0:
            poles.append(node.base)
        elif isinstance(node, sympy.Pow) and node.exp.is_number and not node.exp.is_integer:
            roots.append(node.base)
        elif isinstance(node, sympy.log):
            poles.append(node.args[0])
        elif type(node).__name__ == "log1p":
            poles.append(node.args[0] + 1)
        elif isinstance(node, sympy.core.relational.Relational):
            edges.append(node.lhs - node.rhs)
    return tuple([e for e in group if e.has(x)] for group in (poles, roots, edges))  # type: ignore[return-value]


def zeros(g: Numeric) -> list[float]:
    """Where ``g`` is zero in the checked range: its sign changes between grid points
    (refined), and the minima of |g| that come down to zero."""
    with np.errstate(all="ignore"):
        y = g(GRID)
    found = [float(x) for x in GRID[y == 0]]
    change = np.nonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)[0]
    for i in change[:200]:
        found.append(optimize.brentq(lambda t: float(g(np.array([t]))[0]), GRID[i],
                                     GRID[i + 1], xtol=1e-15))
    size = np.abs(y)
    dips = np.nonzero((size[1:-1] <= size[:-2]) & (size[1:-1] <= size[2:]))[0] + 1
    for i in dips[:200]:
        res = optimize.minimize_scalar(lambda t: abs(float(g(np.array([t]))[0])),
                                       bounds=(GRID[i - 1], GRID[i + 1]), method="bounded",
                                       options={"xatol": 1e-15})
        if res.fun <= 1e-7 * max(1.0, float(np.nanmax(size[i - 1:i + 2]))):
            found.append(float(res.x))
    return sorted({round(v, 12) for v in found if abs(v) <= CHECK_RANGE})


def check_points(edges: list[float], sensitive: list[float]) -> Array:
    """The grid, every edge and zero with points closing in from both sides, and the middle
    of every gap between consecutive edges (a narrow window between grid points)."""
    marks = sorted({*edges, *sensitive})
    near = [m + sign * step * max(1.0, abs(m)) for m in marks for sign in (-1, 1)
            for step in STEPS]
    middles = [(a + b) / 2 for a, b in itertools.pairwise(sorted(edges))]
    points = np.concatenate([GRID, marks, near, middles])
    return np.unique(points[np.abs(points) <= CHECK_RANGE])


def jumps(f: Numeric, edges: list[float]) -> tuple[float, ...]:
    """The edges where f itself changes value (a step), not only its slope."""
    found = []
    for edge in edges:
        eps = 1e-9 * max(1.0, abs(edge))
        left, right = f(np.array([edge - eps, edge + eps]))
        if abs(right - left) > 1e-6 * max(1.0, abs(left), abs(right)):
            found.append(round(edge, 9))
    return tuple(sorted(set(found)))


def check(f: Numeric, df: Numeric, expr: sympy.Expr, x: sympy.Symbol,
          numeric: Callable[[sympy.Expr], Numeric]
          ) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Raise Unsound unless f and f' are finite at every checked point and f' agrees with
    central differences of f away from the edges; return (edges, jumps). ``numeric`` makes
    a numpy function of an expression in x."""
    poles_exprs, root_exprs, edge_exprs = critical(expr, x)
    poles = [z for e in poles_exprs for z in zeros(numeric(e))]
    if poles:
        raise Unsound(f"formula is not finite at x = {poles[0]:.6g}: a denominator or a log's "
                      "argument is 0 there (it must be finite for |x| <= "
                      f"{CHECK_RANGE:g})")
    roots = [z for e in root_exprs for z in zeros(numeric(e))]
    edges = [z for e in edge_exprs for z in zeros(numeric(e))]
    xs = check_points(edges, roots)
    y, dy = f(xs), df(xs)
    bad = ~(np.isfinite(y) & np.isfinite(dy))
    if np.any(bad):
        raise Unsound(f"formula is not finite at x = {float(xs[bad][0]):.12g} (it must be "
                      f"for |x| <= {CHECK_RANGE:g}); build it from stable pieces such as "
                      "sigmoid and softplus instead of exp")
    steps = jumps(f, edges)
    grid = np.linspace(-6, 6, 1201) + 1e-3 / 3  # off the usual kinks
    away = np.all(np.abs(grid[:, None] - np.array([*edges, np.inf])[None, :]) > 1e-4, axis=1)
    grid = grid[away]
    h = 1e-6
    central = (f(grid + h) - f(grid - h)) / (2 * h)
    if not np.allclose(df(grid), central, rtol=1e-4, atol=1e-6):
        raise Unsound("its derivative disagrees with central differences of it")
    return tuple(sorted(set(edges))), steps


def range_and_traits(f: Numeric, df: Numeric, steps: tuple[float, ...] = ()) -> dict[str, Any]:
    """Output range and traits found numerically on a wide grid (and at its jumps)."""
    ends = np.logspace(-3, math.log10(CHECK_RANGE), 400)
    xs = np.unique(np.concatenate([-ends, ends, np.linspace(-20, 20, 4001),
                                   [s + d for s in steps for d in (-1e-9, 1e-9)]]))
    y, dy = f(xs), df(xs)
    lo, hi = _polish(f, xs, y, min), _polish(f, xs, y, max)
    near = np.abs(xs) <= 20
    low_end = [float(lo)]
    for end in (0, -1):  # still moving at the edge of the grid: unbounded that way
        if abs(dy[end]) > 1e-6 and y[end] == lo:
            low_end[0] = -math.inf
        if abs(dy[end]) > 1e-6 and y[end] == hi:
            hi = math.inf
    lo = low_end[0]
    corners = np.abs(df(xs[near] + 1e-7) - df(xs[near] - 1e-7)) > 1e-4
    kinks = tuple(sorted({round(float(k), 6) for k in xs[near][corners]} - set(steps)))
    f0 = float(f(np.zeros(1))[0])
    increasing = bool(np.all(dy >= -1e-12) and np.all(np.diff(y) >= -1e-12))
    decreasing = bool(np.all(dy <= 1e-12) and np.all(np.diff(y) <= 1e-12))
    return {
        "output_range": (lo, hi),
        "range_closed": (bool(math.isfinite(lo) and np.any(y[near] == lo)),
                         bool(math.isfinite(hi) and np.any(y[near] == hi))),
        "zero_centered": f0 == 0.0 and lo <= -0.5 and hi > 0,
        "monotonic": increasing or decreasing,
        "bounded": math.isfinite(lo) and math.isfinite(hi),
        "smooth": not kinks and not steps,
        "kinks": kinks,
        "jumps": steps,
    }


def _polish(f: Numeric, xs: Array, y: Array, pick: Callable[..., Any]) -> float:
    """The extreme value of f, refined between the grid points around the best one."""
    i = int(np.argmin(y) if pick is min else np.argmax(y))
    if i in (0, len(xs) - 1):
        return float(y[i])
    sign = 1.0 if pick is min else -1.0
    res = optimize.minimize_scalar(lambda t: sign * float(f(np.array([t]))[0]),
                                   bounds=(xs[i - 1], xs[i + 1]), method="bounded",
                                   options={"xatol": 1e-12})
    return float(pick(y[i], sign * res.fun))
