"""The task a Dask worker runs for one job: plain data in, plain data out.

It refuses a job whose code fingerprint differs from its own (it would render something else
under the same cache key), renders in a temporary folder in a fresh process, and returns the
report and the bytes of every output file; the client writes them.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path
from typing import Any

from explainer import project
from explainer.render.job import Job, code_fingerprint

# Set by Dask's nanny for its worker's own memory (distributed.nanny.pre-spawn-environ), and
# inherited by our render process, where it made Cairo and numpy trim the heap constantly: the
# same three renders took 28.3 s with it, 24.4 s without (medians of 3, side by side).
DASK_ONLY = ("MALLOC_TRIM_THRESHOLD_",)


def render_job(job: dict[str, Any], fingerprint: str) -> dict[str, Any]:
    from explainer.render.executors import render_process

    root = project.default_root()
    mine = code_fingerprint(root)
    if mine != fingerprint:
        return {"error": f"worker {socket.gethostname()} runs other code or content "
                         f"(fingerprint {mine[:12]}, the client's {fingerprint[:12]}); install "
                         "the same project version and content on every worker"}
    with tempfile.TemporaryDirectory(prefix="explainer-job-") as tmp:
        out = Path(tmp) / "out"
        seconds, report = render_process(Job.from_dict(job), out, Path(tmp) / "work", root,
                                         DASK_ONLY)
        if isinstance(report, str):
            return {"error": report, "seconds": seconds}
        files = {rel: (out / rel).read_bytes() for rel in report.files.values()}
        return {"report": report.to_dict(), "files": files, "seconds": seconds}
