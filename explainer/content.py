"""Scene text (one TOML file per language) and parameters (params.toml), loaded and checked.

A scene reads everything it shows through one ``SceneSpec``. Every problem a course author can
cause (a missing key, a wrong type, a value out of range, a TOML syntax error, an unknown
placeholder) is a ``ContentError`` whose message names the file and the key.
"""

from __future__ import annotations

import hashlib
import json
import os
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from explainer.core import activations

LANGUAGES = ("en", "zh")
THEMES = ("dark", "light")
CONTENT_ENV = "EXPLAINER_CONTENT_DIR"


class ContentError(ValueError):
    """A content or parameter problem, phrased for the course author who can fix it."""


def content_dir() -> Path:
    """scenes/content, or the folder named by $EXPLAINER_CONTENT_DIR (for tests and drafts)."""
    override = os.environ.get(CONTENT_ENV)
    return Path(override) if override else Path(str(resources.files("scenes") / "content"))


# --- which scenes exist --------------------------------------------------------------------

ACTIVATION_ALIASES = {"swish": "silu"}  # same function, one video


def activation_names() -> list[str]:
    """Registry names that get their own scene, in registry order (aliases left out)."""
    return [n for n in activations.ACTIVATIONS if n not in ACTIVATION_ALIASES]


def activation_scene_id(name: str) -> str:
    return "activation-" + name.replace("_", "-")


def scene_ids() -> list[str]:
    return [
        "linear-collapse",
        *[activation_scene_id(n) for n in activation_names()],
        "activation-overview",
        "vanishing-gradient",
        "dying-relu",
    ]


def scene_kind(scene_id: str) -> str:
    """The section family of a scene id: every activation-<name> shares 'activation'."""
    if scene_id not in scene_ids():
        raise ContentError(f"unknown scene {scene_id!r}")
    if scene_id.startswith("activation-") and scene_id != "activation-overview":
        return "activation"
    return scene_id


def activation_of(scene_id: str) -> str:
    """The registry name behind an activation-<name> scene id."""
    return next(n for n in activation_names() if activation_scene_id(n) == scene_id)


# --- schemas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One scene parameter: its type, allowed range or choices, as params.toml must give it."""

    kind: str  # "int" | "float" | "str" | "vector" | "matrix" | "range"
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: Any, where: str) -> Any:
        if self.kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                raise ContentError(f"{where} must be an integer, got {value!r}")
            self._check_range(value, where)
        elif self.kind == "float":
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ContentError(f"{where} must be a number, got {value!r}")
            value = float(value)
            self._check_range(value, where)
        elif self.kind == "str":
            if not isinstance(value, str) or (self.choices and value not in self.choices):
                raise ContentError(f"{where} must be one of {', '.join(self.choices)}, "
                                   f"got {value!r}")
        elif self.kind in ("vector", "range"):
            if not _is_numbers(value) or len(value) != 2:
                raise ContentError(f"{where} must be two numbers like [-1.0, 2.0], got {value!r}")
            value = [float(v) for v in value]
            if self.kind == "range" and not value[0] < value[1]:
                raise ContentError(f"{where} must be [low, high] with low < high, got {value!r}")
            for v in value:
                self._check_range(v, where)
        elif self.kind == "matrix":
            if not (isinstance(value, list) and len(value) == 2
                    and all(_is_numbers(r) and len(r) == 2 for r in value)):
                raise ContentError(f"{where} must be a 2x2 matrix like [[1, 0], [0, 1]], "
                                   f"got {value!r}")
            value = [[float(v) for v in row] for row in value]
            for row in value:
                for v in row:
                    self._check_range(v, where)
        return value

    def _check_range(self, value: float, where: str) -> None:
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ContentError(f"{where} = {value!r} is out of range [{self.low}, {self.high}]")


def _is_numbers(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )


_ACT = tuple(activation_names())
_INIT = ("small", "xavier", "he", "large")

