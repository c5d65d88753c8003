"""Reading TOML content files (each parsed once while unchanged) and walking their tables."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from explainer.errors import ContentError


def read_toml(path: Path) -> dict[str, Any]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    return _read_toml(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read_toml(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """Parsed once while the file is unchanged (callers must not modify the result)."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: TOML syntax error: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason})") from None


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def section(doc: Mapping[str, Any], path: Path, *names: str) -> dict[str, Any]:
    node: Any = doc
    for name in names:
        if not isinstance(node, Mapping) or name not in node:
            raise ContentError(f"{path}: missing section [{'.'.join(names)}]")
        node = node[name]
    if not isinstance(node, Mapping):
        raise ContentError(f"{path}: [{'.'.join(names)}] must be a table")
    return flatten(node)
