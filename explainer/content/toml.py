"""Reading TOML content files (each parsed once while unchanged) and walking their tables."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from explainer.errors import ContentError

MAX_BYTES = 2_000_000  # a content file: a hundred times the largest this course has
MAX_DEPTH = 8  # tables and arrays nested in each other (the content uses 4)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    if not path.is_file():
        raise ContentError(f"{path}: not a file; a content file is a TOML file")
    if stat.st_size > MAX_BYTES:
        raise ContentError(f"{path}: {stat.st_size} bytes; the limit for a content file is "
                           f"{MAX_BYTES}")
    return _read_toml(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read_toml(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """Parsed once while the file is unchanged (callers must not modify the result)."""
    try:
        with path.open("rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: TOML syntax error: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except RecursionError:
        raise ContentError(f"{path}: nested too deeply; the limit is {MAX_DEPTH} levels of "
                           "tables and arrays") from None
    depth = _depth(doc)
    if depth > MAX_DEPTH:
        raise ContentError(f"{path}: nested {depth} levels deep; the limit is {MAX_DEPTH} "
                           "levels of tables and arrays")
    return doc


def _depth(doc: Any) -> int:
    """How deeply tables and arrays nest in ``doc`` (walked without recursion)."""
    deepest, stack = 0, [(doc, 0)]
    while stack:
        node, level = stack.pop()
        children = (node.values() if isinstance(node, Mapping)
                    else node if isinstance(node, list) else None)
        if children is None:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


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