PARAMS: dict[str, dict[str, Param]] = {
    "linear-collapse": {
        "W1": Param("matrix", -3.0, 3.0),
        "b1": Param("vector", -2.0, 2.0),
        "W2": Param("matrix", -3.0, 3.0),
        "b2": Param("vector", -2.0, 2.0),
        "grid_extent": Param("float", 0.5, 4.0),
        "grid_lines": Param("int", 3, 21),
        "bend_activations": Param("str", choices=_ACT),  # checked per item below
    },
    "activation": {
        "x_range": Param("range", -20.0, 20.0),
        "saturation_eps": Param("float", 1e-4, 0.5),
        "sweep_seconds": Param("float", 2.0, 30.0),
    },
    "activation-overview": {
        "x_range": Param("range", -20.0, 20.0),
    },
    "vanishing-gradient": {
        "depth": Param("int", 3, 16),
        "width": Param("int", 4, 512),
        "batch": Param("int", 8, 4096),
        "seed": Param("int", 0, 2**31 - 1),
        "large_std": Param("float", 0.2, 5.0),
        "vanish_activation": Param("str", choices=_ACT),
        "vanish_init": Param("str", choices=_INIT),
        "healthy_activation": Param("str", choices=_ACT),
        "healthy_init": Param("str", choices=_INIT),
        "explode_activation": Param("str", choices=_ACT),
        "explode_init": Param("str", choices=_INIT),
    },
    "dying-relu": {
        "learning_rate": Param("float", 1e-4, 1.0),
        "gentle_learning_rate": Param("float", 1e-4, 1.0),
        "steps": Param("int", 10, 400),
        "hidden": Param("int", 4, 100),
        "seed": Param("int", 0, 2**31 - 1),
        "compare_activation": Param("str", choices=_ACT),
    },
}

# Text keys every scene of a kind needs, with the {placeholders} each may use.
_COMMON_TEXT = {"title": (), "subtitle": (), "description": (), "takeaway": ()}
TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "linear-collapse": {
        **_COMMON_TEXT,
        **{f"labels.{k}": () for k in (
            "input", "layer1", "layer2", "single", "same_place", "with_activation",
            "no_single_map")},
        "labels.gap": ("gap",),
        "labels.residual": ("rms", "relative"),
        **{f"captions.{k}": () for k in (
            "intro", "layer1", "layer2", "single", "overlay", "algebra", "activation",
            "relu", "tanh", "residual", "takeaway")},
    },
    "activation": {
        **{f"labels.{k}": () for k in (
            "f", "df", "saturated", "dead", "output_range", "readout_x", "readout_f",
            "readout_df")},
        **{f"captions.{k}": ("name",) for k in (
            "intro", "curve", "derivative", "regions", "range", "sweep", "takeaway")},
    },
    "activation-overview": {
        **_COMMON_TEXT,
        "labels.f": (),
        "labels.df": (),
        **{f"captions.{k}": () for k in ("intro", "panels", "bounded", "takeaway")},
    },
    "vanishing-gradient": {
        **_COMMON_TEXT,
        **{f"labels.{k}": () for k in (
            "input", "output", "backward", "axis", "remedies_title", "init_xavier",
            "init_he")},
        "labels.init_small": ("std",),
        "labels.init_large": ("std",),
        "labels.network": ("depth",),
        "labels.run": ("activation", "init"),
        "labels.ratio": ("ratio",),
        "labels.remedies": (),
        **{f"captions.{k}": () for k in (
            "intro", "network", "vanish", "healthy", "explode", "remedies", "takeaway")},
    },
    "dying-relu": {
        **_COMMON_TEXT,
        **{f"labels.{k}": () for k in (
            "pre", "post", "axis_x", "neurons", "dead_curve", "step", "alive", "dead")},
        "labels.dead_count": ("dead", "total"),
        "labels.run": ("activation", "lr"),
        "labels.final": ("activation", "percent"),
        **{f"captions.{k}": () for k in (
            "intro", "example", "relu", "count", "training", "compare", "takeaway")},
    },
}
# [activations.<name>] in each language file; the numbers come from the core at render time.
_ACTIVATION_NUMBERS = ("peak", "peak_x", "ten_layers", "alpha", "sat_edge", "dead_edge", "range")
ACTIVATION_TEXT = {"title": (), "description": (), "subtitle": _ACTIVATION_NUMBERS,
                   "takeaway": _ACTIVATION_NUMBERS}
NAMED_KINDS = ("activation-overview", "vanishing-gradient", "dying-relu")


# --- loading -------------------------------------------------------------------------------


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: TOML syntax error: {exc}") from None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _section(doc: Mapping[str, Any], path: Path, *names: str) -> dict[str, Any]:
    node: Any = doc
    for name in names:
        if not isinstance(node, Mapping) or name not in node:
            raise ContentError(f"{path}: missing section [{'.'.join(names)}]")
        node = node[name]
    if not isinstance(node, Mapping):
        raise ContentError(f"{path}: [{'.'.join(names)}] must be a table")
    return _flatten(node)


