"""Why outputs that are not zero-centred slow learning down (the note: sigmoid's outputs are
not zero-centred, which restricts the directions of gradient updates).

A neuron z = w · a with two inputs learns its weights by stochastic gradient descent on the
squared error 1/2 (w · a - t)^2, one sample per step. The gradient of one step is δ · a, with
δ = w · a - t one number: when every input is positive (sigmoid outputs, all in (0, 1)), both
components share δ's sign, so both weights go up or both go down. A minimum that needs one up
and the other down is reached in a zig-zag. Inputs of either sign (tanh outputs) let a step
point anywhere, and the path heads for the minimum.

The targets come from a teacher ``w*``, so the loss over the samples is the quadratic
1/2 (w - w*)ᵀ C (w - w*) with C = mean(a aᵀ), and its contours are ellipses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.core.activations import sigmoid, tanh

Array = np.ndarray
SQUASHES = {"sigmoid": sigmoid, "tanh": tanh}


@dataclass(frozen=True)
class Descent:
    inputs: Array  # (n, 2): the neuron's inputs; step k uses sample k mod n
    teacher: Array  # (2,): the weights that fit every sample, the loss's minimum
    path: Array  # (steps + 1, 2): the weights before the first step and after each
    gradients: Array  # (steps, 2): the gradient each step followed (downhill: its negative)

    def same_sign_share(self) -> float:
        """The share of steps whose gradient has two components of one sign."""
        g = self.gradients
        return float(np.mean(np.sign(g[:, 0]) == np.sign(g[:, 1])))

    def quadrants(self) -> Array:
        """Per step, the gradient's quadrant: 0 (+, +), 1 (-, +), 2 (-, -), 3 (+, -)."""
        right, up = self.gradients[:, 0] >= 0, self.gradients[:, 1] >= 0
        return np.select([right & up, ~right & up, ~right & ~up], [0, 1, 2], 3)

    def distances(self) -> Array:
        """How far the weights are from the minimum, before the first step and after each."""
        return np.linalg.norm(self.path - self.teacher, axis=1)

    def steps_to(self, tolerance: float) -> int | None:
        """The first step after which the weights stay within ``tolerance`` of the minimum
        (None if they never do within the run)."""
        far = np.nonzero(self.distances() > tolerance)[0]
        last = int(far[-1]) if far.size else -1
        return last + 1 if last + 1 < len(self.path) else None

    @property
    def curvature(self) -> Array:
        """C = mean(a aᵀ): the loss is 1/2 (w - w*)ᵀ C (w - w*)."""
        return self.inputs.T @ self.inputs / len(self.inputs)

    def loss(self, weights: Array) -> Array:
        """The mean squared error over every sample, at each row of ``weights``."""
        errors = np.atleast_2d(weights) @ self.inputs.T - self.inputs @ self.teacher
        return 0.5 * np.mean(errors**2, axis=1)

    def contour(self, level: float, points: int = 120) -> Array:
        """The closed curve where the loss equals ``level``: an ellipse, (points, 2)."""
        lower = np.linalg.cholesky(self.curvature)  # C = L Lᵀ
        angle = np.linspace(0.0, 2 * np.pi, points)
        circle = np.sqrt(2 * level) * np.stack([np.cos(angle), np.sin(angle)])
        return self.teacher + np.linalg.solve(lower.T, circle).T


def inputs(squash: str, samples: int, spread: float, seed: int) -> Array:
    """A neuron's two inputs: ``samples`` pre-activations ~ N(0, spread²), through
    ``squash`` ("sigmoid": all positive; "tanh": either sign)."""
    if squash not in SQUASHES:
        raise ValueError(f"unknown squash {squash!r}; known: {', '.join(SQUASHES)}")
    raw = np.random.default_rng(seed).normal(0.0, spread, (samples, 2))
    return SQUASHES[squash](raw)


def descend(a: Array, teacher: Array, start: Array, learning_rate: float,
            steps: int) -> Descent:
    """Stochastic gradient descent on 1/2 (w · a - t)², t = w* · a, one sample per step."""
    teacher = np.asarray(teacher, dtype=float)
    targets = a @ teacher
    w = np.asarray(start, dtype=float).copy()
    path, gradients = [w.copy()], []
    for k in range(steps):
        sample = a[k % len(a)]
        gradient = (w @ sample - targets[k % len(a)]) * sample
        w = w - learning_rate * gradient
        path.append(w.copy())
        gradients.append(gradient)
    return Descent(a, teacher, np.array(path), np.array(gradients).reshape(steps, 2))
