"""Render one job in this process and move its outputs into place.

Run as ``python -m explainer.render.job_process OUT_DIR WORK_DIR ROOT`` with the planned job
(the job and its scene's request) as one JSON document on stdin: one fresh process per job, so
Manim's global configuration never leaks from one job to the next. Outputs are made in WORK_DIR
(this job's own Manim media folder) and renamed into OUT_DIR only when complete. The last line
on stdout is a JSON report; on failure the last line on stderr says why.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explainer import cache
from explainer.captions import srt_to_vtt, to_srt
from explainer.files import atomic_write, copy_into, place
from explainer.render import formats, split, svg_cache
from explainer.render.local import REPORTED_ENV
from explainer.render.manifest import Report
from explainer.render.plan import Planned
from explainer.render.video import video_duration
from explainer.settings import MANIM_OPTIONS_ENV

if TYPE_CHECKING:
    from explainer.render.manim_scene import Rendered


def run(item: Planned, out: Path, work: Path, root: Path) -> Report:
    from explainer.render.manim_scene import render  # imports Manim: only in this process

    job, form = item.job, formats.get(item.job.format)
    # Manim's per-animation cache can never hit in a fresh media folder, and hashing every
    # play() for it costs ~1 s a scene (deep copies, JSON): off. Our key judges staleness.
    options: dict[str, Any] = {**job.manim_options, "disable_caching": True, **form.manim}
    options.update(json.loads(os.environ.get(MANIM_OPTIONS_ENV) or "{}"))
    start = time.perf_counter()
    with cache.in_use():  # no eviction while this job may copy from the cache
        svg_cache.prime(work)
        primed = time.time()
        chunk = item.chunk[1:] if item.chunk else None
        result = render(item.request, work, options, root, chunk)
        svg_cache.mark_used(work, primed)
        svg_cache.publish(work)
    scene = result.scene
    if item.chunk is not None:
        return chunk_report(item, out, result, time.perf_counter() - start)
    files = job.files(out)
    if form.moving:
        assert result.video is not None, "Manim produced no video"
        if not scene.captions:
            raise RuntimeError("the scene narrated nothing: no captions")
        poster = work / "poster.png"
        scene.poster_image().save(poster)
        srt_text = to_srt(scene.captions)
        place(result.video, files["main"])
        place(poster, files["poster"])
        atomic_write(files["srt"], srt_text)
        atomic_write(files["vtt"], srt_to_vtt(srt_text))
        atomic_write(files["chapters"], srt_to_vtt(to_srt(scene.chapters)))
    else:
        assert result.last_frame is not None, "Manim produced no image"
        place(result.last_frame, files["main"])
    camera = scene.cairo_camera()
    return Report(
        files={role: path.relative_to(out).as_posix() for role, path in files.items()},
        duration=video_duration(files["main"]) if form.moving else 0.0,
        width=camera.pixel_width,
        height=camera.pixel_height,
        size=files["main"].stat().st_size,
        render_seconds=round(time.perf_counter() - start, 3),
        cues=[c.to_dict() for c in scene.captions] if form.moving else [],
        chapters=[c.to_dict() for c in scene.chapters] if form.moving else [],
        environment=environment(),
    )


def chunk_report(item: Planned, out: Path, result: Rendered, seconds: float) -> Report:
    """A chunk's silent video in the job's chunk folder, with the scene's timing; the chunk
    that ran to the end also leaves the voice clips, so the batch can lay the sound track."""
    assert item.chunk is not None and result.video is not None, "Manim produced no video"
    folder = split.chunk_folder(out, item)
    video = folder / f"{item.chunk[0]:03d}.mp4"
    place(result.video, video)
    scene = result.scene
    files = {"chunk": video}
    sounds = []
    if not scene.chunk_over:
        for i, (clip, start) in enumerate(scene.sounds):
            role = f"clip-{i:03d}"
            files[role] = folder / f"{role}{Path(clip).suffix}"
            copy_into(Path(clip), files[role])
            sounds.append({"file": role, "start": start})
    camera = scene.cairo_camera()
    return Report(
        files={role: path.relative_to(out).as_posix() for role, path in files.items()},
        duration=float(scene.renderer.time), width=camera.pixel_width,
        height=camera.pixel_height, size=video.stat().st_size,
        render_seconds=round(seconds, 3), cues=[c.to_dict() for c in scene.captions],
        chapters=[c.to_dict() for c in scene.chapters], sounds=sounds,
        environment=environment())


def environment() -> dict[str, str]:
    return {k: os.environ[k] for k in REPORTED_ENV if k in os.environ}


def main() -> None:
    item = Planned.from_dict(json.loads(sys.stdin.read()))
    out, work, root = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    try:
        report = run(item, out, work, root)
    except Exception as exc:  # reported to the batch as this job's failure reason
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(report.to_dict()))


if __name__ == "__main__":
    main()
