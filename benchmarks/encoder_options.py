"""Manim's encoder settings on our videos: wall time and file size of one render per arm
(x264 presets, encoding overlapped with rendering), runs alternating, medians. Prints JSON.

    python benchmarks/encoder_options.py activation-relu --repeat 3 -q m h
    python benchmarks/encoder_options.py --arm 'fast={"video_encoder_options": {"preset": "fast"}}'
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARMS = {  # x264's own default preset is medium; Manim encodes one animation at a time
    "manim": {},
    "veryfast": {"video_encoder_options": {"preset": "veryfast"}},
    "overlap4": {"max_inflight_encoders": 4},
    "veryfast+overlap4": {"video_encoder_options": {"preset": "veryfast"},
                          "max_inflight_encoders": 4},
}


def render(scene_id: str, quality: str, options: dict[str, object], jobs: int
           ) -> tuple[float, int]:
    env = {**os.environ, "EXPLAINER_MANIM_OPTIONS": json.dumps(options)}
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explainer.cli", "render", scene_id, "-q", quality,
                        "-j", str(jobs), "--split", "off", "-o", out], check=True,
                       capture_output=True, env=env)
        wall = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(out).rglob("*.mp4"))
    return wall, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="+", help="scene ids (each rendered alone)")
    parser.add_argument("-q", "--quality", nargs="+", default=["m", "h"])
    parser.add_argument("--arm", action="append", default=[],
                        help="NAME=JSON of Manim options (default: the built-in arms)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    arms = dict(ARMS) if not args.arm else {
        name: json.loads(value) for name, value in (a.split("=", 1) for a in args.arm)}
    rows = []
    for scene_id in args.ids:
        for quality in args.quality:
            runs: dict[str, list[tuple[float, int]]] = {name: [] for name in arms}
            for _ in range(args.repeat):
                for name, options in arms.items():
                    runs[name].append(render(scene_id, quality, options, args.jobs))
            first = statistics.median(w for w, _ in next(iter(runs.values())))
            for name, measured in runs.items():
                median = statistics.median(w for w, _ in measured)
                rows.append({"id": scene_id, "quality": quality, "arm": name,
                             "wall_s": [round(w, 2) for w, _ in measured],
                             "median_wall_s": round(median, 2),
                             "vs_first": round(median / first, 3),
                             "mb": round(measured[0][1] / 1e6, 2)})
                print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"repeat": args.repeat, "jobs": args.jobs, "arms": arms, "rows": rows},
                     indent=1))


if __name__ == "__main__":
    main()
