import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainer.core import registry as activations
from explainer.core.linear import (
    Affine,
    best_affine_fit,
    collapse_error,
    compose,
    grid_lines,
    grid_points,
    run_layers,
    trace_stages,
)


def random_layers(seed, sizes):
    rng = np.random.default_rng(seed)
    return [
        Affine.of(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in itertools.pairwise(sizes)
    ]


def test_two_layers_collapse_to_the_textbook_formula():
    L1 = Affine.of([[1.0, 2.0], [0.5, -1.0]], [1.0, -2.0])
    L2 = Affine.of([[0.0, 1.0], [3.0, 1.0]], [0.5, 0.0])
    one = compose([L1, L2])
    np.testing.assert_array_equal(one.W, L2.W @ L1.W)
    np.testing.assert_array_equal(one.b, L2.W @ L1.b + L2.b)


@given(st.integers(0, 10_000), st.lists(st.integers(1, 5), min_size=2, max_size=6))
def test_any_stack_equals_its_composition(seed, sizes):
    layers = random_layers(seed, sizes)
    x = np.random.default_rng(seed + 1).normal(size=(50, sizes[0]))
    assert collapse_error(layers, x) < 1e-9 * max(1.0, np.abs(run_layers(layers, x)).max())


def test_without_activation_the_best_affine_fit_is_exact():
    layers = random_layers(3, [2, 2, 2])
    grid = grid_points(2.0, 15)
    fit = best_affine_fit(grid, run_layers(layers, grid))
    assert fit.rms_residual < 1e-12
    np.testing.assert_allclose(fit.affine.W, compose(layers).W, atol=1e-12)


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "gelu"])
def test_activation_between_layers_is_not_affine(name):
    layers = random_layers(3, [2, 2, 2])
    grid = grid_points(2.0, 15)
    fit = best_affine_fit(grid, run_layers(layers, grid, activations.get(name)))
    assert fit.relative_residual > 0.01
    assert fit.max_residual >= fit.rms_residual > 1e-3


def test_trace_stages_puts_the_activation_between_layers_only():
    layers = random_layers(0, [2, 2, 2])
    grid = grid_points(1.0, 4)
    relu = activations.get("relu")
    stages = trace_stages(layers, grid, relu)
    assert len(stages) == 4  # input, layer 1, relu, layer 2
    np.testing.assert_array_equal(stages[2], np.maximum(stages[1], 0.0))
    assert len(trace_stages(layers, grid)) == 3


def test_grid_shapes_and_lines_keep_their_shape_through_stages():
    lines = grid_lines(2.0, 5, samples=30)
    assert lines.shape == (10, 30, 2)
    assert grid_points(1.0, 3).shape == (9, 2)
    mapped = trace_stages(random_layers(1, [2, 2, 2]), lines, activations.get("tanh"))
    assert all(s.shape == lines.shape for s in mapped)


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError, match="bias"):
        Affine.of([[1.0, 0.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="cannot follow"):
        compose(random_layers(0, [2, 3]) + random_layers(0, [2, 2]))
