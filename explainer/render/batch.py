"""Plan a batch of jobs, skip what is up to date, render the rest in parallel worker processes.

Each job runs in a fresh ``python -m explainer.render.worker`` process with its own Manim media
folder. The manifest is rewritten (atomically) after every finished job, so a batch killed at
any moment leaves a manifest that parses and lists exactly the outputs that are complete.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from explainer import content, gallery
from explainer.catalog import Catalogue
from explainer.errors import BatchError
from explainer.render.job import Job, cache_key, freeze
from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest, Report

LOCK_NAME = ".lock"
WORK_NAME = ".work"


@dataclass(frozen=True)
class Planned:
    job: Job
    key: str


@dataclass(frozen=True)
class Outcome:
    job: Job
    status: str  # "rendered" | "cached" | "failed"
    seconds: float = 0.0
    reason: str = ""  # why it failed
    report: Report | None = None  # what a rendered job made


def expand_ids(catalogue: Catalogue, patterns: Sequence[str]) -> list[str]:
    """Scene ids matching the given ids or shell-style patterns, in catalogue order."""
    known = catalogue.ids()
    chosen: set[str] = set()
    for pattern in patterns:
        matches = fnmatch.filter(known, pattern)
        if not matches:
            close = difflib.get_close_matches(pattern, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; see `explainer list`"
            raise BatchError(f"unknown scene {pattern!r}{hint}")
        chosen.update(matches)
    return [s for s in known if s in chosen]


def plan(
    catalogue: Catalogue,
    ids: Sequence[str],
    langs: Sequence[str],
    quality: str,
    fmt: str,
    theme: str,
    overrides: Mapping[str, Any] | None = None,
    transparent: bool = False,
) -> list[Planned]:
    """Every (scene, language) job with its cache key; content and parameters are checked
    here, before anything is written."""
    if transparent and fmt not in ("mov", "webm"):
        raise BatchError(f"--transparent needs -f mov or -f webm (an alpha channel), not {fmt}")
    planned = []
    frozen = tuple(sorted((k, freeze(v)) for k, v in (overrides or {}).items()))
    for scene_id in ids:
        entry = catalogue.get(scene_id)
        for lang in langs:
            spec = content.load_spec(catalogue, scene_id, lang, theme, overrides)
            job = Job(scene_id, lang, quality, fmt, theme, frozen, transparent)
            planned.append(Planned(job, cache_key(job, spec, entry, catalogue.root)))
    return planned


def states(planned: Sequence[Planned], out: Path) -> list[str]:
    """For each planned job: "up to date", "stale" (an older output exists) or "not rendered"."""
    manifest = Manifest.from_file(out / MANIFEST_NAME)
    return ["up to date" if is_current(item, manifest, out)
            else "stale" if item.job.output(out).exists() else "not rendered"
            for item in planned]


def is_current(item: Planned, manifest: Manifest, out: Path) -> bool:
    entry = manifest.find(item.job, out)
    return (entry is not None and entry.key == item.key
            and all((out / f).exists() for f in entry.files.values()))


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


def run_job(item: Planned, out: Path, root: Path) -> Outcome:
    """Render one job in a fresh worker process."""
    work = out / WORK_NAME / f"{item.job.scene_id}-{item.job.lang}-{item.key}"
    shutil.rmtree(work, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "explainer.render.worker", json.dumps(item.job.to_dict()),
         str(out), str(work), str(root)],
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"worker exited with code {proc.returncode}"
        return Outcome(item.job, "failed", seconds, reason)
    report = Report.from_dict(json.loads(proc.stdout.strip().splitlines()[-1]))
    return Outcome(item.job, "rendered", seconds, report=report)


def run_batch(
    planned: Sequence[Planned],
    out: Path,
    root: Path,
    jobs: int = 1,
    force: bool = False,
    on_event: Callable[[str, Outcome | Job], None] | None = None,
) -> list[Outcome]:
    """Render what is stale (everything with ``force``); return one outcome per job.

    ``on_event`` hears ("start", job) and ("done", outcome), for a progress display.
    """
    check_writable(out)
    notify = on_event or (lambda kind, item: None)
    outcomes: list[Outcome] = []
    with locked(out):
        shutil.rmtree(out / WORK_NAME, ignore_errors=True)  # leftovers of a killed batch
        manifest = Manifest.from_file(out / MANIFEST_NAME)
        todo = []
        for item in planned:
            if not force and is_current(item, manifest, out):
                outcome = Outcome(item.job, "cached")
                outcomes.append(outcome)
                notify("done", outcome)
            else:
                todo.append(item)
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            pending: dict[Future[Outcome], Planned] = {}
            queue = list(todo)
            while queue or pending:
                while queue and len(pending) < max(1, jobs):
                    item = queue.pop(0)
                    notify("start", item.job)
                    pending[pool.submit(run_job, item, out, root)] = item
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    item = pending.pop(future)
                    outcome = future.result()
                    if outcome.report is not None:
                        manifest.put(entry_from(item, outcome.report, outcome.seconds))
                        manifest.to_file(out / MANIFEST_NAME)
                    outcomes.append(outcome)
                    notify("done", outcome)
        shutil.rmtree(out / WORK_NAME, ignore_errors=True)
    order = {item.job: i for i, item in enumerate(planned)}
    return sorted(outcomes, key=lambda o: order[o.job])


def entry_from(item: Planned, report: Report, seconds: float) -> Entry:
    return Entry(
        job=item.job, key=item.key, files=report.files, duration=report.duration,
        width=report.width, height=report.height, size=report.size,
        render_seconds=round(seconds, 3),
        rendered_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def build(
    catalogue: Catalogue,
    planned: Sequence[Planned],
    out: Path,
    jobs: int = 1,
    force: bool = False,
    on_event: Callable[[str, Outcome | Job], None] | None = None,
) -> tuple[list[Outcome], Path]:
    """Render what is stale, then rewrite the gallery: what `render` and `watch` both do.
    Returns the outcomes and the gallery page."""
    outcomes = run_batch(planned, out, catalogue.root, jobs, force, on_event)
    return outcomes, gallery.build(out, catalogue)
