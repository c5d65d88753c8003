import numpy as np
import pytest

from explainer.core.dead_neurons import dead_units, note_example, train_and_watch
from explainer.errors import TrainingDiverged


def test_note_example_has_five_dead_of_ten():
    W, b, X = note_example()
    dead = dead_units(W, b, X)
    assert dead.sum() == 5
    np.testing.assert_array_equal(dead, W[:, 0] < 0)  # exactly the negative weights


def test_probe_counts_a_unit_alive_if_any_input_fires_it():
    W = np.array([[1.0], [-1.0]])
    X = np.array([[-1.0], [-2.0], [0.5]])
    np.testing.assert_array_equal(dead_units(W, np.zeros(2), X), [False, False])
    np.testing.assert_array_equal(dead_units(W, np.array([-1.0, -3.0]), X), [True, True])


def test_large_learning_rate_kills_relu_units_and_leaky_relu_keeps_them():
    relu = train_and_watch("relu", learning_rate=0.15)
    leaky = train_and_watch("leaky_relu", learning_rate=0.15)
    gentle = train_and_watch("relu", learning_rate=0.02)
    assert relu.dead_fraction[0] == 0.0
    assert relu.dead_fraction[-1] > 0.3
    assert gentle.dead_fraction[-1] < relu.dead_fraction[-1]
    assert np.all(leaky.dead_fraction == 0.0)
    assert leaky.negative_fraction[-1] > 0.0  # units in the negative regime, still learning
    # Dead ReLU units stay dead: nothing can flow back into them.
    masks = relu.dead_mask
    assert np.all(masks[1:] >= masks[:-1])
    assert np.all(np.isfinite(relu.loss)) and relu.loss[-1] < relu.loss[0]


def test_relu_dead_mask_agrees_with_the_probe():
    run = train_and_watch("relu", learning_rate=0.15, steps=20)
    assert run.dead_mask.shape == (21, 64)
    # The probe, on the final weights and the run's own data, finds the same dead units.
    probe = dead_units(run.hidden_weights, run.hidden_bias, run.inputs)
    assert probe.sum() > 0
    np.testing.assert_array_equal(run.dead_mask[-1], probe)
    assert run.dead_fraction[-1] == probe.sum() / 64
    # For ReLU, "no gradient anywhere" and "never positive" are the same thing.
    np.testing.assert_allclose(run.dead_fraction, run.negative_fraction)


def test_divergence_is_a_clear_error():
    with pytest.raises(TrainingDiverged, match=r"diverged .* smaller learning rate"):
        train_and_watch("relu", learning_rate=5.0)
