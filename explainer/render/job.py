"""A render job: one scene in one language, quality, format, theme and voice, and where its
outputs go."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from explainer.render import formats

# -q letter -> (Manim's quality name, Manim's folder name)
QUALITIES = {
    "l": ("low_quality", "480p15"),
    "m": ("medium_quality", "720p30"),
    "h": ("high_quality", "1080p60"),
    "p": ("production_quality", "1440p60"),
    "k": ("fourk_quality", "2160p60"),
}
# What render, list, watch, make render and the gallery use unless told otherwise.
DEFAULT_QUALITY = "m"
# How Manim encodes (benchmarks/encoder_options.py, activation-relu, medians of 3): four
# animations' files encoded while the next renders, not one at a time (same bytes; 1080p60
# 14% less wall time, 720p30 6%); and for drafts x264's veryfast preset (1080p60 19% less,
# 720p30 4%, files 13% and 8% smaller on our mostly still frames). Final qualities (h, p, k)
# keep x264's default preset, medium. $EXPLAINER_MANIM_OPTIONS overrides either.
ENCODER = {"max_inflight_encoders": 4}
DRAFT_ENCODER = {"preset": "veryfast"}  # x264's, for -q l and m (see formats.Format.x264)
DRAFTS = ("l", "m")


@dataclass(frozen=True)
class Job:
    scene_id: str
    lang: str
    quality: str  # a key of QUALITIES
    format: str
    theme: str = "dark"
    overrides: tuple[tuple[str, Any], ...] = field(default=())
    transparent: bool = False  # an alpha channel (mov, webm): for video editors
    voice: str = "off"  # off | recorded | espeak | a plugin's name
    # the picture's own folder name when extra Manim settings change the quality's size or
    # frame rate ("192x108p5"; see ``size_folder``), so it never replaces the quality's videos
    size: str = ""

    @property
    def quality_dir(self) -> str:
        return self.size or QUALITIES[self.quality][1]

    @property
    def manim_options(self) -> dict[str, Any]:
        """Manim config for this job: quality, format, encoding (see ENCODER). Planning adds
        $EXPLAINER_MANIM_OPTIONS (``with_extra``) and the result travels in the plan."""
        form = formats.get(self.format)
        draft = self.quality in DRAFTS and form.x264
        encoder = DRAFT_ENCODER if draft else {}
        # Manim's per-animation cache can never hit in a job's fresh media folder, and
        # hashing every play() for it costs ~1 s a scene: off. Our key judges staleness.
        return {"quality": QUALITIES[self.quality][0], "transparent": self.transparent,
                "disable_caching": True, **ENCODER, "video_encoder_options": dict(encoder),
                **form.manim}

    @property
    def name(self) -> str:
        alpha = ", transparent" if self.transparent else ""
        voice = f", voice {self.voice}" if self.voice != "off" else ""
        return (f"{self.scene_id} [{self.lang}, {self.quality_dir}, {self.format}, "
                f"{self.theme}{alpha}{voice}]")

    def folder(self, out: Path) -> Path:
        """renders/<lang>/<quality>/; a non-default theme gets renders/<lang>/<quality>-light/."""
        suffix = "" if self.theme == "dark" else f"-{self.theme}"
        return out / self.lang / f"{self.quality_dir}{suffix}"

    def files(self, out: Path) -> dict[str, Path]:
        """The files this job writes, by role (see ``formats``)."""
        return formats.get(self.format).files(self.folder(out), self.scene_id)

    def output(self, out: Path) -> Path:
        return self.files(out)["main"]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["overrides"] = dict(self.overrides)
        if self.voice == "off":  # silent jobs keep the keys they had before voices existed
            del data["voice"]
        if not self.size:  # likewise jobs at their quality's own size
            del data["size"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        overrides = tuple(sorted((k, freeze(v)) for k, v in data.get("overrides", {}).items()))
        return cls(**{**data, "overrides": overrides})


def size_folder(quality: str, extra: Mapping[str, Any]) -> str:
    """The folder a job's outputs go to when extra Manim settings change its picture, named
    as Manim names its own ("108p5", with the width when given: "192x108p5", and the quality
    when it is not the default: "192x108p5-qh"); "" when they leave the quality's size and
    frame rate alone.

    >>> size_folder("m", {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5})
    '192x108p5'
    >>> size_folder("l", {"frame_rate": 5}), size_folder("h", {"preset": "fast"})
    ('480p5-ql', '')
    """
    if not {"pixel_width", "pixel_height", "frame_rate"} & set(extra):
        return ""
    height, rate = (int(n) for n in QUALITIES[quality][1].split("p"))
    width = f"{extra['pixel_width']:g}x" if "pixel_width" in extra else ""
    picture = f"{width}{extra.get('pixel_height', height):g}p{extra.get('frame_rate', rate):g}"
    # another quality keeps its own encoder settings: its own folder too
    return picture if quality == DEFAULT_QUALITY else f"{picture}-q{quality}"


def with_extra(options: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``options`` with a user's extra Manim settings on top; encoder options are merged one
    by one (``{"video_encoder_options": {"crf": "18"}}`` keeps a draft's preset)."""
    encoder = {**options.get("video_encoder_options", {}),
               **extra.get("video_encoder_options", {})}
    return {**options, **extra, "video_encoder_options": encoder}


def freeze(value: Any) -> Any:
    """A hashable copy of a parameter value: lists (vectors, matrices) become tuples."""
    return tuple(freeze(v) for v in value) if isinstance(value, list | tuple) else value