def _check_text(
    found: Mapping[str, Any], schema: Mapping[str, tuple[str, ...]], path: Path, section: str
) -> dict[str, str]:
    text: dict[str, str] = {}
    for key, allowed in schema.items():
        if key not in found:
            raise ContentError(f"{path}: missing key {key!r} in [{section}]")
        value = found[key]
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{path}: [{section}] {key} must be a non-empty string")
        for _, field_name, _, _ in string.Formatter().parse(value):
            if field_name is not None and field_name.split(".")[0] not in allowed:
                hint = ", ".join("{" + a + "}" for a in allowed) or "none"
                raise ContentError(f"{path}: [{section}] {key} uses {{{field_name}}}; "
                                   f"allowed placeholders: {hint}")
        text[key] = value
    return text


@dataclass(frozen=True)
class SceneSpec:
    """Everything a scene shows that is not computed: its text and its parameters."""

    id: str
    lang: str
    theme: str
    params: dict[str, Any]
    text: dict[str, str] = field(repr=False)

    def t(self, key: str, **values: Any) -> str:
        """The text at ``key`` with its {placeholders} filled from ``values``."""
        return self.text[key].format(**values)

    def fingerprint(self) -> str:
        """A hash of exactly the entries this scene reads (for the render cache key)."""
        blob = json.dumps([self.id, self.lang, self.theme, self.params, self.text],
                          sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def parse_override(assignment: str) -> tuple[str, Any]:
    """``key=value`` from the command line; the value is read as a TOML value, else a string."""
    key, sep, raw = assignment.partition("=")
    if not sep or not key.strip():
        raise ContentError(f"--set {assignment!r}: expected key=value, e.g. --set steps=80")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key.strip(), value


def load_params(
    scene_id: str, overrides: Mapping[str, Any] | None = None, directory: Path | None = None
) -> dict[str, Any]:
    kind = scene_kind(scene_id)
    path = (directory or content_dir()) / "params.toml"
    found = _section(read_toml(path), path, kind)
    schema = PARAMS[kind]
    merged = {**found}
    for key, value in (overrides or {}).items():
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise ContentError(f"--set {key}: {scene_id} has no parameter {key!r}; known: {known}")
        merged[key] = value
    params: dict[str, Any] = {}
    for key, param in schema.items():
        if key not in merged:
            raise ContentError(f"{path}: missing key {key!r} in [{kind}]")
        where = f"{path} [{kind}] {key}"
        if overrides and key in overrides:
            where = f"--set {key}"
        if key == "bend_activations":
            items = merged[key]
            if not isinstance(items, list) or not items:
                raise ContentError(f"{where} must be a list of activation names")
            params[key] = [param.check(item, where) for item in items]
        else:
            params[key] = param.check(merged[key], where)
    return params


def load_text(scene_id: str, lang: str, directory: Path | None = None) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ContentError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    kind = scene_kind(scene_id)
    path = (directory or content_dir()) / f"{lang}.toml"
    doc = read_toml(path)
    text = _check_text(_section(doc, path, kind), TEXT[kind], path, kind)
    if kind == "activation":
        name = activation_of(scene_id)
        own = _section(doc, path, "activations", name)
        text.update(_check_text(own, ACTIVATION_TEXT, path, f"activations.{name}"))
    if kind in NAMED_KINDS:  # these scenes name activations by their titles
        for name in activation_names():
            own = _check_text(_section(doc, path, "activations", name), {"title": ()}, path,
                              f"activations.{name}")
            text[f"names.{name}"] = own["title"]
    return text


GALLERY_TEXT = {k: () for k in ("page_title", "language", "quality", "duration", "resolution",
                                 "size", "embed", "copy", "copied", "download", "empty")}


def load_gallery_text(lang: str, directory: Path | None = None) -> dict[str, str]:
    """The gallery page's own words in ``lang`` ([gallery] in the language file)."""
    path = (directory or content_dir()) / f"{lang}.toml"
    return _check_text(_section(read_toml(path), path, "gallery"), GALLERY_TEXT, path, "gallery")


def load_spec(
    scene_id: str,
    lang: str = "en",
    theme: str = "dark",
    overrides: Mapping[str, Any] | None = None,
    directory: Path | None = None,
) -> SceneSpec:
    """Load and check one scene's text in ``lang`` and its parameters (with ``overrides``)."""
    if theme not in THEMES:
        raise ContentError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    text = load_text(scene_id, lang, directory)
    params = load_params(scene_id, overrides, directory)
    return SceneSpec(scene_id, lang, theme, params, text)
