"""The request a scene receives: planned once, passed down as it is.

Planning (``plan_request``) reads and checks everything a scene shows that is not computed: its
text in one language, its parameters (params.toml with --set overrides), the formulas of the
activations it draws or names, the theme and the voice. The request crosses a process or Dask
boundary once, as JSON, and the scene reads it; nothing below planning loads the catalogue or
checks a value again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from explainer.catalog import Catalogue, load
from explainer.content.formulas import entries_for, registry_from
from explainer.content.numbers import fill
from explainer.content.params import load_params
from explainer.content.text import CAPTIONS, load_say, load_text
from explainer.core.registry import Registry
from explainer.errors import ContentError

THEMES = ("dark", "light")


@dataclass(frozen=True)
class SceneRequest:
    """Everything a scene shows that is not computed, checked: its text and parameters."""

    id: str
    lang: str
    theme: str
    params: dict[str, Any]
    text: dict[str, str] = field(repr=False)
    formulas: dict[str, Any] = field(default_factory=dict, repr=False)  # activations.toml
    module: str = ""  # the scene's file, relative to the project root
    content_dir: str = ""  # relative to the project root where it lies inside it
    voice: str = "off"
    voice_settings: dict[str, Any] = field(default_factory=dict)  # see voice.choice.resolve
    say: dict[str, str] = field(default_factory=dict, repr=False)  # the lexicon: [say]
    say_numbers: dict[str, str] = field(default_factory=dict, repr=False)  # [say_numbers]
    chapters: tuple[str, ...] = ()  # the sections its CATALOGUE declares, in order

    def t(self, key: str, **values: Any) -> str:
        """The text at ``key`` with its {placeholders} filled from ``values``.

            spec.t("title"), spec.t("captions.count", slow=39, fast=16)
        """
        if key not in self.text:
            raise ContentError(f"{self.lang}.toml: scene {self.id} needs the text key {key!r}")
        return fill(self.text[key], values)

    @property
    def registry(self) -> Registry:
        """The built-in activations and those defined by formula that this scene needs."""
        return registry_from(self.formulas)

    def content_folder(self, root: Path) -> Path:
        return root / self.content_dir

    def fingerprint(self, part: str = "video") -> str:
        """A hash of the entries this scene reads: ``"video"``, everything that can reach the
        pixels (parameters and every text but the captions), or ``"captions"``, the
        ``captions.*`` lines, which are narrated and subtitled but never drawn."""
        wanted = part == "captions"
        text = {k: v for k, v in self.text.items() if k.startswith(CAPTIONS) == wanted}
        blob = json.dumps([self.id, self.lang, self.theme, part, text,
                           None if wanted else [self.params, self.formulas]],
                          sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()

    def captions(self) -> dict[str, str]:
        """The caption templates, key -> text."""
        return {k: v for k, v in self.text.items() if k.startswith(CAPTIONS)}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SceneRequest:
        return cls(**data)


def plan_request(
    catalogue: Catalogue,
    scene_id: str,
    lang: str = "en",
    theme: str = "dark",
    overrides: Mapping[str, Any] | None = None,
    voice: str = "off",
    voice_settings: Mapping[str, Any] | None = None,
) -> SceneRequest:
    """Read and check one scene's text in ``lang`` and its parameters (with ``overrides``);
    ``voice_settings`` are the language's resolved voice (planning resolves them)."""
    if theme not in THEMES:
        raise ContentError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    entry = catalogue.get(scene_id)
    folder = catalogue.content_dir
    names = catalogue.activations
    text = load_text(entry, lang, folder, names if entry.names else ())
    params = load_params(entry.id, entry.table, entry.params, folder, overrides, names)
    needed = set(names if entry.names else ())
    needed.update([entry.activation] if entry.activation else [])
    for key, param in entry.params.items():
        if param.kind == "activation":
            needed.add(params[key])
        elif param.kind == "activations":
            needed.update(params[key])
    return SceneRequest(
        scene_id, lang, theme, params, text, entries_for(sorted(needed), folder),
        module=_relative(entry.path, catalogue.root), content_dir=_relative(folder,
                                                                            catalogue.root),
        voice=voice, voice_settings=dict(voice_settings or {}), chapters=entry.chapters,
        **dict(zip(("say", "say_numbers"), load_say(lang, folder), strict=True)))


def request_for(root: Path, scene_id: str, lang: str = "en", theme: str = "dark",
                overrides: Mapping[str, Any] | None = None, voice: str = "off"
                ) -> SceneRequest:
    """The request of a scene built without a CLI above it (``manim file.py Scene``, or code
    constructing the scene): planned here, from the project at ``root``."""
    from explainer.voice.choice import resolve

    catalogue = load(root)
    return plan_request(catalogue, scene_id, lang, theme, overrides, voice,
                        resolve(voice, lang, catalogue.content_dir))


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` where it lies inside it (a remote worker has the project
    elsewhere), else absolute."""
    path = path.resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(
        root.resolve()) else path.as_posix()
