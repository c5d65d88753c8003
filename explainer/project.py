"""Where the project is: the folder holding ``scenes/`` (code and content)."""

from __future__ import annotations

import os
from pathlib import Path

from explainer.settings import CONTENT_ENV, ROOT_ENV

SCENES_DIR = "scenes"


def default_root() -> Path:
    """$EXPLAINER_ROOT, else the current folder if it has scenes/, else the folder the
    explainer package was installed from (an editable install)."""
    override = os.environ.get(ROOT_ENV)
    if override:
        return Path(override).resolve()
    if (Path.cwd() / SCENES_DIR).is_dir():
        return Path.cwd().resolve()
    return Path(__file__).resolve().parents[1]


def content_dir(root: Path | None = None) -> Path:
    """scenes/content, or the folder named by $EXPLAINER_CONTENT_DIR (tests, drafts)."""
    override = os.environ.get(CONTENT_ENV)
    return Path(override) if override else (root or default_root()) / SCENES_DIR / "content"
