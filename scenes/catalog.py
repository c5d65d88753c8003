"""Scene id -> scene class, and a dry run that builds a scene without encoding video."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manim import tempconfig

from explainer.content import activation_names, activation_scene_id, scene_ids
from scenes import SCENE_MODULES
from scenes.base import ExplainerScene


def scene_class(scene_id: str) -> type[ExplainerScene]:
    """The class that renders ``scene_id`` (modules are imported on demand)."""
    if scene_id in SCENE_MODULES:
        module, name = SCENE_MODULES[scene_id]
        cls: type[ExplainerScene] = getattr(importlib.import_module(module), name)
        return cls
    by_id = {activation_scene_id(n): n for n in activation_names()}
    if scene_id not in by_id:
        raise KeyError(f"unknown scene {scene_id!r}; known: {', '.join(scene_ids())}")
    from scenes.activation_curves import ACTIVATION_SCENES

    return ACTIVATION_SCENES[by_id[scene_id]]


def dry_run(
    scene_id: str,
    lang: str = "en",
    theme: str = "dark",
    overrides: Mapping[str, Any] | None = None,
    media_dir: str | None = None,
) -> ExplainerScene:
    """Run ``construct`` with every animation skipped to its end; nothing is encoded.

    ``media_dir`` keeps Manim's LaTeX and text caches between runs; give each process its own
    (two processes writing one media folder crash intermittently).
    """
    cls = scene_class(scene_id)
    with tempfile.TemporaryDirectory() as scratch, tempconfig({
        "media_dir": media_dir or scratch, "quality": "low_quality", "write_to_movie": False,
        "save_last_frame": False, "disable_caching": True, "verbosity": "ERROR",
        "progress_bar": "none",
    }):
        scene = cls(lang=lang, theme=theme, overrides=overrides, skip_animations=True)
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


def render(
    scene_id: str,
    lang: str,
    theme: str,
    overrides: Mapping[str, Any] | None,
    media_dir: Path,
    options: Mapping[str, Any],
) -> Rendered:
    """Render one scene with Manim into ``media_dir``; ``options`` are Manim config values
    (quality or pixel size, frame rate, format, ...). Use a fresh process per render in
    production: Manim's configuration is global."""
    cls = scene_class(scene_id)
    settings = {"media_dir": str(media_dir), "verbosity": "WARNING", "progress_bar": "none",
                "output_file": scene_id, **options}
    with tempconfig(settings):
        scene = cls(lang=lang, theme=theme, overrides=overrides)
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
