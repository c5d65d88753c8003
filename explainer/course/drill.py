"""The interview drill: every question of a language in order, answers hidden until asked
for, each linking to the chapter of the video that answers it."""

from __future__ import annotations

from collections.abc import Mapping

from explainer.course.escape import html
from explainer.course.lesson import Course, stable_order


def drill(course: Course, lang: str, words: Mapping[str, str]) -> str:
    """The drill for ``lang``, linking to the chapters of its rendered videos; choices in
    each question's stable order."""
    items = []
    for q in course.questions[lang]:
        parts = [f'<li class="question" data-question="{html(q.id)}">',
                 f"<h3>{html(q.prompt)}</h3>"]
        if q.kind == "choice":
            parts.append('<ul class="choices">' + "".join(
                f"<li>{html(c)}</li>" for c in stable_order(q)) + "</ul>")
            answer = f"<p><strong>{html(q.answer)}</strong></p><p>{html(q.explanation)}</p>"
        elif q.kind == "number":
            answer = (f"<p><strong>{html(q.answer_text)}</strong></p>"
                      f"<p>{html(q.explanation)}</p>")
        else:
            answer = f"<p>{html(q.model_answer)}</p>"
        parts.append(f'<details><summary>{html(words["answer"])}</summary>{answer}</details>')
        lesson = course.lesson(lang, q.scene)
        rendition = lesson.best()
        cue = rendition.chapter(q.chapter) if rendition else None
        if cue is not None:
            parts.append(f'<a class="watch" href="#watch={html(q.scene)}&amp;t='
                         f'{cue.start:.3f}">{html(words["watch"])}: {html(lesson.title)}'
                         f" · {html(cue.title)}</a>")
        parts.append("</li>")
        items.append("".join(parts))
    return (f'<div class="drill" data-lang="{html(lang)}" hidden>'
            f'<h2 data-i18n="drill">{html(words["drill"])}</h2><ol>' + "\n".join(items)
            + "</ol></div>")
