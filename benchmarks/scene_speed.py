"""Render scenes with Manim, one fresh process per render, and report seconds of video per
wall-second. Prints JSON.

    python benchmarks/scene_speed.py --quality high_quality --repeat 3 activation-relu
    python benchmarks/scene_speed.py --quality high_quality            # every scene once
    python benchmarks/scene_speed.py --quality high_quality --against c3c3ffc  # old vs new

With ``--against REV`` each scene is rendered by that revision (a worktree beside this one)
and by this tree's HEAD in turn, old then new, so drift on a shared machine hits both alike.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from worktree import HERE, checkout, env_for

from explainer import catalog

CHILD = """
import json, sys
from pathlib import Path
from explainer import catalog
from explainer.content.request import plan_request
from explainer.render.manim_scene import render
try:  # how jobs encode, where the revision says (render/job.py ENCODER), else Manim's way
    from explainer.render.job import ENCODER
except ImportError:
    ENCODER = {}
cat = catalog.load()
r = render(plan_request(cat, sys.argv[1], sys.argv[2], "dark"), Path(sys.argv[3]),
           {"quality": sys.argv[4], "disable_caching": True, **ENCODER}, cat.root)
print(json.dumps({"duration": r.duration}))
"""


def measure(scene_id: str, lang: str, quality: str, tree: Path = HERE) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as media:
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-W", "ignore", "-c", CHILD, scene_id, lang,
                              media, quality], check=True, capture_output=True, text=True,
                             cwd=tree, env=env_for(tree))
        wall = time.perf_counter() - start
    return json.loads(out.stdout.strip().splitlines()[-1])["duration"], wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="scene ids (default: all)")
    parser.add_argument("--quality", default="high_quality")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--against", help="an older revision to measure side by side")
    args = parser.parse_args()
    rows = []
    with contextlib.ExitStack() as stack:
        old = stack.enter_context(checkout(args.against)) if args.against else None
        # the new side is a checkout of HEAD too, so the tree can be edited meanwhile
        new = stack.enter_context(checkout("HEAD")) if args.against else HERE
        for scene_id in args.ids or catalog.load().ids():
            trees = {"new": new} if old is None else {"old": old, "new": new}
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    runs[name].append(measure(scene_id, args.lang, args.quality, tree))
            row: dict[str, object] = {"id": scene_id, "video_s": round(runs["new"][0][0], 2)}
            for name, measured in runs.items():
                median = statistics.median(w for _, w in measured)
                row[name] = {"wall_s": [round(w, 2) for _, w in measured],
                             "median_wall_s": round(median, 2),
                             "video_s_per_wall_s": round(measured[0][0] / median, 3)}
            if old is not None:
                row["speedup"] = round(row["old"]["median_wall_s"]  # type: ignore[index]
                                       / row["new"]["median_wall_s"], 2)  # type: ignore[index]
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    print(json.dumps({"quality": args.quality, "lang": args.lang, "repeat": args.repeat,
                      "against": args.against, "scenes": rows}, indent=1))


if __name__ == "__main__":
    main()
