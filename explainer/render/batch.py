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
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from explainer import content, gallery
from explainer.captions import Cue, refill, srt_to_vtt, to_srt
from explainer.catalog import Catalogue
from explainer.errors import BatchError
from explainer.files import atomic_write
from explainer.render import executors
from explainer.render.executors import WORK_NAME
from explainer.render.job import (
    SOUND_FORMATS,
    VIDEO_FORMATS,
    Job,
    cache_key,
    captions_key,
    freeze,
)
from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest, Report
from explainer.settings import MANIM_OPTIONS_ENV
from explainer.voice import narration

LOCK_NAME = ".lock"


@dataclass(frozen=True)
class Planned:
    job: Job
    key: str  # decides whether the video must be rendered
    captions_key: str = ""  # decides whether its captions must be rewritten ("" for stills)
    captions: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Outcome:
    job: Job
    status: str  # "rendered" | "recaptioned" | "cached" | "failed"
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
    voice: str = "off",
) -> list[Planned]:
    """Every (scene, language) job with its cache key; content and parameters are checked
    here, before anything is written."""
    try:
        extra = json.loads(os.environ.get(MANIM_OPTIONS_ENV) or "{}")
    except ValueError as exc:
        raise BatchError(f"${MANIM_OPTIONS_ENV} is not valid JSON ({exc}); e.g. "
                         '\'{"frame_rate": 5}\'') from None
    if not isinstance(extra, dict):
        raise BatchError(f"${MANIM_OPTIONS_ENV} must be a JSON object of Manim settings")
    if transparent and fmt not in ("mov", "webm"):
        raise BatchError(f"--transparent needs -f mov or -f webm (an alpha channel), not {fmt}")
    planned = []
    frozen = tuple(sorted((k, freeze(v)) for k, v in (overrides or {}).items()))
    for scene_id in ids:
        entry = catalogue.get(scene_id)
        for lang in langs:
            spec = content.load_spec(catalogue, scene_id, lang, theme, overrides)
            job = Job(scene_id, lang, quality, fmt, theme, frozen, transparent,
                      voice if fmt in SOUND_FORMATS else "off")
            spoken = ""
            if job.voice != "off":
                spoken = narration.fingerprint(voice, scene_id, lang, catalogue.content_dir,
                                               [k for k in spec.text if k.startswith(
                                                   "captions.")])
            key = cache_key(job, spec, entry, catalogue.root, spoken)
            if spoken:  # the captions are the narration: a caption edit renders again
                planned.append(Planned(job, key, key, spec.captions()))
            elif fmt in VIDEO_FORMATS:
                planned.append(Planned(job, key, captions_key(key, spec), spec.captions()))
            else:
                planned.append(Planned(job, key))
    return planned


def states(planned: Sequence[Planned], out: Path) -> list[str]:
    """For each planned job: "up to date", "captions stale" (only a caption's wording
    changed), "stale" (an older output exists) or "not rendered"."""
    manifest = Manifest.from_file(out / MANIFEST_NAME)
    return ["up to date" if is_current(item, manifest, out)
            else "captions stale" if video_is_current(item, manifest, out)
            else "stale" if item.job.output(out).exists() else "not rendered"
            for item in planned]


def video_is_current(item: Planned, manifest: Manifest, out: Path) -> bool:
    entry = manifest.find(item.job, out)
    return (entry is not None and entry.key == item.key
            and all((out / f).exists() for f in entry.files.values()))


def is_current(item: Planned, manifest: Manifest, out: Path) -> bool:
    entry = manifest.find(item.job, out)
    return video_is_current(item, manifest, out) and (
        entry is not None and entry.captions_key == item.captions_key)


def recaption(item: Planned, manifest: Manifest, out: Path) -> Outcome:
    """Rewrite the captions of an up-to-date video from its recorded cue times and the
    current caption lines: no render. The manifest entry follows."""
    start = time.perf_counter()
    entry = manifest.find(item.job, out)
    assert entry is not None and entry.cues
    cues = refill([Cue.from_dict(c) for c in entry.cues], item.captions)
    chapters = refill([Cue.from_dict(c) for c in entry.chapters], item.captions)
    srt_text = to_srt(cues)
    atomic_write(out / entry.files["srt"], srt_text)
    atomic_write(out / entry.files["vtt"], srt_to_vtt(srt_text))
    if "chapters" in entry.files:
        atomic_write(out / entry.files["chapters"], srt_to_vtt(to_srt(chapters)))
    manifest.put(replace(entry, captions_key=item.captions_key,
                         cues=[c.to_dict() for c in cues],
                         chapters=[c.to_dict() for c in chapters]))
    manifest.to_file(out / MANIFEST_NAME)
    return Outcome(item.job, "recaptioned", time.perf_counter() - start)


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
    on_event: Callable[[str, Outcome | Job], None] | None = None,
    scheduler: str | None = None,
) -> list[Outcome]:
    """Render what is stale (everything with ``force``) on this machine (``jobs`` processes)
    or on a Dask cluster (``scheduler``); return one outcome per job.

    ``on_event`` hears ("start", job) and ("done", outcome), for a progress display.
    """
    executor = executors.make(scheduler, out, root, jobs)  # unreachable: fail before writing
    try:
        check_writable(out)
        return _run(planned, out, executor, force, on_event or (lambda kind, item: None))
    finally:
        executor.close()


def _run(planned: Sequence[Planned], out: Path, executor: executors.Executor, force: bool,
         notify: Callable[[str, Outcome | Job], None]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with locked(out):
        shutil.rmtree(out / WORK_NAME, ignore_errors=True)  # leftovers of a killed batch
        manifest = Manifest.from_file(out / MANIFEST_NAME)
        todo = []
        for item in planned:
            entry = manifest.find(item.job, out)
            if force or not video_is_current(item, manifest, out) or entry is None:
                todo.append(item)
                continue
            if entry.captions_key == item.captions_key:
                outcome = Outcome(item.job, "cached")
            elif entry.cues and {"srt", "vtt"} <= set(entry.files):
                outcome = recaption(item, manifest, out)
            else:  # an entry from before cues were recorded: render it again
                todo.append(item)
                continue
            outcomes.append(outcome)
            notify("done", outcome)
        pending: dict[Future[tuple[float, Report | str]], Planned] = {}
        queue = list(todo)
        while queue or pending:
            while queue and len(pending) < executor.slots:
                item = queue.pop(0)
                notify("start", item.job)
                pending[executor.submit(item.job, item.key)] = item
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                seconds, result = future.result()
                if isinstance(result, str):
                    outcome = Outcome(item.job, "failed", seconds, result)
                else:
                    outcome = Outcome(item.job, "rendered", seconds, report=result)
                    manifest.put(entry_from(item, result, seconds))
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
        captions_key=item.captions_key, cues=report.cues, chapters=report.chapters,
    )


def build(
    catalogue: Catalogue,
    planned: Sequence[Planned],
    out: Path,
    jobs: int = 1,
    force: bool = False,
    on_event: Callable[[str, Outcome | Job], None] | None = None,
    scheduler: str | None = None,
) -> tuple[list[Outcome], Path]:
    """Render what is stale, then rewrite the gallery: what `render` and `watch` both do.
    Returns the outcomes and the gallery page."""
    outcomes = run_batch(planned, out, catalogue.root, jobs, force, on_event, scheduler)
    return outcomes, gallery.build(out, catalogue)
