"""The Anki deck opened as Anki would read it (a zip holding SQLite and media): one note per
question with its fields, GUIDs that stay the same from one export to the next, pictures from
the rendered videos, and one-line errors."""

import json
import re
import shutil
import sqlite3
import tomllib
import zipfile
from collections import Counter

import pytest
from click.testing import CliRunner

from explainer.cli import main
from explainer.content.questions import load_questions
from explainer.content.text import load_text
from explainer.course.escape import html
from tests.conftest import CAT


def notes(deck, tmp_path):
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
        media = json.loads(archive.read("media"))
        sizes = {name: len(archive.read(number)) for number, name in media.items()}
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("select guid, flds from notes order by id").fetchall()
    return [(guid, fields.split("\x1f")) for guid, fields in rows], sizes


def export(tmp_path, name, *args):
    target = tmp_path / name
    result = CliRunner().invoke(main, ["export", "anki", "--from", str(tmp_path / "renders"),
                                       "-o", str(target), *args])
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_note_per_question_with_stable_guids(tmp_path, lang):
    first, _ = notes(export(tmp_path, "a.apkg", "-l", lang), tmp_path / "a")
    second, _ = notes(export(tmp_path, "b.apkg", "-l", lang), tmp_path / "b")
    questions = load_questions(CAT, lang)
    assert len(first) == len(questions)
    assert first == second  # an import updates, never copies; the same order of choices
    assert len({g for g, _ in first}) == len(questions)
    positions = Counter()
    for (_, fields), q in zip(first, questions, strict=True):
        prompt, choices, answer, picture, source = fields
        assert prompt == html(q.prompt)
        if q.kind == "choice":
            shown = re.findall(r"<li>(.*?)</li>", choices)
            assert sorted(shown) == sorted(html(c) for c in q.choices)
            positions[shown.index(html(q.answer))] += 1
            assert html(q.answer) in answer and html(q.explanation) in answer
        elif q.kind == "number":  # the number as a reader writes it, and why
            assert choices == "" and q.value is not None
            shown = re.match(r"<b>(.*?)</b><br>", answer).group(1)
            assert float(shown.split(" (")[0].replace("−", "-")) == q.value
            assert ("±" in shown) == (q.tolerance > 0) and html(q.explanation) in answer
        else:
            assert choices == "" and answer == html(q.model_answer)
        assert picture == ""  # nothing rendered in this folder
        title = load_text(CAT.get(q.scene), lang, CAT.content_dir)["title"]
        assert source == html(title)  # the chapter's title joins it once a video exists
    # authors write the right choice first; a learner must not find it there every time
    assert len(positions) >= 2 and max(positions.values()) <= 0.6 * sum(positions.values())


def test_a_guid_follows_the_question_id_not_its_wording(tmp_path, monkeypatch):
    drafts = tmp_path / "content"
    shutil.copytree(CAT.content_dir, drafts)
    monkeypatch.setenv("EXPLAINER_CONTENT_DIR", str(drafts))
    before, _ = notes(export(tmp_path, "a.apkg", "-l", "en"), tmp_path / "a")
    path = drafts / "en.toml"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    q = doc["questions"]["collapse-choice"]
    text = path.read_text(encoding="utf-8").replace(
        json.dumps(q["prompt"], ensure_ascii=False), json.dumps("Reworded: " + q["prompt"]))
    path.write_text(text, encoding="utf-8")
    reworded, _ = notes(export(tmp_path, "b.apkg", "-l", "en"), tmp_path / "b")
    ids = [x.id for x in load_questions(CAT, "en")]
    at = ids.index("collapse-choice")
    assert reworded[at][1][0].startswith("Reworded: ")
    assert [g for g, _ in reworded] == [g for g, _ in before]  # the card is updated
    path.write_text(text.replace("[questions.collapse-choice]", "[questions.collapse-pick]"),
                    encoding="utf-8")
    renamed, _ = notes(export(tmp_path, "c.apkg", "-l", "en"), tmp_path / "c")
    moved = [i for i, (a, b) in enumerate(zip(before, renamed, strict=True)) if a[0] != b[0]]
    assert moved == [at]  # another question: another card


def test_other_languages_get_other_guids(tmp_path):
    en, _ = notes(export(tmp_path, "en.apkg", "-l", "en"), tmp_path / "en")
    zh, _ = notes(export(tmp_path, "zh.apkg", "-l", "zh"), tmp_path / "zh")
    assert not {g for g, _ in en} & {g for g, _ in zh}


def test_bad_language_and_no_questions_are_one_line(tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["export", "anki", "-l", "fr", "-o",
                                       str(tmp_path / "x.apkg")])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "unknown language 'fr'" in result.output
    drafts = tmp_path / "content"
    shutil.copytree(CAT.content_dir, drafts)
    en = drafts / "en.toml"
    text = en.read_text(encoding="utf-8")
    en.write_text(text[:text.index("# Questions:")], encoding="utf-8")
    monkeypatch.setenv("EXPLAINER_CONTENT_DIR", str(drafts))
    result = CliRunner().invoke(main, ["export", "anki", "-l", "en", "-o",
                                       str(tmp_path / "x.apkg")])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "en.toml has no questions" in result.output
    assert not (tmp_path / "x.apkg").exists()


@pytest.mark.slow
@pytest.mark.xdist_group("site")  # the site the gallery tests render
def test_a_rendered_video_gives_its_cards_the_chapter_frame(site, tmp_path):
    renders, _ = site
    target = tmp_path / "zh.apkg"
    result = CliRunner().invoke(main, ["export", "anki", "-l", "zh", "--from", str(renders),
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    rows, media = notes(target, tmp_path / "deck")
    asked = [q.id for q in load_questions(CAT, "zh") if q.scene in ("dying-relu",
                                                                     "activation-relu")]
    pictured = [fields for _, fields in rows if fields[3]]
    assert len(pictured) == len(asked) >= 2
    name = "explainer-zh-dying-relu-training.png"
    card = next(f for f in pictured if name in f[3])
    assert card[3] == f'<img src="{name}">' and media[name] > 1000
    assert card[4].endswith(" · 一次训练")
