"""`explainer new ID --title "..."`: a new scene that renders before its author writes a line.

It writes the scene module (scenes/<id>.py, from the kit: axes, a line of narration timed to
its animation, three chapters declared once), its text in every language file (English in
English; in the others the same text marked ``[translate]``, which `explainer check` lists
as warnings), its parameters, three graded checkpoint questions, and a test
(tests/scenes/). Nothing is written if any of it would clash with what is there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Template

from explainer.catalog import Catalogue
from explainer.content.text import REFERENCE_LANGUAGE, languages
from explainer.errors import ExplainerError
from explainer.files import atomic_write

SCENE_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
TRANSLATE = "[translate] "  # marks text copied from English for a translator

# Only the checked id reaches the code: the title is text (in the content files), never code.
MODULE = Template('''"""The $id scene. Made by `explainer new`: replace the example with the
topic's story (docs/authoring.md says how)."""

from __future__ import annotations

import numpy as np
from manim import UP, Create, FadeIn

from explainer.core.activations import d_tanh, tanh
from explainer.kit.base import ExplainerScene
from explainer.kit.plot import polyline
from explainer.kit.theme import LABEL_SIZE

# Read by explainer.catalog without importing this module (a literal, parsed with ast).
CATALOGUE = {
    "id": "$id",
    "chapters": ("title", "$id", "closing"),
    "order": $order,
    "params": {"slope": ("float", -3.0, 3.0)},
    "placeholders": {"labels.slope": ("slope",)},
}


class $cls(ExplainerScene):
    scene_id = str(CATALOGUE["id"])

    def construct(self) -> None:
        spec, th = self.spec, self.theme
        self.title_card(spec.t("title"), spec.t("subtitle"), self.caption("intro"))
        slope = spec.params["slope"]
        axes = self.axes((-3, 3, 1), (-1, 1, 0.5), 7.0, 5.0, places=(0, 1))
        xs = np.linspace(-3, 3, 200)
        label = self.text(self.label("slope", slope=slope), LABEL_SIZE, th.muted)
        label.next_to(axes, UP, buff=0.2)
        with self.line("idea") as line:  # the animations take as long as the line is said
            self.play(Create(axes), FadeIn(label), run_time=line.duration / 2)
            self.play(Create(polyline(axes, xs, tanh(slope * xs), th.primary, 4)),
                      run_time=line.duration / 2)
        with self.line("slope") as line:  # its slope, from the core too
            self.play(Create(polyline(axes, xs, slope * d_tanh(slope * xs), th.secondary, 3)),
                      run_time=line.duration)
        self.wait(3.0)
        self.checkpoint()  # the next chapter its CATALOGUE declares
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("takeaway"))
''')

TEST = Template('''"""$id: a dry run in every language and theme: its text inside the frame,
no two texts overlapping, 20 to 60 s long, and the chapters its CATALOGUE declares. Grow
these checks with the scene (docs/authoring.md, "Test it and look at it")."""

import pytest

from explainer import catalog
from explainer.content.text import languages
from explainer.testing import check_layout, dry_run

CAT = catalog.load()


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("lang", languages(CAT.content_dir))
def test_${func}_lays_out_its_chapters(lang, theme):
    scene = dry_run("$id", lang, theme)
    check_layout(scene)
    made = [c.key.removeprefix("chapters.") for c in scene.chapters]
    assert list(dict.fromkeys(made)) == list(CAT.get("$id").chapters)
