"""An Anki deck of a language's questions (``explainer export anki``), made with genanki.

One note per question: the front asks it (with the choices, for a choice question); the back
gives the model answer, or the right choice and its explanation, the frame of the video where
its chapter ends, and the scene and chapter it comes from. Each note's GUID is derived from the
language and the question's id, so importing a newer deck updates the cards a learner already
has instead of adding copies.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from explainer.catalog import Catalogue
from explainer.content.questions import Question
from explainer.course.escape import html
from explainer.course.lesson import Lesson, build, stable_order
from explainer.errors import ExplainerError
from explainer.files import place
from explainer.render.video import frame_at

FIELDS = ("Prompt", "Choices", "Answer", "Picture", "Source")
FRONT = ("<div class=prompt>{{Prompt}}</div>"
         "{{#Choices}}<ol class=choices>{{Choices}}</ol>{{/Choices}}")
BACK = ("{{FrontSide}}<hr id=answer><div class=answer>{{Answer}}</div>"
        "<div class=picture>{{Picture}}</div><div class=source>{{Source}}</div>")
CSS = (".card { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 20px; text-align: left; }"
       " .source { color: #666; font-size: 15px; } .picture img { max-width: 100%; }")


def stable_id(*parts: str) -> int:
    """A model or deck id that stays the same from one export to the next (genanki asks for
    an integer between 2^30 and 2^31)."""
    digest = int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def export(catalogue: Catalogue, lang: str, out: Path, target: Path,
           quality: str | None = None) -> tuple[int, int]:
    """Write the deck of ``lang``'s questions to ``target``; returns (notes, notes with a
    picture). Pictures come from the videos rendered in ``out``."""
    import genanki

    course = build(catalogue, out, [lang])
    questions = course.questions[lang]
    if not questions:
        raise ExplainerError(f"{lang}.toml has no questions: add [questions.<id>] tables "
                             "(see README, 'Questions'), then export again")
    model = genanki.Model(stable_id("explainer-model", "1"), "explainer question",
                          fields=[{"name": f} for f in FIELDS],
                          templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
                          css=CSS)
    deck = genanki.Deck(stable_id("explainer-deck", lang), course.title(lang))
    pictures = 0
    with tempfile.TemporaryDirectory(prefix="explainer-anki-") as tmp:
        media = []
        for q in questions:
            picture = ""
            lesson = course.lesson(lang, q.scene)
            rendition = lesson.best(quality)
            cue = rendition.chapter(q.chapter) if rendition else None
            entry = rendition.lms() if rendition else None
            if entry is not None and cue is not None:
                name = f"explainer-{lang}-{q.scene}-{q.chapter}.png"
                if not (Path(tmp) / name).exists():
                    frame_at(out / entry.files["main"], cue.end - 0.05, Path(tmp) / name)
                    media.append(str(Path(tmp) / name))
                picture = f'<img src="{html(name)}">'
                pictures += 1
            deck.add_note(genanki.Note(
                model=model, fields=fields(q, lesson, picture, cue.title if cue else ""),
                guid=guid(lang, q)))
        package = genanki.Package(deck)
        package.media_files = media
        partial = Path(tmp) / "deck.apkg"
        package.write_to_file(str(partial))
        place(partial, target)
    return len(questions), pictures


def guid(lang: str, q: Question) -> str:
    """A note's GUID: from the language and the question's id only, so rewording a prompt
    updates the learner's card instead of adding a new one."""
    import genanki

    return str(genanki.guid_for("explainer", lang, q.id))


def fields(q: Question, lesson: Lesson, picture: str, chapter: str) -> list[str]:
    """The note's fields, content text escaped (Anki shows fields as HTML); choices in the
    question's stable order, so the answer is not always the first."""
    choices = "".join(f"<li>{html(c)}</li>" for c in stable_order(q))
    if q.kind == "choice":
        answer = f"<b>{html(q.answer)}</b><br>{html(q.explanation)}"
    elif q.kind == "number":
        answer = f"<b>{html(q.answer_text)}</b><br>{html(q.explanation)}"
    else:
        answer = html(q.model_answer)
    source = html(lesson.title) + (f" · {html(chapter)}" if chapter else "")
    return [html(q.prompt), choices, answer, picture, source]
