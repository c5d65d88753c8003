"""The command line: help for every command, and one clear line with exit code 2 and nothing
written for every bad input."""

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from explainer.cli import main
from explainer.render.batch import locked
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT

COMMANDS = [[], ["list"], ["render"], ["doctor"]]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_help_has_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: explainer" in result.output


BAD = {
    "unknown id": (["render", "dying-rel"], "unknown scene 'dying-rel'; did you mean 'dying-relu'"),
    "no ids": (["render"], "name scene ids"),
    "bad quality": (["render", "dying-relu", "-q", "x"], "Invalid value for '-q'"),
    "bad format": (["render", "dying-relu", "-f", "avi"], "Invalid value for '-f'"),
    "bad language": (["render", "dying-relu", "-l", "fr"], "unknown language 'fr'; choose one"),
    "bad theme": (["render", "dying-relu", "--theme", "sepia"], "Invalid value for '--theme'"),
    "bad jobs": (["render", "dying-relu", "-j", "0"], "Invalid value for '-j'"),
    "unknown key": (["render", "dying-relu", "--set", "stepz=3"],
                    "dying-relu has no parameter 'stepz'"),
    "wrong type": (["render", "dying-relu", "--set", "steps=many"], "steps must be an integer"),
    "out of range": (["render", "dying-relu", "--set", "learning_rate=9"], "out of range"),
    "not key=value": (["render", "dying-relu", "--set", "steps"], "expected key=value"),
    "opaque format": (["render", "dying-relu", "--transparent"], "--transparent needs -f mov"),
    "list value": (["render", "linear-collapse", "--set", "W1=[[1, 0], [0]]"],
                   "W1 must be a 2x2 matrix"),
    "nan": (["render", "linear-collapse", "--set", "W1=[[nan, 0], [0, 1]]"],
            "must be a finite number"),
    "inf": (["render", "dying-relu", "--set", "learning_rate=inf"], "must be a finite number"),
    "unknown command": (["rendr"], "No such command 'rendr'"),
    "unknown option": (["render", "dying-relu", "--fast"], "No such option '--fast'"),
    "gallery without renders": (["gallery"], "no manifest.json in renders"),
    "unknown voice": (["render", "dying-relu", "--voice", "nope"], "unknown voice 'nope'"),
    "bad scheduler": (["render", "dying-relu", "--scheduler", "dask"], "use local:N"),
    "no scheduler there": (["render", "dying-relu", "--scheduler", "tcp://127.0.0.1:9"],
                           "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
    "voice, clips missing": (["render", "dying-relu", "--voice", "recorded"],
                             "--voice recorded: 7 clip(s) missing: "),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_exit_2_nothing_written(runner, tmp_path, monkeypatch, case):
    """Run from an empty folder without -o: nothing may appear there (renders/ is the default)."""
    args, message = BAD[case]
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_malformed_content_file(runner, tmp_path, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(CAT.content_dir, folder)
    (folder / "en.toml").write_text("[dying-relu\ntitle = 1\n")
    monkeypatch.setenv(CONTENT_ENV, str(folder))
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", "dying-relu", "-o", str(out)])
    assert result.exit_code == 2
    assert "en.toml: TOML syntax error" in result.output and "line 1" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_unwritable_output_folder(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = runner.invoke(main, ["render", "dying-relu", "-o", str(blocker / "out")])
    assert result.exit_code == 2
    assert "cannot write to output folder" in result.output


def test_missing_latex(runner, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", "dying-relu", "-o", str(out)])
    assert result.exit_code == 2
    assert "LaTeX: `latex` not found" in result.output and "apt-get install" in result.output
    assert not out.exists()


def test_second_batch_on_the_same_folder_is_refused(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        result = runner.invoke(main, ["render", "dying-relu", "-o", str(out)])
    assert result.exit_code == 2
    assert "is writing to" in result.output and "wait for it" in result.output


def test_list_shows_every_scene_with_its_title(runner, tmp_path):
    result = runner.invoke(main, ["list", "-l", "zh", "-o", str(tmp_path)])
    assert result.exit_code == 0
    for scene_id in CAT.ids():
        assert scene_id in result.output
    assert "梯度消失与梯度爆炸" in result.output
    assert "not rendered" in result.output


def test_doctor_passes_here(runner):
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    names = ("LaTeX", "dvisvgm", "CJK font", "content fonts", "espeak-ng", "voice en", "voice zh",
             "video encoding", "packages")
    assert len(lines) == len(names)
    for line, name in zip(lines, names, strict=True):
        assert line.startswith(f"ok   {name}: "), line


def test_doctor_reports_a_missing_tool(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 1
    assert "FAIL LaTeX" in result.output and "fix:" in result.output


HOLD_LOCK = """
import sys, time
from pathlib import Path
from explainer.render.batch import locked
with locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_lock_holds_across_real_processes(tmp_path):
    """One process holds the output folder; a second `explainer render` exits 2, one line,
    and writes nothing there."""
    out = tmp_path / "out"
    out.mkdir()
    with subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)],
                          stdout=subprocess.PIPE, text=True) as holder:
        check_refused(holder, out)
        holder.kill()


def check_refused(holder, out):
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = sorted(p.name for p in out.iterdir())
        proc = subprocess.run([sys.executable, "-m", "explainer.cli", "render", "dying-relu",
                               "-o", str(out)], capture_output=True, text=True, check=False,
                              cwd=CAT.root)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and f"(pid {holder.pid}) is writing to" in lines[0]
        assert proc.stdout == ""
        assert sorted(p.name for p in out.iterdir()) == before == [".lock"]
    finally:
        holder.kill()


@pytest.mark.parametrize("value", ["{bad", "[1, 2]"])
def test_bad_manim_options_are_one_line(runner, tmp_path, monkeypatch, value):
    monkeypatch.setenv("EXPLAINER_MANIM_OPTIONS", value)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["render", "dying-relu"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "EXPLAINER_MANIM_OPTIONS" in result.output
    assert list(tmp_path.iterdir()) == []
