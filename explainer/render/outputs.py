"""The one place a job's files are placed and its report built, however the video was made:
rendered whole, joined from chunks, or kept with new captions.

A moving output is the video (renamed into place whole), its poster frame, its captions as
SRT and WebVTT, and its chapters as WebVTT. The poster frame is taken from the finished video
itself, at one rule (``poster_time``), so a video rendered whole and the same video joined
from chunks get the same poster.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from explainer.captions import Cue, refill, srt_to_vtt, to_srt
from explainer.files import atomic_write, place
from explainer.render import formats
from explainer.render.job import Job
from explainer.render.manifest import Entry, Report
from explainer.render.video import frame_at, video_duration

TITLE_CHAPTER = "chapters.title"  # the key of the title card's chapter


def poster_time(chapters: Sequence[Cue]) -> float:
    """When the poster frame is shown: the last frame of the first section after the title
    card (of the only section, if there is one)."""
    shown = next((c for c in chapters if c.key != TITLE_CHAPTER), chapters[-1])
    return max(0.0, shown.end - 0.01)  # a hair before the end: that section's last frame


def write_captions(files: Mapping[str, Path], cues: Sequence[Cue],
                   chapters: Sequence[Cue]) -> None:
    """The captions (SRT and WebVTT) and the chapters (WebVTT) into their files."""
    srt_text = to_srt(list(cues))
    atomic_write(files["srt"], srt_text)
    atomic_write(files["vtt"], srt_to_vtt(srt_text))
    if "chapters" in files:
        atomic_write(files["chapters"], srt_to_vtt(to_srt(list(chapters))))


def place_video(job: Job, out: Path, video: Path, cues: Sequence[Cue], chapters: Sequence[Cue],
                size: tuple[int, int], seconds: float,
                environment: Mapping[str, str] | None = None) -> Report:
    """Move a finished video (a moving format: video, animated image) into place with its
    poster, captions and chapters; its report. ``video`` is consumed; its folder must be on
    the output's file system, and holds the poster while it is made."""
    if not cues:
        raise RuntimeError("the scene narrated nothing: no captions")
    if not chapters:
        raise RuntimeError("the scene ended no section: no chapters")
    files = job.files(out)
    poster = video.with_name(f"{video.stem}.poster.png")
    frame_at(video, poster_time(chapters), poster)
    report = _report(files, out, video_duration(video), video.stat().st_size, size, seconds,
                     cues, chapters, environment)
    write_captions(files, cues, chapters)
    place(poster, files["poster"])
    # last: a batch tells finished jobs apart by when their video appeared
    place(video, files["main"])
    os.utime(files["main"])  # placed now: its time says when it appeared, not when encoded
    return report


def place_still(job: Job, out: Path, image: Path, size: tuple[int, int], seconds: float,
                environment: Mapping[str, str] | None = None) -> Report:
    """Move a still (a scene's last frame) into place; its report."""
    assert not formats.get(job.format).moving, job.format
    files = job.files(out)
    report = _report(files, out, 0.0, image.stat().st_size, size, seconds, (), (), environment)
    place(image, files["main"])
    return report


def recaption(entry: Entry, out: Path, captions: Mapping[str, str], poster: bool = False
              ) -> tuple[list[Cue], list[Cue]]:
    """New caption and chapter files for a video that stays: its recorded cue times with the
    current lines (``poster``: its poster frame taken again too, from the video). Returns the
    new (cues, chapters) for its manifest entry."""
    cues = refill([Cue.from_dict(c) for c in entry.cues], captions)
    chapters = refill([Cue.from_dict(c) for c in entry.chapters], captions)
    files = {role: out / rel for role, rel in entry.files.items()}
    write_captions(files, cues, chapters)
    if poster:
        frame = files["poster"].with_name(f".{files['poster'].name}.frame.png")
        frame_at(files["main"], poster_time(chapters), frame)
        place(frame, files["poster"])
    return cues, chapters


def _report(files: Mapping[str, Path], out: Path, duration: float, nbytes: int,
            size: tuple[int, int], seconds: float, cues: Sequence[Cue], chapters: Sequence[Cue],
            environment: Mapping[str, str] | None) -> Report:
    return Report(
        files={role: path.relative_to(out).as_posix() for role, path in files.items()},
        duration=duration, width=size[0], height=size[1], size=nbytes,
        render_seconds=round(seconds, 3), cues=[c.to_dict() for c in cues],
        chapters=[c.to_dict() for c in chapters], environment=dict(environment or {}))
