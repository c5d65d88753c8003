"""`explainer new`: in a copy of the project, a new scene passes `explainer check` (with
warnings for the text to translate), is listed, renders (tiny) in every language and passes
its own test, before its author writes a line; removing its files leaves the project as it
was. Bad ids and clashes are one line, exit 2, nothing written."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV, ROOT_ENV
from tests.conftest import CAT

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """scenes/ and tests/ of this project, copied; the commands run there."""
    root = tmp_path / "project"
    shutil.copytree(CAT.root / "scenes", root / "scenes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(CAT.root / "tests", root / "tests",
                    ignore=shutil.ignore_patterns("__pycache__", "test_*.py"))
    shutil.copy(CAT.root / "tests" / "scenes" / "test_dry_run.py", root / "tests" / "scenes")
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    return root


def explainer(root, *args, **env):
    environment = {**os.environ, ROOT_ENV: str(root), **env}
    environment.pop(CONTENT_ENV, None)
    return subprocess.run([sys.executable, "-m", "explainer.cli", *args], cwd=root,
                          env=environment, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_a_new_scene_checks_lists_renders_and_tests_before_a_line_is_written(project):
    before = {p: p.read_bytes() for p in (project / "scenes" / "content").glob("*.toml")}
    made = explainer(project, "new", "tide-pools", "--title", "Tide pools")
    assert made.returncode == 0, made.stderr
    module = project / "scenes" / "tide_pools.py"
    test = project / "tests" / "scenes" / "test_tide_pools.py"
    assert module.exists() and test.exists()

    check = explainer(project, "check")
    assert check.returncode == 0, check.stderr
    assert f"{len(CAT.ids()) + 1} scenes" in " ".join(check.stdout.split())  # and the new one
    assert "zh.toml: 20 texts still marked [translate]" in check.stderr
    assert "warning:" in check.stderr and "error:" not in check.stderr

    listed = json.loads(explainer(project, "list", "--json").stdout)
    scene = next(s for s in listed["scenes"] if s["id"] == "tide-pools")
    assert scene["title"]["en"] == "Tide pools"
    assert scene["title"]["zh"] == "[translate] Tide pools"

    out = project / "renders"
    render = explainer(project, "render", "tide-pools", "-l", "all", "-o", str(out),
                       EXPLAINER_MANIM_OPTIONS=json.dumps(TINY))
    assert render.returncode == 0, render.stderr
    entries = Manifest.from_file(out / "manifest.json").entries.values()
    assert sorted(e.job.lang for e in entries) == ["en", "zh"]
    for entry in entries:
        assert [c["key"] for c in entry.chapters] == [
            "chapters.title", "chapters.tide-pools", "chapters.closing"]
        assert (out / entry.files["main"]).stat().st_size > 1000

    own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p",
                          "no:cacheprovider", "--basetemp", str(project.parent / "pt"),
                          str(test)], cwd=project, capture_output=True, text=True,
                         env={**os.environ, ROOT_ENV: str(project)}, timeout=600)
    assert own.returncode == 0, own.stdout[-2000:]

    # removing it again: its two files and its tables
    module.unlink()
    test.unlink()
    for path, text in before.items():
        path.write_bytes(text)
    assert explainer(project, "check").returncode == 0
    listed = json.loads(explainer(project, "list", "--json").stdout)
    assert "tide-pools" not in {s["id"] for s in listed["scenes"]}


@pytest.mark.parametrize("args, message", [
    (["Tide_Pools", "--title", "T"], "use lowercase letters, digits and hyphens"),
    (["dying-relu", "--title", "T"], "scene 'dying-relu' exists already"),
    (["tide-pools", "--title", " "], "--title is empty"),
    (["tide-pools", "--title", "T {__class__}"], "braces mark placeholders"),
])
def test_bad_ids_and_clashes_are_one_line_and_write_nothing(project, args, message):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = explainer(project, "new", *args)
    assert result.returncode == 2 and message in result.stderr + result.stdout
    assert len((result.stderr + result.stdout).strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_a_clash_with_an_existing_file_writes_nothing(project):
    (project / "scenes" / "tide_pools.py").write_text("# mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = explainer(project, "new", "tide-pools", "--title", "Tide pools")
    assert result.returncode == 2 and "tide_pools.py exists already" in result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_the_project_itself_is_untouched():
    assert not Path(CAT.root / "scenes" / "tide_pools.py").exists()


HOSTILE = 'Tide """; import os; os.system("touch pwned") #\n[x] = "y" </script>'


def test_a_hostile_title_stays_text(project):
    """The title lands in content files only (as a TOML string), never in code; the scene
    still checks and builds, and shows the title as written."""
    made = explainer(project, "new", "tide-pools", "--title", HOSTILE)
    assert made.returncode == 0, made.stderr
    module = (project / "scenes" / "tide_pools.py").read_text(encoding="utf-8")
    test = (project / "tests" / "scenes" / "test_tide_pools.py").read_text(encoding="utf-8")
    assert "pwned" not in module and "pwned" not in test
    compile(module, "tide_pools.py", "exec")
    assert explainer(project, "check").returncode == 0
    listed = json.loads(explainer(project, "list", "--json").stdout)
    scene = next(s for s in listed["scenes"] if s["id"] == "tide-pools")
    assert scene["title"]["en"] == HOSTILE
    assert not (project / "pwned").exists()


def test_a_table_left_in_a_language_file_is_not_overwritten(project):
    """A [tide-pools] table an author left in zh.toml (a scene removed, its text kept) is
    theirs: `new` refuses, naming the file, and changes nothing."""
    zh = project / "scenes" / "content" / "zh.toml"
    zh.write_text(zh.read_text(encoding="utf-8").replace(
        "[chapters]", '[tide-pools.labels]\nmine = "我的"\n\n[chapters]', 1), encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = explainer(project, "new", "tide-pools", "--title", "Tide pools")
    assert result.returncode == 2 and "zh.toml has a [tide-pools] table already" in result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_a_new_scene_brings_three_graded_questions_that_agree_with_it():
    import tomllib

    from explainer import scaffold
    from explainer.content.questions import GRADED_PER_SCENE

    for lang in ("en", "zh"):
        tables = tomllib.loads(scaffold.question_text("tide-pools", lang))["questions"]
        graded = [t for t in tables.values() if t["kind"] in ("choice", "number")]
        assert len(graded) >= GRADED_PER_SCENE  # a lesson that scores in thirds, not 0 or 100
        assert all(t["see"] == "tide-pools#tide-pools" for t in tables.values())
        number = next(t for t in graded if t["kind"] == "number")
        # the slope at 0 of the drawn tanh(slope · x) is the slope the scene is given
        params = tomllib.loads(scaffold.params_text("tide-pools"))["tide-pools"]
        assert number["answer"] == params["slope"] and number["tolerance"] > 0
