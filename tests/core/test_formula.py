"""Activations from a formula: parsed as data, differentiated by SymPy, checked on load."""

from pathlib import Path

import numpy as np
import pytest
from scipy import special

from explainer.content.formulas import formula_registry, registry_from
from explainer.core import activations as A
from explainer.core import formula
from explainer.core import registry as R
from explainer.core.formula import FormulaError
from explainer.errors import ContentError

WIDE = np.linspace(-6.0, 6.0, 2401)  # includes 0 and ±3 exactly: the kinks
SELU = {"lam": A.SELU_SCALE, "a": A.SELU_ALPHA}
# Every built-in that the formula language can express, written as an author would.
BUILT_INS = {
    "sigmoid": ("sigmoid(x)", {}),
    "tanh": ("tanh(x)", {}),
    "relu": ("max(0, x)", {}),
    "leaky_relu": ("where(x > 0, x, 0.01 * x)", {}),
    "prelu": ("max(x, a * x)", {"a": 0.25}),
    "elu": ("where(x > 0, x, exp(x) - 1)", {}),
    "selu": ("lam * where(x > 0, x, a * (exp(x) - 1))", SELU),
    "softplus": ("softplus(x)", {}),
    "silu": ("x * sigmoid(x)", {}),
    "gelu": ("x * (1 + erf(x / sqrt(2))) / 2", {}),
    # 0.5 x (1 + tanh u) = x sigmoid(2u): the stable way to write it (1 + tanh u cancels)
    "gelu_tanh": ("x * sigmoid(2 * sqrt(2 / pi) * (x + 0.044715 * x^3))", {}),
    "mish": ("x * tanh(softplus(x))", {}),
    "hard_sigmoid": ("min(1, max(0, x / 6 + 1 / 2))", {}),
}


