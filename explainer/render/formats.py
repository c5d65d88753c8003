"""Output formats, one record each: what a format is, what Manim is told, which files it
writes, how the gallery shows it. The CLI's choices, the job, the job process, the planner and
the gallery all read this table; adding a format is adding a record here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A GIF is for slides and chat: small, and Manim optimises its palette.
GIF_SIZE = {"pixel_width": 640, "pixel_height": 360, "frame_rate": 12}


@dataclass(frozen=True)
class Format:
    name: str  # the -f value
    kind: str  # "video" (with captions), "animated" (an image that moves), "still"
    sound: bool  # can carry a narration track
    alpha: bool  # can carry an alpha channel (--transparent)
    mime: str
    manim: Mapping[str, Any] = field(repr=False)  # Manim config values for this format
    gallery: tuple[str, ...] = ()  # "player" (a source of the <video>), "image", "download"
    extension: str = ""  # of the main file; default: the name
    # Chunks rendered apart join without re-encoding (copied packets, each chunk starting on
    # a key frame); see render.split.
    splits: bool = False
    # Encoded by x264, so x264's presets apply: drafts take DRAFT_ENCODER (see render.job).
    x264: bool = False
    lms: bool = False  # an LMS's browser plays it (the SCORM lesson, Anki's pictures)

    @property
    def moving(self) -> bool:
        """A video or an animated image: it has a duration, a poster frame and captions."""
        return self.kind != "still"

    def files(self, folder: Path, scene_id: str) -> dict[str, Path]:
        """Every file a job in this format writes into ``folder``, by role ("main" first)."""
        if not self.moving:  # a video's poster frame is <id>.png: the still is named apart
            return {"main": folder / f"{scene_id}.last-frame.{self.extension or self.name}"}
        base = folder / scene_id
        return {"main": folder / f"{scene_id}.{self.extension or self.name}",
                "poster": base.with_suffix(".png"), "srt": base.with_suffix(".srt"),
                "vtt": base.with_suffix(".vtt"), "chapters": base.with_suffix(".chapters.vtt")}


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("mp4", "video", sound=True, alpha=False, mime="video/mp4",
           manim={"format": "mp4"}, gallery=("player",), splits=True, x264=True, lms=True),
    Format("webm", "video", sound=True, alpha=True, mime="video/webm",
           manim={"format": "webm"}, gallery=("player", "download"), lms=True),
    Format("gif", "animated", sound=False, alpha=False, mime="image/gif",
           manim={"format": "gif", **GIF_SIZE}, gallery=("image", "download")),
    Format("mov", "video", sound=True, alpha=True, mime="video/quicktime",
           manim={"format": "mov"}, gallery=("download",)),
    Format("png", "still", sound=False, alpha=False, mime="image/png",
           manim={"format": "png"}, gallery=("image",)),
)}


def get(name: str) -> Format:
    """The format called ``name``; a KeyError for one not in the table."""
    return FORMATS[name]


def names(flag: str) -> list[str]:
    """The formats whose field ``flag`` (e.g. "lms", "alpha") is true, in table order."""
    return [f.name for f in FORMATS.values() if getattr(f, flag)]


def with_role(role: str) -> list[str]:
    """The formats the gallery shows in ``role``, in table order."""
    return [f.name for f in FORMATS.values() if role in f.gallery]
