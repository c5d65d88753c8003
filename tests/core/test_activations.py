"""Activations checked against independent references: central differences, identities,
scipy.special, and limits at 0, +-inf-like inputs and nan."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import optimize, special

from explainer.core import activations as A
from explainer.core import regions
from explainer.core import registry as R

NAMES = sorted(R.ACTIVATIONS)
REQUIRED = {
    "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "softplus", "silu",
    "swish", "gelu", "gelu_tanh", "mish", "hard_sigmoid",
}
WIDE = np.linspace(-12.0, 12.0, 4801)
HUGE = np.array([-1e300, -1e6, -1e3, -50.0, 50.0, 1e3, 1e6, 1e300])
MAX = np.finfo(np.float64).max
# The whole float range, and the values at its edges.
any_float = st.floats(allow_nan=False, allow_infinity=False)
EDGES = np.array([MAX, -MAX, 5e-324, -5e-324, -0.0, 0.0, 1.72e308, -1.72e308, 1e300, -1e300])


def central_difference(fn, x, h=1e-6):
    return (fn(x + h) - fn(x - h)) / (2.0 * h)


def away_from_kinks(act, x, margin=1e-3):
    keep = np.ones_like(x, dtype=bool)
    for k in act.kinks:
        keep &= np.abs(x - k) > margin
    return x[keep]


def test_registry_has_every_required_name():
    assert {name for name in REQUIRED if R.get(name)} == REQUIRED
    assert set(R.ACTIVATIONS) | set(R.ALIASES) >= REQUIRED
    assert not set(R.ALIASES) & set(R.ACTIVATIONS)  # an alias gets no video of its own


def test_get_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match=r"known: .*relu"):
        R.get("rleu")


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    act = R.get(name)
    x = away_from_kinks(act, WIDE)
    numeric = central_difference(act.f, x)
    np.testing.assert_allclose(act.df(x), numeric, rtol=1e-6, atol=1e-8)


def check_finite(act, x):
    """What the core promises: no nan and no overflow warning for any finite input; f finite
    wherever its true value is (only SELU above SELU_OVERFLOW exceeds the largest float)."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, dy = act.f(x), act.df(x)
    assert not np.any(np.isnan(y)) and np.all(np.isfinite(dy))
    beyond = (x > A.SELU_OVERFLOW) if act.name == "selu" else np.zeros(x.shape, bool)
    assert np.all(np.isfinite(y[~beyond]))
    assert np.all(y[beyond] == np.inf)


@pytest.mark.parametrize("name", NAMES)
@given(arrays(np.float64, st.integers(1, 20), elements=any_float))
def test_finite_input_gives_no_nan_and_no_warning(name, x):
    check_finite(R.get(name), x)


@pytest.mark.parametrize("name", NAMES)
def test_edges_of_the_float_range(name):
    check_finite(R.get(name), EDGES)
    assert A.selu(np.array([1.72e308]))[0] == np.inf  # the true value, 1.807e308, > MAX
    assert A.selu(np.array([1.7e308]))[0] == pytest.approx(A.SELU_SCALE * 1.7e308)


@pytest.mark.parametrize("name", NAMES)
def test_output_range_holds(name):
    act = R.get(name)
    lo, hi = act.output_range
    y = act.f(np.concatenate([WIDE, HUGE]))
    assert np.all(y >= lo) and np.all(y <= hi)
    # An open finite end is approached but not reached on moderate inputs.
    if not act.range_closed[0] and np.isfinite(lo):
        assert np.all(act.f(WIDE) > lo)
    if not act.range_closed[1] and np.isfinite(hi):
        assert np.all(act.f(WIDE) < hi)


def _closed_form_max(df, lo, hi):
    """The maximum of a derivative written out here from its formula (not the core's)."""
    res = optimize.minimize_scalar(lambda t: -df(t), bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-12})
    return -res.fun


def _silu_d(t):
    s = special.expit(t)
    return s * (1 + t * (1 - s))


def _mish_d(t):
    sp = np.logaddexp(0, t)
    return np.tanh(sp) + t * special.expit(t) * (1 - np.tanh(sp) ** 2)


