"""The shared caches under ``settings.cache_dir()`` (LaTeX and text SVGs, narration audio):
their sizes, a size limit, and eviction of the least recently used entries.

An entry's modification time is its last use: it is set when the entry is written, and again
when a job reads it (a narration clip found, an SVG a render used). Eviction runs when a batch
ends and only when no job or batch anywhere on this machine holds the cache: each holds a
shared lock on ``.lock`` while it may copy from the cache, and eviction takes the exclusive
lock without waiting, or leaves the cache as it is for the next batch to trim.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from explainer import settings
from explainer.errors import ExplainerError

LOCK_NAME = ".lock"
DEFAULT_LIMIT_MB = 300


def limit_bytes() -> int:
    """$EXPLAINER_CACHE_LIMIT_MB in bytes (default 300 MB; 0 keeps nothing between batches)."""
    raw = os.environ.get(settings.CACHE_LIMIT_ENV, "").strip()
    if not raw:
        return DEFAULT_LIMIT_MB * 1_000_000
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1e9:
        raise ExplainerError(f"${settings.CACHE_LIMIT_ENV}={raw!r}: give the cache limit in "
                             f"MB, a number from 0 up, e.g. {DEFAULT_LIMIT_MB}")
    return int(value * 1_000_000)


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.rglob("*") if p.is_file() and p.name != LOCK_NAME
            and not p.name.startswith(".")]


@dataclass(frozen=True)
class Usage:
    name: str  # the sub-folder: svg-manim-<version>, voice
    files: int
    bytes: int


def usage(root: Path | None = None) -> list[Usage]:
    """Files and bytes per cache folder."""
    root = root or settings.cache_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = _entries(folder)
        found.append(Usage(folder.name, len(files), sum(_size(f) for f in files)))
    return found


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@contextmanager
def _lock(root: Path, mode: int) -> Iterator[bool]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a+b") as fh:
        try:
            fcntl.flock(fh, mode)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def in_use(root: Path | None = None) -> Iterator[None]:
    """Hold the cache while copying from it: eviction waits until no one holds it."""
    with _lock(root or settings.cache_dir(), fcntl.LOCK_SH):
        yield


def touch(paths: Iterable[Path]) -> None:
    """Mark entries as just used (their modification time is their last use)."""
    for path in paths:
        with suppress(FileNotFoundError):
            os.utime(path)


@dataclass(frozen=True)
class Eviction:
    removed: int
    freed: int  # bytes
    kept: int  # bytes left
    deferred: bool  # someone held the cache: nothing was removed


def evict(limit: int | None = None, root: Path | None = None) -> Eviction:
    """Remove the least recently used entries until the caches hold at most ``limit`` bytes
    (default: the configured limit); nothing while a job or batch holds the cache."""
    root = root or settings.cache_dir()
    limit = limit_bytes() if limit is None else limit
    with _lock(root, fcntl.LOCK_EX | fcntl.LOCK_NB) as got:
        files = _entries(root)
        sized = [(f, f.stat()) for f in files]
        total = sum(s.st_size for _, s in sized)
        if not got:
            return Eviction(0, 0, total, deferred=True)
        removed = freed = 0
        for path, stat in sorted(sized, key=lambda item: item[1].st_mtime):
            if total - freed <= limit:
                break
            path.unlink(missing_ok=True)
            removed += 1
            freed += stat.st_size
        return Eviction(removed, freed, total - freed, deferred=False)


def megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"
