"""renders/manifest.json: every output with its job, cache key and facts, as a typed model.

Paths are relative to the manifest's folder, so the whole folder can be copied into a course
site. The file is replaced atomically: a reader never sees half of it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from explainer.files import atomic_write
from explainer.render.job import Job

MANIFEST_NAME = "manifest.json"
SCHEMA = 1


@dataclass(frozen=True)
class Report:
    """What a worker made for one job (paths relative to the output folder)."""

    files: dict[str, str]  # role ("main", "poster", "srt", "vtt") -> relative path
    duration: float
    width: int
    height: int
    size: int  # bytes of the main output
    render_seconds: float
    cues: list[dict[str, Any]] = field(default_factory=list)  # captions.Cue.to_dict()
    chapters: list[dict[str, Any]] = field(default_factory=list)
    # A chunk that ran to the end: its voice clips, {"file": role in files, "start": seconds}
    sounds: list[dict[str, Any]] = field(default_factory=list)
    # The render process's settings that shape its speed (local.REPORTED_ENV), as it had them
    environment: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(**data)


@dataclass
class Entry:
    job: Job
    key: str
    files: dict[str, str]  # role ("video", "poster", "srt", "vtt", "image") -> relative path
    duration: float
    width: int
    height: int
    size: int  # bytes of the main output
    render_seconds: float
    rendered_at: str
    captions_key: str = ""  # see job.captions_key; "" for outputs without captions
    cues: list[dict[str, Any]] = field(default_factory=list)  # when each caption is shown
    chapters: list[dict[str, Any]] = field(default_factory=list)  # the sections, titled

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["job"] = self.job.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(**{**data, "job": Job.from_dict(data["job"])})


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)  # keyed by output path

    @classmethod
    def from_file(cls, path: Path) -> Manifest:
        """The manifest at ``path``; empty if the file is missing or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({e["files"]["main"]: Entry.from_dict(e) for e in data["entries"]})
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def to_file(self, path: Path) -> None:
        data = {"schema": SCHEMA, "entries": [self.entries[k].to_dict()
                                              for k in sorted(self.entries)]}
        atomic_write(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")

    def put(self, entry: Entry) -> None:
        self.entries[entry.files["main"]] = entry

    def find(self, job: Job, folder: Path) -> Entry | None:
        return self.entries.get(relative(job.output(folder), folder))


def relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()
