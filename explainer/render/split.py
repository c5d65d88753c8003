"""One video on many workers: a job split at its chapters into chunks, and the chunks joined.

Chunk k runs the scene with every animation before its first chapter skipped (the state
advances, nothing is drawn or encoded), renders its chapters, and stops at the end of its last
(see ``kit.chapters``). Chunks are silent; every chunk computes the same timing, so the one
that runs to the end reports the captions, chapters and voice clips of the whole video. The
batch joins the chunks by copying their packets (same encoder settings, each starting on a key
frame), lays the sound track once under the joined picture, and places it as a whole render
is placed (``outputs``). A chunk is never a cached output: only the joined video enters the
manifest.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from explainer import settings
from explainer.captions import Cue
from explainer.errors import BatchError
from explainer.files import atomic_write
from explainer.render import formats, outputs
from explainer.render.manifest import Report
from explainer.render.plan import Planned
from explainer.render.video import concat, lay_sound

CHUNKS_NAME = ".chunks"  # under the output folder, removed once joined
TO_THE_END = 1_000_000  # the last chapter of the last chunk


def parse(value: str) -> str | int:
    """--split: "auto", "off" or a number of chunks per job."""
    if value in ("auto", "off"):
        return value
    if re.fullmatch(r"[0-9]{1,4}", value) and int(value) >= 1:
        return int(value)
    raise BatchError(f"--split {value!r}: use auto (split when workers would idle), off, or "
                     "a number of chunks per video such as 4")


def splittable(item: Planned) -> bool:
    """Videos with chapters, in a format whose pieces join without re-encoding."""
    return item.chapters > 1 and formats.get(item.job.format).splits and item.chunk is None


def groups(weights: Sequence[float], n: int) -> list[tuple[int, int]]:
    """``n`` runs of consecutive chapters (first, last), their weights as even as the order
    allows: each cut at the boundary nearest its share of the total; never more runs than
    chapters."""
    n = max(1, min(n, len(weights)))
    total, cuts = sum(weights), [0]
    ends = list(itertools.accumulate(weights))  # ends[i]: the weight up to chapter i
    for k in range(1, n):
        # chapters cuts[-1] .. i may end run k; leave one chapter for each run after it
        options = range(cuts[-1], len(weights) - (n - k))
        best = min(options, key=lambda i: abs(ends[i] - total * k / n))
        cuts.append(best + 1)
    cuts.append(len(weights))
    return [(a, b - 1) for a, b in itertools.pairwise(cuts)]


def chunks(item: Planned, n: int, weights: Sequence[float] | None = None) -> list[Planned]:
    """``item`` as ``n`` chunks (fewer if it has fewer chapters), the longest first.

    ``weights``: each section's length in an earlier render (a scene may end more sections
    than it declares chapters: linear-collapse ends "bend" once per activation), else one
    per declared chapter, all equal.
    """
    weights = list(weights) if weights else [1.0] * item.chapters
    runs = groups(weights, n)
    # The last chunk runs to the end, however many sections the scene ends this time.
    runs[-1] = (runs[-1][0], TO_THE_END)
    pieces = [dataclasses.replace(item, chunk=(k, first, last))
              for k, (first, last) in enumerate(runs)]

    def length(piece: Planned) -> float:
        assert piece.chunk is not None
        return sum(weights[piece.chunk[1]:min(piece.chunk[2], len(weights)) + 1])

    return sorted(pieces, key=length, reverse=True)


def remembered(item: Planned) -> list[float] | None:
    """The section lengths of this scene's last render on this machine, if any."""
    try:
        found = json.loads(_timing_file(item).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(found, list) and found and all(isinstance(v, int | float) for v in found)
    return [float(v) for v in found] if ok else None


def remember(item: Planned, report: Report) -> None:
    """Keep the section lengths of a finished render, to split the scene well next time."""
    lengths = [round(c["end"] - c["start"], 3) for c in report.chapters]
    if lengths:
        atomic_write(_timing_file(item), json.dumps(lengths))


def _timing_file(item: Planned) -> Path:
    return settings.cache_dir("timings") / f"{item.job.scene_id}.json"


def chunk_folder(out: Path, item: Planned) -> Path:
    job = item.job
    return out / CHUNKS_NAME / f"{job.scene_id}-{job.lang}-{job.theme}-{item.key}"


def join(item: Planned, out: Path, parts: Sequence[Report]) -> Report:
    """The whole video from its chunks' reports (in chunk order), placed as a job places its
    outputs; the chunk files are removed."""
    folder = chunk_folder(out, item)
    last = parts[-1]
    joined = folder / "joined.mp4"
    concat([out / p.files["chunk"] for p in parts], joined)
    final = joined
    if last.sounds:
        final = folder / "narrated.mp4"
        lay_sound(joined, [(out / last.files[s["file"]], float(s["start"]))
                           for s in last.sounds], last.duration, final)
    report = outputs.place_video(
        item.job, out, final, [Cue.from_dict(c) for c in last.cues],
        [Cue.from_dict(c) for c in last.chapters], (last.width, last.height),
        sum(p.render_seconds for p in parts), last.environment)
    shutil.rmtree(folder, ignore_errors=True)
    return report
