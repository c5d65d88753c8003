import numpy as np
import pytest

from explainer.core.gradients import (
    gradient_norms_by_layer,
    init_network,
    loss_and_gradients,
    sample_batch,
)
from explainer.core.init import init_std


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "gelu", "elu"])
def test_backprop_matches_central_differences(name):
    net = init_network(depth=4, width=5, activation=name, init="xavier", seed=7)
    X, T = sample_batch(5, 8, seed=7)
    # Non-zero biases, so no pre-activation sits exactly on ReLU's kink at 0.
    for b in net.biases:
        b[:] = np.random.default_rng(b.size).normal(0.0, 0.3, size=b.size)
    grads = loss_and_gradients(net, X, T)
    h = 1e-6
    for layer in range(net.depth):
        for params, analytic in ((net.weights, grads.dW), (net.biases, grads.db)):
            numeric = np.zeros_like(params[layer])
            for idx in np.ndindex(params[layer].shape):
                keep = params[layer][idx]
                params[layer][idx] = keep + h
                up = loss_and_gradients(net, X, T).loss
                params[layer][idx] = keep - h
                down = loss_and_gradients(net, X, T).loss
                params[layer][idx] = keep
                numeric[idx] = (up - down) / (2 * h)
            np.testing.assert_allclose(analytic[layer], numeric, rtol=1e-5, atol=1e-9)


def test_init_scales():
    assert init_std("small", 64, 64) == 0.01
    assert init_std("xavier", 64, 64) == pytest.approx(np.sqrt(1 / 64))
    assert init_std("he", 64, 64) == pytest.approx(np.sqrt(2 / 64))
    with pytest.raises(ValueError, match="known: small"):
        init_std("glorot", 1, 1)
    net = init_network(3, 256, "relu", "he", seed=0)
    assert np.std(net.weights[0]) == pytest.approx(np.sqrt(2 / 256), rel=0.02)


@pytest.mark.parametrize("init", ["xavier", "small"])
def test_sigmoid_gradients_vanish_toward_the_input(init):
    norms = gradient_norms_by_layer("sigmoid", init, depth=10)
    assert norms[0] / norms[-1] < 1e-4  # orders of magnitude
    assert np.all(np.diff(np.log10(norms)) > 0)  # shrinking at every step back


def test_relu_with_he_init_stays_within_about_one_order():
    norms = gradient_norms_by_layer("relu", "he", depth=10)
    assert norms.max() / norms.min() < 10.0


def test_large_init_explodes():
    he = gradient_norms_by_layer("relu", "he", depth=10)
    large = gradient_norms_by_layer("relu", "large", depth=10)
    assert np.all(large / he > 1e6)
    tanh_large = gradient_norms_by_layer("tanh", "large", depth=10)
    assert tanh_large[0] / tanh_large[-1] > 100.0  # growing on the way back to the input


def test_seeded_runs_repeat():
    a = gradient_norms_by_layer("tanh", "xavier", seed=3)
    np.testing.assert_array_equal(a, gradient_norms_by_layer("tanh", "xavier", seed=3))
    assert not np.array_equal(a, gradient_norms_by_layer("tanh", "xavier", seed=4))
