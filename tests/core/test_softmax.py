import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special

from explainer.core.softmax import softmax, softmax_jacobian


@given(arrays(np.float64, (3, 5), elements=st.floats(-1e3, 1e3)))
def test_softmax_matches_scipy_and_sums_to_one(z):
    for axis in (0, 1, -1):
        np.testing.assert_allclose(softmax(z, axis=axis), special.softmax(z, axis=axis),
                                   rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(softmax(z, axis=axis).sum(axis=axis), 1.0, rtol=1e-12)


def test_huge_logits_give_no_nan_and_no_warning():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = softmax(np.array([1e3, -1e3, 999.0, 0.0]))
    assert np.all(np.isfinite(s)) and s[0] == pytest.approx(1 / (1 + np.exp(-1)))


def test_temperature_flattens_and_sharpens():
    z = np.array([2.0, 1.0, 0.1])
    hot, cold = softmax(z, temperature=10.0), softmax(z, temperature=0.1)
    assert np.ptp(hot) < np.ptp(softmax(z)) < np.ptp(cold)
    np.testing.assert_allclose(hot, special.softmax(z / 10.0), rtol=1e-12)
    with pytest.raises(ValueError, match="temperature must be positive"):
        softmax(z, temperature=0.0)


def test_jacobian_against_central_differences():
    z = np.array([0.5, -1.2, 2.0, 0.0])
    h = 1e-6
    numeric = np.array([(softmax(z + h * e, temperature=2.0)
                         - softmax(z - h * e, temperature=2.0)) / (2 * h)
                        for e in np.eye(4)]).T
    np.testing.assert_allclose(softmax_jacobian(z, temperature=2.0), numeric, atol=1e-9)
