"""Render scenes with Manim, one fresh process per render, and report seconds of video per
wall-second. Prints JSON.

    python benchmarks/scene_speed.py --quality high_quality --repeat 3 activation-relu
    python benchmarks/scene_speed.py --quality high_quality            # every scene once
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

from explainer import catalog

CHILD = """
import json, sys
from pathlib import Path
from explainer import catalog
from explainer.content.request import plan_request
from explainer.render.manim_scene import render
cat = catalog.load()
r = render(plan_request(cat, sys.argv[1], sys.argv[2], "dark"), Path(sys.argv[3]),
           {"quality": sys.argv[4], "disable_caching": True}, cat.root)
print(json.dumps({"duration": r.duration}))
"""


def measure(scene_id: str, lang: str, quality: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as media:
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-W", "ignore", "-c", CHILD, scene_id, lang,
                              media, quality], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
    return json.loads(out.stdout.strip().splitlines()[-1])["duration"], wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="scene ids (default: all)")
    parser.add_argument("--quality", default="high_quality")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for scene_id in args.ids or catalog.load().ids():
        runs = [measure(scene_id, args.lang, args.quality) for _ in range(args.repeat)]
        walls = [w for _, w in runs]
        video = runs[0][0]
        median = statistics.median(walls)
        rows.append({"id": scene_id, "video_s": round(video, 2),
                     "wall_s": [round(w, 2) for w in walls], "median_wall_s": round(median, 2),
                     "video_s_per_wall_s": round(video / median, 3)})
        print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"quality": args.quality, "lang": args.lang, "repeat": args.repeat,
                      "scenes": rows}, indent=1))


if __name__ == "__main__":
    main()
