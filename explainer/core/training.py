"""The study note's experiment, in numpy: one network trained with each activation.

20 -> 50 -> 50 -> 2, the activation after both hidden layers, softmax cross-entropy, Adam
(lr 0.001, PyTorch's defaults otherwise), 200 full-batch epochs, on scikit-learn's
``make_classification(n_samples=1000, n_features=20, n_informative=15, n_redundant=5,
random_state=42)`` split 80/20 with ``random_state=42`` (the note's exact data). Every run
starts from the same weights, drawn once from one seed with PyTorch's default scheme for
``nn.Linear`` (uniform in +-1/sqrt(fan_in), biases too), so runs differ only in the
activation. A run keeps its data and initial weights, so any framework can replay it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

from explainer.core import Array, mlp
from explainer.core.registry import Activation, resolve

LAYERS = (20, 50, 50, 2)
NOTE_ACTIVATIONS = ("relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu", "silu")
Params = list[Array]  # [W1, b1, W2, b2, W3, b3], W of shape (out, in)


@dataclass(frozen=True)
class Data:
    X_train: Array
    X_test: Array
    y_train: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class Run:
    activation: str
    loss: Array  # (epochs,): the training loss before each update, as the note records it
    test_accuracy: float
    initial: Params
    data: Data


def note_data() -> Data:
    """The note's data set and split."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(n_samples=1000, n_features=20, n_classes=2, n_informative=15,
                               n_redundant=5, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    return Data(X_train, X_test, y_train, y_test)


def init_params(seed: int = 0, layers: tuple[int, ...] = LAYERS) -> Params:
    """PyTorch's default nn.Linear initialisation: W and b uniform in +-1/sqrt(fan_in)."""
    rng = np.random.default_rng(seed)
    params: Params = []
    for fan_in, fan_out in itertools.pairwise(layers):
        bound = 1.0 / np.sqrt(fan_in)
        params += [rng.uniform(-bound, bound, (fan_out, fan_in)),
                   rng.uniform(-bound, bound, fan_out)]
    return params


def forward(params: Params, X: Array, activation: str | Activation
            ) -> tuple[Array, list[Array], list[Array]]:
    """Logits, and the pre-activations and layer outputs every layer saw (for backward)."""
    pre, outputs = mlp.forward(params[0::2], params[1::2], X, resolve(activation))
    return outputs[-1], pre, outputs


def loss_and_gradients(params: Params, X: Array, y: np.ndarray, activation: str | Activation
                       ) -> tuple[float, Params]:
    """Mean softmax cross-entropy and its gradient with respect to every parameter."""
    act = resolve(activation)
    logits, pre, outputs = forward(params, X, act)
    log_p = logits - logsumexp(logits, axis=1, keepdims=True)
    n = X.shape[0]
    loss = float(-np.mean(log_p[np.arange(n), y]))
    d = np.exp(log_p)
    d[np.arange(n), y] -= 1.0
    dW, db = mlp.backward(params[0::2], pre, outputs, act, d / n)
    return loss, [g for pair in zip(dW, db, strict=True) for g in pair]


@dataclass
class Adam:
    """PyTorch's Adam: m, v moving averages with bias correction."""

    lr: float = 1e-3
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self) -> None:
        self.t = 0
        self.m: Params = []
        self.v: Params = []

    def step(self, params: Params, grads: Params) -> None:
        if not self.m:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            m_hat = m / (1 - self.beta1**self.t)
            v_hat = v / (1 - self.beta2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def train(activation: str | Activation, epochs: int = 200, lr: float = 1e-3, seed: int = 0,
          data: Data | None = None) -> Run:
    """One run of the note's experiment with ``activation``."""
    data = data or note_data()
    initial = init_params(seed)
    params = [p.copy() for p in initial]
    optimiser = Adam(lr)
    losses = []
    for _ in range(epochs):
        loss, grads = loss_and_gradients(params, data.X_train, data.y_train, activation)
        losses.append(loss)
        optimiser.step(params, grads)
    logits, _, _ = forward(params, data.X_test, activation)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == data.y_test))
    name = activation if isinstance(activation, str) else activation.name
    return Run(name, np.array(losses), accuracy, initial, data)


def compare(names: tuple[str, ...] = NOTE_ACTIVATIONS, epochs: int = 200, seed: int = 0
            ) -> dict[str, Run]:
    """The whole experiment: the same data and initial weights for every activation."""
    data = note_data()
    return {name: train(name, epochs, seed=seed, data=data) for name in names}
