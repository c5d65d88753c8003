"""Jobs on a Dask cluster: the executor on the client, and the task each worker runs.

The client submits a planned job as plain data; the worker refuses it if its code fingerprint
differs from the client's (it would render something else under the same cache key), renders
it in a temporary folder in a fresh process (``local.render_process``) and returns the report
and the bytes of every output file. The client alone writes the output folder, so workers need
no shared file system.
"""

from __future__ import annotations

import logging
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from explainer import project
from explainer.content.toml import flatten
from explainer.errors import BatchError
from explainer.files import atomic_write
from explainer.render.keys import code_fingerprint
from explainer.render.local import DASK_ONLY, render_process
from explainer.render.manifest import Report
from explainer.render.plan import Planned

DASK_SETTINGS = Path(__file__).with_name("dask.yaml")  # long tasks: quieter Dask processes
# A local cluster's scheduler serves HTTP (metrics) even without a dashboard, by default on
# 8787: a random port on 127.0.0.1 cannot clash with a Dask dashboard the user runs.
QUIET_HTTP = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
# Local workers write to our terminal: only their errors (the batch reports each job itself).
QUIET_WORKERS = {"distributed.nanny.pre-spawn-environ.DASK_LOGGING__DISTRIBUTED": "error"}



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

    def submit(self, item: Planned) -> Future[tuple[float, Report | str]]:
        result: Future[tuple[float, Report | str]] = Future()
        job = item.job
        remote = self.client.submit(render_job, item.to_dict(), self.fingerprint, pure=False,
                                    retries=2, key=f"render-{job.scene_id}-{job.lang}-"
                                    f"{item.key}-{time.monotonic_ns()}")
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


def render_job(document: dict[str, Any], fingerprint: str) -> dict[str, Any]:
    """The task a Dask worker runs for one job: plain data in (the planned job as JSON data),
    plain data out (its report and the bytes of every file it made, or an error)."""
    root = project.default_root()  # this worker's own checkout of the project
    mine = code_fingerprint(root)
    if mine != fingerprint:
        return {"error": f"worker {socket.gethostname()} runs other code or content "
                         f"(fingerprint {mine[:12]}, the client's {fingerprint[:12]}); install "
                         "the same project version and content on every worker"}
    with tempfile.TemporaryDirectory(prefix="explainer-job-") as tmp:
        out = Path(tmp) / "out"
        seconds, report = render_process(Planned.from_dict(document), out, Path(tmp) / "work",
                                         root, DASK_ONLY)
        if isinstance(report, str):
            return {"error": report, "seconds": seconds}
        files = {rel: (out / rel).read_bytes() for rel in report.files.values()}
        return {"report": report.to_dict(), "files": files, "seconds": seconds}
