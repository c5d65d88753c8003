"""Scene parameters: their kinds (declared in each scene's CATALOGUE), params.toml, and
``--set key=value`` overrides, checked once at planning."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explainer.content.toml import read_toml, section
from explainer.core.init import INITS
from explainer.errors import ContentError

MAX_OVERRIDE = 1000  # characters in one --set value


@dataclass(frozen=True)
class Param:
    """One scene parameter: its type and allowed range or choices, as params.toml must give it.

    kinds: int, float (``low``, ``high``), numbers (2 to 8), vector and range (two numbers),
    matrix (2x2),
    activation (a registered name), activations (a non-empty list of them, ``low`` to ``high``
    names when given), init (a weight initialisation of the core)."""

    kind: str
    low: float | None = None
    high: float | None = None

    def check(self, value: Any, where: str, activations: Sequence[str] = ()) -> Any:
        """``value`` checked and normalised (floats, lists); ``activations`` are the names a
        parameter of kind activation may take."""
        if self.kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                raise ContentError(f"{where} must be an integer, got {value!r}")
            self._check_range(value, where)
        elif self.kind == "float":
            if not _is_number(value):
                raise ContentError(f"{where} must be a number, got {value!r}")
            value = float(value)
            self._check_range(value, where)
        elif self.kind in ("activation", "init"):
            choices = activations if self.kind == "activation" else INITS
            if not isinstance(value, str) or value not in choices:
                raise ContentError(f"{where} must be one of {', '.join(choices)}, got {value!r}")
        elif self.kind == "activations":
            if not isinstance(value, list) or not 0 < len(value) <= 64:
                raise ContentError(f"{where} must be a list of activation names, got {value!r}")
            value = [Param("activation").check(item, where, activations) for item in value]
            low, high = int(self.low or 1), int(self.high or len(value))
            if not low <= len(value) <= high:
                raise ContentError(f"{where} must list {low} to {high} activations, "
                                   f"got {len(value)}")
        elif self.kind == "numbers":
            if not isinstance(value, list) or not 2 <= len(value) <= 8 or not _is_numbers(value):
                raise ContentError(f"{where} must be a list of 2 to 8 numbers, got {value!r}")
            value = [float(v) for v in value]
            for v in value:
                self._check_range(v, where)
        elif self.kind in ("vector", "range"):
            if not isinstance(value, list) or len(value) != 2 or not _is_numbers(value):
                raise ContentError(f"{where} must be two numbers like [-1.0, 2.0], got {value!r}")
            value = [float(v) for v in value]
            for v in value:
                self._check_range(v, where)
            if self.kind == "range" and not value[0] < value[1]:
                raise ContentError(f"{where} must be [low, high] with low < high, got {value!r}")
        elif self.kind == "matrix":
            if not (isinstance(value, list) and len(value) == 2
                    and all(_is_numbers(r) and len(r) == 2 for r in value)):
                raise ContentError(f"{where} must be a 2x2 matrix like [[1, 0], [0, 1]], "
                                   f"got {value!r}")
            value = [[float(v) for v in row] for row in value]
            for row in value:
                for v in row:
                    self._check_range(v, where)
        return value

    def _check_range(self, value: float, where: str) -> None:
        if not math.isfinite(value):
            raise ContentError(f"{where} must be a finite number, got {value!r}")
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ContentError(f"{where} = {value!r} is out of range [{self.low}, {self.high}]")


PARAM_KINDS = ("int", "float", "numbers", "vector", "range", "matrix", "activation",
               "activations", "init")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_numbers(value: Any) -> bool:
    return isinstance(value, list) and all(_is_number(v) for v in value)


def parse_override(assignment: str) -> tuple[str, Any]:
    """``key=value`` from the command line; the value is read as a TOML value, else a string."""
    key, sep, raw = assignment.partition("=")
    if not sep or not key.strip():
        raise ContentError(f"--set {assignment[:60]!r}: expected key=value, e.g. --set steps=80")
    if len(raw) > MAX_OVERRIDE:  # before parsing: a list of a million numbers takes a minute
        raise ContentError(f"--set {key.strip()[:60]}: the value has {len(raw)} characters; "
                           f"the limit is {MAX_OVERRIDE} (no parameter takes more)")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key.strip(), value


def load_params(
    scene_id: str, table: str, schema: Mapping[str, Param], directory: Path,
    overrides: Mapping[str, Any] | None = None, activations: Sequence[str] = (),
) -> dict[str, Any]:
    """The scene's parameters from params.toml with ``overrides`` (from --set), each checked
    once, here; the result is what the scene receives."""
    path = directory / "params.toml"
    found = section(read_toml(path), path, table) if schema else {}
    merged = {**found}
    for key, value in (overrides or {}).items():
        if key not in schema:
            known = ", ".join(sorted(schema)) or "none"
            raise ContentError(f"--set {key}: {scene_id} has no parameter {key!r}; "
                               f"known: {known}")
        merged[key] = value
    params: dict[str, Any] = {}
    for key, param in schema.items():
        if key not in merged:
            raise ContentError(f"{path}: missing key {key!r} in [{table}]")
        where = f"--set {key}" if overrides and key in overrides else (
            f"{path} [{table}] {key}")
        params[key] = param.check(merged[key], where, activations)
    return params
