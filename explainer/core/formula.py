"""Activations a course author defines by a formula, in ``activations.toml``.

A formula is data, not code: it is parsed with Python's ``ast`` and only the node types and
names below are accepted; the SymPy expression is built node by node from that tree (never
``eval``, ``sympify`` or ``parse_expr`` on the text). SymPy gives the derivative and the LaTeX
shown on screen; numpy functions made from the symbolic ones (lambdify, with the core's stable
sigmoid and softplus) give the numbers, and are checked when the file is loaded.

At a kink the derivative follows the core's (PyTorch's) convention: ``where(c, a, b)`` takes
the branch its condition picks at that very x (``where(x > 0, x, 0.1 * x)`` has slope 0.1 at
0, like Leaky ReLU); where ``max``/``min`` switch arguments, the flatter side's slope is taken
(``max(0, x)`` has slope 0 at 0, like ReLU; the hard sigmoid has slope 0 at ±3).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy
from scipy import special
from sympy.codegen.cfunctions import log1p

from explainer.core import Array
from explainer.core import activations as functions
from explainer.core import formula_check as soundness
from explainer.core.registry import ALIASES, BUILTIN, Activation

MAX_LENGTH = 400
MAX_EXPONENT = 100
MAX_NODES = 150  # numbers, names, operators and calls in one formula
MAX_DEPTH = 40  # how deeply they nest (a sum of n terms nests n deep)
MAX_PIECEWISE_NESTING = 2  # max/min inside max/min: SymPy's cost grows steeply (3 deep: 1.5 s)
MAX_MAGNITUDE = 1e12  # any number, also one a power of numbers makes
X = sympy.Symbol("x", real=True)


class sigmoid(sympy.Function):
    """The logistic function; d/du sigma(u) = sigma(u) (1 - sigma(u))."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _latex(self, printer: Any) -> str:
        return rf"\sigma\left({printer._print(self.args[0])}\right)"


class softplus(sympy.Function):
    """ln(1 + e^u); its derivative is sigma(u)."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sigmoid(self.args[0])

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)"


def _max(a: sympy.Expr, b: sympy.Expr, tie_first: bool) -> sympy.Expr:
    return sympy.Piecewise((a, a > b), (b, b > a), (a if tie_first else b, True))


def _min(a: sympy.Expr, b: sympy.Expr, tie_first: bool) -> sympy.Expr:
    return sympy.Piecewise((a, a < b), (b, b < a), (a if tie_first else b, True))


UNARY: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "exp": sympy.exp, "log": sympy.log, "log1p": log1p, "sqrt": sympy.sqrt,
    "abs": sympy.Abs, "tanh": sympy.tanh, "sigmoid": sigmoid, "softplus": softplus,
    "erf": sympy.erf,
}
BINARY = ("max", "min")
CONSTANTS = {"pi": sympy.pi, "e": sympy.E}
FUNCTIONS = (*UNARY, *BINARY, "where")
OPERATORS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b,
}
COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
}


class FormulaError(ValueError):
    """What is wrong with a formula (the loader adds file and entry)."""


def parse(text: str, params: Mapping[str, float], tie_first: bool = True,
          display: bool = False) -> sympy.Expr:
    """The SymPy expression of ``text`` in x, with ``params`` as symbols. ``display`` keeps
    max/min as SymPy's Max/Min (for LaTeX); otherwise they are piecewise, with ties going to
    the first (``tie_first``) or the second argument."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("formula must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters")
    try:
        # ^ means power, with power's precedence (Python's ^ binds looser than * and +)
        tree = ast.parse(text.strip().replace("^", "**"), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"syntax error at column {exc.offset}: {exc.msg}") from None
    _check_size(tree.body)
    symbols = {name: sympy.Symbol(name, real=True) for name in params}
    return _Builder(symbols, tie_first, display).build(tree.body)


def _check_size(root: ast.AST) -> None:
    """Refuse a formula too big for SymPy to handle at once, before it tries (walked without
    recursion, so no nesting overflows the stack)."""
    nodes = 0
    stack: list[tuple[ast.AST, int, int]] = [(root, 1, 0)]
    while stack:
        node, depth, piecewise = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise FormulaError(f"formula has more than {MAX_NODES} parts (numbers, names, "
                               "operators, calls)")
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula nests more than {MAX_DEPTH} levels deep")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in BINARY):
            piecewise += 1
            if piecewise > MAX_PIECEWISE_NESTING:
                raise FormulaError(f"max and min nest at most {MAX_PIECEWISE_NESTING} deep "
                                   "in a formula; use where(condition, a, b) for more branches")
        stack.extend((child, depth + 1, piecewise) for child in ast.iter_child_nodes(node))


