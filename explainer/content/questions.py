"""Questions: the note's interview questions and checks of our own, per language.

Each language file has ``[questions.<id>]`` tables, in the order a learner meets them (the
note's order first): ``prompt``, ``kind`` and ``see = "<scene-id>#<chapter>"``, the chapter
that answers it. Kinds: ``choice`` (``choices``, ``answer`` = the right choice's text,
``explanation``), ``number`` (``answer`` a number, ``tolerance``: how far off still counts as
right, ``explanation``) and ``recall`` (``model_answer``, rated by the learner, not scored).
Choice and number questions are graded. The text is data: it is escaped wherever it is shown,
never run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from explainer.catalog import Catalogue
from explainer.content.text import REFERENCE_LANGUAGE, languages
from explainer.content.toml import read_toml
from explainer.errors import ContentError

TABLE = "questions"
KINDS = {"choice": ("prompt", "choices", "answer", "explanation"),
         "number": ("prompt", "answer", "tolerance", "explanation"),
         "recall": ("prompt", "model_answer")}
GRADED = ("choice", "number")
GRADED_PER_SCENE = 3  # so a lesson scores in thirds or finer, not 0 or 100 (explainer check)
SHARED = ("kind", "see")  # the same in every language
SHARED_NUMBERS = ("answer", "tolerance")  # and, for a number question, its answer


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "choice" | "recall"
    prompt: str
    scene: str  # where it is answered: a scene id ...
    chapter: str  # ... and one of its chapters
    choices: tuple[str, ...] = ()
    answer: str = ""  # the right choice
    explanation: str = ""
    model_answer: str = ""
    value: float | None = None  # a number question's answer ...
    tolerance: float = 0.0  # ... and how far from it still counts as right

    @property
    def graded(self) -> bool:
        return self.kind in GRADED

    def right_number(self, given: float) -> bool:
        """Whether ``given`` answers this number question (within its tolerance)."""
        assert self.value is not None
        return abs(given - self.value) <= self.tolerance + 1e-9 * max(1.0, abs(self.value))

    @property
    def answer_text(self) -> str:
        """The right answer as a learner reads it: the choice, or the number (with how far
        off still counts, unless exact), a true minus sign."""
        if self.value is None:
            return self.answer
        shown = f"{self.value:.6g}"
        if self.tolerance:
            shown += f" (± {self.tolerance:.3g})"
        return shown.replace("-", "−")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "answer_text": self.answer_text}


def _tables(path: Path) -> dict[str, Any]:
    found = read_toml(path).get(TABLE, {})
    if not isinstance(found, Mapping):
        raise ContentError(f"{path}: [{TABLE}] must hold tables like [{TABLE}.why-relu]")
    return dict(found)


def _question(qid: str, table: Any, path: Path, catalogue: Catalogue) -> Question:
    where = f"{path}: [{TABLE}.{qid}]"
    if not isinstance(table, Mapping):
        raise ContentError(f"{where} must be a table")
    kind = table.get("kind")
    if kind not in KINDS:
        raise ContentError(f"{where} kind must be one of {', '.join(KINDS)}, got {kind!r}")
    allowed = {*KINDS[kind], "kind", "see"}
    unknown = set(table) - allowed
    if unknown:
        raise ContentError(f"{where} has unknown keys {', '.join(sorted(unknown))}; a {kind} "
                           f"question has {', '.join(sorted(allowed))}")
    for key in (*KINDS[kind], "see"):
        value = table.get(key)
        if key == "choices":
            if not (isinstance(value, list) and len(value) >= 2 and all(
                    isinstance(c, str) and c.strip() for c in value)):
                raise ContentError(f"{where} choices must be a list of at least two texts")
            if len(set(value)) != len(value):
                raise ContentError(f"{where} choices repeat a text")
        elif kind == "number" and key in SHARED_NUMBERS:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
                    value) or (key == "tolerance" and value < 0):
                raise ContentError(f"{where} {key} must be a number"
                                   + (" of at least 0" if key == "tolerance" else "")
                                   + f" (like {key} = 0.25), got {value!r}")
        elif not isinstance(value, str) or not value.strip():
            raise ContentError(f"{where} needs {key} = \"...\" (a non-empty text)")
    scene, _, chapter = table["see"].partition("#")
    if scene not in catalogue.ids():
        raise ContentError(f"{where} see = {table['see']!r}: unknown scene {scene!r}; see "
                           "`explainer list`")
    chapters = catalogue.get(scene).chapters
    if chapter not in chapters:
        raise ContentError(f"{where} see = {table['see']!r}: {scene} has no chapter "
                           f"{chapter!r}; its chapters: {', '.join(chapters)}")
    if kind == "choice" and table["answer"] not in table["choices"]:
        raise ContentError(f"{where} answer {table['answer']!r} is not one of its choices")
    if kind == "number":
        return Question(qid, kind, table["prompt"], scene, chapter,
                        explanation=table["explanation"], value=float(table["answer"]),
                        tolerance=float(table["tolerance"]))
    return Question(qid, kind, table["prompt"], scene, chapter,
                    tuple(table.get("choices", ())), table.get("answer", ""),
                    table.get("explanation", ""), table.get("model_answer", ""))


def load_questions(catalogue: Catalogue, lang: str) -> list[Question]:
    """The questions of ``lang``, in file order, each checked; a ContentError names the file
    and the question."""
    path = catalogue.content_dir / f"{lang}.toml"
    return [_question(qid, table, path, catalogue) for qid, table in _tables(path).items()]


def problems(catalogue: Catalogue) -> list[str]:
    """Every problem with the questions of every language, one line each: a bad entry, a
    question missing in a language (or only there), a kind or chapter that differs from
    English's."""
    folder = catalogue.content_dir
    found: list[str] = []
    reference = _tables(folder / f"{REFERENCE_LANGUAGE}.toml")
    for lang in languages(folder):
        path = folder / f"{lang}.toml"
        try:
            tables = _tables(path)
        except ContentError as exc:
            found.append(str(exc))
            continue
        for qid, table in tables.items():
            try:
                _question(qid, table, path, catalogue)
            except ContentError as exc:
                found.append(str(exc))
            if qid not in reference:
                found.append(f"{path}: question {qid!r} is not in {REFERENCE_LANGUAGE}.toml "
                             "(English is the reference; add it there or remove it)")
            elif isinstance(table, Mapping):
                shared = SHARED + (SHARED_NUMBERS if table.get("kind") == "number" else ())
                found += [f"{path}: [{TABLE}.{qid}] {key} differs from "
                          f"{REFERENCE_LANGUAGE}.toml's ({reference[qid].get(key)!r})"
                          for key in shared if table.get(key) != reference[qid].get(key)]
        found += [f"{path}: question {qid!r} is missing (English has it; translate it)"
                  for qid in reference if qid not in tables]
    return found
