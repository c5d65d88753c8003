"""Names shared by the library and the scenes: the house font, every environment variable the
tool reads, and where its shared caches live."""

from __future__ import annotations

import os
from pathlib import Path

# Has Latin and CJK glyphs, so English and Chinese look alike; Debian: fonts-noto-cjk.
FONT = "Noto Sans CJK SC"

ROOT_ENV = "EXPLAINER_ROOT"  # the project folder holding scenes/ (default: found, see project)
CONTENT_ENV = "EXPLAINER_CONTENT_DIR"  # another content folder (tests and drafts)
# Extra Manim config for every job, as JSON: e.g. '{"video_encoder_options": {"preset":
# "veryfast"}}' for drafts, or a tiny frame size for tests. It is part of the cache key.
MANIM_OPTIONS_ENV = "EXPLAINER_MANIM_OPTIONS"
SNAPSHOTS_ENV = "EXPLAINER_SNAPSHOTS"  # a folder: dry runs save each section's frame there
CACHE_ENV = "EXPLAINER_CACHE_DIR"  # the shared caches (SVGs, audio); default ~/.cache/explainer
SCHEDULER_ENV = "EXPLAINER_SCHEDULER"  # the default of --scheduler
CACHE_LIMIT_ENV = "EXPLAINER_CACHE_LIMIT_MB"  # the caches' size limit (default 300 MB)


def cache_dir(kind: str = "") -> Path:
    """$EXPLAINER_CACHE_DIR, else $XDG_CACHE_HOME/explainer, else ~/.cache/explainer; with
    ``kind``, that sub-folder of it."""
    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "explainer")
    return Path(base) / kind if kind else Path(base)
