"""The course as one model: every page and export (gallery, drill, presenter, SCORM, Anki)
renders a ``Course`` and none re-derives a title, a chapter or a "best video".

A ``Course`` is built once from the catalogue, the content and an output folder's manifest. It
holds, per language and in course order, a ``Lesson`` per scene: its title, description and
questions, and its ``Rendition``s (one per quality and theme rendered: the files of each
format, size, chapters with times, captions). Pages get a lesson as one JSON document
(``Lesson.document``).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.catalog import Catalogue
from explainer.content.gallery_words import load_gallery_text
from explainer.content.questions import Question, load_questions
from explainer.content.text import check_language, language_name, languages, load_text
from explainer.render import formats
from explainer.render.job import QUALITIES
from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest


@dataclass(frozen=True)
class Chapter:
    key: str  # the [chapters] key, e.g. "curves"
    title: str
    start: float
    end: float

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Rendition:
    """One quality and theme of a lesson's video, in every format rendered."""

    view: str  # its folder's name: "720p30", "720p30-light"
    quality: str
    entries: dict[str, Entry]  # by format, in the formats table's order

    @property
    def main(self) -> Entry:
        """The entry whose facts (size, duration, chapters) the page shows."""
        players = [f for f in formats.with_role("player") if f in self.entries]
        return self.entries[(players or list(self.entries))[0]]

    @property
    def chapters(self) -> list[Chapter]:
        return [Chapter(c.get("key", "").removeprefix("chapters."), c["text"], c["start"],
                        c["end"]) for c in self.main.chapters]

    def chapter(self, key: str) -> Chapter | None:
        """The first chapter made by ``key`` (a key of [chapters])."""
        return next((c for c in self.chapters if c.key == key), None)

    def lms(self) -> Entry | None:
        """The video an LMS's browser plays (mp4 first), if one was rendered."""
        return next((self.entries[f] for f in formats.names("lms") if f in self.entries), None)


@dataclass(frozen=True)
class Lesson:
    scene: str
    lang: str
    title: str
    description: str
    questions: tuple[Question, ...]
    renditions: tuple[Rendition, ...] = ()  # sharpest last

    def best(self, quality: str | None = None) -> Rendition | None:
        """The sharpest rendition (of ``quality``, when given) with a video an LMS plays and
        chapters."""
        found = [r for r in self.renditions if r.lms() is not None and r.chapters
                 and quality in (None, r.quality)]
        return found[-1] if found else None

    def document(self, rendition: Rendition | None, files: dict[str, str] | None = None
                 ) -> dict[str, Any]:
        """What a page gets: the lesson with one rendition's chapters and ``files`` (role ->
        path as the page reaches it; the rendition's own paths when not given)."""
        entry = rendition.lms() if rendition else None
        video: dict[str, Any] = {}
        if entry is not None:
            video = {"files": files or dict(entry.files), "width": entry.width,
                     "height": entry.height, "duration": entry.duration,
                     "mime": formats.get(entry.job.format).mime}
        return {"scene": self.scene, "lang": self.lang, "title": self.title,
                "view": rendition.view if rendition else "",
                "chapters": [c.to_dict() for c in rendition.chapters] if rendition else [],
                "questions": [q.to_dict() for q in self.questions], "video": video}


@dataclass(frozen=True)
class Course:
    languages: tuple[str, ...]  # every language with a content file
    names: dict[str, str]  # language -> its own name
    words: dict[str, dict[str, str]]  # language -> the pages' words
    lessons: dict[str, tuple[Lesson, ...]] = field(default_factory=dict)  # in course order
    questions: dict[str, tuple[Question, ...]] = field(default_factory=dict)  # file order

    def lesson(self, lang: str, scene: str) -> Lesson:
        return next(x for x in self.lessons[lang] if x.scene == scene)

    def title(self, lang: str) -> str:
        """The course's title, as an LMS or Anki lists it."""
        return f"{self.words[lang]['page_title']} ({self.names[lang]})"


def _renditions(entries: list[Entry], out: Path) -> tuple[Rendition, ...]:
    grouped: dict[str, dict[str, Entry]] = {}
    for e in entries:
        grouped.setdefault(e.job.folder(out).name, {})[e.job.format] = e
    order = list(formats.FORMATS)
    made = [Rendition(view, next(iter(by.values())).job.quality,
                      {f: by[f] for f in sorted(by, key=order.index)})
            for view, by in grouped.items()]
    rank = list(QUALITIES)
    # sharpest last; at one quality the default theme (a view without a suffix) last
    return tuple(sorted(made, key=lambda r: (rank.index(r.quality), "-" not in r.view, r.view)))


def build(catalogue: Catalogue, out: Path | None, langs: list[str] | None = None) -> Course:
    """The course in ``langs`` (default: every language), with the videos rendered in ``out``
    (none when ``out`` is None). Outputs whose files are gone, or of scenes no longer in the
    catalogue, are left out."""
    folder = catalogue.content_dir
    every = languages(folder)
    for lang in langs or []:
        check_language(lang, folder)
    chosen = langs or every
    present: list[Entry] = []
    if out is not None:
        manifest = Manifest.from_file(out / MANIFEST_NAME)
        # a damaged output (a file deleted or changed since it was placed) is not offered:
        # `explainer render` remakes it
        present = [e for e in manifest.entries.values() if e.job.scene_id in catalogue.ids()
                   and not e.damaged(out)]
    lessons: dict[str, tuple[Lesson, ...]] = {}
    questions: dict[str, tuple[Question, ...]] = {}
    for lang in chosen:
        questions[lang] = tuple(load_questions(catalogue, lang))
        made = []
        for scene in catalogue.ids():
            text = load_text(catalogue.get(scene), lang, folder)
            mine = [e for e in present if e.job.scene_id == scene and e.job.lang == lang]
            made.append(Lesson(scene, lang, text["title"], text["description"],
                               tuple(q for q in questions[lang] if q.scene == scene),
                               _renditions(mine, out) if out else ()))
        lessons[lang] = tuple(made)
    return Course(tuple(every), {x: language_name(x, folder) for x in every},
                  {x: load_gallery_text(x, folder) for x in every}, lessons, questions)


def stable_order(question: Question) -> list[str]:
    """The choices of ``question`` in an order fixed by its id (the drill, Anki): shuffled,
    so the answer (written first) is not always first, and the same at every export."""
    seed = int(hashlib.sha256(question.id.encode()).hexdigest()[:16], 16)
    order = list(question.choices)
    random.Random(seed).shuffle(order)
    return order
