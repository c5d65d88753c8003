"""renders/index.html: one page that plays every rendered video, built from the manifest.

Self-contained (inline CSS and JS, no fonts or scripts from elsewhere) and with relative paths,
so the whole renders/ folder can be copied into a course site or opened from disk.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from string import Template

from explainer.catalog import Catalogue
from explainer.content.gallery_words import load_gallery_text
from explainer.content.questions import load_questions
from explainer.content.text import language_name, languages, load_text
from explainer.course import templates
from explainer.course.drill import drill
from explainer.course.escape import html as escape
from explainer.course.escape import json_in_html
from explainer.course.escape import url_attr as _attr
from explainer.files import atomic_write
from explainer.render import formats
from explainer.render.job import DEFAULT_QUALITY, QUALITIES
from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest

INDEX_NAME = "index.html"


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _duration(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def video_element(videos: list[Entry], tracks: list[tuple[str, str]], lang: str,
                  names: dict[str, str]) -> str:
    """The <video> for one scene: a source per playable format, a captions track per language."""
    first = videos[0]
    chapters = [{"key": c.get("key"), "title": c["text"], "start": c["start"], "end": c["end"]}
                for c in first.chapters]
    lines = [f'<video controls preload="metadata" width="{first.width}" '
             f'height="{first.height}" poster="{_attr(first.files["poster"])}" '
             f"data-chapters=\"{escape(json.dumps(chapters, ensure_ascii=False))}\">"]
    lines += [f'  <source src="{_attr(v.files["main"])}" '
              f'type="{formats.get(v.job.format).mime}">' for v in videos]
    if "chapters" in first.files:
        lines.append(f'  <track kind="chapters" srclang="{escape(lang)}" '
                     f'src="{_attr(first.files["chapters"])}">')
    for track_lang, vtt in tracks:
        default = " default" if track_lang == lang else ""
        lines.append(f'  <track kind="captions" srclang="{escape(track_lang)}" '
                     f'label="{escape(names[track_lang])}" src="{_attr(vtt)}"{default}>')
    lines.append("</video>")
    return "\n".join(lines)


def card(catalogue: Catalogue, scene_id: str, lang: str, view: str, entries: list[Entry],
         tracks: list[tuple[str, str]], words: dict[str, str], names: dict[str, str]) -> str:
    spec = load_text(catalogue.get(scene_id), lang, catalogue.content_dir)
    by_format = {e.job.format: e for e in entries}
    videos = [by_format[f] for f in formats.with_role("player") if f in by_format]
    parts = [f'<article class="card" data-scene="{escape(scene_id)}" data-lang="{lang}" '
             f'data-quality="{escape(view)}" hidden>',
             f"<h2>{escape(spec['title'])}</h2>", f"<p>{escape(spec['description'])}</p>"]
    if videos:
        element = video_element(videos, tracks, lang, names)
        main = videos[0]
        parts.append(f'<div class="player">{element}</div>')
        parts.append(f'<div class="facts"><button type="button" class="present" '
                     f'data-i18n="present">{escape(words["present"])}</button></div>')
        parts.append(
            f'<div class="facts"><span>{escape(words["duration"])}: '
            f"{_duration(main.duration)}</span><span>{escape(words['resolution'])}: "
            f"{main.width}×{main.height}</span><span>{escape(words['size'])}: "
            f"{_size(main.size)}</span></div>")
        if main.chapters:
            parts.append('<ol class="chapters">' + "".join(
                f'<li><button type="button" data-seek="{c["start"]:.3f}">'
                f'{_duration(c["start"])}</button> {escape(c["text"])}</li>'
                for c in main.chapters) + "</ol>")
        if main.cues:
            parts.append(f'<details class="transcript"><summary>{escape(words["transcript"])}'
                         "</summary>" + "".join(f"<p>{escape(c['text'])}</p>"
                                                for c in main.cues) + "</details>")
        parts.append(f'<details><summary>{escape(words["embed"])}</summary>'
                     f"<pre><code>{escape(element)}</code></pre>"
                     f'<button class="copy" type="button" data-i18n="copy">'
                     f'{escape(words["copy"])}</button></details>')
    for fmt in formats.with_role("image"):
        if fmt in by_format:
            parts.append(f'<img class="still" alt="{escape(spec["title"])}" '
                         f'src="{_attr(by_format[fmt].files["main"])}">')
    links = [f'<a href="{_attr(by_format[f].files["main"])}" download>'
             f'{escape(words["download"])} .{f}</a>' for f in formats.with_role("download")
             if f in by_format]
    if links:
        parts.append('<div class="facts">' + " ".join(links) + "</div>")
    parts.append("</article>")
    return "\n".join(parts)


def build(out: Path, catalogue: Catalogue) -> Path:
    """(Re)write ``out``/index.html from ``out``/manifest.json; returns its path. Videos of
    scenes no longer in the catalogue are left out."""
    manifest = Manifest.from_file(out / MANIFEST_NAME)
    known = set(catalogue.ids())
    present = [e for e in manifest.entries.values() if e.job.scene_id in known
               and all((out / f).exists() for f in e.files.values())]
    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for entry in present:
        view = entry.job.folder(out).name  # e.g. 720p30, or 720p30-light
        groups[(entry.job.scene_id, entry.job.lang, view)].append(entry)
    captions: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for (scene_id, lang, view), entries in groups.items():
        for e in entries:
            if "vtt" in e.files:
                captions[(scene_id, view)][lang] = e.files["vtt"]

    folder = catalogue.content_dir
    available = languages(folder)
    langs = [lang for lang in available if any(k[1] == lang for k in groups)]
    langs = langs or available[:1]
    names = {lang: language_name(lang, folder) for lang in available}
    views = sorted({k[2] for k in groups}, key=lambda v: (int(v.split("p")[0]), v))
    words = {lang: load_gallery_text(lang, folder) for lang in available}
    page_lang = langs[0]
    order = {s: i for i, s in enumerate(catalogue.ids())}
    cards = [card(catalogue, scene_id, lang, view, entries,
                  sorted(captions[(scene_id, view)].items()), words[lang], names)
             for (scene_id, lang, view), entries in
             sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 999), kv[0][1:]))]
    if not cards:
        cards = [f'<p class="empty">{escape(words[page_lang]["empty"])}</p>']
    usual = QUALITIES[DEFAULT_QUALITY][1]  # what `explainer render` and `make render` make
    default_view = usual if usual in views else (views[-1] if views else "")
    questions = {lang: load_questions(catalogue, lang) for lang in langs}
    drills = []
    for lang in langs:
        rendered = {e.job.scene_id: e for e in present if e.job.lang == lang and e.chapters}
        titles = {s: load_text(catalogue.get(s), lang, folder)["title"]
                  for s in {q.scene for q in questions[lang]}}
        drills.append(drill(lang, questions[lang], rendered, titles, words[lang]))
    course = {lang: [q.to_dict() for q in qs] for lang, qs in questions.items()}
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
        drill="\n".join(drills),
        checkpoints_label=f'<span data-i18n="checkpoints">'
                          f'{escape(words[page_lang]["checkpoints"])}</span>',
        videos_label=escape(words[page_lang]["videos"]),
        drill_label=escape(words[page_lang]["drill"]),
        strings=json_in_html(words),
        checkpoints_js=templates.text("checkpoints.js"),
        course_css=templates.text("course.css"),
        course=json_in_html(course),
    )
    index = out / INDEX_NAME
    atomic_write(index, page)
    return index
