"""Every number question's answer, computed here from the formula it asks about (numpy, scipy,
analytic forms, the note's ten-unit example), never from the course text: a wrong answer in
the content file, or one computed by the code it tests, fails here."""

import math

import numpy as np
import pytest
from scipy.special import expit, ndtr
from scipy.stats import norm

from explainer.content.questions import load_questions
from tests.conftest import CAT, LANGS

X = np.linspace(-8, 8, 1_600_001)
LAMBDA, ALPHA = 1.0507009873554805, 1.6732632423543772  # SELU (Klambauer et al. 2017)


def slope(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def mish(x):
    return x * np.tanh(np.log1p(np.exp(x)))


REFERENCE = {  # question id -> the value computed independently
    "collapse-bias": 3 * 1 + (-4),  # W2 b1 + b2
    "sigmoid-zero": expit(0.0),
    "tanh-slope-zero": slope(np.tanh, 0.0),
    "relu-value": max(0.0, -3.0),
    "relu-positive-slope": slope(lambda x: np.maximum(0, x), 2.0),
    "leaky-value": 0.01 * -5,
    "prelu-value": 0.25 * -2,
    "prelu-slope": slope(lambda x: np.where(x > 0, x, 0.25 * x), -1.0),
    "elu-value": math.expm1(-1),
    "selu-positive-slope": slope(lambda x: LAMBDA * x, 2.0),
    "selu-floor": LAMBDA * ALPHA * math.expm1(-50),
    "softplus-zero": np.logaddexp(0, 0),
    "softplus-slope-zero": slope(lambda x: np.logaddexp(0, x), 0.0),
    "silu-slope-zero": slope(lambda x: x * expit(x), 0.0),
    "silu-dip": (X * expit(X)).min(),
    "gelu-one": 1 * norm.cdf(1),
    "gelu-slope-zero": slope(lambda x: x * ndtr(x), 0.0),
    "gelu-tanh-one": gelu_tanh(1.0),
    "mish-slope-zero": slope(mish, 0.0),
    "mish-dip": mish(X).min(),
    "hard-sigmoid-slope": slope(lambda x: np.clip(x / 6 + 0.5, 0, 1), 1.0),
    "hard-sigmoid-value": float(np.clip(1.5 / 6 + 0.5, 0, 1)),
    "vanishing-layers": next(n for n in range(1, 50) if 0.25**n < 1e-6),
    "zero-centred-step": 0.5 * 0.7,
    "dying-count": sum(  # the note's example: dead = output 0 for every input in [0, 2]
        all(max(0.0, w * x) == 0 for x in np.linspace(0, 2, 101))
        for w in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)),
    "dying-gradient": slope(lambda x: np.maximum(0, x), -2.0),
    "ua-identity-slope": 1 + 2 - 0.5,
    "softmax-two": np.exp(1) / (np.exp(1) + np.exp(0)),
}


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_answer_is_the_formulas(lang):
    numbers = [q for q in load_questions(CAT, lang) if q.kind == "number"]
    assert {q.id for q in numbers} == set(REFERENCE)  # a new number question needs its reference
    for q in numbers:
        truth = float(REFERENCE[q.id])
        assert q.right_number(truth), (q.id, q.value, truth)
        # the answer a learner computes to the precision the prompt asks for counts as right
        asks = 2 if "two decimals" in q.prompt or "两位小数" in q.prompt else (
            3 if "three decimals" in q.prompt or "三位小数" in q.prompt else None)
        if asks is not None:
            assert q.right_number(round(truth, asks)), (q.id, round(truth, asks))


def test_the_tanh_approximation_gap_the_question_states():
    # gelu-tanh-gap says "less than 0.001 everywhere", explanation "about 0.0005"
    gap = np.abs(gelu_tanh(X) - X * ndtr(X)).max()
    assert 0.0004 < gap < 0.0006
