import itertools

import numpy as np
import pytest

from explainer.core import approximation as A

COUNTS = (1, 2, 4, 8, 16, 32)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_error_falls_as_units_are_added(activation):
    errors = A.errors_by_units(activation, COUNTS)
    values = [errors[n] for n in COUNTS]
    assert all(b < a for a, b in itertools.pairwise(values))
    assert values[-1] < 0.02 * np.ptp(A.target(np.linspace(-3, 3, 601)))


def test_identity_stays_the_best_straight_line():
    line = A.best_line()
    for n in COUNTS:
        fit = A.fit("identity", n)
        assert fit.max_error == pytest.approx(line.max_error, rel=1e-9)
        np.testing.assert_allclose(np.diff(fit.prediction, 2), 0.0, atol=1e-9)  # a line


def test_the_sum_of_the_units_is_the_prediction_and_deterministic():
    fit = A.fit("relu", 8)
    assert fit.contributions.shape == (8, fit.xs.size)
    np.testing.assert_allclose(fit.bias + fit.contributions.sum(axis=0), fit.prediction)
    again = A.fit("relu", 8)
    np.testing.assert_array_equal(fit.prediction, again.prediction)
    assert fit.max_error == np.max(np.abs(fit.prediction - fit.target))
