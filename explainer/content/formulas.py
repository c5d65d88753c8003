"""Activations a course author defines by formula in ``activations.toml``, built into a registry.

The core turns one formula into an ``Activation`` (``explainer.core.formula``, parsed, never
run); this module reads the file and hands the core's registry every entry. A scene receives
the entries it needs inside its request and builds the same registry from them, so no layer
below planning reads the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from explainer.content.toml import read_toml
from explainer.core.registry import Activation, Registry
from explainer.errors import ContentError

FORMULA_FILE = "activations.toml"


def formula_entries(directory: Path) -> dict[str, Any]:
    """The parsed activations.toml of a content folder ({} when there is none)."""
    path = directory / FORMULA_FILE
    return read_toml(path) if path.exists() else {}


def formula_registry(directory: Path) -> Registry:
    """The built-ins and every activation defined in ``directory``'s activations.toml."""
    return registry_from(formula_entries(directory), str(directory / FORMULA_FILE))


def registry_from(entries: Mapping[str, Any], where: str = FORMULA_FILE) -> Registry:
    """The registry of the built-ins plus ``entries`` (activations.toml's tables); a
    ContentError names the file and entry. Built once per distinct set of entries."""
    return _registry(json.dumps(entries, sort_keys=True), where)


@cache
def _registry(entries_json: str, where: str) -> Registry:
    entries = json.loads(entries_json)
    if not entries:
        return Registry()
    from explainer.core import formula  # SymPy: only when a formula is defined

    built: dict[str, Activation] = {}
    for name, entry in entries.items():
        at = f"{where}: [{name}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("formula"), str):
            raise ContentError(f"{at} needs formula = \"...\" (e.g. \"x * sigmoid(x)\")")
        unknown = set(entry) - {"formula", "params"}
        if unknown:
            raise ContentError(f"{at}: unknown keys {', '.join(sorted(unknown))}; "
                               "an entry has formula and params")
        params = entry.get("params", {})
        if not isinstance(params, Mapping):
            raise ContentError(f"{at}: params must be a table like {{ beta = 1.5 }}")
        try:
            formula.check_name(name)
        except formula.FormulaError as exc:
            raise ContentError(f"{at}: {exc}") from None
        try:
            built[name] = formula.build(name, entry["formula"], params)
        except formula.FormulaError as exc:
            raise ContentError(f"{at} formula: {exc}") from None
    return Registry(built)


def entries_for(names: Iterable[str], directory: Path) -> dict[str, Any]:
    """The activations.toml entries among ``names`` (what a scene that draws or names those
    activations needs; part of its request and its cache key)."""
    doc = formula_entries(directory)
    return {name: doc[name] for name in names if name in doc}
