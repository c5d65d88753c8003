"""Running one job in a fresh process (``python -m explainer.render.job_process``), and N of
them side by side on this machine (-j N).

A Dask worker runs its jobs through the same ``render_process``; either way each job renders in
a process of its own, with a Manim media folder of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from explainer.render.manifest import Report
from explainer.render.plan import Planned

WORK_NAME = ".work"
# A render uses one core; parallelism comes from running jobs side by side. numpy's OpenBLAS
# otherwise starts a thread per core in every render and they fight: the 40 -q l jobs took
# 237 s with -j 2, 176 s with one BLAS thread each (measured side by side). A user's own
# setting wins.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# Set by Dask's nanny for its worker's own memory (distributed.nanny.pre-spawn-environ), and
# inherited by our render process, where it made Cairo and numpy trim the heap constantly: the
# same three renders took 28.3 s with it, 24.4 s without (medians of 3, side by side).
DASK_ONLY = ("MALLOC_TRIM_THRESHOLD_",)
# Decides pixels, so never the user's: Manim's TransformMatchingTex animates the parts two
# formulas share in the order of a set of strings, which follows Python's per-process hash
# seed; overlapping glyphs then paint in another order (1 grey level at 3 pixels of one frame
# of linear-collapse, in 4 of 8 renders here).
FIXED = {"PYTHONHASHSEED": "0"}
# What a render process reports of its environment, so a test can see what a worker used.
REPORTED_ENV = (*ONE_THREAD, *DASK_ONLY, *FIXED)


def render_process(item: Planned, out: Path, work: Path, root: Path,
                   drop: tuple[str, ...] = ()) -> tuple[float, Report | str]:
    """Run one planned job in a fresh process writing into ``out``; (seconds, report or the
    reason it failed). The process reads the job and its request as one JSON document on
    stdin. ``drop``: variables of this process's environment the render must not inherit."""
    shutil.rmtree(work, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "explainer.render.job_process", str(out), str(work), str(root)],
        input=json.dumps(item.to_dict(), ensure_ascii=False), capture_output=True, text=True,
        check=False, preexec_fn=_render_child, env=child_env(drop),
    )
    seconds = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        return seconds, lines[-1] if lines else f"worker exited with code {proc.returncode}"
    return seconds, Report.from_dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def child_env(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """The environment a render process gets: ours, one BLAS thread unless set, a fixed hash
    seed, less ``drop``."""
    return {k: v for k, v in {**ONE_THREAD, **os.environ, **FIXED}.items() if k not in drop}


def _render_child() -> None:
    """In the render process before it starts. Ctrl-C stops it, even under a Dask worker that
    ignores Ctrl-C; and it must not outlive its parent (a killed Dask worker, say): Linux sends
    it SIGKILL when the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class LocalExecutor:
    """N worker processes on this machine (-j N)."""

    def __init__(self, out: Path, root: Path, jobs: int) -> None:
        self.out, self.root, self.slots = out, root, max(1, jobs)
        self.pool = ThreadPoolExecutor(max_workers=self.slots)

    def submit(self, item: Planned) -> Future[tuple[float, Report | str]]:
        piece = f"-{item.chunk[0]}" if item.chunk else ""  # chunks of one job run together
        work = self.out / WORK_NAME / f"{item.job.scene_id}-{item.job.lang}-{item.key}{piece}"
        return self.pool.submit(render_process, item, self.out, work, self.root)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
