"""`explainer check`: every problem in a content folder, without rendering anything.

TOML syntax, the same text keys in every language as in English (none missing, none unknown),
placeholders, parameters, formulas, questions, and fonts that can draw every character. Each
problem is one line naming the file and the key; all of them are listed, not just the first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from explainer import fonts
from explainer.catalog import COMMON_TEXT, Catalogue
from explainer.content import questions
from explainer.content.formulas import formula_registry
from explainer.content.params import load_params
from explainer.content.text import (
    REFERENCE_LANGUAGE,
    check_text,
    language_name,
    languages,
    load_say,
    text_keys,
)
from explainer.content.toml import flatten, read_toml
from explainer.errors import ContentError
from explainer.voice.choice import declared


def problems(catalogue: Catalogue) -> list[str]:
    """Every problem found in the catalogue's content folder, one line each."""
    folder = catalogue.content_dir
    found: list[str] = []
    docs: dict[str, dict[str, Any]] = {}
    for name in ["params", "activations", *languages(folder)]:
        path = folder / f"{name}.toml"
        if not path.exists() and name == "activations":
            continue
        try:
            docs[name] = read_toml(path)
        except ContentError as exc:
            found.append(str(exc))
    try:
        formula_registry(folder)
    except ContentError as exc:
        found.append(str(exc))
    langs = [lang for lang in languages(folder) if lang in docs]
    reference = REFERENCE_LANGUAGE
    if reference in docs:
        for lang in langs:
            if lang != reference:
                found.extend(_key_problems(docs[reference], docs[lang], folder / f"{lang}.toml"))
    for lang in langs:
        found.extend(_text_problems(catalogue, lang, docs[lang], folder))
    if reference in docs:
        found.extend(questions.problems(catalogue))
    for lang in langs:
        try:
            declared(lang, folder)
            load_say(lang, folder)
        except ContentError as exc:
            found.append(str(exc))
    if "params" in docs:
        for entry in catalogue:
            try:
                load_params(entry.id, entry.table, entry.params, folder,
                            activations=catalogue.activations)
            except ContentError as exc:
                found.append(str(exc))
    return list(dict.fromkeys(found))  # one line per problem, in the order found


def _flat(doc: Mapping[str, Any]) -> set[str]:
    return set(flatten(doc))


def _key_problems(reference: Mapping[str, Any], doc: Mapping[str, Any], path: Path
                  ) -> Iterator[str]:
    # each language has its own name, voice and lexicon; questions are compared one by one
    own_keys = ("meta.", "say.", "say_numbers.", f"{questions.TABLE}.")
    ref, own = ({k for k in _flat(d) if not k.startswith(own_keys)} for d in (reference, doc))
    for key in sorted(ref - own, key=lambda k: k.split(".")):
        yield f"{path}: missing key {key} (English has it; add its translation)"
    for key in sorted(own - ref, key=lambda k: k.split(".")):
        yield f"{path}: unknown key {key} (English has no such key; remove or rename it)"


def _text_problems(catalogue: Catalogue, lang: str, doc: Mapping[str, Any], folder: Path
                   ) -> Iterator[str]:
    path = folder / f"{lang}.toml"
    try:
        language_name(lang, folder)
    except ContentError as exc:
        yield str(exc)
    tables = {(e.table, e.activation): e for e in catalogue}
    for (table, activation), entry in tables.items():
        try:
            keys = text_keys(entry, folder)
        except ContentError:
            continue  # English itself is broken: reported already
        sections = [(table, keys)]
        if activation is not None:
            sections.append((f"activations.{activation}",
                             {k: entry.placeholders.get(k, ()) for k in COMMON_TEXT}))
        for section, keys in sections:
            node = _node(doc, section)
            if node is None:
                yield f"{path}: missing section [{section}]"
                continue
            flat = flatten(node)
            for key, allowed in keys.items():
                try:
                    check_text(flat, {key: allowed}, path, section)
                except ContentError as exc:
                    yield str(exc)
    strings = " ".join(v for v in flatten(doc).values() if isinstance(v, str))
    missing = fonts.missing(strings)
    if missing:
        shown = "".join(missing[:12]) + ("…" if len(missing) > 12 else "")
        yield (f"{path}: no installed font has {len(missing)} of its characters ({shown}): "
               f"they would show as boxes; install: sudo apt-get install "
               f"{fonts.package_for(missing)}")


def warnings(catalogue: Catalogue) -> list[str]:
    """What is not wrong but not done: texts still marked for translation (``explainer new``
    copies English into the other languages with that mark)."""
    from explainer.scaffold import TRANSLATE

    found = []
    folder = catalogue.content_dir
    for lang in languages(folder):
        flat = flatten(read_toml(folder / f"{lang}.toml"))
        marked = sorted(k for k, v in flat.items() if (isinstance(v, str) and
                        v.startswith(TRANSLATE)) or (isinstance(v, list) and any(
                            isinstance(x, str) and x.startswith(TRANSLATE) for x in v)))
        if marked:
            shown = ", ".join(marked[:4]) + (", ..." if len(marked) > 4 else "")
            found.append(f"{folder / f'{lang}.toml'}: {len(marked)} texts still marked "
                         f"{TRANSLATE.strip()} ({shown}): translate them, then remove the mark")
    # a lesson's score is the share right of its graded questions: with one, it is 0 or 100
    asked = questions.load_questions(catalogue, REFERENCE_LANGUAGE)
    for scene in catalogue.ids():
        graded = sum(q.graded for q in asked if q.scene == scene)
        if graded < questions.GRADED_PER_SCENE:
            score = (f"its lesson scores in steps of {100 // graded}%" if graded else
                     "its lesson reports no score")
            found.append(f"{scene} has {_count(graded, 'graded question')}: {score}; give it "
                         f"{questions.GRADED_PER_SCENE} or more (choice or number) in "
                         "[questions] (docs/authoring.md)")
    return found


def summary(catalogue: Catalogue) -> str:
    """The line `explainer check` ends with when the content is sound: what it holds."""
    langs = languages(catalogue.content_dir)
    asked = questions.load_questions(catalogue, langs[0])  # the same ids in every language
    kinds = ", ".join(f"{sum(q.kind == kind for q in asked)} {kind}"
                      for kind in questions.KINDS)
    return (f"content ok: {_count(len(catalogue.ids()), 'scene')} in "
            f"{_count(len(langs), 'language')} ({', '.join(langs)}), "
            f"{_count(len(asked), 'question')} each ({kinds}), {catalogue.content_dir}")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _node(doc: Mapping[str, Any], section: str) -> Mapping[str, Any] | None:
    node: Any = doc
    for name in section.split("."):
        if not isinstance(node, Mapping) or name not in node:
            return None
        node = node[name]
    return node if isinstance(node, Mapping) else None
