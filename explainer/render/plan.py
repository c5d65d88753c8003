"""Planning a batch: which jobs, the request each scene receives, and the cache keys that say
what must run. Everything a user can get wrong is found here, before anything is written."""

from __future__ import annotations

import difflib
import fnmatch
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.catalog import Catalogue
from explainer.content.request import SceneRequest, plan_request
from explainer.errors import BatchError
from explainer.render import formats
from explainer.render.job import Job, freeze, size_folder, with_extra
from explainer.render.keys import cache_key, captions_key
from explainer.render.manifest import MANIFEST_NAME, Manifest
from explainer.settings import MANIM_OPTIONS_ENV
from explainer.voice import narration
from explainer.voice.choice import resolve


@dataclass(frozen=True)
class Planned:
    """A job, the request its scene receives, and the keys that decide what must run."""

    job: Job
    request: SceneRequest = field(compare=False, hash=False)
    key: str = ""  # decides whether the video must be rendered
    captions_key: str = ""  # decides whether its captions must be rewritten ("" for stills)
    chapters: int = 0  # how many the scene declares: a job splits at most into that many
    # Every Manim setting of the render (the job's, then $EXPLAINER_MANIM_OPTIONS as checked
    # here): a worker renders with these, never with its own environment's.
    manim: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # A piece of a split job: (index, first chapter, last chapter); never a cached output.
    chunk: tuple[int, int, int] | None = None

    @property
    def captions(self) -> dict[str, str]:
        return self.request.captions()

    def to_dict(self) -> dict[str, Any]:
        """What the process rendering it receives: one JSON document."""
        data = {"job": self.job.to_dict(), "request": self.request.to_dict(),
                "manim": self.manim}
        return {**data, "key": self.key, "chunk": list(self.chunk)} if self.chunk else data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Planned:
        chunk = data.get("chunk")
        return cls(Job.from_dict(data["job"]), SceneRequest.from_dict(data["request"]),
                   key=data.get("key", ""), chunk=tuple(chunk) if chunk else None,
                   manim=data["manim"])


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
    """Every (scene, language) job with its request and cache key; content and parameters are
    read and checked here, once, before anything is written."""
    try:
        extra = json.loads(os.environ.get(MANIM_OPTIONS_ENV) or "{}")
    except ValueError as exc:
        raise BatchError(f"${MANIM_OPTIONS_ENV} is not valid JSON ({exc}); e.g. "
                         '\'{"frame_rate": 5}\'') from None
    if not isinstance(extra, dict):
        raise BatchError(f"${MANIM_OPTIONS_ENV} must be a JSON object of Manim settings")
    check_manim_options(extra)
    form = formats.get(fmt)
    if transparent and not form.alpha:
        alpha = sorted(f.name for f in formats.FORMATS.values() if f.alpha)
        raise BatchError(f"--transparent needs -f {' or -f '.join(alpha)} (an alpha channel), "
                         f"not {fmt}")
    if voice != "off" and not form.sound:
        raise BatchError(f"--voice {voice} needs a format with sound "
                         f"({', '.join(f.name for f in formats.FORMATS.values() if f.sound)}); "
                         f"-f {fmt} has none: drop --voice or choose another -f")
    planned = []
    voices: dict[str, dict[str, Any]] = {}  # each language's voice, resolved once
    frozen = tuple(sorted((k, freeze(v)) for k, v in (overrides or {}).items()))
    for scene_id in ids:
        for lang in langs:
            if lang not in voices:  # a voice that cannot load stops the batch here
                voices[lang] = resolve(voice, lang, catalogue.content_dir)
            settings = voices[lang]
            request = plan_request(catalogue, scene_id, lang, theme, overrides, voice,
                                   settings)
            job = Job(scene_id, lang, quality, fmt, theme, frozen, transparent, voice,
                      size_folder(quality, extra))
            spoken = ""
            if voice != "off":
                spoken = narration.fingerprint(
                    voice, scene_id, lang, catalogue.content_dir,
                    [k for k in request.text if k.startswith("captions.")], settings,
                    [request.say, request.say_numbers])
            manim = with_extra(job.manim_options, extra)
            key = cache_key(job, request, catalogue.root, manim, spoken)
            if spoken:  # the captions are the narration: a caption edit renders again
                captions = key
            elif form.moving:
                captions = captions_key(key, request)
            else:
                captions = ""
            planned.append(Planned(job, request, key, captions,
                                   len(catalogue.get(scene_id).chapters), manim=manim))
    return planned


# Manim settings a job may take from $EXPLAINER_MANIM_OPTIONS whose values are numbers, and
# their ranges; others pass to Manim as given.
NUMERIC_OPTIONS = {"frame_rate": (1, 240), "pixel_width": (16, 7680),
                   "pixel_height": (16, 4320)}


def check_manim_options(extra: Mapping[str, Any]) -> None:
    """Bad values in $EXPLAINER_MANIM_OPTIONS are input like any other: refused here, before a
    job starts (a negative frame rate once failed every job after it had started)."""
    for key, (low, high) in NUMERIC_OPTIONS.items():
        value = extra.get(key)
        if value is None:
            continue
        if not (isinstance(value, int | float) and not isinstance(value, bool)
                and low <= value <= high):
            raise BatchError(f"${MANIM_OPTIONS_ENV}: {key} must be a number from {low} to "
                             f"{high}, got {value!r}")
    if "video_encoder_options" in extra and not isinstance(extra["video_encoder_options"],
                                                           dict):
        raise BatchError(f"${MANIM_OPTIONS_ENV}: video_encoder_options must be an object, e.g. "
                         '{"preset": "veryfast"}')


def states(planned: Sequence[Planned], out: Path) -> list[str]:
    """For each planned job: "rendered" (up to date), "captions stale" (only a caption's
    wording changed), "damaged" (up to date, but a file of it is missing or not the one
    placed: the next render remakes it), "stale" (an older output exists) or "missing"."""
    manifest = Manifest.from_file(out / MANIFEST_NAME)
    found = []
    for item in planned:
        entry = manifest.find(item.job, out)
        if entry is None or entry.key != item.key:
            found.append("stale" if item.job.output(out).exists() else "missing")
        elif entry.damaged(out):
            found.append("damaged")
        else:
            found.append("rendered" if entry.captions_key == item.captions_key
                         else "captions stale")
    return found


def video_is_current(item: Planned, manifest: Manifest, out: Path) -> bool:
    """The video (or still) in place was made with this key and is the file placed then."""
    entry = manifest.find(item.job, out)
    return entry is not None and entry.key == item.key and not entry.damaged(out, ["main"])
