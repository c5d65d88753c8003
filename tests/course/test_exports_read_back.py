"""What a course team receives from `explainer export`, opened and read back: the SCORM
package holds every file a scene's page plays (each byte for byte the rendered one, found from
the renders folder, not from the package's own list), its mastery score on SCORM's 0-100
scale; hostile content stays text in every export; the default names of two languages never
collide; and each option's check is reached by a case that is wrong in that option alone."""

import json
import re
import shutil
import sqlite3
import tomllib
import xml.etree.ElementTree as ET
import zipfile

import pytest
from click.testing import CliRunner

from explainer.cli import main
from explainer.course import scorm
from explainer.errors import ExplainerError
from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT
from tests.course.test_scorm import SCENES, fake_renders

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
HOSTILE = '<b>x</b> & "q" </script><script>window.hacked=1</script> ]]>'
PLAYED = {"main": ".mp4", "poster": ".png", "vtt": ".vtt", "chapters": ".chapters.vtt"}


def renders(tmp_path, langs=("en", "zh")):
    """Fake renders whose every file has bytes of its own, so a swapped or missing file shows."""
    out = tmp_path / "renders"
    every = Manifest()
    for lang in langs:
        fake_renders(out, lang, SCENES)  # writes a manifest of this language alone
        every.entries.update(Manifest.from_file(out / "manifest.json").entries)
    every.to_file(out / "manifest.json")
    for path in out.rglob("*"):
        if path.is_file() and path.name != "manifest.json":
            path.write_bytes(f"bytes of {path.relative_to(out)}".encode())
    return out


def run(*args):
    return CliRunner().invoke(main, list(args))


def lesson_json(player):
    found = re.search(r'<script type="application/json" id="lesson">(.*?)</script>', player,
                      re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_package_holds_every_file_each_scene_plays(tmp_path, lang):
    out = renders(tmp_path)
    target = tmp_path / "lesson.zip"
    result = run("export", "scorm", *SCENES, "-l", lang, "--from", str(out), "-o", str(target),
                 "--mastery", "80")
    assert result.exit_code == 0, result.output
    package = zipfile.ZipFile(target)
    names = set(package.namelist())
    data = lesson_json(package.read("player.html").decode())
    for scene in SCENES:
        base = out / lang / "720p30" / scene
        for suffix in PLAYED.values():  # what the renders folder holds for this scene
            inside = f"{scene}/{scene}{suffix}"
            assert inside in names, f"{inside} missing from the package"
            assert package.read(inside) == (base.parent / f"{scene}{suffix}").read_bytes()
        files = data["lessons"][scene]["video"]["files"]
        assert set(files) == set(PLAYED) and set(files.values()) <= names, (
            "the page plays only what the package holds")
    root = ET.fromstring(package.read("imsmanifest.xml"))
    scores = [item.find(f"{ADLCP}masteryscore").text for item in root.iter(f"{CP}item")]
    assert scores == ["80", "80"]  # SCORM 1.2: 0 to 100, as cmi.core.score.raw
    assert data["mastery"] == 80


def test_default_names_of_two_languages_never_collide(tmp_path, monkeypatch):
    out = renders(tmp_path)
    monkeypatch.chdir(tmp_path)
    made = {}
    cards = tmp_path / "cards"  # Anki from a folder with no videos: cards without pictures
    cards.mkdir()
    for lang in ("en", "zh"):
        for kind, source, scenes in (("scorm", out, SCENES), ("anki", cards, [])):
            before = set(source.iterdir())
            result = run("export", kind, *scenes, "-l", lang, "--from", str(source))
            assert result.exit_code == 0, result.output
            (new,) = set(source.iterdir()) - before
            made[kind, lang] = new
    assert len(set(made.values())) == 4
    for lang in ("en", "zh"):  # each holds its own language
        root = ET.fromstring(zipfile.ZipFile(made["scorm", lang]).read("imsmanifest.xml"))
        title = next(root.iter(f"{CP}item")).find(f"{CP}title").text
        assert title == tomllib.loads((CAT.content_dir / f"{lang}.toml").read_text(
            encoding="utf-8"))[SCENES[0]]["title"]


def hostile_content(tmp_path, monkeypatch):
    drafts = tmp_path / "content"
    shutil.copytree(CAT.content_dir, drafts)
    path = drafts / "en.toml"
    text = path.read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    q = doc["questions"]["collapse-choice"]
    for old in [doc["linear-collapse"]["title"], q["prompt"], q["explanation"], q["answer"]]:
        text = text.replace(json.dumps(old, ensure_ascii=False), json.dumps(HOSTILE))
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(drafts))


