"""The gallery page's own words, per language ([gallery] in each language file)."""

from __future__ import annotations

from pathlib import Path

from explainer.content.text import check_text
from explainer.content.toml import read_toml, section

GALLERY_TEXT = {k: () for k in (
    "page_title", "language", "quality", "duration", "resolution", "size", "embed", "copy",
    "copied", "download", "empty", "transcript",
    # checkpoints, the interview drill and presenter mode
    "checkpoints", "check", "right", "wrong", "watch_again", "continue", "show_answer", "got_it",
    "not_yet", "drill", "videos", "watch", "present", "presenter_help", "answer",
    # full screen, and the end of a video: its score, what was missed, a retake
    "fullscreen", "done", "score", "missed", "try_again", "no_attempts",
    # graded questions: a number typed, answered before, not answered yet, the recorded score
    "answered", "your_answer", "check_answer", "not_a_number", "wrong_number", "not_first",
    "not_answered", "answer_now", "recorded_best", "recorded_last", "not_recorded")}


def load_gallery_text(lang: str, directory: Path) -> dict[str, str]:
    """The gallery page's own words in ``lang`` ([gallery] in the language file)."""
    path = directory / f"{lang}.toml"
    return check_text(section(read_toml(path), path, "gallery"), GALLERY_TEXT, path, "gallery")
