"""The cache keys that decide whether a job must run, and the code fingerprint a Dask worker
compares with the client's.

The key hashes everything that shapes the pixels: the job itself, the bytes of the scene's
module and of every project module it imports (found by reading imports, not by importing),
the content entries and parameters the scene reads (its request), the Manim version and its
TeX template.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from explainer.catalog import scene_files
from explainer.content.request import SceneRequest
from explainer.project import SCENES_DIR, content_dir
from explainer.render import cpu
from explainer.render.job import Job

PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # the folder holding the explainer package
# Bump when the way outputs are produced changes. 2: x264 and numpy off AVX-512 (see cpu).
KEY_VERSION = "2"


def module_file(module: str, scenes_dir: Path) -> Path | None:
    """The source file of a project module: ``explainer.core.linear`` in the project's (or the
    installed) package, or a helper module beside the scenes; None for anything else."""
    parts = module.split(".")
    bases = [scenes_dir.parent, PACKAGE_PARENT] if parts[0] == "explainer" else [scenes_dir]
    return next((f for f in (_source(base, parts) for base in bases) if f), None)


def _source(base: Path, parts: list[str]) -> Path | None:
    """``base/a/b.py`` or ``base/a/b/__init__.py`` for the parts ``[a, b]``, if it exists."""
    for candidate in (base.joinpath(*parts).with_suffix(".py") if parts else None,
                      base.joinpath(*parts, "__init__.py")):
        if candidate is not None and candidate.exists():
            return candidate
    return None


@cache
def dependencies(scene_file: Path) -> tuple[Path, ...]:
    """``scene_file`` and the source of every project module it imports, transitively, however
    it is imported: ``import a.b as c``, ``from a import b as c``, ``from . import b``, inside
    a function, or ``importlib.import_module("a.b")`` with a literal name."""
    scenes_dir = scene_file.parent
    seen: set[Path] = set()
    todo: list[Path] = [scene_file]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        stat = path.stat()
        for level, name in _imports(path, stat.st_mtime_ns, stat.st_size):
            parts = name.split(".") if name else []
            if level:  # relative to the importing file's package
                base = path.parents[level - 1]
                found = [_source(base, parts[:i]) for i in range(len(parts) + 1)]
            else:  # a package's __init__ runs on import of any module inside it
                found = [module_file(".".join(parts[:i]), scenes_dir)
                         for i in range(1, len(parts) + 1)]
            todo.extend(f for f in found if f)
    return tuple(sorted(seen))


@cache
def _imports(path: Path, mtime_ns: int, size: int) -> tuple[tuple[int, str], ...]:
    """The modules a file imports, as (level, dotted name): level 0 absolute, 1 for ``.``, 2
    for ``..``; a ``from`` import names both the module and each imported name, which may be a
    module too (parsed once while the file is unchanged)."""
    names: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names.extend((0, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names.append((node.level, module))
            names.extend((node.level, f"{module}.{alias.name}".lstrip("."))
                         for alias in node.names if alias.name != "*")
        elif (isinstance(node, ast.Call) and _is_import_module(node.func) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.append((0, node.args[0].value))
    return tuple(dict.fromkeys(n for n in names if n[1] or n[0]))


def _is_import_module(func: ast.expr) -> bool:
    """``importlib.import_module`` or a bare ``import_module``."""
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module")


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
    """Manim's version, the source of its TeX templates (read, not imported: fast), and the
    processor instructions x264 and numpy use (``cpu``)."""
    dist = metadata.distribution("manim")
    parts = [dist.version, cpu.fingerprint()]
    for rel in ("manim/utils/tex.py", "manim/utils/tex_templates.py"):
        path = Path(str(dist.locate_file(rel)))
        parts.append(_file_digest(path) if path.exists() else "missing")
    return "|".join(parts)


def cache_key(job: Job, spec: SceneRequest, root: Path, manim: Mapping[str, Any],
              voice: str = "") -> str:
    """The hash that must match for an existing output to be reused. ``manim``: every Manim
    setting the render gets (the plan carries them to the worker). ``voice`` is the
    narration's fingerprint: with a voice the caption lines are spoken, so they are part of
    the video too."""
    sources = {_shown(p, root): _file_digest(p)
               for p in dependencies((root / spec.module).resolve())}
    blob = json.dumps({
        "version": KEY_VERSION,
        "job": job.to_dict(),
        "spec": spec.fingerprint("video"),
        "sources": sources,
        "toolchain": toolchain_fingerprint(),
        "manim": manim,
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
              (root, scene_files(root / SCENES_DIR)),
              (content_dir(root), sorted(p for p in content_dir(root).rglob("*")
                                         if p.is_file() and not p.name.startswith(".")))]
    parts = [toolchain_fingerprint()]
    for base, files in groups:
        parts += [f"{p.relative_to(base).as_posix()}={_file_digest(p)}" for p in files]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def captions_key(video_key: str, spec: SceneRequest) -> str:
    """The hash that must match for existing captions to be reused: the video's key and the
    caption lines. A caption edit changes this key only, and rewrites .srt/.vtt without a
    render. (A voice track, when there is one, must fold the captions into the video key.)"""
    blob = json.dumps([video_key, spec.fingerprint("captions")])
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def clear_caches() -> None:
    """Forget the import graph (for watch mode, where imports can change while we run)."""
    dependencies.cache_clear()
