"""One fully connected network, forward and backward, for every module that trains or probes one.

Layer ``l`` computes ``z_l = a_{l-1} W_l^T + b_l``; the activation follows every layer but the
last (``a_l = f(z_l)``), whose ``z`` is the network's output. ``backward`` takes the gradient of
the loss with respect to that output and returns the gradients of every weight and bias: the
gradient reaching layer l is a product of one factor ``W^T diag(f'(z))`` per layer above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from explainer.core import Array
from explainer.core.registry import Activation


def forward(weights: Sequence[Array], biases: Sequence[Array], X: Array, act: Activation
            ) -> tuple[list[Array], list[Array]]:
    """Pre-activations z_l and layer outputs a_l (a_0 = X; the last a is the output z_L)."""
    outputs = [X]
    pre: list[Array] = []
    last = len(weights) - 1
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        z = outputs[-1] @ W.T + b
        pre.append(z)
        outputs.append(act.f(z) if i < last else z)
    return pre, outputs


def backward(weights: Sequence[Array], pre: Sequence[Array], outputs: Sequence[Array],
             act: Activation, d_out: Array) -> tuple[list[Array], list[Array]]:
    """dLoss/dW_l and dLoss/db_l for every layer, from ``d_out`` = dLoss/d(output)."""
    depth = len(weights)
    dW: list[Array] = [d_out] * depth
    db: list[Array] = [d_out] * depth
    delta = d_out
    for layer in range(depth - 1, -1, -1):
        dW[layer] = delta.T @ outputs[layer]
        db[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ weights[layer]) * act.df(pre[layer - 1])
    return dW, db
