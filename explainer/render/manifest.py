"""renders/manifest.json: every output with its job, cache key and facts, as a typed model.

Paths are relative to the manifest's folder, so the whole folder can be copied into a course
site. The file is replaced atomically: a reader never sees half of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
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
    # role -> [bytes, modification time in ns, SHA-256] of each file as it was placed
    digests: dict[str, list[Any]] = field(default_factory=dict)

    def damaged(self, folder: Path, roles: Sequence[str] | None = None) -> list[str]:
        """The roles (of ``roles``, default all) whose file is missing, or differs from the
        one placed (an entry from before digests were kept: missing only)."""
        return [role for role, rel in self.files.items()
                if (roles is None or role in roles)
                and (not (folder / rel).is_file()
                     or (role in self.digests
                         and not _matches(folder / rel, self.digests[role])))]

    def with_digests(self, folder: Path) -> Entry:
        """This entry with the digests of its files as they are now."""
        return replace(self, digests={role: file_record(folder / rel)
                                      for role, rel in self.files.items()})

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
        """Add or replace ``entry``. The files it shares with the other formats of its folder
        (poster, captions, chapters: one each per scene and folder) were just written for it:
        the other entries' digests of them follow, or they would count as damaged."""
        self.entries[entry.files["main"]] = entry
        written = {rel: entry.digests[role] for role, rel in entry.files.items()
                   if role in entry.digests}
        for other in self.entries.values():
            if other is not entry and other.digests:
                other.digests.update({role: written[rel] for role, rel in other.files.items()
                                      if rel in written and role in other.digests})

    def find(self, job: Job, folder: Path) -> Entry | None:
        return self.entries.get(relative(job.output(folder), folder))


def file_record(path: Path) -> list[Any]:
    """[bytes, modification time in ns, SHA-256] of a file."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, _sha256(path)]


def _matches(path: Path, record: list[Any]) -> bool:
    """Whether ``path`` is the file ``record`` describes: same size, and same modification
    time or (a copy, a touch) the same bytes."""
    size, mtime_ns, digest = record
    stat = path.stat()
    if stat.st_size != size:
        return False
    return stat.st_mtime_ns == mtime_ns or _sha256(path) == digest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()