def test_hostile_content_stays_text_in_the_anki_deck(tmp_path, monkeypatch):
    hostile_content(tmp_path, monkeypatch)
    out = tmp_path / "nothing-rendered"  # cards without pictures
    deck = tmp_path / "deck.apkg"
    result = run("export", "anki", "-l", "en", "--from", str(out), "-o", str(deck))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        fields = [f for (flds,) in db.execute("select flds from notes") for f in
                  flds.split("\x1f")]
    escaped = ("&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; &lt;/script&gt;&lt;script&gt;"
               "window.hacked=1&lt;/script&gt; ]]&gt;")
    assert sum(escaped in f for f in fields) >= 3  # prompt, answer with explanation, choice
    assert not any("<script" in f or "<b>x</b>" in f for f in fields)


def test_hostile_content_stays_text_in_the_scorm_package(tmp_path, monkeypatch):
    hostile_content(tmp_path, monkeypatch)
    out = renders(tmp_path, ("en",))
    target = tmp_path / "lesson.zip"
    assert run("export", "scorm", *SCENES, "-l", "en", "--from", str(out),
               "-o", str(target)).exit_code == 0
    package = zipfile.ZipFile(target)
    root = ET.fromstring(package.read("imsmanifest.xml"))  # parses: the XML is whole
    assert next(root.iter(f"{CP}item")).find(f"{CP}title").text == HOSTILE
    player = package.read("player.html").decode()
    assert "<script>window.hacked" not in player and "<b>x" not in player
    asked = {q["id"]: q for q in lesson_json(player)["lessons"]["linear-collapse"]["questions"]}
    assert asked["collapse-choice"]["prompt"] == HOSTILE
    assert HOSTILE in asked["collapse-choice"]["choices"]


SCORM_OK = ["export", "scorm", *SCENES, "-l", "zh", "-q", "m"]
SCORM_BAD = {
    "--mastery 101": (["--mastery", "101"], "'--mastery'"),
    "--mastery -1": (["--mastery", "-1"], "'--mastery'"),
    "--attempts 0": (["--attempts", "0"], "'--attempts'"),
    "--keep first": (["--keep", "first"], "'--keep'"),
    "-q x": (["-q", "x"], "'-q'"),
    "-q h, not rendered": (["-q", "h"], "not rendered in"),
    "-l fr": (["-l", "fr"], "unknown language 'fr'"),
    "unknown scene": (["dying-rel"], "unknown scene 'dying-rel'"),
}
ANKI_OK = ["export", "anki", "-l", "zh"]  # from renders whose videos are bytes: no pictures
ANKI_BAD = {"-l fr": (["-l", "fr"], "unknown language 'fr'"), "-q x": (["-q", "x"], "'-q'")}


@pytest.mark.parametrize(("ok", "bad", "case"),
                         [(SCORM_OK, SCORM_BAD, c) for c in SCORM_BAD]
                         + [(ANKI_OK, ANKI_BAD, c) for c in ANKI_BAD])
def test_each_option_check_is_reached(tmp_path, ok, bad, case):
    """The same command passes without the bad option, so the error is that option's own."""
    out = renders(tmp_path) if ok[1] == "scorm" else tmp_path
    target = tmp_path / "export.out"
    good = run(*ok, "--from", str(out), "-o", str(target))
    assert good.exit_code == 0 and target.exists(), good.output
    target.unlink()
    extra, message = bad[case]
    result = run(*ok, *extra, "--from", str(out), "-o", str(target))
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert message in line and "Traceback" not in result.output
    assert not target.exists()


def test_the_library_refuses_a_mastery_off_the_scale(tmp_path):
    out = renders(tmp_path)
    for mastery in (101, -1):
        with pytest.raises(ExplainerError, match="mastery score is 0 to 100"):
            scorm.export(CAT, "zh", out, tmp_path / "x.zip", SCENES, mastery=mastery)
    assert not (tmp_path / "x.zip").exists()
    assert scorm.export(CAT, "zh", out, tmp_path / "x.zip", SCENES, mastery=100) > 0


def test_an_unreadable_video_is_one_line_not_a_traceback(tmp_path):
    """Anki takes each card's picture from its video; bytes that are no video are a user's
    problem to fix (render again), said in one line."""
    out = renders(tmp_path)
    result = run("export", "anki", "-l", "zh", "--from", str(out), "-o", str(tmp_path / "d"))
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert "not a readable video" in line and "explainer render" in line
    assert not (tmp_path / "d").exists()
