"""The catalogue: which scenes exist, in what order, where their code is, what content they read.

Each scene module in the project's ``scenes/`` folder declares itself in a literal
``CATALOGUE = {...}`` next to its code. This module reads those declarations with ``ast`` (it
never imports a scene, so it never imports Manim) and expands the one that says
``"each": "activation"`` into one scene per registered activation. ``list``, the cache key,
the content schema, the worker and the gallery all ask the catalogue.

A declaration::

    CATALOGUE = {
        "id": "dying-relu",             # or "activation-{name}" with "each": "activation"
        "order": 50,                    # position in lists and the gallery
        "table": "dying-relu",          # its [table] in params.toml and <lang>.toml (default: id)
        "names": True,                  # it shows every activation's title (default: False)
        "params": {"steps": ("int", 10, 400), "compare_activation": ("activation",)},
        "placeholders": {"labels.final": ("activation", "percent")},
        "chapters": ("title", "ten-units", "training", "closing"),  # its sections, in order
    }
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from explainer import project
from explainer.content.formulas import formula_registry
from explainer.content.params import PARAM_KINDS, Param
from explainer.core.registry import Registry
from explainer.errors import ContentError
from explainer.project import SCENES_DIR
from explainer.settings import ROOT_ENV

DECLARATION = "CATALOGUE"
# Keys every scene's text has: from its table, or for an activation scene from
# [activations.<name>].
COMMON_TEXT = ("title", "subtitle", "description", "takeaway")


# --- scenes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneEntry:
    """One scene as the catalogue knows it, without importing its code."""

    id: str
    order: int
    table: str  # its [table] in params.toml and in each <lang>.toml
    path: Path  # the scene module
    params: dict[str, Param] = field(repr=False)
    placeholders: dict[str, tuple[str, ...]] = field(repr=False)
    activation: str | None = None  # the registry name behind an activation-<name> scene
    names: bool = False  # reads every activation's title
    chapters: tuple[str, ...] = ()  # its sections, in order: keys of [chapters]


@dataclass(frozen=True)
class Catalogue:
    root: Path
    scenes: tuple[SceneEntry, ...]
    registry: Registry = field(repr=False)  # the built-ins, then those defined by formula

    @property
    def activations(self) -> list[str]:
        """Every activation with a scene, in registry order."""
        return list(self.registry)

    @property
    def content_dir(self) -> Path:
        """scenes/content, or the folder named by $EXPLAINER_CONTENT_DIR (tests, drafts)."""
        return project.content_dir(self.root)

    def ids(self) -> list[str]:
        return [s.id for s in self.scenes]

    def get(self, scene_id: str) -> SceneEntry:
        for entry in self.scenes:
            if entry.id == scene_id:
                return entry
        raise ContentError(f"unknown scene {scene_id!r}; see `explainer list`")

    def __iter__(self) -> Iterator[SceneEntry]:
        return iter(self.scenes)


def load(root: Path | None = None, lenient: bool = False) -> Catalogue:
    """The catalogue of the project at ``root`` (default: the one found from here). With
    ``lenient``, a broken activations.toml leaves out its activations instead of raising
    (`explainer check` reports it with everything else)."""
    folder = (root or project.default_root()) / SCENES_DIR
    if not folder.is_dir():
        raise ContentError(f"no {SCENES_DIR}/ folder in {folder.parent}; run from the project "
                           f"folder or set {ROOT_ENV}")
    entries: list[SceneEntry] = []
    try:
        registry = formula_registry(project.content_dir(folder.parent))
    except ContentError:
        if not lenient:
            raise
        registry = Registry()
    names = tuple(registry)
    for path in scene_files(folder):
        stat = path.stat()
        entries.extend(_declared(path, stat.st_mtime_ns, stat.st_size, names))
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ContentError(f"{entry.path}: scene id {entry.id!r} is declared twice")
        seen.add(entry.id)
    entries.sort(key=lambda e: e.order)  # stable: registry order within one declaration
    return Catalogue(folder.parent, tuple(entries), registry)


def scene_files(folder: Path) -> list[Path]:
    """The scene modules in ``folder``: its ``*.py`` files but hidden ones (an editor's or
    macOS's ``._name.py`` beside the real file is not a scene)."""
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith(".") and p.is_file())


@cache
def _declared(path: Path, mtime_ns: int, size: int, names: tuple[str, ...]
              ) -> tuple[SceneEntry, ...]:
    """The scenes a module declares (remembered while the file is unchanged)."""
    try:
        tree = ast.parse(path.read_bytes(), str(path))
    except SyntaxError as exc:
        raise ContentError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == DECLARATION:
            try:
                data = ast.literal_eval(value)
            except ValueError:
                raise ContentError(f"{path}:{node.lineno}: {DECLARATION} must be a literal "
                                   "dict (no names or calls)") from None
            return _entries(path, data, names)
    return ()  # a helper module, not a scene


def _entries(path: Path, data: Any, names: tuple[str, ...]) -> tuple[SceneEntry, ...]:
    def bad(problem: str) -> ContentError:
        return ContentError(f"{path}: {DECLARATION} {problem}")

    if not isinstance(data, dict):
        raise bad("must be a dict")
    unknown = set(data) - {"id", "order", "table", "names", "params", "placeholders", "each",
                           "chapters"}
    if unknown:
        raise bad(f"has unknown keys: {', '.join(sorted(unknown))}")
    if not isinstance(data.get("id"), str) or not isinstance(data.get("order"), int):
        raise bad("needs a string 'id' and an integer 'order'")
    params: dict[str, Param] = {}
    for key, spec in data.get("params", {}).items():
        if not (isinstance(spec, tuple | list) and spec and spec[0] in PARAM_KINDS):
            raise bad(f"params[{key!r}] must start with one of {', '.join(PARAM_KINDS)}")
        params[key] = Param(*spec)
    placeholders = {k: tuple(v) for k, v in data.get("placeholders", {}).items()}
    table = data.get("table", data["id"])
    common = dict(id=data["id"], order=data["order"], table=table, path=path, params=params,
                  placeholders=placeholders, names=bool(data.get("names", False)),
                  chapters=tuple(data.get("chapters", ())))
    each = data.get("each")
    if each is None:
        return (SceneEntry(**common),)
    if each != "activation" or "{name}" not in data["id"]:
        raise bad("'each' can only be 'activation', with '{name}' in the id")
    return tuple(
        SceneEntry(**{**common, "id": each_id(data["id"], name)}, activation=name)
        for name in names
    )


def each_id(template: str, name: str) -> str:
    """The id of one generated scene: ``activation-{name}`` for leaky_relu is
    activation-leaky-relu."""
    return template.replace("{name}", name.replace("_", "-"))

