"""Placeholders in content text and the numbers that fill them: ``{name:spec}`` with a plain
name and an optional number format, nothing else (no attribute access, indexing, conversion)."""

from __future__ import annotations

import math
import string
from collections.abc import Mapping
from typing import Any


def placeholders(text: str) -> list[tuple[str, str]]:
    """The ``(name, format_spec)`` of each ``{placeholder}`` in ``text``; a ValueError for
    anything but a plain name (attribute access, indexing, conversions, nested fields)."""
    found = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or conversion or (spec and "{" in spec):
            raise ValueError(f"{{{name}{'!' + conversion if conversion else ''}"
                             f"{':' + spec if spec else ''}}} is not a plain placeholder")
        found.append((name, spec or ""))
    return found


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def teaching_notation(value: float, spec: str) -> str:
    """A number in scientific notation as a teacher writes it: ``{x:.1e}`` of 9.5e-07 is
    "9.5 × 10⁻⁷", ``{x:.0e}`` of 1e-06 is "10⁻⁶" (never "1e-06")."""
    mantissa, _, exponent = format(value, spec).lower().partition("e")
    power = int(exponent)
    mantissa = mantissa.replace("-", "−")
    if power == 0:
        return mantissa
    ten = "10" + str(power).translate(SUPERSCRIPT)
    if mantissa.lstrip("−+") in ("1", "1."):
        return ("−" if mantissa.startswith("−") else "") + ten
    return f"{mantissa} × {ten}"


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each checked ``{name:spec}`` replaced by ``format(values[name], spec)``;
    an ``e`` format is written in teaching notation (9.5 × 10⁻⁷)."""
    out = []
    for literal, name, spec, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            value = values[name]
            if spec and spec[-1] in "eE" and isinstance(value, int | float) and (
                    math.isfinite(value)):
                out.append(teaching_notation(value, spec))
            else:
                out.append(format(value, spec or ""))
    return "".join(out)
