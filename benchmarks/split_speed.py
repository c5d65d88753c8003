"""One video on two workers: `explainer render --split` against unsplit, side by side in one
run, and what each chunk costs (its replay of `construct` up to its start). Prints JSON.

    python benchmarks/split_speed.py --quality h --repeat 3            # linear-collapse
    python benchmarks/split_speed.py --quality h --course               # + the whole course
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explainer import catalog
from explainer.render import plan, split
from explainer.render.local import render_process


def batch(args: list[str]) -> float:
    return timed(args)[0]


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds of one `explainer render`, and the cores it kept busy on average (CPU
    seconds of it and its workers over wall seconds): a lone render is not one core's work,
    x264's threads encode beside it, which bounds what splitting it can gain."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explainer.cli", "render", *args, "-o", out],
                       check=True, capture_output=True)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu / wall


def chunk_costs(scene_id: str, quality: str, count: int) -> dict[str, object]:
    """Each chunk alone, one after another, against the whole video alone."""
    cat = catalog.load()
    (item,) = plan.plan(cat, [scene_id], ["en"], quality, "mp4", "dark")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        whole, report = render_process(item, out, out / "work", cat.root)
        assert not isinstance(report, str), report
        pieces = sorted(split.chunks(item, count), key=lambda p: p.chunk or ())
        rows = []
        for piece in pieces:
            seconds, part = render_process(piece, out, out / "work", cat.root)
            assert not isinstance(part, str), part
            assert piece.chunk is not None
            first = piece.chunk[1]
            video = part.duration - (part.chapters[first - 1]["end"] if first else 0.0)
            rows.append({"chunk": piece.chunk, "video_s": round(video, 2),
                         "wall_s": round(seconds, 2),
                         "fixed_s": round(seconds - whole * video / report.duration, 2)})
    return {"whole_wall_s": round(whole, 2), "video_s": report.duration, "chunks": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quality", default="h")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scene", default="linear-collapse")
    parser.add_argument("--course", action="store_true", help="also the whole course, once")
    args = parser.parse_args()
    one = [args.scene, "-q", args.quality, "-j", "2"]
    runs: dict[str, list[float]] = {"off": [], "2": []}
    cores: dict[str, list[float]] = {"off": [], "2": []}
    for _ in range(args.repeat):  # alternating, so drift on a shared machine hits both
        for mode in runs:
            wall, busy = timed([*one, "--split", mode])
            runs[mode].append(round(wall, 2))
            cores[mode].append(round(busy, 2))
            print(json.dumps({mode: runs[mode][-1], "cores": busy}), file=sys.stderr)
    medians = {mode: statistics.median(walls) for mode, walls in runs.items()}
    result: dict[str, object] = {
        "scene": args.scene, "quality": args.quality, "repeat": args.repeat,
        "unsplit_s": runs["off"], "split_2_s": runs["2"],
        "speedup": round(medians["off"] / medians["2"], 2),
        "cores_busy_unsplit": cores["off"], "cores_busy_split": cores["2"],
        "chunk_costs": chunk_costs(args.scene, args.quality, 2),
    }
    if args.course:
        course = ["--all", "-l", "all", "-q", args.quality, "-j", "2"]
        result["course"] = {
            "split_off_s": round(batch([*course, "--split", "off"]), 1),
            "split_auto_s": round(batch([*course, "--split", "auto"]), 1),
            "local2_split_auto_s": round(batch([*course, "--split", "auto", "--scheduler",
                                                "local:2"]), 1),
        }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
