"""Whole-batch rendering speed, measured side by side in one run. Prints JSON.

For each repetition, in turn:
- `explainer render --all -l all -q l -j 2 --force` with a cold SVG cache (a fresh one), and
  again with the cache the first run left (warm: what every run after the first sees);
- the same with -j 1 (warm);
- plain `manim -ql -a` over every scene module (the English scenes, one process per module,
  a fresh media folder).
Then once: a label edit re-rendered by us and by plain Manim with its warm media folder;
a no-change re-run; a caption edit (rewritten without a render); optionally the batch at
-q h with -j 2 (seconds of video per wall-second).

    python benchmarks/batch_speed.py --repeat 3 [--skip-hq]
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
from explainer.settings import CACHE_ENV, CONTENT_ENV

CAT = catalog.load()
BIN = Path(sys.executable).parent
LABEL = ('title = "ReLU"', 'title = "ReLU (rectifier)"')  # on screen in activation-relu
CAPTION = ("ReLU 神经元可能关闭之后再也打不开。", "ReLU 神经元一旦关闭就再也打不开。")


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, proc.stdout


def explainer(out: Path, *args: str, env: dict[str, str]) -> tuple[float, str]:
    return timed([str(BIN / "explainer"), "render", "-o", str(out), *args], env)


def plain_manim(media: Path, env: dict[str, str]) -> float:
    """`manim -ql -a` on every scene module, one after another."""
    return sum(timed([str(BIN / "manim"), "-ql", "-a", "--media_dir", str(media), str(path)],
                     env)[0] for path in sorted({e.path for e in CAT}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-hq", action="store_true")
    args = parser.parse_args()
    jobs = 2 * len(CAT.ids())
    all_jobs = ["--all", "-l", "all", "-q", "l", "--force"]
    runs: dict[str, list[float]] = {"j2_cold_svg": [], "j2_warm_svg": [], "j1_warm_svg": [],
                                    "plain_manim_en": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        warm = {**os.environ, CACHE_ENV: str(base / "svg-warm")}
        for i in range(args.repeat):
            cold = {**os.environ, CACHE_ENV: str(base / f"svg-cold-{i}")}
            runs["j2_cold_svg"].append(explainer(base / f"c{i}", *all_jobs, "-j", "2",
                                                 env=cold)[0])
            if i == 0:  # fill the warm cache once
                explainer(base / "fill", *all_jobs, "-j", "2", env=warm)
            runs["j2_warm_svg"].append(explainer(base / f"w{i}", *all_jobs, "-j", "2",
                                                 env=warm)[0])
            runs["j1_warm_svg"].append(explainer(base / f"s{i}", *all_jobs, "-j", "1",
                                                 env=warm)[0])
            runs["plain_manim_en"].append(plain_manim(base / f"manim-{i}", dict(os.environ)))
            print(json.dumps({k: round(v[-1], 1) for k, v in runs.items()}), file=sys.stderr)

        # A label edit: our one job vs plain Manim re-rendering that scene, media folder warm.
        drafts = base / "content"
        shutil.copytree(CAT.content_dir, drafts)
        edited = {**warm, CONTENT_ENV: str(drafts)}
        en = drafts / "en.toml"
        en.write_text(en.read_text(encoding="utf-8").replace(*LABEL), encoding="utf-8")
        out = base / "w0"
        label_ours, label_out = explainer(out, "activation-relu", "-l", "en", "-q", "l",
                                          "-j", "1", env=edited)
        assert label_out.count(" rendered ") == 1, label_out
        path = CAT.get("activation-relu").path
        label_manim = timed([str(BIN / "manim"), "-ql", "--media_dir", str(base / "manim-0"),
                             str(path), "ActivationReLU"], edited)[0]

        rerun = [explainer(out, "--all", "-l", "all", "-q", "l", env=edited)[0]
                 for _ in range(5)]
        zh = drafts / "zh.toml"
        zh.write_text(zh.read_text(encoding="utf-8").replace(*CAPTION), encoding="utf-8")
        caption_wall, caption_out = explainer(out, "--all", "-l", "all", "-q", "l", env=edited)

        hq = {}
        if not args.skip_hq:
            hq_wall, _ = explainer(base / "hq", "--all", "-l", "all", "-q", "h", "-j", "2",
                                   env=warm)
            video = sum(e.duration for e in Manifest.from_file(
                base / "hq" / "manifest.json").entries.values())
            hq = {"jobs": jobs, "wall_s": round(hq_wall, 1), "video_s": round(video, 1),
                  "video_s_per_wall_s": round(video / hq_wall, 3)}
        video_l = sum(e.duration for e in Manifest.from_file(
            base / "w0" / "manifest.json").entries.values())

    med = {k: statistics.median(v) for k, v in runs.items()}
    manim_per_job = med["plain_manim_en"] / (jobs / 2)
    print(json.dumps({
        "low_quality": {
            "jobs_all_languages": jobs,
            "video_s": round(video_l, 1),
            "runs_s": {k: [round(x, 1) for x in v] for k, v in runs.items()},
            "median_s": {k: round(v, 1) for k, v in med.items()},
            "seconds_per_job": {k: round(v / (jobs / 2 if k == "plain_manim_en" else jobs), 2)
                                for k, v in med.items()},
            "plain_manim_per_job_over_ours_j2_warm": round(
                manim_per_job / (med["j2_warm_svg"] / jobs), 2),
            "plain_manim_per_job_over_ours_j2_cold": round(
                manim_per_job / (med["j2_cold_svg"] / jobs), 2),
            "real_time_factor_j2_warm": round(video_l / med["j2_warm_svg"], 2),
            "real_time_factor_j2_cold": round(video_l / med["j2_cold_svg"], 2),
            "speedup_j2_over_j1_warm": round(med["j1_warm_svg"] / med["j2_warm_svg"], 2),
        },
        "label_edit_one_scene_s": {"ours": round(label_ours, 2),
                                   "plain_manim_warm_media": round(label_manim, 2),
                                   "ratio": round(label_ours / label_manim, 2)},
        "no_change_rerun_s": {"runs": [round(x, 3) for x in rerun],
                              "median": round(statistics.median(rerun), 3)},
        "one_caption_edited": {"wall_s": round(caption_wall, 2),
                               "recaptioned": caption_out.count(" recaptioned "),
                               "rendered": caption_out.count(" rendered ")},
        "high_quality_j2": hq,
    }, indent=1))


if __name__ == "__main__":
    main()
