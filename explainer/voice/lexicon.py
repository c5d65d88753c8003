"""What a speech engine is given to say: the caption with the language's lexicon applied
(``[say]``: written form -> spoken form, "ReLU" -> "rel-you") and numbers read the way the
language reads them (``[say_numbers]``: 10⁻⁶, 3.8 × 10⁻⁷, 45%). Captions keep the written form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from explainer.content.numbers import fill

SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
# a base (a number, a name, or a bracketed group) raised to a superscript exponent; not \w,
# which matches superscript digits too (0.25¹⁰ would split as 0.25¹ to the 0)
POWER = re.compile(r"(\([^()]*\)|[A-Za-z0-9_.]+)([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
# a share, whole or decimal, with its sign: "−2.5%" is "minus 2.5 percent", "负百分之2.5"
PERCENT = re.compile(r"([-−]?)(\d+(?:\.\d+)?)\s?%")
NUMBER_KEYS = ("power", "minus", "percent")  # templates: {base} {exponent}, {n}, {n}


def _power(match: re.Match[str], numbers: Mapping[str, str]) -> str:
    exponent = match.group(2).translate(SUPERSCRIPTS)
    if exponent.startswith("-"):
        exponent = fill(numbers["minus"], {"n": exponent[1:]})
    return fill(numbers["power"], {"base": match.group(1), "exponent": exponent})


def _percent(match: re.Match[str], numbers: Mapping[str, str]) -> str:
    share = fill(numbers["percent"], {"n": match.group(2)})
    return fill(numbers["minus"], {"n": share}) if match.group(1) else share


def spoken(text: str, say: Mapping[str, str], numbers: Mapping[str, str]) -> str:
    """``text`` as the engine should hear it. Numbers first (they need the raw superscripts),
    then the lexicon, longest written form first so "Leaky ReLU" wins over "ReLU"."""
    if all(k in numbers for k in NUMBER_KEYS):
        text = POWER.sub(lambda m: _power(m, numbers), text)
        text = PERCENT.sub(lambda m: _percent(m, numbers), text)
    for written in sorted(say, key=len, reverse=True):
        text = text.replace(written, say[written])
    return " ".join(text.split())
