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

COMMANDS = [[], *([name] for name in sorted(main.commands))]


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
    "superscript workers": (["render", "dying-relu", "--scheduler", "local:²"], "use local:N"),
    "tls scheduler": (["render", "dying-relu", "--scheduler", "tls://127.0.0.1:9"],
                      "use local:N"),
    "bad split": (["render", "dying-relu", "--split", "many"], "--split 'many': use auto"),
    "empty range": (["render", "activation-relu", "--set", "x_range=[1, 1]"],
                    "x_range must be [low, high] with low < high"),
    "backward range": (["render", "activation-relu", "--set", "x_range=[2, -2]"],
                       "x_range must be [low, high] with low < high"),
    "huge --set": (["render", "linear-collapse", "--set", "W1=[" + "1, " * 100_000 + "1]"],
                   "the limit is 1000"),
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
    assert "missing" in result.output and "720p30 mp4 dark" in result.output


def fake_render(out, item, key=None, captions_key=None):
    """A manifest entry (and files) as a finished job leaves them, without rendering."""
    from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest

    manifest = Manifest.from_file(out / MANIFEST_NAME)
    files = {role: path.relative_to(out).as_posix()
             for role, path in item.job.files(out).items()}
    for f in files.values():
        (out / f).parent.mkdir(parents=True, exist_ok=True)
        (out / f).write_bytes(b"x")
    manifest.put(Entry(item.job, key or item.key, files, 1.0, 2, 2, 1, 1.0, "now",
                       captions_key if captions_key is not None else item.captions_key))
    manifest.to_file(out / MANIFEST_NAME)


def test_list_json_reports_what_the_folder_holds(runner, tmp_path):
    import json

    from explainer.render import plan

    out = tmp_path / "renders"
    ids = ["dying-relu", "activation-relu", "linear-collapse"]
    made = plan.plan(CAT, ids, ["en"], "h", "mp4", "light")
    fake_render(out, made[0])  # rendered
    fake_render(out, made[1], key="an older key")  # stale
    fake_render(out, made[2], captions_key="older captions")  # captions stale
    result = runner.invoke(main, ["list", "--json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["schema"] == 1 and report["languages"] == ["en", "zh"]
    assert report["variants"] == ["1080p60 mp4 light"]  # what the folder holds, not a default
    scenes = {s["id"]: s for s in report["scenes"]}
    assert list(scenes) == CAT.ids()
    assert scenes["dying-relu"]["title"]["zh"] == "ReLU 神经元死亡"
    states = {(s["id"], o["lang"]): o["state"] for s in report["scenes"] for o in s["outputs"]}
    assert states[("dying-relu", "en")] == "rendered"
    assert states[("activation-relu", "en")] == "stale"
    assert states[("linear-collapse", "en")] == "captions stale"
    assert states[("dying-relu", "zh")] == "missing"
    (first,) = [o for o in scenes["dying-relu"]["outputs"] if o["lang"] == "en"]
    assert first == {"lang": "en", "quality": "h", "resolution": "1080p60", "format": "mp4",
                     "theme": "light", "voice": "off", "state": "rendered",
                     "path": "en/1080p60-light/dying-relu.mp4", "key": made[0].key}
    # the table says the same, for the same variant
    table = runner.invoke(main, ["list", "-l", "en", "-o", str(out)]).output
    assert "1080p60 mp4 light" in table and "captions stale" in table
    # asked for another quality, it plans that one
    other = json.loads(runner.invoke(main, ["list", "--json", "-q", "l", "-o", str(out)]).output)
    assert other["variants"] == ["480p15 mp4 dark"]
    assert {o["state"] for s in other["scenes"] for o in s["outputs"]} == {"missing"}


def test_one_default_quality_everywhere(runner, tmp_path):
    import re
    from pathlib import Path

    from explainer.listing import variants
    from explainer.render.job import DEFAULT_QUALITY

    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert re.search(r"^QUALITY \?= (\w)$", makefile, re.M)[1] == DEFAULT_QUALITY
    assert "-q $(QUALITY)" in makefile
    render = next(p for p in main.commands["render"].params if p.name == "quality")
    assert render.default == DEFAULT_QUALITY
    assert variants(tmp_path, None, None, None)[0].quality == DEFAULT_QUALITY


def test_doctor_passes_here(runner):
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    names = ("LaTeX", "dvisvgm", "CJK font", "content fonts", "espeak-ng", "voice en", "voice zh",
             "video encoding", "packages", "cache")
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


@pytest.mark.parametrize("options", ['{"frame_rate": -5}', '{"pixel_width": "wide"}',
                                     '{"video_encoder_options": 3}'])
def test_bad_manim_options_are_refused_at_planning(runner, tmp_path, monkeypatch, options):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EXPLAINER_MANIM_OPTIONS", options)
    result = runner.invoke(main, ["render", "dying-relu"])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: $EXPLAINER_MANIM_OPTIONS: ")
    assert list(tmp_path.iterdir()) == []  # no .lock, no index.html


def test_jobs_are_capped_at_the_cores(capsys):
    import os

    from explainer.cli import capped

    cores = os.cpu_count() or 1
    assert capped(1) == 1 and capped(10_000) == cores
    assert f"using -j {cores}" in capsys.readouterr().err


def test_the_script_heading_keeps_its_brackets(runner):
    result = runner.invoke(main, ["script", "dying-relu", "-l", "en"])
    assert result.exit_code == 0
    assert "dying-relu [en]: record to" in " ".join(result.output.split())


def test_check_ends_on_one_line(runner):
    """However narrow the terminal: the success line is one line, not wrapped in two."""
    result = runner.invoke(main, ["check"], terminal_width=40)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()  # warnings (text to translate) go to stderr
    assert line.startswith("content ok: ") and line.endswith(str(CAT.content_dir))
