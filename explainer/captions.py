"""Caption cues: what a scene narrates, when, and from which content entry.

A cue remembers the ``captions.*`` key and the numbers its text was filled from, so that an
edit to a caption's wording can rewrite the ``.srt``/``.vtt`` files from the cue times of the
last render, without rendering again (captions are not drawn into the video).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import srt

from explainer.content.numbers import fill


class Caption(str):
    """Caption text that knows its content key and the values it was filled with."""

    key: str
    values: dict[str, Any]

    def __new__(cls, text: str, key: str, values: Mapping[str, Any]) -> Caption:
        obj = super().__new__(cls, text)
        obj.key = key
        obj.values = {k: v if isinstance(v, int | float | str) else str(v)
                      for k, v in values.items()}
        return obj


@dataclass(frozen=True)
class Cue:
    text: str
    start: float
    end: float
    key: str | None = None  # the captions.* entry; None for text that is not a caption
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "key": self.key,
                "values": self.values}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cue:
        return cls(data["text"], data["start"], data["end"], data.get("key"),
                   dict(data.get("values", {})))


def refill(cues: Sequence[Cue], text: Mapping[str, str]) -> list[Cue]:
    """The same cues with each caption's text taken again from ``text`` (key -> template)."""
    return [Cue(fill(text[c.key], c.values), c.start, c.end, c.key, c.values)
            if c.key is not None and c.key in text else c for c in cues]


def to_srt(cues: Sequence[Cue]) -> str:
    def td(seconds: float) -> datetime.timedelta:
        return datetime.timedelta(seconds=round(seconds, 3))

    return srt.compose([srt.Subtitle(i + 1, td(c.start), td(c.end), c.text)
                        for i, c in enumerate(cues)])


def srt_to_vtt(srt_text: str) -> str:
    """WebVTT from SubRip: same cues, a header, and dots in the timestamps."""

    def stamp(delta: datetime.timedelta) -> str:
        ms = round(delta.total_seconds() * 1000)
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"

    cues = [f"{c.index}\n{stamp(c.start)} --> {stamp(c.end)}\n{c.content}\n"
            for c in srt.parse(srt_text)]
    return "WEBVTT\n\n" + "\n".join(cues)
