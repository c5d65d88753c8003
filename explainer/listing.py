"""What `explainer list` reports: every scene's outputs in an output folder, with their state.

Without a quality, theme or format, the folder decides: every combination its manifest holds
(the default quality, mp4 and dark when it holds nothing). Each output is planned as
`explainer render` would plan it (the voice its language was rendered with), then judged
against the manifest: rendered, captions stale (only a caption's wording changed), damaged
(a file of it is missing or is not the file placed), stale (an older output exists) or missing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explainer.catalog import Catalogue
from explainer.course.lesson import build
from explainer.render import plan
from explainer.render.job import DEFAULT_QUALITY, QUALITIES
from explainer.render.manifest import MANIFEST_NAME, Manifest

SCHEMA = 1
STATES = ("rendered", "captions stale", "damaged", "stale", "missing")


@dataclass(frozen=True, order=True)
class Variant:
    quality: str
    format: str
    theme: str

    @property
    def title(self) -> str:
        return f"{QUALITIES[self.quality][1]} {self.format} {self.theme}"


def variants(out: Path, quality: str | None, fmt: str | None, theme: str | None
             ) -> list[Variant]:
    """The combinations to list: those given, else those the folder's manifest holds."""
    held = {Variant(e.job.quality, e.job.format, e.job.theme)
            for e in Manifest.from_file(out / MANIFEST_NAME).entries.values()}
    chosen = sorted(v for v in held if (quality or v.quality) == v.quality
                    and (fmt or v.format) == v.format and (theme or v.theme) == v.theme)
    return chosen or [Variant(quality or DEFAULT_QUALITY, fmt or "mp4", theme or "dark")]


def voices(out: Path, variant: Variant) -> dict[str, str]:
    """Per language, the voice most of its outputs of ``variant`` were rendered with."""
    counts: dict[str, Counter[str]] = {}
    for e in Manifest.from_file(out / MANIFEST_NAME).entries.values():
        if Variant(e.job.quality, e.job.format, e.job.theme) == variant:
            counts.setdefault(e.job.lang, Counter())[e.job.voice] += 1
    return {lang: c.most_common(1)[0][0] for lang, c in counts.items()}


def listing(cat: Catalogue, langs: list[str], out: Path, chosen: list[Variant]
            ) -> dict[str, Any]:
    """The report `list --json` prints (its schema is in the README)."""
    course = build(cat, None, langs)
    scenes: dict[str, dict[str, Any]] = {
        scene_id: {"id": scene_id,
                   "title": {lang: course.lesson(lang, scene_id).title for lang in langs},
                   "outputs": []}
        for scene_id in cat.ids()}
    for variant in chosen:
        voice = voices(out, variant)
        for lang in langs:
            planned = plan.plan(cat, cat.ids(), [lang], variant.quality, variant.format,
                                variant.theme, voice=voice.get(lang, "off"))
            for item, state in zip(planned, plan.states(planned, out), strict=True):
                job = item.job
                scenes[job.scene_id]["outputs"].append({
                    "lang": lang, "quality": job.quality, "resolution": job.quality_dir,
                    "format": job.format, "theme": job.theme, "voice": job.voice,
                    "state": state, "path": job.output(out).relative_to(out).as_posix(),
                    "key": item.key})
    return {"schema": SCHEMA, "out": str(out), "languages": langs,
            "variants": [v.title for v in chosen], "scenes": list(scenes.values())}
