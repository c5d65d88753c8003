"""Activations checked against independent references: central differences, identities,
scipy.special, and limits at 0, +-inf-like inputs and nan."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special

from explainer.core import activations as A

NAMES = sorted(A.ACTIVATIONS)
REQUIRED = {
    "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "softplus", "silu",
    "swish", "gelu", "gelu_tanh", "mish", "hard_sigmoid",
}
WIDE = np.linspace(-12.0, 12.0, 4801)
HUGE = np.array([-1e300, -1e6, -1e3, -50.0, 50.0, 1e3, 1e6, 1e300])
finite_floats = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)


def central_difference(fn, x, h=1e-6):
    return (fn(x + h) - fn(x - h)) / (2.0 * h)


def away_from_kinks(act, x, margin=1e-3):
    keep = np.ones_like(x, dtype=bool)
    for k in act.kinks:
        keep &= np.abs(x - k) > margin
    return x[keep]


def test_registry_has_every_required_name():
    assert set(A.ACTIVATIONS) >= REQUIRED


def test_get_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match=r"known: .*relu"):
        A.get("rleu")


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    act = A.get(name)
    x = away_from_kinks(act, WIDE)
    numeric = central_difference(act.f, x)
    np.testing.assert_allclose(act.df(x), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
@given(arrays(np.float64, st.integers(1, 20), elements=finite_floats))
def test_finite_input_gives_finite_output_without_warnings(name, x):
    act = A.get(name)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.all(np.isfinite(act.f(x)))
        assert np.all(np.isfinite(act.df(x)))


@pytest.mark.parametrize("name", NAMES)
def test_output_range_holds(name):
    act = A.get(name)
    lo, hi = act.output_range
    y = act.f(np.concatenate([WIDE, HUGE]))
    assert np.all(y >= lo) and np.all(y <= hi)
    # An open finite end is approached but not reached on moderate inputs.
    if not act.range_closed[0] and np.isfinite(lo):
        assert np.all(act.f(WIDE) > lo)
    if not act.range_closed[1] and np.isfinite(hi):
        assert np.all(act.f(WIDE) < hi)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_bounded_by_its_peak(name):
    act = A.get(name)
    _, peak = A.peak_derivative(act, (-12.0, 12.0))
    assert np.all(act.df(WIDE) <= peak + 1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_nan_propagates(name):
    with np.errstate(invalid="ignore"):  # numpy's logaddexp flags nan input as invalid
        assert np.isnan(A.get(name).f(np.array([np.nan])))[0]


@given(arrays(np.float64, 10, elements=st.floats(-700, 700)))
def test_sigmoid_symmetry(x):
    np.testing.assert_allclose(A.sigmoid(-x), 1.0 - A.sigmoid(x), atol=1e-15)


@given(arrays(np.float64, 10, elements=st.floats(-300, 300)))
def test_tanh_is_rescaled_sigmoid(x):
    np.testing.assert_allclose(A.tanh(x), 2.0 * A.sigmoid(2.0 * x) - 1.0, atol=1e-15)


def test_sigmoid_matches_scipy_expit():
    np.testing.assert_allclose(A.sigmoid(WIDE), special.expit(WIDE), rtol=4e-15)


def test_softplus_derivative_is_sigmoid():
    act = A.get("softplus")
    np.testing.assert_allclose(central_difference(act.f, WIDE), A.sigmoid(WIDE), rtol=1e-7)


def test_silu_is_x_times_sigmoid_and_swish_is_silu():
    np.testing.assert_allclose(A.get("silu").f(WIDE), WIDE * special.expit(WIDE), rtol=4e-15)
    np.testing.assert_array_equal(A.get("swish").f(WIDE), A.get("silu").f(WIDE))


def test_gelu_matches_erf_definition():
    reference = 0.5 * WIDE * (1.0 + special.erf(WIDE / np.sqrt(2.0)))
    # 1 + erf cancels on the left tail, so the reference itself is only good to ~1e-16 * |x|.
    np.testing.assert_allclose(A.gelu(WIDE), reference, rtol=1e-12, atol=1e-14)
    tail = np.linspace(-30, -5, 101)  # erfc keeps the left tail exact
    exact_tail = 0.5 * tail * special.erfc(-tail / np.sqrt(2))
    np.testing.assert_allclose(A.gelu(tail), exact_tail, rtol=1e-12)


def test_gelu_tanh_matches_the_note_formula_and_is_close_to_exact():
    x = np.linspace(-8, 8, 1601)
    inner = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
    note = 0.5 * x * (1.0 + np.tanh(inner))
    np.testing.assert_allclose(A.gelu_tanh(x), note, rtol=1e-12, atol=1e-15)
    assert np.max(np.abs(A.gelu_tanh(x) - A.gelu(x))) < 1e-3


def test_mish_matches_definition():
    x = np.linspace(-20, 20, 801)
    np.testing.assert_allclose(A.mish(x), x * np.tanh(np.log1p(np.exp(x))), rtol=1e-12)


def test_elu_and_selu_negative_side():
    x = np.linspace(-10, -0.01, 100)
    np.testing.assert_allclose(A.elu(x, 1.0), np.exp(x) - 1.0, rtol=1e-12)
    np.testing.assert_allclose(A.selu(x), A.SELU_SCALE * A.SELU_ALPHA * (np.exp(x) - 1), rtol=1e-12)


def test_values_at_zero_and_kink_conventions():
    zero = np.array([0.0])
    expected_f = {"sigmoid": 0.5, "tanh": 0.0, "relu": 0.0, "softplus": math.log(2.0),
                  "gelu": 0.0, "hard_sigmoid": 0.5, "mish": 0.0, "silu": 0.0}
    for name, value in expected_f.items():
        assert A.get(name).f(zero)[0] == pytest.approx(value, abs=1e-15)
    # PyTorch conventions at kinks: relu'(0) = 0, leaky/prelu'(0) = alpha, hardsigmoid'(+-3) = 0.
    assert A.get("relu").df(zero)[0] == 0.0
    assert A.get("leaky_relu").df(zero)[0] == 0.01
    assert A.get("prelu").df(zero)[0] == 0.25
    assert np.all(A.get("hard_sigmoid").df(np.array([-3.0, 3.0])) == 0.0)
    assert A.get("sigmoid").df(zero)[0] == 0.25
    assert A.get("tanh").df(zero)[0] == 1.0


def test_limits_at_huge_inputs():
    big = np.array([-1e6, 1e6])
    np.testing.assert_array_equal(A.sigmoid(big), [0.0, 1.0])
    np.testing.assert_array_equal(A.tanh(big), [-1.0, 1.0])
    np.testing.assert_array_equal(A.softplus(big), [0.0, 1e6])
    np.testing.assert_array_equal(A.gelu(big), [0.0, 1e6])
    np.testing.assert_array_equal(A.elu(big), [-1.0, 1e6])
    for name in ("sigmoid", "tanh", "gelu", "silu", "mish", "gelu_tanh"):
        np.testing.assert_allclose(A.get(name).df(big)[0], 0.0, atol=1e-300)


def test_alpha_is_a_parameter():
    act = dataclasses.replace(A.get("leaky_relu"), alpha=0.2)
    assert act.f(np.array([-1.0]))[0] == pytest.approx(-0.2)
    assert act.df(np.array([-1.0]))[0] == pytest.approx(0.2)
    assert "0.2" in act.tex


def test_minima_of_non_monotonic_units_are_attained():
    for name in ("silu", "gelu", "gelu_tanh", "mish"):
        act = A.get(name)
        x = np.linspace(-5, 0, 200001)
        assert np.min(act.f(x)) == pytest.approx(act.output_range[0], abs=1e-9)


def test_traits():
    assert A.get("tanh").zero_centered and not A.get("sigmoid").zero_centered
    assert not A.get("relu").smooth and A.get("gelu").smooth
    assert not A.get("mish").monotonic and A.get("elu").monotonic
    assert A.get("sigmoid").bounded and not A.get("relu").bounded


def test_regions():
    relu = A.get("relu")
    assert A.dead_region(relu, (-5, 5)) == [(-5, 0.0)]
    (left, right) = A.saturation_regions(A.get("sigmoid"), (-6, 6), eps=0.05)
    edge = np.log((1 - 2 * 0.05 - np.sqrt(1 - 4 * 0.05)) / (2 * 0.05))  # sigma'(x) = eps
    assert left[0] == -6 and left[1] == pytest.approx(edge, abs=1e-9)
    assert right == pytest.approx((-edge, 6), abs=1e-9)
    assert A.dead_region(A.get("sigmoid"), (-6, 6)) == []
    assert A.dead_region(A.get("hard_sigmoid"), (-5, 5)) == [(-5, -3.0), (3.0, 5)]
    assert A.dead_region(A.get("leaky_relu"), (-5, 5)) == []


def test_peak_derivative():
    x, value = A.peak_derivative(A.get("sigmoid"), (-6, 6))
    assert x == pytest.approx(0.0, abs=1e-6) and value == pytest.approx(0.25, abs=1e-12)
    x, value = A.peak_derivative(A.get("gelu"), (-6, 6))
    assert x == pytest.approx(np.sqrt(2.0), abs=1e-5)  # d2/dx2 GELU = phi(x)(2 - x^2)


def test_alpha_of_one_is_not_written():
    assert "1\\," not in A.get("elu").tex and "e^{x}" in A.get("elu").dtex