@pytest.mark.parametrize("name", sorted(BUILT_INS))
def test_built_ins_from_their_formulas_match_the_core(name):
    text, params = BUILT_INS[name]
    made, core = formula.build(f"my_{name}", text, params), R.get(name)
    # atol covers 1 + erf(x) cancelling in GELU's left tail (the core uses ndtr there)
    np.testing.assert_allclose(made.f(WIDE), core.f(WIDE), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(made.df(WIDE), core.df(WIDE), rtol=1e-9, atol=1e-15)


def test_caret_is_power_with_powers_precedence():
    act = formula.build("c", "x + 0.5 * x^3", {})
    assert act.f(np.array([2.0]))[0] == 6.0  # not (x + 0.5 x)^3 = 27


def test_kinks_follow_the_cores_convention():
    relu = formula.build("r", "max(0, x)", {})
    assert relu.df(np.array([0.0]))[0] == 0.0 and relu.kinks == (0.0,) and not relu.smooth
    flipped = formula.build("r2", "max(x, 0)", {})  # argument order does not matter
    assert flipped.df(np.array([0.0]))[0] == 0.0
    hard = formula.build("h", "min(1, max(0, x / 6 + 1 / 2))", {})
    np.testing.assert_array_equal(hard.df(np.array([-3.0, 3.0])), [0.0, 0.0])
    leaky = formula.build("l", "where(x > 0, x, 0.1 * x)", {})
    assert leaky.df(np.array([0.0]))[0] == pytest.approx(0.1)


def test_scaled_swish_has_sympys_derivative_and_its_traits():
    act = formula.build("scaled_swish", "x * sigmoid(beta * x)", {"beta": 1.5})
    s = special.expit(1.5 * WIDE)
    np.testing.assert_allclose(act.f(WIDE), WIDE * s, rtol=1e-12)
    np.testing.assert_allclose(act.df(WIDE), s + 1.5 * WIDE * s * (1 - s), rtol=1e-9,
                               atol=1e-15)
    assert r"\sigma" in act.tex and r"\beta" in act.tex and "1.5" in act.tex
    assert act.dtex.startswith("f'(x) = ") and r"\sigma" in act.dtex
    lo, hi = act.output_range
    assert lo == pytest.approx(float(np.min(act.f(np.linspace(-5, 0, 200001)))), abs=1e-9)
    assert hi == np.inf and not act.monotonic and act.smooth and not act.bounded


def test_bounded_range_is_found_numerically():
    act = formula.build("sig2", "2 * sigmoid(x) - 1", {})
    assert act.output_range == pytest.approx((-1.0, 1.0), abs=1e-12)
    assert act.bounded and act.monotonic and act.range_closed == (False, False)
    relu = formula.build("r", "max(0, x)", {})
    assert relu.output_range == (0.0, np.inf) and relu.range_closed == (True, False)


HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "x.__class__",
    "(lambda: 1)()",
    "x if x > 0 else 0",
    "[x for x in range(3)]",
    "exp(x=1)",
    "'a' * 3",
    "x[0]",
    "open('/etc/passwd')",
    "9 ** 9 ** 9",
    "x" + " + x" * 400,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_formulas_are_refused_and_nothing_runs(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pwned = Path("/tmp/pwned")
    pwned.unlink(missing_ok=True)
    with pytest.raises(FormulaError):
        formula.build("evil", text, {})
    assert not pwned.exists()


@pytest.mark.parametrize(("text", "params", "message"), [
    ("x * (1 + ", {}, r"syntax error at column \d+"),
    ("x * sigmoidd(x)", {}, "unknown function 'sigmoidd'"),
    ("x * y", {}, "unknown name 'y'; known: x, pi, e"),
    ("x.real", {}, "attribute access"),
    ("exp(x)", {}, "not finite at x = "),
    ("x * b", {"exp": 1.0}, "parameter name 'exp' is taken"),
    ("x * b", {"b": "big"}, "parameter b must be a finite number"),
    ("where(x, 1, 0)", {}, "first argument is a condition"),
])
def test_bad_formulas_say_what_is_wrong(text, params, message):
    with pytest.raises(FormulaError, match=message):
        formula.build("bad", text, params)


def test_loader_names_file_and_entry():
    with pytest.raises(ContentError, match=r"a\.toml: \[relu\]: 'relu' is a built-in"):
        registry_from({"relu": {"formula": "max(0, x)"}}, "a.toml")
    with pytest.raises(ContentError,
                       match=r"a\.toml: \[soft\] formula: column 1: unknown function 'softm"):
        registry_from({"soft": {"formula": "softmax(x)"}}, "a.toml")
    with pytest.raises(ContentError, match=r"needs formula"):
        registry_from({"soft": {"params": {}}}, "a.toml")


def test_registry_reads_the_content_folder(tmp_path):
    path = tmp_path / "activations.toml"
    path.write_text('[scaled_swish]\nformula = "x * sigmoid(beta * x)"\n'
                    'params = { beta = 1.5 }\n', encoding="utf-8")
    assert list(formula_registry(tmp_path))[-1] == "scaled_swish"
    assert formula_registry(tmp_path)["scaled_swish"].f(np.array([0.0]))[0] == 0.0
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert list(formula_registry(tmp_path)) == list(R.ACTIVATIONS)


@pytest.mark.parametrize(("text", "where"), [
    ("1/(x - 0.05)", "0.05"),  # between the points of a 0.1 grid
    ("log(abs(x - 0.05))", "0.05"),
    ("where(x > 999.02, where(x < 999.08, exp(x), 0), 0)", "999.02"),  # a narrow window
])
def test_a_formula_must_be_finite_everywhere_it_is_checked(text, where):
    with pytest.raises(FormulaError, match=rf"not finite at x = {where}"):
        formula.build("bad", text, {})


@pytest.mark.parametrize(("text", "limit"), [
    ("max(max(max(max(x, 1), 2), 3), 4)", "max and min nest at most 2 deep"),
    ("max(max(max(max(max(max(max(max(x, 1), 2), 3), 4), 5), 6), 7), 8)", "nest at most 2"),
    ("(((9**99)**99)**99)", r"9\^99 is larger than 1e\+12"),
    ("((((9**99)**99)**99)**99)", r"9\^99 is larger than 1e\+12"),
    ("x" + "+x" * 45, "more than 150 parts|nests more than 40"),
    ("-" * 45 + "x", "nests more than 40 levels"),
])
def test_hostile_sizes_fail_fast_naming_the_limit(text, limit):
    import time

    start = time.perf_counter()
    with pytest.raises(FormulaError, match=limit):
        formula.build("big", text, {})
    assert time.perf_counter() - start < 0.5


def test_a_step_is_a_jump_not_a_smooth_curve():
    step = formula.build("step", "where(x > 0.5, 2, 0)", {})
    assert step.jumps == (0.5,) and not step.smooth
    assert step.kinks == ()  # a jump, not a corner
    xs = np.array([-1.0, 0.4, 0.6, 3.0])
    np.testing.assert_array_equal(step.df(xs), 0.0)  # f' = 0 away from the jump
    assert step.output_range == (0.0, 2.0) and step.monotonic


@pytest.mark.parametrize("factor", [2.0, 1.01])
def test_the_derivative_is_checked_against_central_differences(monkeypatch, factor):
    """A wrong symbolic derivative (here sigmoid's, doubled, or 1% off) is caught by the
    check. SymPy caches derivatives: cleared before and after, so neither case sees the
    other's, and no later test sees a wrong one."""
    from sympy.core.cache import clear_cache

    clear_cache()
    original = formula.sigmoid.fdiff

    def wrong(self, argindex=1):
        return factor * original(self, argindex)

    monkeypatch.setattr(formula.sigmoid, "fdiff", wrong)
    try:
        with pytest.raises(FormulaError, match="disagrees with central differences"):
            formula.build("swish2", "x * sigmoid(2 * x)", {})
    finally:
        clear_cache()
