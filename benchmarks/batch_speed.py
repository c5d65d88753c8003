"""Whole-batch rendering speed, measured side by side in one run. Prints JSON.

For each repetition, in turn: `explainer render --all -l all -q l --force` with -j 1 and with
-j 2, and plain `manim -ql` rendering the same scenes (English) one after another. Then once:
the whole batch at -q h with -j 2 (seconds of video per wall-second), a no-change re-run, and a
re-run after editing one caption in one language.

    python benchmarks/batch_speed.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explainer import catalog
from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV

CAT = catalog.load()

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, proc.stdout


def explainer(out: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    return timed([str(BIN / "explainer"), "render", "--all", "-l", "all", "-o", str(out),
                  *args], env)


def plain_manim(media: Path) -> float:
    from explainer.render.runner import scene_class  # only to name the classes

    total = 0.0
    for entry in CAT:
        wall, _ = timed([str(BIN / "manim"), "-ql", "--media_dir", str(media), str(entry.path),
                         scene_class(entry.id).__name__])
        total += wall
    return total


def rendered_count(stdout: str) -> int:
    return stdout.count(" rendered ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-hq", action="store_true")
    args = parser.parse_args()
    jobs = 2 * len(CAT.ids())
    runs: dict[str, list[float]] = {"batch_j1": [], "batch_j2": [], "plain_manim_en": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for i in range(args.repeat):
            runs["batch_j1"].append(explainer(base / f"j1-{i}", "-q", "l", "-j", "1",
                                              "--force")[0])
            runs["batch_j2"].append(explainer(base / f"j2-{i}", "-q", "l", "-j", "2",
                                              "--force")[0])
            runs["plain_manim_en"].append(plain_manim(base / f"manim-{i}"))
            print(json.dumps({k: v[-1] for k, v in runs.items()}), file=sys.stderr)

        out = base / "j2-0"
        rerun = [explainer(out, "-q", "l", "-j", "2")[0] for _ in range(5)]

        drafts = base / "content"
        shutil.copytree(CAT.content_dir, drafts)
        zh = drafts / "zh.toml"
        zh.write_text(zh.read_text(encoding="utf-8").replace(
            "ReLU 神经元可能关闭之后再也打不开。", "ReLU 神经元一旦关闭就再也打不开。"),
            encoding="utf-8")
        env = {**os.environ, CONTENT_ENV: str(drafts)}
        edit_wall, edit_out = explainer(out, "-q", "l", "-j", "2", env=env)

        hq = {}
        if not args.skip_hq:
            hq_wall, _ = explainer(base / "hq", "-q", "h", "-j", "2")
            video = sum(e.duration for e in Manifest.from_file(
                base / "hq" / "manifest.json").entries.values())
            hq = {"jobs": jobs, "wall_s": round(hq_wall, 1), "video_s": round(video, 1),
                  "video_s_per_wall_s": round(video / hq_wall, 3)}

    med = {k: statistics.median(v) for k, v in runs.items()}
    print(json.dumps({
        "low_quality": {
            "jobs_all_languages": jobs,
            "runs_s": {k: [round(x, 1) for x in v] for k, v in runs.items()},
            "median_s": {k: round(v, 1) for k, v in med.items()},
            "seconds_per_job": {"batch_j1": round(med["batch_j1"] / jobs, 2),
                                "batch_j2": round(med["batch_j2"] / jobs, 2),
                                "plain_manim_en": round(med["plain_manim_en"] / (jobs / 2), 2)},
            "speedup_j2_over_j1": round(med["batch_j1"] / med["batch_j2"], 2),
        },
        "high_quality_j2": hq,
        "no_change_rerun_s": {"runs": [round(x, 3) for x in rerun],
                              "median": round(statistics.median(rerun), 3)},
        "one_caption_edited": {"wall_s": round(edit_wall, 1),
                               "jobs_rendered": rendered_count(edit_out)},
    }, indent=1))


if __name__ == "__main__":
    main()
