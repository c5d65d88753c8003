"""The batch on Dask vs on local processes, side by side in one run. Prints JSON.

Each repetition renders the 34 low-quality jobs (every scene, both languages, --force) with
`-j 2`, then with `--scheduler local:2` (a LocalCluster of two single-threaded workers), both
with the same warm SVG cache. The Dask overhead is the ratio of the medians.

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

from explainer.render.svg_cache import CACHE_ENV

BIN = Path(sys.executable).parent


def timed(out: Path, env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "explainer"), "render", "--all", "-l", "all", "-q", "l",
                    "--force", "-o", str(out), *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[float]] = {"local_j2": [], "dask_local2": []}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, CACHE_ENV: str(Path(tmp) / "svg")}
        timed(Path(tmp) / "warm", env, "-j", "2")  # fill the SVG cache once
        for i in range(args.repeat):
            runs["local_j2"].append(timed(Path(tmp) / f"l{i}", env, "-j", "2"))
            runs["dask_local2"].append(timed(Path(tmp) / f"d{i}", env, "--scheduler",
                                             "local:2"))
            print(json.dumps({k: round(v[-1], 1) for k, v in runs.items()}), file=sys.stderr)
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(json.dumps({"runs_s": {k: [round(x, 1) for x in v] for k, v in runs.items()},
                      "median_s": {k: round(v, 1) for k, v in med.items()},
                      "dask_overhead": round(med["dask_local2"] / med["local_j2"] - 1, 3)},
                     indent=1))


if __name__ == "__main__":
    main()
