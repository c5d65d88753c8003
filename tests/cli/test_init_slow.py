"""A course of one's own, as an author starts one: `explainer init`, then every command from its
folder: check, a tiny render in both languages, the gallery, a SCORM lesson an LMS imports
(read back), the Anki deck, and the course's own test. Bad input is one line and writes
nothing."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from explainer.render.manifest import Manifest
from explainer.settings import MANIM_OPTIONS_ENV

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}


def explainer(cwd, *args, code=0, env=None):
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", *args], cwd=cwd,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    assert proc.returncode == code, proc.stderr + proc.stdout
    return proc


@pytest.mark.slow
def test_a_new_course_renders_and_exports_from_its_own_folder(tmp_path):
    explainer(tmp_path, "init", "tide-pools", "--title", "Tide pools")
    course = tmp_path / "tide-pools"
    assert (course / "scenes" / "tide_pools.py").is_file()
    assert (course / "README.md").read_text(encoding="utf-8").startswith("# Tide pools")
    checked = explainer(course, "check")
    assert checked.stdout.startswith("content ok: 1 scene in 2 languages (en, zh)")
    assert "[translate]" in checked.stderr  # the Chinese still to be translated, named
    listed = json.loads(explainer(course, "list", "--json").stdout)
    assert [s["id"] for s in listed["scenes"]] == ["tide-pools"]  # not the activation course

    explainer(course, "render", "--all", "-l", "all", env={MANIM_OPTIONS_ENV: json.dumps(TINY)})
    manifest = Manifest.from_file(course / "renders" / "manifest.json")
    assert {(e.job.scene_id, e.job.lang) for e in manifest.entries.values()} == {
        ("tide-pools", "en"), ("tide-pools", "zh")}
    for entry in manifest.entries.values():
        assert [c["key"] for c in entry.chapters] == [
            "chapters.title", "chapters.tide-pools", "chapters.closing"]
        assert entry.duration >= 20.0
    page = (course / "renders" / "index.html").read_text(encoding="utf-8")
    assert "Tide pools" in page and "tide-pools.mp4" in page

    explainer(course, "export", "scorm", "-l", "en", "--mastery", "80")
    package = zipfile.ZipFile(course / "renders" / "explainer-en-scorm.zip")
    root = ET.fromstring(package.read("imsmanifest.xml"))
    assert root.find(f"{CP}organizations/{CP}organization/{CP}title").text == (
        "Tide pools (English)")
    assert [i.get("parameters") for i in root.iter(f"{CP}item")] == ["?scene=tide-pools"]
    assert {"tide-pools/tide-pools.mp4", "tide-pools/tide-pools.vtt",
            "tide-pools/tide-pools.chapters.vtt", "player.html"} <= set(package.namelist())
    player = package.read("player.html").decode()
    assert "What does the drawn curve show?" in player
    assert all(f'"tide-pools-{q}"' in player for q in ("check", "slope", "flat"))  # 3 graded
    deck = explainer(course, "export", "anki", "-l", "zh").stdout
    assert "3 cards, 3 with a picture" in deck

    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "tests"], cwd=course, capture_output=True, text=True, check=False)
    assert tests.returncode == 0 and "4 passed" in tests.stdout, tests.stdout[-2000:]


@pytest.mark.parametrize(("args", "message"), [
    (["--title", "Tide pools"], "is not an empty folder"),
    (["--title", "Tide {pools}"], "braces mark placeholders"),
    (["--title", " "], "--title is empty"),
    (["--title", "Tide pools", "--scene", "Tide_Pools"], "scene id 'Tide_Pools'"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args, message):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    target = "taken" if "is not an empty" in message else "new-course"
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = explainer(tmp_path, "init", target, *args, code=2)
    (line,) = proc.stdout.strip().splitlines() + proc.stderr.strip().splitlines()
    assert line.startswith("error: ") and message in line
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
