"""Curves on Manim axes from arrays the core computed: fast (one vectorised step) and exact
(no look-ups on Manim's side)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
from manim import Axes, VMobject

from explainer.core.registry import Activation

Interval = tuple[float, float]


def curve_points(axes: Axes, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Scene points for samples (xs, ys), in one vectorised step.

        trail.set_points_as_corners(curve_points(axes, path[:, 0], path[:, 1]))
    """
    origin = axes.c2p(0, 0)
    unit_x = axes.c2p(1, 0) - origin
    unit_y = axes.c2p(0, 1) - origin
    return origin + np.outer(xs, unit_x) + np.outer(ys, unit_y)


def polyline(axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str, width: float) -> VMobject:
    """A curve through the samples (xs, ys) on ``axes``, straight between them.

        curve = polyline(axes, xs, act.f(xs), th.f, 4)
    """
    mob = VMobject(stroke_color=color, stroke_width=width)
    mob.set_points_as_corners(curve_points(axes, xs, ys))
    return mob


def broken_curve(axes: Axes, xs: np.ndarray, fn: Callable[[np.ndarray], np.ndarray],
                 breaks: Sequence[float], color: str, width: float) -> VMobject:
    """``fn`` over ``xs`` drawn as separate pieces between ``breaks`` (a function's jumps),
    each piece sampled up to a hair from its ends: never a vertical line joining a step.

        step = broken_curve(axes, xs, act.f, act.jumps, th.f, 5)
    """
    inside = sorted(b for b in breaks if xs[0] < b < xs[-1])
    edges = [float(xs[0]), *inside, float(xs[-1])]
    mob = VMobject(stroke_color=color, stroke_width=width)
    for lo, hi in itertools.pairwise(edges):
        gap = 1e-9 * max(1.0, abs(lo), abs(hi))
        part = np.concatenate([[lo + (gap if lo in inside else 0.0)],
                               xs[(xs > lo) & (xs < hi)],
                               [hi - (gap if hi in inside else 0.0)]])
        points = curve_points(axes, part, fn(part))
        mob.start_new_path(points[0])
        mob.add_points_as_corners(points[1:])
    return mob


def y_window(act: Activation, xs: np.ndarray) -> Interval:
    """A y-range showing both f and f' over xs, always including 0, with a margin."""
    values = np.concatenate([act.f(xs), act.df(xs), [0.0]])
    lo, hi = float(values.min()), float(values.max())
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad
