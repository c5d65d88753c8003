"""Writing files so that nobody ever sees half of one: write beside, then rename into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def _publish(target: Path, fill: Callable[[str], object], first: bool = False) -> bool:
    """Make a temp file beside ``target``, let ``fill`` write it (given its path), then rename
    it over ``target``; on any failure the temp file goes and ``target`` is untouched. With
    ``first``, an existing ``target`` wins (a hard link never replaces a file): returns
    whether this call wrote it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    try:
        fill(tmp)
        os.chmod(tmp, 0o644)
        if not first:
            os.replace(tmp, target)
            return True
        try:
            os.link(tmp, target)
        except FileExistsError:
            return False
        finally:
            Path(tmp).unlink(missing_ok=True)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: str | bytes, first: bool = False) -> bool:
    """Write ``data`` to ``path`` in one rename (``first``: unless ``path`` exists by then, as
    for a cache entry two processes make at once; returns whether this call wrote it)."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())

    return _publish(path, write, first)


def place(source: Path, target: Path) -> None:
    """Move a finished file to ``target`` (copying first across file systems), in one rename."""
    _publish(target, lambda tmp: shutil.move(str(source), tmp))


def copy_into(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` in one rename; ``source`` stays."""
    _publish(target, lambda tmp: shutil.copyfile(source, tmp))
