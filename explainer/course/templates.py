"""The page templates and the pieces they share (package data in explainer/course/templates)."""

from __future__ import annotations

from importlib import resources


def text(name: str) -> str:
    """A template or shared piece: gallery.html, scorm_player.html, course.css,
    checkpoints.js."""
    return resources.files("explainer.course").joinpath("templates", name).read_text(
        encoding="utf-8")


def script() -> str:
    """The pages' shared script: grading (pure functions) and the checkpoints."""
    return text("grading.js") + "\n" + text("checkpoints.js")
