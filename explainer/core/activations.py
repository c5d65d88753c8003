"""Activation functions, their derivatives, and a registry of them.

Each function is a pure element-wise map of a float64 array. They are built from stable pieces
(``np.logaddexp``, ``np.expm1``, ``scipy.special.ndtr``) so that no finite input produces nan
or an overflow warning, and every output is finite where its true value is: only SELU above
``SELU_OVERFLOW`` (~1.711e308) exceeds the largest float, and gives +inf. At a kink the
derivative takes PyTorch's convention (ReLU'(0) = 0).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

from explainer import project
from explainer.core import Array
from explainer.errors import ContentError

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


@dataclass(frozen=True)
class Activation:
    """One activation function with its derivative, formulas and traits.

    ``alpha`` is the negative-side parameter for the functions that take one (Leaky ReLU,
    PReLU, ELU); change it with ``dataclasses.replace(act, alpha=...)``.
    """

    name: str
    fn: Callable[..., Array]
    dfn: Callable[..., Array]
    tex_template: str
    dtex_template: str
    output_range: tuple[float, float]
    zero_centered: bool
    monotonic: bool
    bounded: bool
    smooth: bool  # f' continuous everywhere
    range_closed: tuple[bool, bool] = (False, False)
    kinks: tuple[float, ...] = ()
    alpha: float | None = None

    def _params(self) -> dict[str, float]:
        return {} if self.alpha is None else {"alpha": self.alpha}

    def f(self, x: ArrayLike) -> Array:
        return self.fn(_arr(x), **self._params())

    def df(self, x: ArrayLike) -> Array:
        return self.dfn(_arr(x), **self._params())

    @property
    def tex(self) -> str:
        return self._fill(self.tex_template)

    @property
    def dtex(self) -> str:
        return self._fill(self.dtex_template)

    def _fill(self, template: str) -> str:
        if self.alpha == 1.0:  # write e^x - 1, not 1 (e^x - 1)
            template = template.replace("<alpha>\\,", "")
        return template.replace("<alpha>", _fmt(self.alpha))

    @property
    def range_tex(self) -> str:
        """The output range in interval notation, e.g. ``(0, 1)`` or ``[0, \\infty)``."""
        lo, hi = self.output_range
        left = "[" if self.range_closed[0] else "("
        right = "]" if self.range_closed[1] else ")"
        return f"{left}{_fmt(lo)}, {_fmt(hi)}{right}"


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if math.isinf(value):
        return "\\infty" if value > 0 else "-\\infty"
    return f"{value:.4g}"


def _global_minimum(fn: Callable[[Array], Array], dfn: Callable[[Array], Array]) -> float:
    """Minimum value of a smooth non-monotonic unit (SiLU, GELU, Mish) on the negative side."""
    root = optimize.brentq(lambda t: float(dfn(np.array(t))), -3.0, -0.1, xtol=1e-14)
    return float(fn(np.array(root)))


_PIECEWISE = r"\begin{cases} %s, & x > 0 \\ %s, & x \le 0 \end{cases}"


def _registry() -> dict[str, Activation]:
    inf = math.inf
    selu_low = -SELU_SCALE * SELU_ALPHA
    acts = [
        Activation("sigmoid", sigmoid, d_sigmoid, r"\sigma(x) = \frac{1}{1 + e^{-x}}",
                   r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))", (0.0, 1.0),
                   zero_centered=False, monotonic=True, bounded=True, smooth=True),
        Activation("tanh", tanh, d_tanh, r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
                   r"\tanh'(x) = 1 - \tanh^2(x)", (-1.0, 1.0),
                   zero_centered=True, monotonic=True, bounded=True, smooth=True),
        Activation("relu", relu, d_relu, r"\mathrm{ReLU}(x) = \max(0, x)",
                   r"\mathrm{ReLU}'(x) = " + _PIECEWISE % ("1", "0"), (0.0, inf),
                   zero_centered=False, monotonic=True, bounded=False, smooth=False,
                   range_closed=(True, False), kinks=(0.0,)),
        Activation("leaky_relu", leaky_relu, d_leaky_relu,
                   r"f(x) = " + _PIECEWISE % ("x", "<alpha>\\,x"),
                   r"f'(x) = " + _PIECEWISE % ("1", "<alpha>"), (-inf, inf),
                   zero_centered=False, monotonic=True, bounded=False, smooth=False,
                   kinks=(0.0,), alpha=0.01),
        Activation("prelu", leaky_relu, d_leaky_relu,
                   r"f(x) = " + _PIECEWISE % ("x", "a\\,x") + r",\ a = <alpha>",
                   r"f'(x) = " + _PIECEWISE % ("1", "a"), (-inf, inf),
                   zero_centered=False, monotonic=True, bounded=False, smooth=False,
                   kinks=(0.0,), alpha=0.25),
        Activation("elu", elu, d_elu,
                   r"f(x) = " + _PIECEWISE % ("x", "<alpha>\\,(e^{x} - 1)"),
                   r"f'(x) = " + _PIECEWISE % ("1", "<alpha>\\,e^{x}"), (-1.0, inf),
                   zero_centered=True, monotonic=True, bounded=False, smooth=True,
                   alpha=1.0),
        Activation("selu", selu, d_selu,
                   r"f(x) = \lambda " + _PIECEWISE % ("x", "\\alpha\\,(e^{x} - 1)"),
                   r"f'(x) = \lambda " + _PIECEWISE % ("1", "\\alpha\\,e^{x}"),
                   (selu_low, inf), zero_centered=True, monotonic=True, bounded=False,
                   smooth=False, kinks=(0.0,)),
        Activation("softplus", softplus, sigmoid, r"\mathrm{softplus}(x) = \ln(1 + e^{x})",
                   r"\mathrm{softplus}'(x) = \sigma(x)", (0.0, inf),
                   zero_centered=False, monotonic=True, bounded=False, smooth=True),
        Activation("silu", silu, d_silu, r"\mathrm{SiLU}(x) = x\,\sigma(x)",
                   r"\mathrm{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
                   (_global_minimum(silu, d_silu), inf), zero_centered=False,
                   monotonic=False, bounded=False, smooth=True, range_closed=(True, False)),
        Activation("gelu", gelu, d_gelu, r"\mathrm{GELU}(x) = x\,\Phi(x)",
                   r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)",
                   (_global_minimum(gelu, d_gelu), inf), zero_centered=False,
                   monotonic=False, bounded=False, smooth=True, range_closed=(True, False)),
        Activation("gelu_tanh", gelu_tanh, d_gelu_tanh,
                   r"f(x) = \tfrac{1}{2}\,x\,\bigl(1 + \tanh u\bigr),"
                   r"\ u = \sqrt{2/\pi}\,(x + 0.044715\,x^{3})",
                   r"f'(x) = \tfrac{1}{2}(1 + \tanh u) + \tfrac{1}{2}\,x\,(1 - \tanh^2 u)\,u'(x)",
                   (_global_minimum(gelu_tanh, d_gelu_tanh), inf), zero_centered=False,
                   monotonic=False, bounded=False, smooth=True, range_closed=(True, False)),
        Activation("mish", mish, d_mish, r"\mathrm{Mish}(x) = x \tanh(\ln(1 + e^{x}))",
                   r"\mathrm{Mish}'(x) = \tanh(s) + x\,\sigma(x)\,(1 - \tanh^2 s),"
                   r"\ s = \ln(1 + e^{x})",
                   (_global_minimum(mish, d_mish), inf), zero_centered=False,
                   monotonic=False, bounded=False, smooth=True, range_closed=(True, False)),
        Activation("hard_sigmoid", hard_sigmoid, d_hard_sigmoid,
                   r"f(x) = \min\bigl(1, \max(0, \tfrac{x}{6} + \tfrac{1}{2})\bigr)",
                   r"f'(x) = \begin{cases} \tfrac{1}{6}, & |x| < 3 \\ 0, & |x| \ge 3 \end{cases}",
                   (0.0, 1.0), zero_centered=False, monotonic=True, bounded=True,
                   smooth=False, range_closed=(True, True), kinks=(-3.0, 3.0)),
    ]
    return {a.name: a for a in acts}


ACTIVATIONS: dict[str, Activation] = _registry()
# Other names for a registered function (as jax.nn has ``swish = silu``): same entry, no video
# of its own.
swish = silu
d_swish = d_silu
ALIASES = {"swish": "silu"}


FORMULA_FILE = "activations.toml"


def formula_activations(path: Path | None = None) -> dict[str, Activation]:
    """The activations a course author defined by formula in the content folder's
    activations.toml (parsed once while the file is unchanged; SymPy is imported only when
    there is an entry)."""
    path = path or project.content_dir() / FORMULA_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return _formula_activations(path, stat.st_mtime_ns, stat.st_size)


@cache
def _formula_activations(path: Path, mtime_ns: int, size: int) -> dict[str, Activation]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: TOML syntax error: {exc}") from None
    if not doc:
        return {}
    from explainer.core import formula  # SymPy: only when a formula is defined

    return formula.load(doc, str(path))


def names(path: Path | None = None) -> list[str]:
    """Every activation with a scene: the built-ins, then those defined by formula (in
    ``path``, default: the project's activations.toml)."""
    return [*ACTIVATIONS, *formula_activations(path)]


def get(name: str) -> Activation:
    """The activation called ``name``: built-in, an alias of one, or defined by formula in
    the content folder; a ValueError lists the known names."""
    found = ACTIVATIONS.get(ALIASES.get(name, name)) or formula_activations().get(name)
    if found is None:
        known = ", ".join(sorted([*ACTIVATIONS, *ALIASES, *formula_activations()]))
        raise ValueError(f"unknown activation {name!r}; known: {known}")
    return found


def _regions(
    predicate: Callable[[Array], NDArray[np.bool_]],
    x_range: tuple[float, float],
    samples: int = 4001,
) -> list[tuple[float, float]]:
    """Maximal intervals of x_range where predicate holds, edges refined by bisection."""
    lo, hi = x_range
    xs = np.linspace(lo, hi, samples)
    inside = predicate(xs)
    regions: list[tuple[float, float]] = []
    start: float | None = lo if inside[0] else None
    for i in range(1, samples):
        if inside[i] == inside[i - 1]:
            continue
        edge = _bisect_edge(predicate, float(xs[i - 1]), float(xs[i]), bool(inside[i - 1]))
        if inside[i]:
            start = edge
        else:
            assert start is not None
            regions.append((start, edge))
            start = None
    if start is not None:
        regions.append((start, hi))
    return regions


def _bisect_edge(
    predicate: Callable[[Array], NDArray[np.bool_]], a: float, b: float, left_value: bool
) -> float:
    for _ in range(60):
        mid = 0.5 * (a + b)
        if bool(predicate(np.array([mid]))[0]) == left_value:
            a = mid
        else:
            b = mid
    # Return the side that satisfies the predicate, so the interval is closed where it is.
    return a if left_value else b


def saturation_regions(
    act: Activation, x_range: tuple[float, float], eps: float = 0.05
) -> list[tuple[float, float]]:
    """Intervals of x_range where |f'(x)| < eps: the gradient barely passes there."""
    return _regions(lambda x: np.abs(act.df(x)) < eps, x_range)


def dead_region(act: Activation, x_range: tuple[float, float]) -> list[tuple[float, float]]:
    """Intervals of x_range where f'(x) == 0 exactly: no gradient passes at all."""
    return _regions(lambda x: act.df(x) == 0.0, x_range)


def peak_derivative(act: Activation, x_range: tuple[float, float]) -> tuple[float, float]:
    """(x, f'(x)) where f' is largest on x_range, located on a grid then polished."""
    xs = np.linspace(x_range[0], x_range[1], 4001)
    i = int(np.argmax(act.df(xs)))
    step = xs[1] - xs[0]
    res = optimize.minimize_scalar(
        lambda t: -float(act.df(np.array(t))),
        bounds=(max(x_range[0], xs[i] - step), min(x_range[1], xs[i] + step)),
        method="bounded",
        options={"xatol": 1e-12},
    )
    x_best = float(res.x) if -res.fun >= act.df(xs[i]) else float(xs[i])
    return x_best, float(act.df(np.array(x_best)))
