"""Render one job in this process and move its outputs into place.

Run as ``python -m explainer.render.job_process OUT_DIR WORK_DIR ROOT`` with the planned job
(the job and its scene's request) as one JSON document on stdin: one fresh process per job, so
Manim's global configuration never leaks from one job to the next. Outputs are made in WORK_DIR
(this job's own Manim media folder) and renamed into OUT_DIR only when complete. The last line
on stdout is a JSON report; on failure the last line on stderr says why.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from explainer import cache
from explainer.files import copy_into, place
from explainer.render import cpu, formats, outputs, split, svg_cache
from explainer.render.local import REPORTED_ENV
from explainer.render.manifest import Report
from explainer.render.plan import Planned

if TYPE_CHECKING:
    from explainer.render.manim_scene import Rendered


def run(item: Planned, out: Path, work: Path, root: Path) -> Report:
    from explainer.render.manim_scene import render  # imports Manim: only in this process

    job = item.job
    start = time.perf_counter()
    # the plan's settings only: never this machine's $EXPLAINER_MANIM_OPTIONS
    options = encoder_options(item)
    pixels = svg_cache.pixel_size(options)  # text is laid out at the video's size
    with cache.in_use():  # no eviction while this job may copy from the cache
        svg_cache.prime(work, pixels)
        primed = time.time()
        chunk = item.chunk[1:] if item.chunk else None
        result = render(item.request, work, options, root, chunk)
        svg_cache.mark_used(work, primed, pixels)
        svg_cache.publish(work, pixels)
    scene = result.scene
    if item.chunk is not None:
        return chunk_report(item, out, result, time.perf_counter() - start)
    camera = scene.cairo_camera()
    size = (camera.pixel_width, camera.pixel_height)
    if formats.get(job.format).moving:
        assert result.video is not None, "Manim produced no video"
        return outputs.place_video(job, out, result.video, scene.captions, scene.chapters,
                                   size, time.perf_counter() - start, environment())
    assert result.last_frame is not None, "Manim produced no image"
    return outputs.place_still(job, out, result.last_frame, size,
                               time.perf_counter() - start, environment())


def encoder_options(item: Planned) -> dict[str, object]:
    """The plan's Manim settings, with x264 kept off AVX-512 (see ``cpu``) unless the plan
    says otherwise."""
    options = dict(item.manim)
    asm = cpu.x264_asm()
    encoder = dict(options.get("video_encoder_options") or {})
    if formats.get(item.job.format).x264 and asm and "x264-params" not in encoder:
        options["video_encoder_options"] = {**encoder, "x264-params": f"asm={asm}"}
    return options


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


def quiet() -> None:
    """Keep two harmless notices out of a user's log: pydub looks for an ffmpeg program when
    Manim imports it (PyAV, which carries its own, does the encoding), and Manim passes
    ffmpeg's "shortest" to a muxer that has no such option when it adds a voice."""
    warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv",
                            category=RuntimeWarning)
    logging.getLogger("av.container.output").setLevel(logging.ERROR)


def main() -> None:
    quiet()
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
