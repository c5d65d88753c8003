"""The Manim side of rendering: load a scene's class from its file (as ``manim file.py`` does),
build it from its request without encoding video (a dry run), or render it into a media
folder."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from manim import tempconfig

from explainer.content.request import SceneRequest
from explainer.errors import ContentError
from explainer.kit.base import ExplainerScene


def load_module(path: Path, fresh: bool = False) -> ModuleType:
    """Execute a scene file as a module, the way ``manim path.py`` does: its folder goes on
    ``sys.path`` and the module is registered under a name made from its path (``fresh``:
    executed again, e.g. after an activation was added to the content)."""
    name = "explainer_scene_" + "_".join(path.with_suffix("").parts[-2:]).replace("-", "_")
    if name in sys.modules and not fresh:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(module)
    return module


def scene_class(request: SceneRequest, root: Path) -> type[ExplainerScene]:
    """The class that renders the request's scene, from the file the request names."""
    path = (root / request.module).resolve()
    for fresh in (False, True):  # the module may predate an activation added since
        for value in vars(load_module(path, fresh)).values():
            if (isinstance(value, type) and issubclass(value, ExplainerScene)
                    and getattr(value, "scene_id", None) == request.id):
                return value
    raise ContentError(f"{path}: declares {request.id!r} but has no ExplainerScene "
                       f"subclass with that id")


def dry_run(request: SceneRequest, root: Path, media_dir: str | None = None) -> ExplainerScene:
    """Run ``construct`` with every animation skipped to its end; nothing is encoded.

    ``media_dir`` keeps Manim's LaTeX and text caches between runs; give each process its own
    (two processes writing one media folder crash intermittently).
    """
    cls = scene_class(request, root)
    with tempfile.TemporaryDirectory() as scratch, tempconfig({
        "media_dir": media_dir or scratch, "quality": "low_quality", "write_to_movie": False,
        "save_last_frame": False, "disable_caching": True, "verbosity": "ERROR",
        "progress_bar": "none",
    }):
        scene = cls(request, root=root, skip_animations=True)
        scene.render()
    return scene


@dataclass(frozen=True)
class Rendered:
    """What one render produced, inside its media folder."""

    video: Path | None  # None for a still (format png)
    captions: Path | None
    last_frame: Path | None
    duration: float
    scene: ExplainerScene


def render(request: SceneRequest, media_dir: Path, options: Mapping[str, Any], root: Path,
           chunk: tuple[int, int] | None = None) -> Rendered:
    """Render one scene with Manim into ``media_dir``; ``options`` are Manim config values
    (quality or pixel size, frame rate, format, ...); ``chunk``: only those chapters (first,
    last), silent. Use a fresh process per render in production: Manim's configuration is
    global."""
    cls = scene_class(request, root)
    settings = {"media_dir": str(media_dir), "verbosity": "WARNING", "progress_bar": "none",
                "output_file": request.id, **options}
    with tempconfig(settings):
        scene = cls(request, root=root, chunk=chunk)
        scene.render()
        plan = scene.renderer.file_writer.output_plan
        video = plan.primary_artifact if plan.output.is_video else None
        still = plan.primary_artifact if not plan.output.is_video else plan.fallback_image
    captions = plan.subcaption_file
    return Rendered(
        video=Path(video) if video else None,
        captions=Path(captions) if captions and Path(captions).exists() else None,
        last_frame=Path(still) if still and Path(still).exists() else None,
        duration=float(scene.renderer.time),
        scene=scene,
    )
