"""renders/index.html: one page that plays every rendered video, built from the manifest.

Self-contained (inline CSS and JS, no fonts or scripts from elsewhere) and with relative paths,
so the whole renders/ folder can be copied into a course site or opened from disk.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from explainer.catalog import Catalogue
from explainer.course import templates
from explainer.course.drill import drill
from explainer.course.escape import html as escape
from explainer.course.escape import json_in_html
from explainer.course.escape import url_attr as _attr
from explainer.course.lesson import Course, Lesson, Rendition
from explainer.course.lesson import build as build_course
from explainer.files import atomic_write
from explainer.render import formats
from explainer.render.job import DEFAULT_QUALITY, QUALITIES

INDEX_NAME = "index.html"


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _duration(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def video_element(rendition: Rendition, tracks: list[tuple[str, str]], lang: str,
                  names: dict[str, str]) -> str:
    """The <video> for one rendition: a source per playable format, a captions track per
    language. (Also the embed code a course author copies.)"""
    first = rendition.main
    lines = [f'<video controls preload="metadata" playsinline controlslist="nofullscreen" '
             f'width="{first.width}" height="{first.height}" '
             f'poster="{_attr(first.files["poster"])}">']
    lines += [f'  <source src="{_attr(rendition.entries[f].files["main"])}" '
              f'type="{formats.get(f).mime}">' for f in formats.with_role("player")
              if f in rendition.entries]
    if "chapters" in first.files:
        lines.append(f'  <track kind="chapters" srclang="{escape(lang)}" '
                     f'src="{_attr(first.files["chapters"])}">')
    for track_lang, vtt in tracks:
        default = " default" if track_lang == lang else ""
        lines.append(f'  <track kind="captions" srclang="{escape(track_lang)}" '
                     f'label="{escape(names[track_lang])}" src="{_attr(vtt)}"{default}>')
    lines.append("</video>")
    return "\n".join(lines)


def card(lesson: Lesson, rendition: Rendition, tracks: list[tuple[str, str]],
         words: dict[str, str], names: dict[str, str]) -> str:
    entries = rendition.entries
    players = [f for f in formats.with_role("player") if f in entries]
    parts = [f'<article class="card" data-scene="{escape(lesson.scene)}" '
             f'data-lang="{escape(lesson.lang)}" data-quality="{escape(rendition.view)}" '
             f'lang="{escape(lesson.lang)}" hidden>',
             f"<h2>{escape(lesson.title)}</h2>", f"<p>{escape(lesson.description)}</p>"]
    if players:
        element = video_element(rendition, tracks, lesson.lang, names)
        main = rendition.main
        parts.append(f'<div class="player">{element}</div>')
        parts.append(f'<div class="facts"><button type="button" class="present" '
                     f'data-i18n="present">{escape(words["present"])}</button>'
                     f'<button type="button" class="fullscreen" data-i18n="fullscreen">'
                     f'{escape(words["fullscreen"])}</button></div>')
        parts.append(
            f'<div class="facts"><span>{escape(words["duration"])}: '
            f"{_duration(main.duration)}</span><span>{escape(words['resolution'])}: "
            f"{main.width}×{main.height}</span><span>{escape(words['size'])}: "
            f"{_size(main.size)}</span></div>")
        if rendition.chapters:
            parts.append('<ol class="chapters">' + "".join(
                f'<li><button type="button" data-seek="{c.start:.3f}">'
                f'{_duration(c.start)}</button> {escape(c.title)}</li>'
                for c in rendition.chapters) + "</ol>")
        if main.cues:
            parts.append(f'<details class="transcript"><summary>{escape(words["transcript"])}'
                         "</summary>" + "".join(f"<p>{escape(c['text'])}</p>"
                                                for c in main.cues) + "</details>")
        parts.append(f'<details><summary>{escape(words["embed"])}</summary>'
                     f"<pre><code>{escape(element)}</code></pre>"
                     f'<button class="copy" type="button" data-i18n="copy">'
                     f'{escape(words["copy"])}</button></details>')
    for fmt in formats.with_role("image"):
        if fmt in entries:
            parts.append(f'<img class="still" alt="{escape(lesson.title)}" '
                         f'src="{_attr(entries[fmt].files["main"])}">')
    links = [f'<a href="{_attr(entries[f].files["main"])}" download>'
             f'{escape(words["download"])} .{f}</a>' for f in formats.with_role("download")
             if f in entries]
    if links:
        parts.append('<div class="facts">' + " ".join(links) + "</div>")
    parts.append("</article>")
    return "\n".join(parts)


def _captions(course: Course, scene: str, view: str) -> list[tuple[str, str]]:
    """Every language's captions of ``scene`` at ``view``: (language, .vtt path)."""
    found = []
    for lang, lessons in course.lessons.items():
        lesson = next(x for x in lessons if x.scene == scene)
        for r in lesson.renditions:
            if r.view == view and "vtt" in r.main.files:
                found.append((lang, r.main.files["vtt"]))
    return sorted(found)


def _height(view: str) -> tuple[int, str]:
    """A view in order of its picture's height: "480p15", "720p30-light", "192x108p5"."""
    found = re.search(r"(\d+)p\d", view)
    return (int(found.group(1)) if found else 0, view)


def build(out: Path, catalogue: Catalogue) -> Path:
    """(Re)write ``out``/index.html from ``out``/manifest.json; returns its path. Videos of
    scenes no longer in the catalogue are left out."""
    course = build_course(catalogue, out)
    rendered = [lang for lang in course.languages
                if any(x.renditions for x in course.lessons[lang])]
    langs = rendered or list(course.languages[:1])
    words, names = course.words, course.names
    views = sorted({r.view for lang in langs for x in course.lessons[lang]
                    for r in x.renditions}, key=_height)
    page_lang = langs[0]
    cards, documents = [], []
    for lang in langs:
        for lesson in course.lessons[lang]:
            for r in lesson.renditions:
                cards.append(card(lesson, r, _captions(course, lesson.scene, r.view),
                                  words[lang], names))
                documents.append(lesson.document(r))
    if not cards:
        cards = [f'<p class="empty">{escape(words[page_lang]["empty"])}</p>']
    usual = QUALITIES[DEFAULT_QUALITY][1]  # what `explainer render` and `make render` make
    default_view = usual if usual in views else (views[-1] if views else "")
    page = Template(templates.text("gallery.html")).substitute(
        lang=page_lang,
        page_title=escape(words[page_lang]["page_title"]),
        lang_label=f'<span data-i18n="language">{escape(words[page_lang]["language"])}</span>',
        quality_label=f'<span data-i18n="quality">{escape(words[page_lang]["quality"])}</span>',
        lang_options="".join(f'<option value="{escape(x)}">{escape(names[x])}</option>'
                             for x in langs),
        quality_options="".join(
            f'<option value="{escape(v)}"{" selected" if v == default_view else ""}>'
            f"{escape(v)}</option>" for v in views),
        cards="\n".join(cards),
        drill="\n".join(drill(course, lang, words[lang]) for lang in langs),
        checkpoints_label=f'<span data-i18n="checkpoints">'
                          f'{escape(words[page_lang]["checkpoints"])}</span>',
        videos_label=escape(words[page_lang]["videos"]),
        drill_label=escape(words[page_lang]["drill"]),
        strings=json_in_html(words),
        checkpoints_js=templates.script(),
        course_css=templates.text("course.css"),
        course=json_in_html(documents),
    )
    index = out / INDEX_NAME
    atomic_write(index, page)
    return index
