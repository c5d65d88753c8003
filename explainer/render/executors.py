"""Where a batch's jobs run: worker processes on this machine, or a Dask cluster.

Both take a planned job and give back a future of its outcome; the batch (planning, cache,
manifest, progress, lock, gallery) is the same for both. Either way each job renders in a
fresh ``python -m explainer.render.worker`` process with a Manim media folder of its own.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from explainer.content import flatten
from explainer.errors import BatchError
from explainer.files import atomic_write
from explainer.render.job import Job, code_fingerprint
from explainer.render.manifest import Report

WORK_NAME = ".work"
# A render uses one core; parallelism comes from running jobs side by side. numpy's OpenBLAS
# otherwise starts a thread per core in every render and they fight: the 40 -q l jobs took
# 237 s with -j 2, 176 s with one BLAS thread each (measured side by side). A user's own
# setting wins.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
SCHEDULER_ENV = "EXPLAINER_SCHEDULER"
DASK_SETTINGS = Path(__file__).with_name("dask.yaml")  # long tasks: quieter Dask processes
# A local cluster's scheduler serves HTTP (metrics) even without a dashboard, by default on
# 8787: a random port on 127.0.0.1 cannot clash with a Dask dashboard the user runs.
QUIET_HTTP = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
# Local workers write to our terminal: only their errors (the batch reports each job itself).
QUIET_WORKERS = {"distributed.nanny.pre-spawn-environ.DASK_LOGGING__DISTRIBUTED": "error"}


def render_process(job: Job, out: Path, work: Path, root: Path,
                   drop: tuple[str, ...] = ()) -> tuple[float, Report | str]:
    """Run one job in a fresh worker process writing into ``out``; (seconds, report or the
    reason it failed). ``drop``: variables of this process's environment the render must not
    inherit."""
    shutil.rmtree(work, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "explainer.render.worker", json.dumps(job.to_dict()),
         str(out), str(work), str(root)],
        capture_output=True, text=True, check=False, preexec_fn=_render_child,
        env=child_env(drop),
    )
    seconds = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        return seconds, lines[-1] if lines else f"worker exited with code {proc.returncode}"
    return seconds, Report.from_dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def child_env(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """The environment a render process gets: ours, one BLAS thread unless set, less ``drop``."""
    return {k: v for k, v in {**ONE_THREAD, **os.environ}.items() if k not in drop}


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

    def submit(self, job: Job, key: str) -> Future[tuple[float, Report | str]]:
        work = self.out / WORK_NAME / f"{job.scene_id}-{job.lang}-{key}"
        return self.pool.submit(render_process, job, self.out, work, self.root)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Jobs sent to a Dask cluster; each returns its files' bytes, written here (the client is
    the only writer of the output folder, so workers need no shared file system)."""

    def __init__(self, address: str, out: Path, root: Path) -> None:
        try:
            import dask.config
            import yaml
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("--scheduler needs Dask: pip install -e '.[cluster]'") from None
        self.out, self.fingerprint = out, code_fingerprint(root)
        self.cluster = None
        self.log_level = logging.getLogger("distributed").level
        logging.getLogger("distributed").setLevel(logging.ERROR)  # the scheduler here, too
        try:
            # flat keys: dask.config.set replaces a nested dict whole
            with dask.config.set({**flatten(yaml.safe_load(DASK_SETTINGS.read_text())),
                                  **QUIET_WORKERS}):
                if address.startswith("local:"):
                    with workers_ignore_ctrl_c():
                        self.cluster = LocalCluster(
                            n_workers=int(address[6:]), threads_per_worker=1, processes=True,
                            dashboard_address=None, scheduler_kwargs=QUIET_HTTP)
                    self.client = Client(self.cluster)
                else:
                    self.client = Client(address, timeout="5s")
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise BatchError(f"cannot reach the Dask scheduler at {address}: {exc}; start it "
                             "with `dask scheduler` (see README) or check the address") from None
        self.futures: list[Any] = []

    @property
    def slots(self) -> int:
        """One job in flight per worker thread, read again as workers come and go. Any more
        and Dask queues a second job on a busy worker (worker-saturation 1.1 rounds up to 2 per
        thread) while another worker idles at the end: with two in flight per thread, 6 jobs
        on local:2 took 38 s, against 30 s for -j 2."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, job: Job, key: str) -> Future[tuple[float, Report | str]]:
        from explainer.render.remote import render_job

        result: Future[tuple[float, Report | str]] = Future()
        remote = self.client.submit(render_job, job.to_dict(), self.fingerprint, pure=False,
                                    retries=2, key=f"render-{job.scene_id}-{job.lang}-{key}-"
                                    f"{time.monotonic_ns()}")
        self.futures.append(remote)

        def landed(done: Any) -> None:
            try:
                payload = done.result()
                if "error" in payload:
                    result.set_result((payload.get("seconds", 0.0), payload["error"]))
                    return
                for rel, data in payload["files"].items():
                    atomic_write(self.out / rel, data)
                result.set_result((payload["seconds"], Report.from_dict(payload["report"])))
            except Exception as exc:  # the job's failure, reported with the batch
                result.set_result((0.0, f"{type(exc).__name__}: {exc}"))

        remote.add_done_callback(landed)
        return result

    def close(self) -> None:
        for future in getattr(self, "futures", []):
            if not future.done():
                future.cancel()
        if getattr(self, "client", None) is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        logging.getLogger("distributed").setLevel(self.log_level)


@contextmanager
def workers_ignore_ctrl_c() -> Iterator[None]:
    """Start local Dask workers with SIGINT ignored (the disposition survives their exec, and
    Python then installs no KeyboardInterrupt handler): on Ctrl-C the client cancels the jobs
    and closes the cluster, instead of every worker printing a traceback as it dies."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


Executor = LocalExecutor | DaskExecutor


def make(scheduler: str | None, out: Path, root: Path, jobs: int) -> Executor:
    """The executor for ``--scheduler`` (or $EXPLAINER_SCHEDULER): none means local."""
    address = scheduler or os.environ.get(SCHEDULER_ENV)
    if not address:
        return LocalExecutor(out, root, jobs)
    if not (address.startswith(("tcp://", "tls://")) or (
            address.startswith("local:") and address[6:].isdigit() and int(address[6:]) > 0)):
        raise BatchError(f"--scheduler {address!r}: use local:N (N worker processes here) or "
                         "tcp://HOST:PORT (a running `dask scheduler`)")
    return DaskExecutor(address, out, root)
