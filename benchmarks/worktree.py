"""An older revision of this project checked out beside it, to measure old and new side by
side in one run (the machines are shared and noisy: a ratio is only fair within one run)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """A detached worktree of ``rev``, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="explainer-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", "-q", str(tree),
                        rev], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(tree)],
                           check=False)


def env_for(tree: Path) -> dict[str, str]:
    """The environment that makes this virtualenv's Python import ``tree``'s code."""
    return {**os.environ, "PYTHONPATH": str(tree)}
