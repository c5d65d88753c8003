"""Run a planned batch: skip what is up to date, rewrite stale captions, render the rest in
parallel, on this machine or on a Dask cluster.

Each job runs in a fresh ``python -m explainer.render.job_process`` with its own Manim media
folder. The manifest is rewritten (atomically) after every finished job, so a batch killed at
any moment leaves a manifest that parses and lists exactly the outputs that are complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from explainer import cache
from explainer.errors import BatchError
from explainer.render import outputs, split
from explainer.render.dask_cluster import DaskExecutor
from explainer.render.job import Job
from explainer.render.local import WORK_NAME, LocalExecutor
from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest, Report
from explainer.render.plan import Planned, video_is_current
from explainer.settings import SCHEDULER_ENV

Executor = LocalExecutor | DaskExecutor
LOCK_NAME = ".lock"


@dataclass(frozen=True)
class Outcome:
    job: Job
    status: str  # "rendered" | "recaptioned" | "repaired" | "cached" | "failed"
    seconds: float = 0.0
    reason: str = ""  # why it failed
    report: Report | None = None  # what a rendered job made


def recaption(item: Planned, manifest: Manifest, out: Path, damaged: Sequence[str] = ()
               ) -> Outcome:
    """Rewrite the captions of an up-to-date video from its recorded cue times and the
    current caption lines, and its poster frame where ``damaged`` names it: no render. The
    manifest entry follows. "recaptioned" when the wording changed, else "repaired"."""
    start = time.perf_counter()
    entry = manifest.find(item.job, out)
    assert entry is not None and entry.cues
    cues, chapters = outputs.recaption(entry, out, item.captions, poster="poster" in damaged)
    status = "repaired" if entry.captions_key == item.captions_key else "recaptioned"
    manifest.put(replace(entry, captions_key=item.captions_key,
                         cues=[c.to_dict() for c in cues],
                         chapters=[c.to_dict() for c in chapters]).with_digests(out))
    manifest.to_file(out / MANIFEST_NAME)
    return Outcome(item.job, status, time.perf_counter() - start)


def check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BatchError(f"cannot write to output folder {out}: {exc.strerror}; "
                         "choose another with -o DIR") from None


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder's lock; a second batch on the same folder is refused."""
    with (out / LOCK_NAME).open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise BatchError(f"another `explainer render` ({holder}) is writing to {out}; "
                             "wait for it to finish or use -o DIR") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.truncate(0)


def run_batch(
    planned: Sequence[Planned],
    out: Path,
    root: Path,
    jobs: int = 1,
    force: bool = False,
    on_event: Callable[[str, Outcome | Job | str], None] | None = None,
    scheduler: str | None = None,
    split_mode: str | int = "off",
) -> list[Outcome]:
    """Render what is stale (everything with ``force``) on this machine (``jobs`` processes)
    or on a Dask cluster (``scheduler``); return one outcome per job. ``split_mode`` (auto,
    off, or N chunks) splits videos at their chapters across workers (see ``split``).

    ``on_event`` hears ("start", job), ("done", outcome) and ("wait", message) before a long
    wait (a Dask cluster starting), for a progress display.
    """
    limit = cache.limit_bytes()  # a bad limit fails here, before anything is written
    notify = on_event or (lambda kind, item: None)
    executor = make_executor(scheduler, out, root, jobs, notify)  # unreachable: fail first
    try:
        check_writable(out)
        with cache.in_use():
            outcomes = _run(planned, out, executor, force, notify, split_mode)
    finally:
        executor.close()
    cache.evict(limit)  # trimmed to its limit, unless another batch holds it now
    return outcomes


def chunk_count(mode: str | int, item: Planned, free: int, queued: int) -> int:
    """How many chunks to split ``item`` into: --split N, or with auto the workers that would
    otherwise idle (more free than jobs left), never more than its chapters."""
    if not split.splittable(item) or mode == "off":
        return 1
    wanted = mode if isinstance(mode, int) else free - queued
    return max(1, min(wanted, item.chapters))


class Pieces:
    """The chunks of split jobs in flight: collected as they land, joined when all have."""

    def __init__(self, out: Path, manifest: Manifest) -> None:
        self.out, self.manifest = out, manifest
        self.whole: dict[Job, Planned] = {}
        self.reports: dict[Job, dict[int, Report]] = {}
        self.failures: dict[Job, str] = {}
        self.started: dict[Job, float] = {}

    def expect(self, item: Planned, count: int) -> list[Planned]:
        entry = self.manifest.find(item.job, self.out)  # an earlier render's chapter lengths
        weights = ([c["end"] - c["start"] for c in entry.chapters] if entry and entry.chapters
                   else split.remembered(item))
        self.whole[item.job], self.reports[item.job] = item, {}
        self.started[item.job] = time.perf_counter()
        return split.chunks(item, count, weights)

    def land(self, piece: Planned, seconds: float, result: Report | str, more: bool
             ) -> tuple[Planned, float, Report | str] | None:
        """Note a finished chunk; once none of its job's is left (``more`` is False), the
        joined job: (item, seconds, report or the first failure)."""
        assert piece.chunk is not None
        job = piece.job
        if isinstance(result, str):
            self.failures.setdefault(job, f"chunk {piece.chunk[0] + 1}: {result}")
        else:
            self.reports[job][piece.chunk[0]] = result
        if more:
            return None
        item = self.whole.pop(job)
        reports = self.reports.pop(job)
        failure = self.failures.pop(job, None)
        outcome: Report | str
        if failure is not None:
            outcome = failure
        else:
            try:
                outcome = split.join(item, self.out, [reports[k] for k in sorted(reports)])
            except Exception as exc:  # reported as this job's failure, like a render's
                outcome = f"joining its chunks: {type(exc).__name__}: {exc}"
        return item, time.perf_counter() - self.started.pop(job), outcome


