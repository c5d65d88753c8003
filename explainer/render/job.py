"""A render job, where its outputs go, and the cache key that decides whether it must run.

The key hashes everything that shapes the pixels: the job itself, the bytes of the scene's
module and of every project module it imports (found by reading imports, not by importing),
the content entries and parameters the scene reads, the Manim version and its TeX template.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from explainer import content
from explainer.catalog import SceneEntry
from explainer.project import SCENES_DIR, content_dir
from explainer.settings import MANIM_OPTIONS_ENV

# -q letter -> (Manim's quality name, Manim's folder name)
QUALITIES = {
    "l": ("low_quality", "480p15"),
    "m": ("medium_quality", "720p30"),
    "h": ("high_quality", "1080p60"),
    "p": ("production_quality", "1440p60"),
    "k": ("fourk_quality", "2160p60"),
}
FORMATS = ("mp4", "webm", "gif", "mov", "png")
VIDEO_FORMATS = ("mp4", "webm", "gif", "mov")
SOUND_FORMATS = ("mp4", "webm", "mov")  # a GIF or a still has no sound
PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # the folder holding the explainer package
KEY_VERSION = "1"  # bump when the way outputs are produced changes


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

    @property
    def quality_dir(self) -> str:
        return QUALITIES[self.quality][1]

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

    def output(self, out: Path) -> Path:
        # A video's poster frame is <id>.png, so the last-frame still gets a name of its own.
        name = f"{self.scene_id}.last-frame.png" if self.format == "png" else (
            f"{self.scene_id}.{self.format}")
        return self.folder(out) / name

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["overrides"] = dict(self.overrides)
        if self.voice == "off":  # silent jobs keep the keys they had before voices existed
            del data["voice"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        overrides = tuple(sorted((k, freeze(v)) for k, v in data.get("overrides", {}).items()))
        return cls(**{**data, "overrides": overrides})


def freeze(value: Any) -> Any:
    """A hashable copy of a parameter value: lists (vectors, matrices) become tuples."""
    return tuple(freeze(v) for v in value) if isinstance(value, list | tuple) else value


def module_file(module: str, scenes_dir: Path) -> Path | None:
    """The source file of a project module: ``explainer.core.linear`` in the project's (or the
    installed) package, or a helper module beside the scenes; None for anything else."""
    parts = module.split(".")
    bases = [scenes_dir.parent, PACKAGE_PARENT] if parts[0] == "explainer" else [scenes_dir]
    for base in bases:
        as_file = base.joinpath(*parts).with_suffix(".py")
        if as_file.exists():
            return as_file
        as_package = base.joinpath(*parts, "__init__.py")
        if as_package.exists():
            return as_package
    return None


@cache
def dependencies(scene_file: Path) -> tuple[Path, ...]:
    """``scene_file`` and the source of every project module it imports, transitively."""
    scenes_dir = scene_file.parent
    seen: set[Path] = set()
    todo: list[Path] = [scene_file]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        stat = path.stat()
        for name in _imports(path, stat.st_mtime_ns, stat.st_size):
            # a package's __init__ runs on import of any module inside it
            prefixes = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)]
            todo.extend(f for f in (module_file(p, scenes_dir) for p in prefixes) if f)
    return tuple(sorted(seen))


@cache
def _imports(path: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    """The module names a file imports (parsed once while the file is unchanged)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return tuple(dict.fromkeys(names))


def _shown(path: Path, root: Path) -> str:
    """A stable name for a source file in the key: relative to the project or the package."""
    for base in (root, PACKAGE_PARENT):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


def _file_digest(path: Path) -> str:
    stat = path.stat()
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@cache
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    """Hash of a file's bytes, remembered while its modification time and size stay."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def toolchain_fingerprint() -> str:
    """Manim's version and the source of its TeX templates (read, not imported: fast)."""
    dist = metadata.distribution("manim")
    parts = [dist.version]
    for rel in ("manim/utils/tex.py", "manim/utils/tex_templates.py"):
        path = Path(str(dist.locate_file(rel)))
        parts.append(_file_digest(path) if path.exists() else "missing")
    return "|".join(parts)


def cache_key(job: Job, spec: content.SceneSpec, entry: SceneEntry, root: Path,
              voice: str = "") -> str:
    """The hash that must match for an existing output to be reused. ``voice`` is the
    narration's fingerprint: with a voice the caption lines are spoken, so they are part of
    the video too."""
    sources = {_shown(p, root): _file_digest(p) for p in dependencies(entry.path)}
    blob = json.dumps({
        "version": KEY_VERSION,
        "job": job.to_dict(),
        "spec": spec.fingerprint("video"),
        "sources": sources,
        "toolchain": toolchain_fingerprint(),
        "extra": os.environ.get(MANIM_OPTIONS_ENV, ""),
        **({"voice": voice, "spoken": spec.fingerprint("captions")} if voice else {}),
    }, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def code_fingerprint(root: Path) -> str:
    """One hash of everything a worker renders with: the explainer package, the scene modules,
    the content folder (text, parameters, formulas, voice clips) and the toolchain. A Dask
    worker whose fingerprint differs from the client's refuses the job."""
    package = Path(__file__).resolve().parents[1]
    groups = [(package.parent, sorted(package.rglob("*.py")) +
               sorted(package.rglob("*.html"))),
              (root, sorted((root / SCENES_DIR).glob("*.py"))),
              (content_dir(root), sorted(p for p in content_dir(root).rglob("*")
                                         if p.is_file() and not p.name.startswith(".")))]
    parts = [toolchain_fingerprint()]
    for base, files in groups:
        parts += [f"{p.relative_to(base).as_posix()}={_file_digest(p)}" for p in files]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def captions_key(video_key: str, spec: content.SceneSpec) -> str:
    """The hash that must match for existing captions to be reused: the video's key and the
    caption lines. A caption edit changes this key only, and rewrites .srt/.vtt without a
    render. (A voice track, when there is one, must fold the captions into the video key.)"""
    blob = json.dumps([video_key, spec.fingerprint("captions")])
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def clear_caches() -> None:
    """Forget the import graph (for watch mode, where imports can change while we run)."""
    dependencies.cache_clear()
