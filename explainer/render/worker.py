"""Render one job in this process and move its outputs into place.

Run as ``python -m explainer.render.worker JOB_JSON OUT_DIR WORK_DIR ROOT``: one fresh process
per job, so Manim's global configuration never leaks from one job to the next. Outputs are made in
WORK_DIR (this job's own Manim media folder) and renamed into OUT_DIR only when complete. The
last line on stdout is a JSON report; on failure the last line on stderr says why.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from explainer.captions import srt_to_vtt, to_srt
from explainer.files import atomic_write, place
from explainer.render import svg_cache
from explainer.render.job import QUALITIES, VIDEO_FORMATS, Job
from explainer.render.manifest import Report
from explainer.settings import MANIM_OPTIONS_ENV, ROOT_ENV

GIF_SIZE = {"pixel_width": 640, "pixel_height": 360, "frame_rate": 12}


def video_duration(path: Path) -> float:
    """Seconds of video as the container states it (what a browser will report)."""
    import av

    with av.open(str(path)) as container:
        return round(float(container.duration or 0) / av.time_base, 3)


def run(job: Job, out: Path, work: Path, root: Path) -> Report:
    from explainer.render.runner import render  # imports Manim: only in the worker

    # Manim's per-animation cache can never hit in a fresh media folder, and hashing every
    # play() for it costs ~1 s a scene (deep copies, JSON): off. Our key judges staleness.
    options: dict[str, Any] = {"quality": QUALITIES[job.quality][0], "format": job.format,
                               "transparent": job.transparent, "disable_caching": True}
    if job.format == "gif":  # for slides and chat: small, and Manim optimises the palette
        options.update(GIF_SIZE)
    options.update(json.loads(os.environ.get(MANIM_OPTIONS_ENV) or "{}"))
    start = time.perf_counter()
    svg_cache.prime(work)
    result = render(job.scene_id, job.lang, job.theme, dict(job.overrides), work, options, root,
                    job.voice)
    svg_cache.publish(work)
    scene = result.scene
    files: dict[str, Path] = {}
    main = job.output(out)
    if job.format in VIDEO_FORMATS:
        assert result.video is not None, "Manim produced no video"
        base = job.folder(out) / job.scene_id
        poster = work / "poster.png"
        scene.poster_image().save(poster)
        if not scene.captions:
            raise RuntimeError("the scene narrated nothing: no captions")
        srt_text = to_srt(scene.captions)
        place(result.video, main)
        place(poster, base.with_suffix(".png"))
        chapters = base.with_suffix(".chapters.vtt")
        atomic_write(base.with_suffix(".srt"), srt_text)
        atomic_write(base.with_suffix(".vtt"), srt_to_vtt(srt_text))
        atomic_write(chapters, srt_to_vtt(to_srt(scene.chapters)))
        files = {"main": main, "poster": base.with_suffix(".png"),
                 "srt": base.with_suffix(".srt"), "vtt": base.with_suffix(".vtt"),
                 "chapters": chapters}
    else:
        assert result.last_frame is not None, "Manim produced no image"
        place(result.last_frame, main)
        files = {"main": main}
    camera = scene.cairo_camera()
    return Report(
        files={role: path.relative_to(out).as_posix() for role, path in files.items()},
        duration=video_duration(main) if job.format in VIDEO_FORMATS else 0.0,
        width=camera.pixel_width,
        height=camera.pixel_height,
        size=main.stat().st_size,
        render_seconds=round(time.perf_counter() - start, 3),
        cues=[c.to_dict() for c in scene.captions] if job.format in VIDEO_FORMATS else [],
        chapters=[c.to_dict() for c in scene.chapters] if job.format in VIDEO_FORMATS else [],
    )


def main() -> None:
    job = Job.from_dict(json.loads(sys.argv[1]))
    out, work, root = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    os.environ[ROOT_ENV] = str(root)  # scenes and the core find the same project
    try:
        report = run(job, out, work, root)
    except Exception as exc:  # reported to the batch as this job's failure reason
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(report.to_dict()))


if __name__ == "__main__":
    main()
