"""The whole course rendered by `explainer render --all`, one arm after another in one run:
this tree's HEAD with the given options, and optionally an older revision with the same
options (before/after), or other options (e.g. --split auto vs off). Each arm starts from an
empty output folder; the SVG and voice caches are warm (shared). Prints JSON.

    python benchmarks/course_speed.py --against c3c3ffc -- -l all -q m -j 2   # make render
    python benchmarks/course_speed.py --arm off='-q h -j 2 --split off' \\
        --arm auto='-q h -j 2 --split auto'
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from worktree import checkout, env_for

from explainer.render.manifest import Manifest


def run(tree: Path, args: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explainer.cli", "render", "--all", *args,
                        "-o", out], check=True, capture_output=True, cwd=tree,
                       env=env_for(tree))
        wall = time.perf_counter() - start
        entries = Manifest.from_file(Path(out) / "manifest.json").entries.values()
        video = sum(e.duration for e in entries)
    return {"wall_s": round(wall, 1), "videos": len(entries), "video_s": round(video, 1),
            "video_s_per_wall_s": round(video / wall, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", help="an older revision: run the same options there first")
    parser.add_argument("--arm", action="append", default=[], help="NAME='render options'")
    parser.add_argument("options", nargs="*", help="render options (with --against)")
    args = parser.parse_args()
    result: dict[str, object] = {}
    with contextlib.ExitStack() as stack:
        new = stack.enter_context(checkout("HEAD"))
        arms: list[tuple[str, Path, list[str]]] = []
        if args.against:
            old = stack.enter_context(checkout(args.against))
            arms += [("old", old, args.options), ("new", new, args.options)]
        arms += [(name, new, shlex.split(value))
                 for name, value in (a.split("=", 1) for a in args.arm)]
        for name, tree, options in arms:
            result[name] = {"options": " ".join(options), **run(tree, options)}
            print(json.dumps({name: result[name]}), file=sys.stderr)
    if args.against:
        result["speedup"] = round(result["old"]["wall_s"]  # type: ignore[index]
                                  / result["new"]["wall_s"], 3)  # type: ignore[index]
    print(json.dumps({"against": args.against, **result}, indent=1))


if __name__ == "__main__":
    main()