''')


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def texts(title: str) -> dict[str, dict[str, str]]:
    """The scene's English text, by table."""
    return {
        "": {"title": title, "subtitle": "What this video shows, in one line",
             "description": f"{title}: a scene made with `explainer new`, ready to be "
                            "written.",
             "takeaway": "The one thing to remember from this video."},
        "labels": {"slope": "slope {slope:.1f}"},
        "captions": {"intro": f"{title}.",
                     "idea": "Here is the idea, drawn as it is said.",
                     "slope": "Its slope, drawn in a second colour: steepest at zero, and "
                              "flatter and flatter away from it.",
                     "takeaway": "That is the one thing to remember."},
    }


SLOPE = 0.8  # the example curve's slope at 0: its parameter, and a question's answer


def params_text(scene_id: str) -> str:
    """Its parameters, appended to params.toml."""
    return f"\n\n[{scene_id}]\nslope = {SLOPE}  # the example curve's slope at 0\n"


def questions(scene_id: str) -> dict[str, dict[str, object]]:
    """Its three graded questions (a lesson scores in thirds, not all or nothing), by id."""
    see = f"{scene_id}#{scene_id}"
    return {
        f"{scene_id}-check": {
            "kind": "choice", "prompt": "What does the drawn curve show?",
            "choices": ["y = tanh(slope · x)", "y = slope · x", "y = x²"],
            "answer": "y = tanh(slope · x)",
            "explanation": "A tanh of the input times the slope: it bends and levels off.",
            "see": see},
        f"{scene_id}-slope": {
            "kind": "number", "prompt": "What is the drawn curve's slope at x = 0?",
            "answer": SLOPE, "tolerance": 0.01,
            "explanation": "The slope of tanh(0.8 · x) is 0.8 · (1 − tanh²(0.8 · x)): 0.8 at "
                           "x = 0. Change it here if you change the scene's slope.",
            "see": see},
        f"{scene_id}-flat": {
            "kind": "choice", "prompt": "Where is the curve flattest?",
            "choices": ["far from zero, on both sides", "at zero", "nowhere: it is a line"],
            "answer": "far from zero, on both sides",
            "explanation": "tanh levels off towards −1 and 1, so its slope fades far from zero.",
            "see": see},
    }


def scene_text(scene_id: str, title: str, lang: str) -> str:
    """The scene's tables for <lang>.toml (they go before [chapters], with the others)."""
    mark = "" if lang == REFERENCE_LANGUAGE else TRANSLATE
    lines = [f"# {scene_id}: written by `explainer new`"
             + ("" if not mark else "; translate the texts marked [translate]")]
    for table, entries in texts(title).items():
        lines.append(f"[{scene_id}{'.' + table if table else ''}]")
        lines += [f"{k} = {_toml(mark + v)}" for k, v in entries.items()]
        lines.append("")
    return "\n".join(lines) + "\n"


def question_text(scene_id: str, lang: str) -> str:
    """Its questions, appended to <lang>.toml (the questions come last, in order): texts
    marked for translation, numbers and where to look shared by every language."""
    mark = "" if lang == REFERENCE_LANGUAGE else TRANSLATE
    lines = []
    for qid, table in questions(scene_id).items():
        lines += ["", f"[questions.{qid}]"]
        for key, value in table.items():
            if isinstance(value, list):
                shown = "[" + ", ".join(_toml(mark + c) for c in value) + "]"
            elif isinstance(value, float):
                shown = repr(value)
            elif key in ("kind", "see"):
                shown = _toml(str(value))
            else:
                shown = _toml(mark + str(value))
            lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


def with_scene(text: str, path: Path, scene_id: str, title: str, lang: str) -> str:
    """``text`` (a language file) with the scene's tables before [chapters], its chapter's
    title under it, and its question at the end."""
    match = re.search(r"^\[chapters\][^\n]*\n", text, re.M)
    if match is None:
        raise ExplainerError(f"{path} has no [chapters] table to add {scene_id!r} to")
    chapter = title if lang == REFERENCE_LANGUAGE else TRANSLATE + title
    return (text[:match.start()] + scene_text(scene_id, title, lang) + "\n"
            + text[match.start():match.end()] + f"{_toml(scene_id)} = {_toml(chapter)}\n"
            + text[match.end():].rstrip("\n") + "\n" + question_text(scene_id, lang))


def check_names(scene_id: str, title: str) -> None:
    """A scene id the catalogue takes, and a title that is text (no placeholders)."""
    if not SCENE_ID.fullmatch(scene_id):
        raise ExplainerError(f"scene id {scene_id!r}: use lowercase letters, digits and "
                             "hyphens, starting with a letter (e.g. zero-centred-outputs)")
    if not title.strip():
        raise ExplainerError('--title is empty: give the title viewers see, e.g. --title '
                             '"Zero-centred outputs"')
    if "{" in title or "}" in title:
        raise ExplainerError(f"--title {title!r}: braces mark placeholders in content text; "
                             "write the title without { or }")


def create(catalogue: Catalogue, scene_id: str, title: str) -> list[Path]:
    """Write the scene ``scene_id`` titled ``title``; returns the files written or changed."""
    check_names(scene_id, title)
    if scene_id in catalogue.ids():
        raise ExplainerError(f"scene {scene_id!r} exists already (see `explainer list`); "
                             "choose another id")
    root, folder = catalogue.root, catalogue.content_dir
    name = scene_id.replace("-", "_")
    module = root / "scenes" / f"{name}.py"
    test = root / "tests" / "scenes" / f"test_{name}.py"
    for path in (module, test):
        if path.exists():
            raise ExplainerError(f"{path} exists already; choose another id or remove it")
    langs = languages(folder)
    edits: dict[Path, str] = {}
    for lang in langs:
        path = folder / f"{lang}.toml"
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^\[{re.escape(scene_id)}[.\]]", text, re.M):
            raise ExplainerError(f"{path} has a [{scene_id}] table already; remove it first")
        edits[path] = with_scene(text, path, scene_id, title, lang)
    params = folder / "params.toml"
    edits[params] = params.read_text(encoding="utf-8").rstrip("\n") + params_text(scene_id)
    order = max((e.order for e in catalogue), default=0) + 10
    cls = "".join(part.capitalize() for part in scene_id.split("-"))
    edits[module] = MODULE.substitute(id=scene_id, order=order, cls=cls)
    edits[test] = TEST.substitute(id=scene_id, func=name)
    for path, text in edits.items():  # all checked above: now every file, each atomically
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    return list(edits)
