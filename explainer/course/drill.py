"""The interview drill: every question of a language in order, answers hidden until asked
for, each linking to the chapter of the video that answers it."""

from __future__ import annotations

from collections.abc import Mapping

from explainer.content.questions import Question
from explainer.course.escape import html
from explainer.render.manifest import Entry


def chapter_of(entry: Entry, chapter: str) -> dict | None:
    """The first chapter cue of ``entry`` made by ``chapter`` (a key of [chapters])."""
    return next((c for c in entry.chapters if c.get("key") == f"chapters.{chapter}"), None)


def drill(lang: str, questions: list[Question], videos: Mapping[str, Entry],
          titles: Mapping[str, str], words: Mapping[str, str]) -> str:
    """The drill for ``lang``: ``videos`` are its rendered videos by scene, ``titles`` the
    scenes' titles."""
    items = []
    for q in questions:
        parts = [f'<li class="question" data-question="{html(q.id)}">',
                 f"<h3>{html(q.prompt)}</h3>"]
        if q.kind == "choice":
            parts.append('<ul class="choices">' + "".join(
                f"<li>{html(c)}</li>" for c in q.choices) + "</ul>")
            answer = f"<p><strong>{html(q.answer)}</strong></p><p>{html(q.explanation)}</p>"
        else:
            answer = f"<p>{html(q.model_answer)}</p>"
        parts.append(f'<details><summary>{html(words["answer"])}</summary>{answer}</details>')
        video = videos.get(q.scene)
        cue = chapter_of(video, q.chapter) if video else None
        if cue is not None:
            parts.append(f'<a class="watch" href="#watch={html(q.scene)}&amp;t='
                         f'{cue["start"]:.3f}">{html(words["watch"])}: {html(titles[q.scene])}'
                         f" · {html(cue['text'])}</a>")
        parts.append("</li>")
        items.append("".join(parts))
    return (f'<div class="drill" data-lang="{html(lang)}" hidden><ol>' + "\n".join(items)
            + "</ol></div>")
