"""Names shared by the library and the scenes: the house font and the environment variables."""

from __future__ import annotations

# Has Latin and CJK glyphs, so English and Chinese look alike; Debian: fonts-noto-cjk.
FONT = "Noto Sans CJK SC"

ROOT_ENV = "EXPLAINER_ROOT"  # the project folder holding scenes/ (default: found, see catalog)
CONTENT_ENV = "EXPLAINER_CONTENT_DIR"  # another content folder (tests and drafts)
# Extra Manim config for every job, as JSON: e.g. '{"video_encoder_options": {"preset":
# "veryfast"}}' for drafts, or a tiny frame size for tests. It is part of the cache key.
MANIM_OPTIONS_ENV = "EXPLAINER_MANIM_OPTIONS"
SNAPSHOTS_ENV = "EXPLAINER_SNAPSHOTS"  # a folder: dry runs save each section's frame there
