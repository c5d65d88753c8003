"""`explainer watch` on a copy of the content: a saved caption re-renders exactly its job and
refreshes the gallery; a broken TOML prints the error and watching goes on; Ctrl-C exits."""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from explainer.settings import CONTENT_ENV
from tests.conftest import CAT, like_a_terminal

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5, "disable_caching": True}


def reader(stream, lines):
    for line in stream:
        lines.put(line.rstrip("\n"))


def wait_for(lines, needle, timeout=120.0):
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"{needle!r} not seen; got {seen}")


@pytest.mark.slow
def test_watch_rerenders_on_save_and_survives_broken_toml(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CAT.content_dir, folder)
    out = tmp_path / "renders"
    env = {**os.environ, CONTENT_ENV: str(folder),
           "EXPLAINER_MANIM_OPTIONS": json.dumps(TINY), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "explainer.cli", "watch", "dying-relu", "activation-relu",
         "-l", "zh", "-o", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=like_a_terminal)
    lines: queue.Queue[str] = queue.Queue()
    reading = threading.Thread(target=reader, args=(proc.stdout, lines), daemon=True)
    reading.start()
    try:
        first = wait_for(lines, "up to date", timeout=40)
        assert sum(line.startswith("rendered ") for line in first) == 2
        index = out / "index.html"
        stamp = index.stat().st_mtime_ns

        zh = folder / "zh.toml"
        original = zh.read_text(encoding="utf-8")
        edited = original.replace("可能关闭之后再也打不开", "一旦关闭就再也打不开")
        zh.write_text(edited, encoding="utf-8")
        burst = wait_for(lines, "up to date")
        changed = [line for line in burst if line.startswith(("rendered ", "recaptioned "))]
        assert len(changed) == 1 and changed[0].startswith("recaptioned dying-relu [zh")
        assert index.stat().st_mtime_ns > stamp
        assert "一旦关闭" in Path(out / "zh" / "192x108p5" / "dying-relu.srt").read_text()

        zh.write_text(edited.replace('[dying-relu]\ntitle = "', '[dying-relu]\ntitle = '),
                      encoding="utf-8")
        error = wait_for(lines, "still watching")
        assert "zh.toml: TOML syntax error" in error[-1] and "line" in error[-1]
        assert proc.poll() is None

        zh.write_text(original.replace('title = "ReLU 神经元死亡"', 'title = "ReLU 神经元的死亡"'),
                      encoding="utf-8")
        resumed = wait_for(lines, "up to date")
        assert any(line.startswith("rendered dying-relu [zh") for line in resumed)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        reading.join(timeout=5)
        proc.stdout.close()
    assert proc.returncode == 0
    assert "stopped watching" in "\n".join(lines.queue)
