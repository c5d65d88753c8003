"""Scene id -> scene class, and a dry run that builds a scene without encoding video."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Mapping
from typing import Any

from manim import tempconfig

from explainer.content import activation_names, activation_scene_id, scene_ids
from scenes.base import ExplainerScene

# Module and class of every scene that is not generated from the activation registry.
_FIXED = {
    "linear-collapse": ("scenes.linear_collapse", "LinearCollapse"),
    "activation-overview": ("scenes.activation_curves", "ActivationOverview"),
    "vanishing-gradient": ("scenes.vanishing_gradient", "VanishingGradient"),
    "dying-relu": ("scenes.dying_relu", "DyingReLU"),
}


def scene_class(scene_id: str) -> type[ExplainerScene]:
    """The class that renders ``scene_id`` (modules are imported on demand)."""
    if scene_id in _FIXED:
        module, name = _FIXED[scene_id]
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
