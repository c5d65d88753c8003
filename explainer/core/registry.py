"""The registry of activations: each function with its derivative, formulas and traits.

The built-ins are ``ACTIVATIONS``; a ``Registry`` adds those a course author defined by formula
(the content layer builds them from ``activations.toml`` and passes the registry in: the core
reads no files). Functions that take an activation by name resolve it in the built-ins, or
take the ``Activation`` itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from explainer.core import Array
from explainer.core.activations import (
    SELU_ALPHA,
    SELU_SCALE,
    _arr,
    d_elu,
    d_gelu,
    d_gelu_tanh,
    d_hard_sigmoid,
    d_leaky_relu,
    d_mish,
    d_relu,
    d_selu,
    d_sigmoid,
    d_silu,
    d_tanh,
    elu,
    gelu,
    gelu_tanh,
    hard_sigmoid,
    leaky_relu,
    mish,
    relu,
    selu,
    sigmoid,
    silu,
    softplus,
    tanh,
)


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
    jumps: tuple[float, ...] = ()  # where f itself steps (a formula's where): f' is 0 around

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
                   # two lines each: legible on a phone in the scene's side column
                   r"f(x) &= \tfrac{1}{2}\,x\,\bigl(1 + \tanh u\bigr),\\"
                   r" u &= \sqrt{2/\pi}\,(x + 0.044715\,x^{3})",
                   r"f'(x) &= \tfrac{1}{2}(1 + \tanh u)\\"
                   r" &\quad + \tfrac{1}{2}\,x\,(1 - \tanh^2 u)\,u'(x)",
                   (_global_minimum(gelu_tanh, d_gelu_tanh), inf), zero_centered=False,
                   monotonic=False, bounded=False, smooth=True, range_closed=(True, False)),
        Activation("mish", mish, d_mish, r"\mathrm{Mish}(x) = x \tanh(\ln(1 + e^{x}))",
                   r"\mathrm{Mish}'(x) &= \tanh(s)\\ &\quad + x\,\sigma(x)\,(1 - \tanh^2 s),\\"
                   r" s &= \ln(1 + e^{x})",
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
# Other names for a registered function: same entry, no video of its own.
ALIASES = {"swish": "silu"}


class Registry(Mapping[str, Activation]):
    """The built-ins and, after them, the activations defined by formula (``extra``)."""

    def __init__(self, extra: Mapping[str, Activation] | None = None) -> None:
        self._entries = {**ACTIVATIONS, **(extra or {})}

    def __getitem__(self, name: str) -> Activation:
        found = self._entries.get(ALIASES.get(name, name))
        if found is None:
            known = ", ".join(sorted([*self._entries, *ALIASES]))
            raise ValueError(f"unknown activation {name!r}; known: {known}")
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and ALIASES.get(name, name) in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


BUILTIN = Registry()


def get(name: str) -> Activation:
    """A built-in activation by name (or alias); a ValueError lists the known names."""
    return BUILTIN[name]


def resolve(activation: str | Activation) -> Activation:
    """An ``Activation`` as given, or the built-in of that name."""
    return get(activation) if isinstance(activation, str) else activation