def _run(planned: Sequence[Planned], out: Path, executor: Executor, force: bool,
         notify: Callable[[str, Outcome | Job | str], None], split_mode: str | int = "off"
         ) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with locked(out):
        for leftover in (WORK_NAME, split.CHUNKS_NAME):  # of a killed batch
            shutil.rmtree(out / leftover, ignore_errors=True)
        manifest = Manifest.from_file(out / MANIFEST_NAME)
        todo = []
        for item in planned:
            entry = manifest.find(item.job, out)
            if force or not video_is_current(item, manifest, out) or entry is None:
                todo.append(item)  # the video is stale, missing or not the one placed
                continue
            damaged = entry.damaged(out)  # a caption, chapter or poster file
            if entry.captions_key == item.captions_key and not damaged:
                outcome = Outcome(item.job, "cached")
            elif entry.cues and {"srt", "vtt"} <= set(entry.files):
                outcome = recaption(item, manifest, out, damaged)
            else:  # an entry from before cues were recorded: render it again
                todo.append(item)
                continue
            outcomes.append(outcome)
            notify("done", outcome)
        pending: dict[Future[tuple[float, Report | str]], Planned] = {}
        # when each job finished: two finishing together are handled (and reported) in the
        # order they finished, not in a set's order
        finished: dict[Future[tuple[float, Report | str]], float] = {}
        queue = list(todo)
        pieces = Pieces(out, manifest)
        while queue or pending:
            while queue and len(pending) < executor.slots:
                item = queue.pop(0)
                if item.chunk is None:
                    notify("start", item.job)
                    count = chunk_count(split_mode, item, executor.slots - len(pending),
                                        len(queue))
                    if count > 1:  # its chunks go first, the longest first
                        queue[:0] = pieces.expect(item, count)
                        continue
                future = executor.submit(item)
                future.add_done_callback(lambda f: finished.setdefault(f, time.monotonic()))
                pending[future] = item
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: finished.get(f, float("inf"))):
                item = pending.pop(future)
                finished.pop(future, None)
                seconds, result = future.result()
                if item.chunk is not None:
                    whole = pieces.land(item, seconds, result,
                                        any(p.job == item.job for p in [*pending.values(),
                                                                        *queue]))
                    if whole is None:
                        continue
                    item, seconds, result = whole
                if isinstance(result, str):
                    outcome = Outcome(item.job, "failed", seconds, result)
                else:
                    outcome = Outcome(item.job, "rendered", seconds, report=result)
                    split.remember(item, result)
                    manifest.put(entry_from(item, result, seconds, out))
                    manifest.to_file(out / MANIFEST_NAME)
                outcomes.append(outcome)
                notify("done", outcome)
        shutil.rmtree(out / split.CHUNKS_NAME, ignore_errors=True)
        shutil.rmtree(out / WORK_NAME, ignore_errors=True)
    order = {item.job: i for i, item in enumerate(planned)}
    return sorted(outcomes, key=lambda o: order[o.job])


def entry_from(item: Planned, report: Report, seconds: float, out: Path) -> Entry:
    return Entry(
        job=item.job, key=item.key, files=report.files, duration=report.duration,
        width=report.width, height=report.height, size=report.size,
        render_seconds=round(seconds, 3),
        rendered_at=datetime.now(UTC).isoformat(timespec="seconds"),
        captions_key=item.captions_key, cues=report.cues, chapters=report.chapters,
    ).with_digests(out)


def make_executor(scheduler: str | None, out: Path, root: Path, jobs: int,
                  notify: Callable[[str, Outcome | Job | str], None] | None = None) -> Executor:
    """The executor for ``--scheduler`` (or $EXPLAINER_SCHEDULER): none means local."""
    address = scheduler or os.environ.get(SCHEDULER_ENV)
    if not address:
        return LocalExecutor(out, root, jobs)
    local = re.fullmatch(r"local:([1-9][0-9]{0,3})", address)
    if not (local or re.fullmatch(r"tcp://[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5}", address)):
        raise BatchError(f"--scheduler {address!r}: use local:N (N worker processes here, "
                         "1 to 9999) or tcp://HOST:PORT (a running `dask scheduler`)")
    if notify is not None and local:
        notify("wait", f"starting a Dask cluster of {address[6:]} workers here")
    return DaskExecutor(address, out, root)
