"""x264's speed preset on our videos: wall time and file size of one render per preset and
quality, runs alternating, medians. Prints JSON.

    python benchmarks/encoder_preset.py --repeat 3 activation-relu dying-relu
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

PRESETS = ["medium", "faster", "veryfast", "superfast"]  # medium is x264's default


def render(scene_id: str, quality: str, preset: str) -> tuple[float, int]:
    options = {"video_encoder_options": {"preset": preset}}
    env = {**os.environ, "EXPLAINER_MANIM_OPTIONS": json.dumps(options)}
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explainer.cli", "render", scene_id, "-q", quality,
                        "-j", "1", "--split", "off", "-o", out], check=True,
                       capture_output=True, env=env)
        wall = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(out).rglob("*.mp4"))
    return wall, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--quality", nargs="+", default=["m", "h"])
    parser.add_argument("--preset", nargs="+", default=PRESETS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for scene_id in args.ids:
        for quality in args.quality:
            runs: dict[str, list[tuple[float, int]]] = {p: [] for p in args.preset}
            for _ in range(args.repeat):
                for preset in args.preset:
                    runs[preset].append(render(scene_id, quality, preset))
            base = statistics.median(w for w, _ in runs[args.preset[0]])
            for preset, measured in runs.items():
                median = statistics.median(w for w, _ in measured)
                rows.append({"id": scene_id, "quality": quality, "preset": preset,
                             "wall_s": [round(w, 2) for w, _ in measured],
                             "median_wall_s": round(median, 2),
                             "vs_first": round(median / base, 3),
                             "mb": round(measured[0][1] / 1e6, 2)})
                print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"repeat": args.repeat, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
