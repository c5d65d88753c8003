"""Same request, same pixels: one scene rendered whole on a cold and a warm cache, split at its
chapters on two processes, and on a `dask worker` started without the client's settings
(and with a cache of its own) gives the same decoded frames, poster, captions and chapters,
in Chinese on the light theme and in English on the dark one."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from explainer.render.manifest import Manifest
from explainer.settings import CACHE_ENV, MANIM_OPTIONS_ENV
from tests.conftest import CAT
from tests.render.test_cluster_slow import free_port

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}
SCENE = "linear-collapse"  # many animations, TeX and Chinese text: it once differed split
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    """A scheduler and one worker on 127.0.0.1, as on another machine: no
    $EXPLAINER_MANIM_OPTIONS, and a shared cache of its own (cold)."""
    folder = tmp_path_factory.mktemp("worker")
    env = {k: v for k, v in os.environ.items() if k != MANIM_OPTIONS_ENV}
    env[CACHE_ENV] = str(folder / "cache")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    with (folder / "dask.log").open("w") as log:
        yield from _cluster(address, port, env, log)


def _cluster(address, port, env, log):
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--dashboard-address", ":0"],
                              stdout=log, stderr=log, env=env)]
    time.sleep(2)
    procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                                   "--no-nanny", "--host", "127.0.0.1", "--no-dashboard"],
                                  stdout=log, stderr=log, env=env, cwd=CAT.root))
    time.sleep(3)
    yield address
    for proc in reversed(procs):
        proc.terminate()
        proc.wait(30)


def render(env, out, *args):
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", "render", SCENE, *args,
                           "-o", str(out)], env=env, capture_output=True, text=True,
                          check=False, cwd=CAT.root)
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]


def frames(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        size = (stream.codec_context.width, stream.codec_context.height)
        return size, stream.average_rate, [f.to_ndarray(format="rgb24")
                                           for f in container.decode(stream)]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "theme"), [("zh", "light"), ("en", "dark")])
def test_whole_split_worker_cold_and_warm_give_the_same_pixels(lang, theme, tmp_path, worker):
    env = {**os.environ, MANIM_OPTIONS_ENV: json.dumps(TINY), CACHE_ENV: str(tmp_path / "c")}
    common = ["-l", lang, "--theme", theme]
    chapters = len(CAT.get(SCENE).chapters)
    runs = {"whole, cold cache": ["-j", "1"], "whole, warm cache": ["-j", "1"],
            "split at every chapter": ["--split", str(chapters), "-j", "2"],
            "tcp worker": ["--scheduler", worker]}
    made = {}
    for name, args in runs.items():
        out = tmp_path / name.replace(" ", "-").replace(",", "")
        render(env, out, *common, *args)
        (entry,) = Manifest.from_file(out / "manifest.json").entries.values()
        made[name] = (out, entry)
    out, entry = made["whole, cold cache"]
    size, rate, reference = frames(out / entry.files["main"])
    assert size == (192, 108) and rate == 5 and len(reference) > 100
    for name, (other_out, other) in made.items():
        assert other.key == entry.key, name
        other_size, other_rate, pictures = frames(other_out / other.files["main"])
        assert (other_size, other_rate, len(pictures)) == (size, rate, len(reference)), name
        worst = max(int(np.abs(a.astype(int) - b.astype(int)).max())
                    for a, b in zip(pictures, reference, strict=True))
        assert worst == 0, f"{name}: frames differ by up to {worst} levels"
        for role in ("poster", "srt", "vtt", "chapters"):
            assert ((other_out / other.files[role]).read_bytes()
                    == (out / entry.files[role]).read_bytes()), f"{name}: {role}"
        assert (other.cues, other.chapters) == (entry.cues, entry.chapters), name
    assert any("\u4e00" <= ch <= "\u9fff" for c in entry.cues for ch in c["text"]) == (
        lang == "zh")


@pytest.mark.slow
def test_a_cache_warmed_at_another_size_gives_a_clean_caches_pixels(tmp_path):
    """Text is laid out at the video's pixel size: a tiny render first (an author's check)
    must not leave layouts that the next ordinary render reuses (titles once wrapped at 192
    px and drew their lines over each other at 854 px, and split and whole renders differed
    by 25 grey levels)."""
    warm, clean = tmp_path / "warm-cache", tmp_path / "clean-cache"
    normal = {"frame_rate": 5}  # -q l's 854x480, at few frames: the layout is what counts
    base = {**os.environ, CACHE_ENV: str(warm)}
    render({**base, MANIM_OPTIONS_ENV: json.dumps(TINY)}, tmp_path / "tiny", "-l", "zh",
           "--theme", "light")
    made = []
    for name, cache in (("after-tiny", warm), ("clean", clean)):
        out = tmp_path / name
        render({**base, CACHE_ENV: str(cache), MANIM_OPTIONS_ENV: json.dumps(normal)}, out,
               "-l", "zh", "--theme", "light", "-q", "l")
        (entry,) = Manifest.from_file(out / "manifest.json").entries.values()
        made.append(frames(out / entry.files["main"]))
    (size, rate, after_tiny), (clean_size, clean_rate, reference) = made
    assert size == clean_size == (854, 480) and rate == clean_rate == 5
    assert len(after_tiny) == len(reference) > 100
    worst = max(int(np.abs(a.astype(int) - b.astype(int)).max())
                for a, b in zip(after_tiny, reference, strict=True))
    assert worst == 0, f"frames after a tiny render differ by up to {worst} levels"
