"""Activation functions and their derivatives.

Each function is a pure element-wise map of a float64 array. They are built from stable pieces
(``np.logaddexp``, ``np.expm1``, ``scipy.special.ndtr``) so that no finite input produces nan
or an overflow warning, and every output is finite where its true value is: only SELU above
``SELU_OVERFLOW`` (~1.711e308) exceeds the largest float, and gives +inf. At a kink the
derivative takes PyTorch's convention (ReLU'(0) = 0).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from explainer.core import Array

# Squares and cubes of |x| beyond this overflow float64; every term that uses them is already
# exactly 0 or 1 there, so clipping changes no value.
_POLY_CLIP = 1e100
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
SELU_OVERFLOW = float(np.finfo(np.float64).max / SELU_SCALE)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_TANH_C = 0.044715


def _arr(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


def sigmoid(x: ArrayLike) -> Array:
    """sigma(x) = 1 / (1 + e^-x); sigma'(x) = sigma(x) (1 - sigma(x)), at most 1/4 (at x = 0).

    scipy's expit: as stable as exp(-logaddexp(0, -x)) (no overflow, no warning, exact 0 and
    1 in the tails) and 8x faster, which the training race feels."""
    return np.asarray(special.expit(_arr(x)), dtype=np.float64)


def d_sigmoid(x: ArrayLike) -> Array:
    x = _arr(x)
    # sigma(-x) instead of 1 - sigma(x) keeps full precision in the right tail.
    return sigmoid(x) * sigmoid(-x)


def tanh(x: ArrayLike) -> Array:
    """tanh(x) = 2 sigma(2x) - 1; tanh'(x) = 1 - tanh^2(x), at most 1 (at x = 0)."""
    return np.tanh(_arr(x))


def d_tanh(x: ArrayLike) -> Array:
    x = np.clip(_arr(x), -_POLY_CLIP, _POLY_CLIP)  # 2x must not overflow; sech^2 is 0 there
    return 4.0 * sigmoid(2.0 * x) * sigmoid(-2.0 * x)  # = 1 - tanh^2, without cancellation


def relu(x: ArrayLike) -> Array:
    """ReLU(x) = max(0, x); ReLU'(x) = 1 for x > 0, else 0 (ReLU'(0) = 0)."""
    return np.maximum(_arr(x), 0.0)


def d_relu(x: ArrayLike) -> Array:
    return (_arr(x) > 0.0).astype(np.float64)


def leaky_relu(x: ArrayLike, alpha: float = 0.01) -> Array:
    """LeakyReLU(x) = x for x > 0, else alpha x; derivative 1 for x > 0, else alpha."""
    x = _arr(x)
    return np.where(x > 0.0, x, alpha * x)


def d_leaky_relu(x: ArrayLike, alpha: float = 0.01) -> Array:
    return np.where(_arr(x) > 0.0, 1.0, alpha)


def elu(x: ArrayLike, alpha: float = 1.0) -> Array:
    """ELU(x) = x for x > 0, else alpha (e^x - 1); derivative 1 for x > 0, else alpha e^x."""
    x = _arr(x)
    return np.where(x > 0.0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def d_elu(x: ArrayLike, alpha: float = 1.0) -> Array:
    x = _arr(x)
    return np.where(x > 0.0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def selu(x: ArrayLike) -> Array:
    """SELU(x) = scale * ELU(x, alpha) with the self-normalising constants of Klambauer et al.

    The one finite input with an infinite output in this module: above ``SELU_OVERFLOW``
    (about 1.711e308) the true value exceeds the largest float, and +inf is its correct
    rounding."""
    with np.errstate(over="ignore"):
        return SELU_SCALE * elu(x, SELU_ALPHA)


def d_selu(x: ArrayLike) -> Array:
    return SELU_SCALE * d_elu(x, SELU_ALPHA)


def softplus(x: ArrayLike) -> Array:
    """softplus(x) = ln(1 + e^x); softplus'(x) = sigma(x)."""
    return np.logaddexp(0.0, _arr(x))


def silu(x: ArrayLike) -> Array:
    """SiLU / Swish(x) = x sigma(x); derivative sigma(x) (1 + x (1 - sigma(x)))."""
    x = _arr(x)
    return x * sigmoid(x)


def d_silu(x: ArrayLike) -> Array:
    x = _arr(x)
    s = sigmoid(x)
    return s + x * s * sigmoid(-x)


def _normal_pdf(x: Array) -> Array:
    xc = np.clip(x, -_POLY_CLIP, _POLY_CLIP)
    return np.exp(-0.5 * xc * xc) / math.sqrt(2.0 * math.pi)


def gelu(x: ArrayLike) -> Array:
    """GELU(x) = x Phi(x), Phi the standard normal CDF; derivative Phi(x) + x phi(x)."""
    x = _arr(x)
    return x * special.ndtr(x)


def d_gelu(x: ArrayLike) -> Array:
    x = _arr(x)
    return special.ndtr(x) + x * _normal_pdf(x)


def _gelu_tanh_inner(x: Array) -> tuple[Array, Array]:
    """u(x) = sqrt(2/pi) (x + 0.044715 x^3) and u'(x)."""
    xc = np.clip(x, -_POLY_CLIP, _POLY_CLIP)
    u = _SQRT_2_OVER_PI * (xc + _GELU_TANH_C * xc**3)
    du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_C * xc**2)
    return u, du


def gelu_tanh(x: ArrayLike) -> Array:
    """GELU's tanh approximation 0.5 x (1 + tanh(u)), u = sqrt(2/pi)(x + 0.044715 x^3).

    Computed as x sigma(2u), the same number without the cancellation in 1 + tanh(u).
    Derivative: sigma(2u) + 2 x sigma(2u) sigma(-2u) u'(x).
    """
    x = _arr(x)
    u, _ = _gelu_tanh_inner(x)
    return x * sigmoid(2.0 * u)


def d_gelu_tanh(x: ArrayLike) -> Array:
    x = _arr(x)
    u, du = _gelu_tanh_inner(x)
    s, s_neg = sigmoid(2.0 * u), sigmoid(-2.0 * u)
    return s + x * (2.0 * s * s_neg * du)


def mish(x: ArrayLike) -> Array:
    """Mish(x) = x tanh(softplus(x)); derivative tanh(sp) + x sigma(x) (1 - tanh^2(sp))."""
    x = _arr(x)
    return x * np.tanh(softplus(x))


def d_mish(x: ArrayLike) -> Array:
    x = _arr(x)
    sp = softplus(x)
    return np.tanh(sp) + x * sigmoid(x) * d_tanh(sp)


def hard_sigmoid(x: ArrayLike) -> Array:
    """HardSigmoid(x) = clip(x/6 + 1/2, 0, 1); derivative 1/6 for -3 < x < 3, else 0."""
    return np.clip(_arr(x) / 6.0 + 0.5, 0.0, 1.0)


def d_hard_sigmoid(x: ArrayLike) -> Array:
    x = _arr(x)
    return np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0)


# Other names for a registered function (as jax.nn has ``swish = silu``).
swish = silu
d_swish = d_silu
