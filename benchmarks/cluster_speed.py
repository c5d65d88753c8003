"""The batch on Dask vs on local processes, side by side in one run. Prints JSON.

Each repetition renders the low-quality jobs (every scene, both languages, --force: 40 jobs
with today's 20 scenes) with `-j 2`, then with `--scheduler local:2` (a LocalCluster of two
single-threaded workers), both with the same warm SVG cache. The Dask overhead is the ratio of
the medians. The summed render seconds from each manifest split it: time inside the render
processes vs time around them (start-up, scheduling, transfers).

    python benchmarks/cluster_speed.py --repeat 3
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

from explainer.settings import CACHE_ENV

BIN = Path(sys.executable).parent


def timed(out: Path, env: dict[str, str], *args: str) -> tuple[float, float, int]:
    """(wall seconds, summed render seconds, jobs) of one batch."""
    start = time.perf_counter()
    subprocess.run([str(BIN / "explainer"), "render", "--all", "-l", "all", "-q", "l",
                    "--force", "-o", str(out), *args], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    entries = json.loads((out / "manifest.json").read_text())["entries"]
    return wall, sum(e["render_seconds"] for e in entries), len(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    modes = {"local_j2": ["-j", "2"], "dask_local2": ["--scheduler", "local:2"]}
    runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in modes}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, CACHE_ENV: str(Path(tmp) / "svg")}
        timed(Path(tmp) / "warm", env, "-j", "2")  # fill the SVG cache once
        for i in range(args.repeat):
            for mode, flags in modes.items():
                runs[mode].append(timed(Path(tmp) / f"{mode}{i}", env, *flags))
            print(json.dumps({k: [round(x, 1) for x in v[-1]] for k, v in runs.items()}),
                  file=sys.stderr)
    wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    inside = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
    print(json.dumps({"jobs": runs["local_j2"][0][2],
                      "wall_s": {k: [round(r[0], 1) for r in v] for k, v in runs.items()},
                      "median_wall_s": {k: round(v, 1) for k, v in wall.items()},
                      "median_render_s_summed": {k: round(v, 1) for k, v in inside.items()},
                      "dask_overhead": round(wall["dask_local2"] / wall["local_j2"] - 1, 3)},
                     indent=1))


if __name__ == "__main__":
    main()
