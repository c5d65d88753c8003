"""Scene text, one TOML file per language; English is the reference for which keys exist."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from explainer.catalog import COMMON_TEXT, SceneEntry
from explainer.content.numbers import placeholders
from explainer.content.toml import read_toml, section
from explainer.errors import ContentError

REFERENCE_LANGUAGE = "en"  # every language has exactly the text keys English has
NOT_LANGUAGES = ("params.toml", "activations.toml")
# Text keys that are spoken, subtitled or listed beside the video, never drawn.
CAPTIONS = ("captions.", "chapters.")
CHAPTERS_TABLE = "chapters"  # one table per language file, shared by every scene
MAX_TEXT = 2000  # characters in one text entry: ten times the longest a real course has
MAX_WIDTH, MAX_PRECISION = 40, 15  # in a number format: {x:>40.15f} at most
# A language file's name: a BCP 47 tag (en, zh, zh-Hant, pt-BR), never a word the CLI uses.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
NOT_CODES = ("all",)


def check_spec(spec: str) -> None:
    """A ValueError for a number format wider or more precise than any screen needs (a
    format of {x:>200000000} once made a 200 MB string)."""
    found = re.fullmatch(r"(?:.?[<>=^])?[+\- ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?[a-zA-Z%]?", spec)
    if found is None:
        raise ValueError(spec)
    width, precision = (int(g) if g else 0 for g in found.groups())
    if width > MAX_WIDTH or precision > MAX_PRECISION:
        raise ValueError(spec)


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
        if len(value) > MAX_TEXT:
            raise ContentError(f"{path}: [{section}] {key} has {len(value)} characters; the "
                               f"limit is {MAX_TEXT}")
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
                check_spec(spec)
            except ValueError:
                raise ContentError(f"{path}: [{section}] {key}: bad number format "
                                   f"{{{name}:{spec}}} (at most {MAX_WIDTH} wide, "
                                   f"{MAX_PRECISION} digits), e.g. {{{name}:.2f}}") from None
        text[key] = value
    return text


def text_keys(entry: SceneEntry, directory: Path) -> dict[str, tuple[str, ...]]:
    """The keys of the scene's table (as English has them) with their allowed placeholders."""
    path = directory / f"{REFERENCE_LANGUAGE}.toml"
    keys = {k: entry.placeholders.get(k, ())
            for k in section(read_toml(path), path, entry.table)}
    if entry.activation is None:
        keys.update({k: entry.placeholders.get(k, ()) for k in COMMON_TEXT})
    return keys


def languages(directory: Path) -> list[str]:
    """The languages of a content folder: one <code>.toml each (English first), not a list in
    the code. Dropping in ja.toml adds Japanese."""
    found = sorted(p.stem for p in directory.glob("*.toml")
                   if p.name not in NOT_LANGUAGES and p.is_file() and is_language_code(p.stem))
    return sorted(found, key=lambda code: code != REFERENCE_LANGUAGE)


def is_language_code(stem: str) -> bool:
    """``stem`` names a language file: a BCP 47 tag, and not a word such as ``all``."""
    return LANGUAGE_CODE.fullmatch(stem) is not None and stem not in NOT_CODES


def language_name(lang: str, directory: Path) -> str:
    """The language's own name, from [meta] name in its file (e.g. 日本語)."""
    path = directory / f"{lang}.toml"
    meta = read_toml(path).get("meta", {})
    name = meta.get("name") if isinstance(meta, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        raise ContentError(f"{path}: missing [meta] name = \"...\" (the language's own name)")
    return name


def load_say(lang: str, directory: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The language's lexicon: ``[say]`` (written form -> spoken form) and ``[say_numbers]``
    (how it reads powers, negative numbers and percentages); both optional."""
    path = directory / f"{lang}.toml"
    doc = read_toml(path)
    found = []
    for table in ("say", "say_numbers"):
        entries = doc.get(table, {})
        if not isinstance(entries, Mapping) or not all(
                isinstance(k, str) and k and isinstance(v, str) for k, v in entries.items()):
            raise ContentError(f"{path}: [{table}] must map texts to texts, like "
                               '"ReLU" = "rel-you"')
        found.append(dict(entries))
    return found[0], found[1]


def check_language(lang: str, directory: Path) -> None:
    known = languages(directory)
    if lang not in known:
        raise ContentError(f"unknown language {lang!r}; choose one of {', '.join(known)} "
                           f"(or add {lang}.toml to {directory})")


def load_text(entry: SceneEntry, lang: str, directory: Path, names: Sequence[str] = ()
              ) -> dict[str, str]:
    """The scene's text in ``lang``: its table, its activation's words, the chapter titles, and
    for a scene that names activations (``entry.names``) the title of each of ``names``."""
    check_language(lang, directory)
    path = directory / f"{lang}.toml"
    doc = read_toml(path)
    keys = text_keys(entry, directory)
    text = check_text(section(doc, path, entry.table), keys, path, entry.table)
    if entry.activation is not None:
        own = section(doc, path, "activations", entry.activation)
        text.update(check_text(own, {k: entry.placeholders.get(k, ()) for k in COMMON_TEXT},
                                path, f"activations.{entry.activation}"))
    chapters = check_text(section(doc, path, CHAPTERS_TABLE),
                          {k: ("name",) for k in section(
                              read_toml(directory / f"{REFERENCE_LANGUAGE}.toml"),
                              directory / f"{REFERENCE_LANGUAGE}.toml", CHAPTERS_TABLE)},
                          path, CHAPTERS_TABLE)
    text.update({f"chapters.{k}": v for k, v in chapters.items()})
    if entry.names:  # the scene names activations by their titles
        for name in names:
            own = check_text(section(doc, path, "activations", name), {"title": ()}, path,
                              f"activations.{name}")
            text[f"names.{name}"] = own["title"]
    return text