class _Builder:
    def __init__(self, symbols: Mapping[str, sympy.Symbol], tie_first: bool,
                 display: bool) -> None:
        self.symbols, self.tie_first, self.display = symbols, tie_first, display

    def build(self, node: ast.AST, condition_ok: bool = False) -> Any:
        where = f"column {getattr(node, 'col_offset', 0) + 1}"
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError(f"{where}: only numbers may appear, not {node.value!r}")
            if not math.isfinite(node.value) or abs(node.value) > 1e12:
                raise FormulaError(f"{where}: number {node.value!r} is out of range")
            if isinstance(node.value, int):
                return sympy.Integer(node.value)
            return sympy.Float(node.value)
        if isinstance(node, ast.Name):
            if node.id == "x":
                return X
            if node.id in self.symbols:
                return self.symbols[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            known = ", ".join(["x", *self.symbols, *CONSTANTS])
            raise FormulaError(f"{where}: unknown name {node.id!r}; known: {known}")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self.build(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = self.build(node.left), self.build(node.right)
            if isinstance(node.op, ast.Pow) and right.is_number:
                if abs(float(right)) > MAX_EXPONENT:
                    raise FormulaError(f"{where}: exponent {right} is too large "
                                       f"(at most {MAX_EXPONENT})")
                if left.is_number and float(left) != 0 and (
                        abs(float(right)) * math.log10(abs(float(left)))
                        > math.log10(MAX_MAGNITUDE)):
                    raise FormulaError(f"{where}: {left}^{right} is larger than "
                                       f"{MAX_MAGNITUDE:g}")
            value = OPERATORS[type(node.op)](left, right)
            if value.is_number and value.is_finite and abs(float(value)) > MAX_MAGNITUDE:
                raise FormulaError(f"{where}: a number larger than {MAX_MAGNITUDE:g}")
            return value
        if isinstance(node, ast.Compare) and condition_ok:
            if len(node.ops) != 1 or type(node.ops[0]) not in COMPARISONS:
                raise FormulaError(f"{where}: a condition is one comparison: >, >=, < or <=")
            return COMPARISONS[type(node.ops[0])](self.build(node.left),
                                                  self.build(node.comparators[0]))
        if isinstance(node, ast.Call):
            return self.call(node, where)
        if isinstance(node, ast.Attribute):
            raise FormulaError(f"{where}: attribute access ('.{node.attr}') is not allowed")
        raise FormulaError(f"{where}: {type(node).__name__} is not allowed in a formula; use "
                           f"numbers, x, parameters, + - * / ^ and {', '.join(FUNCTIONS)}")

    def call(self, node: ast.Call, where: str) -> Any:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else "this call"
            raise FormulaError(f"{where}: unknown function {name!r}; known: "
                               f"{', '.join(FUNCTIONS)}")
        name = node.func.id
        arity = 1 if name in UNARY else 2 if name in BINARY else 3
        if node.keywords or len(node.args) != arity:
            raise FormulaError(f"{where}: {name} takes {arity} argument(s)")
        if name == "where":
            if not isinstance(node.args[0], ast.Compare):
                raise FormulaError(f"{where}: where's first argument is a condition such as "
                                   "x > 0")
            cond = self.build(node.args[0], condition_ok=True)
            return sympy.Piecewise((self.build(node.args[1]), cond),
                                   (self.build(node.args[2]), True))
        args = [self.build(a) for a in node.args]
        if name in BINARY:
            if self.display:
                return (sympy.Max if name == "max" else sympy.Min)(*args)
            return (_max if name == "max" else _min)(args[0], args[1], self.tie_first)
        return UNARY[name](args[0])


NUMPY_FUNCTIONS = {"sigmoid": functions.sigmoid, "softplus": functions.softplus,
                   "erf": special.erf, "log1p": np.log1p}


def _numeric(expr: sympy.Expr) -> Callable[[Array], Array]:
    fn = sympy.lambdify(X, expr, modules=[NUMPY_FUNCTIONS, "numpy"])

    def evaluate(x: Array) -> Array:
        x = np.asarray(x, dtype=np.float64)
        # Both sides of a piecewise are computed; the unused one may overflow harmlessly.
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(fn(x), dtype=np.float64), x.shape).copy()

    return evaluate


def _flatter(d1: Callable[[Array], Array], d2: Callable[[Array], Array]) -> Callable[..., Array]:
    def df(x: Array) -> Array:
        a, b = d1(x), d2(x)
        return np.where(np.abs(a) <= np.abs(b), a, b)

    return df


def _latex(expr: sympy.Expr) -> str:
    return sympy.latex(expr).replace(r"\theta", r"H")


def build(name: str, formula: str, params: Mapping[str, float]) -> Activation:
    """An Activation from a formula; a FormulaError says what is wrong."""
    for key, value in params.items():
        if key == "x" or key in FUNCTIONS or key in CONSTANTS or not key.isidentifier():
            raise FormulaError(f"parameter name {key!r} is taken (x, a function or a "
                               "constant); choose another")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise FormulaError(f"parameter {key} must be a finite number, got {value!r}")
    values = {sympy.Symbol(k, real=True): sympy.Float(v) if isinstance(v, float)
              else sympy.Integer(v) for k, v in params.items()}
    shown = parse(formula, params, display=True)
    numeric = [parse(formula, params, tie_first=t).subs(values) for t in (True, False)]
    f = _numeric(numeric[0])
    df = _flatter(*(_numeric(sympy.diff(e, X)) for e in numeric))
    derivative = sympy.piecewise_fold(sympy.simplify(
        sympy.diff(parse(formula, params, tie_first=False), X)))
    try:
        _, steps = soundness.check(f, df, numeric[0], X, _numeric)
    except soundness.Unsound as exc:
        raise FormulaError(str(exc)) from None
    suffix = "".join(rf",\ {sympy.latex(sympy.Symbol(k))} = {v:g}" for k, v in params.items())
    return Activation(
        name=name, fn=f, dfn=df,
        tex_template="f(x) = " + _latex(shown) + suffix,
        dtex_template="f'(x) = " + _latex(derivative),
        **soundness.range_and_traits(f, df, steps),
    )


def check_name(name: str) -> None:
    """A FormulaError unless ``name`` can name a new activation."""
    if not name.isidentifier() or not name.islower():
        raise FormulaError("a name is lowercase letters, digits and _")
    if name in BUILTIN or name in ALIASES:
        raise FormulaError(f"{name!r} is a built-in activation; choose another name")