_SQRT2 = math.sqrt(2.0)
# sup f' of each activation, from its formula: closed forms where they exist, else the
# maximum of the derivative's formula written in this file.
PEAKS = {
    "sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0, "prelu": 1.0, "elu": 1.0,
    "selu": A.SELU_SCALE * A.SELU_ALPHA, "softplus": 1.0, "hard_sigmoid": 1 / 6,
    "gelu": special.ndtr(_SQRT2) + _SQRT2 * np.exp(-1.0) / math.sqrt(2 * math.pi),
    "silu": _closed_form_max(_silu_d, 0.0, 5.0),
    "mish": _closed_form_max(_mish_d, 0.0, 5.0),
    "gelu_tanh": None,  # checked against gelu below
}


@pytest.mark.parametrize("name", NAMES)
def test_derivative_bounded_by_its_closed_form_peak(name):
    act = R.get(name)
    peak = PEAKS[name] if PEAKS[name] is not None else PEAKS["gelu"]
    tol = 1e-12 if PEAKS[name] is not None else 2e-3  # the tanh form is close to exact GELU
    assert np.max(act.df(WIDE)) <= peak + tol
    if name != "softplus":  # softplus' = sigma only approaches 1
        assert np.max(act.df(WIDE)) == pytest.approx(peak, abs=tol + 1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_nan_propagates(name):
    with np.errstate(invalid="ignore"):  # numpy's logaddexp flags nan input as invalid
        assert np.isnan(R.get(name).f(np.array([np.nan])))[0]


@given(arrays(np.float64, 10, elements=st.floats(-700, 700)))
def test_sigmoid_symmetry(x):
    np.testing.assert_allclose(A.sigmoid(-x), 1.0 - A.sigmoid(x), atol=1e-15)


@given(arrays(np.float64, 10, elements=st.floats(-300, 300)))
def test_tanh_is_rescaled_sigmoid(x):
    np.testing.assert_allclose(A.tanh(x), 2.0 * A.sigmoid(2.0 * x) - 1.0, atol=1e-15)


def test_sigmoid_matches_scipy_expit():
    np.testing.assert_allclose(A.sigmoid(WIDE), special.expit(WIDE), rtol=4e-15)


def test_softplus_derivative_is_sigmoid():
    act = R.get("softplus")
    np.testing.assert_allclose(central_difference(act.f, WIDE), A.sigmoid(WIDE), rtol=1e-7)


@pytest.mark.parametrize("name", ["silu", "swish"])
def test_silu_and_swish_are_x_times_sigmoid(name):
    act = R.get(name)
    s = special.expit(WIDE)
    np.testing.assert_allclose(act.f(WIDE), WIDE * s, rtol=4e-15)
    np.testing.assert_allclose(act.df(WIDE), s * (1 + WIDE * (1 - s)), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(A.swish(WIDE), WIDE * s, rtol=4e-15)


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
        assert R.get(name).f(zero)[0] == pytest.approx(value, abs=1e-15)
    # PyTorch conventions at kinks: relu'(0) = 0, leaky/prelu'(0) = alpha, hardsigmoid'(+-3) = 0.
    assert R.get("relu").df(zero)[0] == 0.0
    assert R.get("leaky_relu").df(zero)[0] == 0.01
    assert R.get("prelu").df(zero)[0] == 0.25
    assert np.all(R.get("hard_sigmoid").df(np.array([-3.0, 3.0])) == 0.0)
    assert R.get("sigmoid").df(zero)[0] == 0.25
    assert R.get("tanh").df(zero)[0] == 1.0


def test_limits_at_huge_inputs():
    big = np.array([-1e6, 1e6])
    np.testing.assert_array_equal(A.sigmoid(big), [0.0, 1.0])
    np.testing.assert_array_equal(A.tanh(big), [-1.0, 1.0])
    np.testing.assert_array_equal(A.softplus(big), [0.0, 1e6])
    np.testing.assert_array_equal(A.gelu(big), [0.0, 1e6])
    np.testing.assert_array_equal(A.elu(big), [-1.0, 1e6])
    for name in ("sigmoid", "tanh", "gelu", "silu", "mish", "gelu_tanh"):
        np.testing.assert_allclose(R.get(name).df(big)[0], 0.0, atol=1e-300)


def test_alpha_is_a_parameter():
    act = dataclasses.replace(R.get("leaky_relu"), alpha=0.2)
    assert act.f(np.array([-1.0]))[0] == pytest.approx(-0.2)
    assert act.df(np.array([-1.0]))[0] == pytest.approx(0.2)
    assert "0.2" in act.tex


def test_minima_of_non_monotonic_units_are_attained():
    for name in ("silu", "gelu", "gelu_tanh", "mish"):
        act = R.get(name)
        x = np.linspace(-5, 0, 200001)
        assert np.min(act.f(x)) == pytest.approx(act.output_range[0], abs=1e-9)


def test_traits():
    assert R.get("tanh").zero_centered and not R.get("sigmoid").zero_centered
    assert not R.get("relu").smooth and R.get("gelu").smooth
    assert not R.get("mish").monotonic and R.get("elu").monotonic
    assert R.get("sigmoid").bounded and not R.get("relu").bounded


def test_regions():
    relu = R.get("relu")
    assert regions.dead_region(relu, (-5, 5)) == [(-5, 0.0)]
    (left, right) = regions.saturation_regions(R.get("sigmoid"), (-6, 6), eps=0.05)
    edge = np.log((1 - 2 * 0.05 - np.sqrt(1 - 4 * 0.05)) / (2 * 0.05))  # sigma'(x) = eps
    assert left[0] == -6 and left[1] == pytest.approx(edge, abs=1e-9)
    assert right == pytest.approx((-edge, 6), abs=1e-9)
    assert regions.dead_region(R.get("sigmoid"), (-6, 6)) == []
    assert regions.dead_region(R.get("hard_sigmoid"), (-5, 5)) == [(-5, -3.0), (3.0, 5)]
    assert regions.dead_region(R.get("leaky_relu"), (-5, 5)) == []


def test_peak_derivative():
    x, value = regions.peak_derivative(R.get("sigmoid"), (-6, 6))
    assert x == pytest.approx(0.0, abs=1e-6) and value == pytest.approx(0.25, abs=1e-12)
    x, value = regions.peak_derivative(R.get("gelu"), (-6, 6))
    assert x == pytest.approx(np.sqrt(2.0), abs=1e-5)  # d2/dx2 GELU = phi(x)(2 - x^2)


def test_alpha_of_one_is_not_written():
    assert "1\\," not in R.get("elu").tex and "e^{x}" in R.get("elu").dtex


def _jumps_in_derivative(act, lo=-6.0, hi=6.0, n=120001, h=1e-7):
    """x where f' differs from one side to the other (found on a grid, refined by pairs)."""
    xs = np.linspace(lo, hi, n)
    left, right = act.df(xs - h), act.df(xs + h)
    return xs[np.abs(right - left) > 1e-4]


@pytest.mark.parametrize("name", NAMES)
def test_every_kink_is_listed_and_every_listed_kink_is_one(name):
    act = R.get(name)
    jumps = _jumps_in_derivative(act)
    for x in jumps:
        assert any(abs(x - k) < 1e-6 for k in act.kinks), f"{name}: unlisted kink near {x}"
    for k in act.kinks:
        assert act.df(np.array([k - 1e-9]))[0] != pytest.approx(act.df(np.array([k + 1e-9]))[0])
    assert act.smooth == (not act.kinks)


# PyTorch's derivative at each kink: the branch its backward kernels take at exactly that x
# (x > 0 picks the positive side, so at 0 every unit takes its negative-side slope).
TORCH_AT_KINKS = {
    "relu": [(0.0, 0.0)],
    "leaky_relu": [(0.0, 0.01)],
    "prelu": [(0.0, 0.25)],
    "selu": [(0.0, A.SELU_SCALE * A.SELU_ALPHA)],  # scale * alpha * e^0
    "hard_sigmoid": [(-3.0, 0.0), (3.0, 0.0)],
}


def test_kink_conventions_follow_pytorch():
    for name, pairs in TORCH_AT_KINKS.items():
        act = R.get(name)
        for x, slope in pairs:
            assert act.df(np.array([x]))[0] == pytest.approx(slope, rel=1e-15), name
    for alpha in (0.5, 2.0):  # ELU with alpha != 1 has a kink at 0: PyTorch takes alpha
        act = dataclasses.replace(R.get("elu"), alpha=alpha)
        assert act.df(np.array([0.0]))[0] == alpha
        assert act.df(np.array([1e-12]))[0] == 1.0
