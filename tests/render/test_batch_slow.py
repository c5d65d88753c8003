"""The real pipeline end to end, at a tiny frame size: render, skip, re-render exactly what
changed, survive being killed."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest
import srt

from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5, "disable_caching": True}


@pytest.fixture
def env(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CAT.content_dir, folder)
    return {**os.environ, CONTENT_ENV: str(folder),
            "EXPLAINER_MANIM_OPTIONS": json.dumps(TINY)}


def explainer(env, *args):
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", *args], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc.stdout


LINE = re.compile(r"^\[(\d+)/(\d+)\] (\S+) (\S+) (\S+) "
                  r"(rendered|recaptioned|repaired|cached|failed)"
                  r"( [\d.]+ s)?(: .*)?$")


def progress_lines(output):
    """Through a pipe, a batch prints one plain line per job as it finishes, then a summary."""
    return [LINE.match(line) for line in output.splitlines() if line.startswith("[")]


def statuses(output):
    found = progress_lines(output)
    assert all(found), output
    assert [int(m[1]) for m in found] == list(range(1, len(found) + 1))
    assert all(int(m[2]) == len(found) for m in found)
    assert "━" not in output and "\x1b" not in output, "no table or colours off a terminal"
    counts = {s: sum(m[6] == s for m in found)
              for s in ("rendered", "recaptioned", "repaired", "cached", "failed")}
    return {s: n for s, n in counts.items() if n or s != "repaired"}  # as the summary counts


@pytest.mark.slow
def test_render_skip_and_rerender_exactly_what_changed(env, tmp_path):
    out = tmp_path / "renders"
    args = ["render", "dying-relu", "activation-relu", "-l", "all", "-j", "2", "-o", str(out)]
    first = explainer(env, *args)
    assert statuses(first) == {"rendered": 4, "recaptioned": 0, "cached": 0, "failed": 0}
    assert first.splitlines()[4] == "4 rendered, 0 recaptioned, 0 cached, 0 failed"
    # each video is moved into place as its job finishes, not all at the end: the first job
    # reported was placed well before the last (two jobs ending together may be reported in
    # either order: a worker places its video, then its process ends and the batch hears)
    finished = [out / m[4] / m[5] / f"{m[3]}.mp4" for m in progress_lines(first)]
    placed = [p.stat().st_mtime for p in finished]
    assert placed[-1] - placed[0] > 0.5
    assert len({m[3] + m[4] for m in progress_lines(first)}) == 4

    manifest = Manifest.from_file(out / "manifest.json")
    assert len(manifest.entries) == 4
    for entry in manifest.entries.values():
        assert set(entry.files) == {"main", "poster", "srt", "vtt", "chapters"}
        assert all((out / f).exists() for f in entry.files.values())
        assert entry.files["main"].startswith(f"{entry.job.lang}/192x108p5/")
        with av.open(str(out / entry.files["main"])) as container:
            assert float(container.duration) / av.time_base == pytest.approx(entry.duration)
        assert (entry.width, entry.height) == (192, 108)
        vtt = (out / entry.files["vtt"]).read_text(encoding="utf-8")
        assert vtt.startswith("WEBVTT") and "-->" in vtt

    start = time.perf_counter()
    again = explainer(env, *args)
    assert statuses(again) == {"rendered": 0, "recaptioned": 0, "cached": 4, "failed": 0}
    assert time.perf_counter() - start < 5.0

    # A caption is not drawn: editing one rewrites .srt/.vtt from the last render's cue times.
    zh = Path(env[CONTENT_ENV]) / "zh.toml"
    text = zh.read_text(encoding="utf-8")
    zh.write_text(text.replace("可能关闭之后再也打不开", "一旦关闭就再也打不开"), encoding="utf-8")
    video = out / "zh" / "192x108p5" / "dying-relu.mp4"
    video_before = video.stat().st_mtime_ns
    srt_path = out / "zh" / "192x108p5" / "dying-relu.srt"
    times_before = [(c.start, c.end) for c in srt.parse(srt_path.read_text(encoding="utf-8"))]
    listed = explainer(env, "list", "-l", "all", "-o", str(out))
    assert listed.count("captions stale") == 1
    start = time.perf_counter()
    edited = explainer(env, *args)
    wall = time.perf_counter() - start
    assert statuses(edited) == {"rendered": 0, "recaptioned": 1, "cached": 3, "failed": 0}
    assert wall < 5.0  # one process start; the recaption itself is milliseconds
    assert video.stat().st_mtime_ns == video_before
    cues = list(srt.parse(srt_path.read_text(encoding="utf-8")))
    assert "一旦关闭" in cues[0].content and [(c.start, c.end) for c in cues] == times_before
    vtt = (out / "zh" / "192x108p5" / "dying-relu.vtt").read_text(encoding="utf-8")
    assert "一旦关闭" in vtt
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.lang == "zh" and e.job.scene_id == "dying-relu")
    assert "一旦关闭" in entry.cues[0]["text"]
    assert statuses(explainer(env, *args))["cached"] == 4

    # On-screen text is pixels: editing a label renders that video again.
    zh.write_text(zh.read_text(encoding="utf-8").replace('title = "ReLU 神经元死亡"',
                                                         'title = "ReLU 神经元的死亡"'),
                  encoding="utf-8")
    relabelled = explainer(env, *args)
    assert statuses(relabelled) == {"rendered": 1, "recaptioned": 0, "cached": 3, "failed": 0}
    assert video.stat().st_mtime_ns != video_before

    forced = explainer(env, "render", "activation-relu", "-l", "en", "--force", "-o", str(out))
    assert statuses(forced) == {"rendered": 1, "recaptioned": 0, "cached": 0, "failed": 0}

    # A file deleted or changed since it was placed is noticed: a damaged video is rendered
    # again; damaged captions, chapters and posters are rewritten from the video that stays.
    def files(scene, lang):
        (entry,) = [e for e in Manifest.from_file(out / "manifest.json").entries.values()
                    if (e.job.scene_id, e.job.lang) == (scene, lang)]
        return {role: out / rel for role, rel in entry.files.items()}

    kept = {(s, lang): {role: p.read_bytes() for role, p in files(s, lang).items()}
            for s in ("dying-relu", "activation-relu") for lang in ("en", "zh")}
    broken_video = files("activation-relu", "en")["main"]
    broken_video.write_bytes(broken_video.read_bytes()[:1000])  # truncated, still there
    files("activation-relu", "zh")["poster"].unlink()
    files("dying-relu", "en")["chapters"].unlink()
    with files("dying-relu", "zh")["srt"].open("a", encoding="utf-8") as fh:
        fh.write("\n99\n00:00:01,000 --> 00:00:02,000\nnot ours\n")
    listed = explainer(env, "list", "-l", "all", "-o", str(out))
    assert listed.count("damaged") == 4 and "rendered" not in listed
    repaired = explainer(env, *args)
    assert statuses(repaired) == {"rendered": 1, "recaptioned": 0, "repaired": 3, "cached": 0,
                                  "failed": 0}
    assert repaired.splitlines()[4] == "1 rendered, 0 recaptioned, 3 repaired, 0 cached, 0 failed"
    for (scene, lang), before in kept.items():
        now = {role: p.read_bytes() for role, p in files(scene, lang).items()}
        same = {role for role in before if now[role] == before[role]}
        if (scene, lang) == ("activation-relu", "en"):  # rendered again: whole, not the stub
            assert len(now["main"]) > 1000 and {"srt", "vtt", "chapters"} <= same
        else:
            assert same == set(before), (scene, lang)
    assert statuses(explainer(env, *args))["cached"] == 4


@pytest.mark.slow
def test_killed_batch_leaves_a_valid_manifest_and_the_next_run_completes(env, tmp_path):
    out = tmp_path / "renders"
    args = ["render", "activation-tanh", "activation-elu", "activation-mish", "-j", "1",
            "-o", str(out)]
    proc = subprocess.Popen([sys.executable, "-m", "explainer.cli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    manifest_path = out / "manifest.json"
    deadline = time.time() + 120
    while time.time() < deadline and not Manifest.from_file(manifest_path).entries:
        time.sleep(0.2)
    time.sleep(1.0)  # the second job is now mid-render
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    manifest = Manifest.from_file(manifest_path)
    assert 1 <= len(manifest.entries) < 3
    json.loads(manifest_path.read_text())  # parses
    finals = [p for p in out.rglob("*.mp4") if ".work" not in p.parts]
    listed = {out / e.files["main"] for e in manifest.entries.values()}
    assert set(finals) == listed, "only complete, listed videos under final names"
    for path in finals:
        with av.open(str(path)) as container:
            assert container.duration

    rest = explainer(env, *args)
    assert statuses(rest) == {"rendered": 3 - len(manifest.entries), "recaptioned": 0,
                              "cached": len(manifest.entries), "failed": 0}
    assert not (out / ".work").exists()
