"""Scene text (one TOML file per language) and parameters (params.toml), loaded and checked.

A scene reads everything it shows through one ``SceneSpec``. What a scene reads is declared in
the catalogue (its table, its parameters' types, the placeholders its text may use); English is
the reference for which text keys exist. Every problem a course author can cause (a missing
key, a wrong type, a value out of range, a TOML syntax error, an unknown placeholder) is a
``ContentError`` whose message names the file and the key.
"""

from __future__ import annotations

import hashlib
import json
import math
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from explainer.catalog import COMMON_TEXT, Catalogue, SceneEntry
from explainer.core import activations
from explainer.errors import ContentError

REFERENCE_LANGUAGE = "en"  # every language has exactly the text keys English has
NOT_LANGUAGES = ("params.toml", "activations.toml")
THEMES = ("dark", "light")
# Text keys that are spoken, subtitled or listed beside the video, never drawn.
CAPTIONS = ("captions.", "chapters.")
CHAPTERS_TABLE = "chapters"  # one table per language file, shared by every scene


# --- files ---------------------------------------------------------------------------------


def read_toml(path: Path) -> dict[str, Any]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    return _read_toml(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read_toml(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """Parsed once while the file is unchanged (callers must not modify the result)."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: TOML syntax error: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason})") from None


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
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
    return flatten(node)


# --- placeholders: names with an optional format spec, nothing else ------------------------


def placeholders(text: str) -> list[tuple[str, str]]:
    """The ``(name, format_spec)`` of each ``{placeholder}`` in ``text``; a ValueError for
    anything but a plain name (attribute access, indexing, conversions, nested fields)."""
    found = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or conversion or (spec and "{" in spec):
            raise ValueError(f"{{{name}{'!' + conversion if conversion else ''}"
                             f"{':' + spec if spec else ''}}} is not a plain placeholder")
        found.append((name, spec or ""))
    return found


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def teaching_notation(value: float, spec: str) -> str:
    """A number in scientific notation as a teacher writes it: ``{x:.1e}`` of 9.5e-07 is
    "9.5 × 10⁻⁷", ``{x:.0e}`` of 1e-06 is "10⁻⁶" (never "1e-06")."""
    mantissa, _, exponent = format(value, spec).lower().partition("e")
    power = int(exponent)
    mantissa = mantissa.replace("-", "−")
    if power == 0:
        return mantissa
    ten = "10" + str(power).translate(SUPERSCRIPT)
    if mantissa.lstrip("−+") in ("1", "1."):
        return ("−" if mantissa.startswith("−") else "") + ten
    return f"{mantissa} × {ten}"


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each checked ``{name:spec}`` replaced by ``format(values[name], spec)``;
    an ``e`` format is written in teaching notation (9.5 × 10⁻⁷)."""
    out = []
    for literal, name, spec, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            value = values[name]
            if spec and spec[-1] in "eE" and isinstance(value, int | float) and (
                    math.isfinite(value)):
                out.append(teaching_notation(value, spec))
            else:
                out.append(format(value, spec or ""))
    return "".join(out)


def check_text(
    found: Mapping[str, Any], keys: Mapping[str, tuple[str, ...]], path: Path, section: str
) -> dict[str, str]:
    text: dict[str, str] = {}
    for key, allowed in keys.items():
        if key not in found:
            raise ContentError(f"{path}: missing key {key!r} in [{section}]")
        value = found[key]
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{path}: [{section}] {key} must be a non-empty string")
        hint = ", ".join("{" + a + "}" for a in allowed) or "none"
        try:
            names = placeholders(value)
        except ValueError as exc:
            raise ContentError(f"{path}: [{section}] {key}: {exc}; allowed placeholders: "
                               f"{hint}") from None
        for name, spec in names:
            if name not in allowed:
                raise ContentError(f"{path}: [{section}] {key} uses {{{name}}}; "
                                   f"allowed placeholders: {hint}")
            try:
                format(0.5, spec)
            except ValueError:
                raise ContentError(f"{path}: [{section}] {key}: bad number format "
                                   f"{{{name}:{spec}}}, e.g. {{{name}:.2f}}") from None
        text[key] = value
    return text


# --- specs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneSpec:
    """Everything a scene shows that is not computed: its text and its parameters."""

    id: str
    lang: str
    theme: str
    params: dict[str, Any]
    text: dict[str, str] = field(repr=False)
    formulas: dict[str, Any] = field(default_factory=dict, repr=False)  # activations.toml

    def t(self, key: str, **values: Any) -> str:
        """The text at ``key`` with its {placeholders} filled from ``values``."""
        if key not in self.text:
            raise ContentError(f"{self.lang}.toml: scene {self.id} needs the text key {key!r}")
        return fill(self.text[key], values)

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
    entry: SceneEntry, directory: Path, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    path = directory / "params.toml"
    schema = entry.params
    found = _section(read_toml(path), path, entry.table) if schema else {}
    merged = {**found}
    for key, value in (overrides or {}).items():
        if key not in schema:
            known = ", ".join(sorted(schema)) or "none"
            raise ContentError(f"--set {key}: {entry.id} has no parameter {key!r}; "
                               f"known: {known}")
        merged[key] = value
    params: dict[str, Any] = {}
    for key, param in schema.items():
        if key not in merged:
            raise ContentError(f"{path}: missing key {key!r} in [{entry.table}]")
        where = f"--set {key}" if overrides and key in overrides else (
            f"{path} [{entry.table}] {key}")
        params[key] = param.check(merged[key], where)
    return params


def text_keys(entry: SceneEntry, directory: Path) -> dict[str, tuple[str, ...]]:
    """The keys of the scene's table (as English has them) with their allowed placeholders."""
    path = directory / f"{REFERENCE_LANGUAGE}.toml"
    keys = {k: entry.placeholders.get(k, ())
            for k in _section(read_toml(path), path, entry.table)}
    if entry.activation is None:
        keys.update({k: entry.placeholders.get(k, ()) for k in COMMON_TEXT})
    return keys


def languages(directory: Path) -> list[str]:
    """The languages of a content folder: one <code>.toml each (English first), not a list in
    the code. Dropping in ja.toml adds Japanese."""
    found = sorted(p.stem for p in directory.glob("*.toml") if p.name not in NOT_LANGUAGES)
    return sorted(found, key=lambda code: code != REFERENCE_LANGUAGE)


def language_name(lang: str, directory: Path) -> str:
    """The language's own name, from [meta] name in its file (e.g. 日本語)."""
    path = directory / f"{lang}.toml"
    meta = read_toml(path).get("meta", {})
    name = meta.get("name") if isinstance(meta, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        raise ContentError(f"{path}: missing [meta] name = \"...\" (the language's own name)")
    return name


def check_language(lang: str, directory: Path) -> None:
    known = languages(directory)
    if lang not in known:
        raise ContentError(f"unknown language {lang!r}; choose one of {', '.join(known)} "
                           f"(or add {lang}.toml to {directory})")


def load_text(entry: SceneEntry, lang: str, directory: Path) -> dict[str, str]:
    check_language(lang, directory)
    path = directory / f"{lang}.toml"
    doc = read_toml(path)
    keys = text_keys(entry, directory)
    text = check_text(_section(doc, path, entry.table), keys, path, entry.table)
    if entry.activation is not None:
        own = _section(doc, path, "activations", entry.activation)
        text.update(check_text(own, {k: entry.placeholders.get(k, ()) for k in COMMON_TEXT},
                                path, f"activations.{entry.activation}"))
    chapters = check_text(_section(doc, path, CHAPTERS_TABLE),
                          {k: ("name",) for k in _section(
                              read_toml(directory / f"{REFERENCE_LANGUAGE}.toml"),
                              directory / f"{REFERENCE_LANGUAGE}.toml", CHAPTERS_TABLE)},
                          path, CHAPTERS_TABLE)
    text.update({f"chapters.{k}": v for k, v in chapters.items()})
    if entry.names:  # the scene names activations by their titles
        for name in activations.names(directory / activations.FORMULA_FILE):
            own = check_text(_section(doc, path, "activations", name), {"title": ()}, path,
                              f"activations.{name}")
            text[f"names.{name}"] = own["title"]
    return text


GALLERY_TEXT = {k: () for k in ("page_title", "language", "quality", "duration", "resolution",
                                 "size", "embed", "copy", "copied", "download", "empty",
                                 "transcript")}


def load_gallery_text(lang: str, directory: Path) -> dict[str, str]:
    """The gallery page's own words in ``lang`` ([gallery] in the language file)."""
    path = directory / f"{lang}.toml"
    return check_text(_section(read_toml(path), path, "gallery"), GALLERY_TEXT, path, "gallery")


def load_spec(
    catalogue: Catalogue,
    scene_id: str,
    lang: str = "en",
    theme: str = "dark",
    overrides: Mapping[str, Any] | None = None,
) -> SceneSpec:
    """Load and check one scene's text in ``lang`` and its parameters (with ``overrides``)."""
    if theme not in THEMES:
        raise ContentError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    entry = catalogue.get(scene_id)
    text = load_text(entry, lang, catalogue.content_dir)
    params = load_params(entry, catalogue.content_dir, overrides)
    return SceneSpec(scene_id, lang, theme, params, text, formulas_read(entry,
                                                                      catalogue.content_dir))


def formulas_read(entry: SceneEntry, directory: Path) -> dict[str, Any]:
    """The activations.toml entries a scene draws or names (part of its cache key)."""
    path = directory / activations.FORMULA_FILE
    if not path.exists():
        return {}
    doc = read_toml(path)
    if entry.activation is not None:
        return {k: v for k, v in doc.items() if k == entry.activation}
    return doc if entry.names else {}
