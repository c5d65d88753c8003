"""The shared caches stay bounded: least recently used entries go first, never while another
process may be copying from the cache; `explainer cache` shows and clears them."""

import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from explainer import cache
from explainer.cli import main
from explainer.render import svg_cache
from explainer.settings import CACHE_ENV, CACHE_LIMIT_ENV
from explainer.voice import audio


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def entry(path, size, age):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_the_least_recently_used_go_first(root):
    old = entry(root / "voice" / "old.wav", 400, age=300)
    mid = entry(root / "svg-manim-0.22.0" / "text" / "mid.svg", 400, age=200)
    new = entry(root / "voice" / "new.wav", 400, age=100)
    cache.touch([old])  # used just now: the newest
    result = cache.evict(limit=900)
    assert (result.removed, result.freed, result.kept, result.deferred) == (1, 400, 800, False)
    assert old.exists() and not mid.exists() and new.exists()
    assert [(u.name, u.files) for u in cache.usage()] == [("svg-manim-0.22.0", 0), ("voice", 2)]


def test_a_cache_hit_counts_as_a_use(root):
    identity = "espeak|en|hello"
    target = audio._target(identity)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(audio.wav_bytes(audio.np.zeros(100)))
    os.utime(target, (1.0, 1.0))
    assert audio.lookup(identity) is not None
    assert target.stat().st_mtime > time.time() - 60


def test_svgs_a_render_used_are_marked(root, tmp_path):
    cached = entry(svg_cache.cache_dir() / "text-854x480" / "a.svg", 10, age=500)
    unused = entry(svg_cache.cache_dir() / "tex" / "b.svg", 10, age=500)
    media = tmp_path / "media"
    svg_cache.prime(media, (854, 480))
    since = time.time() - 1
    os.utime(media / "Tex" / "b.svg", (since - 5, since - 5))  # copied, never read
    (media / "texts" / "a.svg").write_text("<svg/>")  # Text rewrites what it uses
    assert svg_cache.mark_used(media, since, (854, 480)) == 1
    assert cached.stat().st_mtime > since and unused.stat().st_mtime < since


def test_no_eviction_while_another_process_holds_the_cache(root):
    kept = entry(root / "voice" / "a.wav", 100, age=100)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom explainer import cache\n"
         "with cache.in_use():\n    print('held', flush=True)\n    sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert holder.stdout.readline().strip() == "held"
        result = cache.evict(limit=0)
        assert result.deferred and result.removed == 0 and kept.exists()
        result = CliRunner().invoke(main, ["cache", "clear"])
        assert result.exit_code == 2 and "a render is using the cache" in result.output
        assert kept.exists()
    finally:
        holder.communicate("\n", timeout=30)
    assert cache.evict(limit=0).removed == 1 and not kept.exists()


def test_the_cache_command_and_its_limit(root, monkeypatch):
    entry(root / "voice" / "a.wav", 1_500_000, age=10)
    result = CliRunner().invoke(main, ["cache"])
    assert result.exit_code == 0
    assert "voice: 1 files, 1.5 MB" in result.output and "of 300.0 MB" in result.output
    monkeypatch.setenv(CACHE_LIMIT_ENV, "lots")
    result = CliRunner().invoke(main, ["cache"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: $EXPLAINER_CACHE_LIMIT_MB='lots': give the cache limit in MB, a number from 0 "
        "up, e.g. 300"]
    monkeypatch.setenv(CACHE_LIMIT_ENV, "1")
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 0 and "removed 1 files, 1.5 MB" in result.output
    assert cache.usage()[0].files == 0


def test_a_render_job_holds_the_cache_while_it_renders(root, tmp_path, monkeypatch):
    """While Manim runs (it copies SVGs and clips from the cache), eviction waits; after the
    job, it proceeds."""
    from explainer.render import job_process, manim_scene, plan
    from tests.conftest import CAT

    class Stop(Exception):
        pass

    deferred = []

    def rendering(*args, **kwargs):
        deferred.append(cache.evict(limit=0).deferred)
        raise Stop

    monkeypatch.setattr(manim_scene, "render", rendering)
    kept = entry(root / "voice" / "a.wav", 100, age=100)
    item = plan.plan(CAT, ["dying-relu"], ["en"], "l", "mp4", "dark")[0]
    with pytest.raises(Stop):
        job_process.run(item, tmp_path / "out", tmp_path / "work", CAT.root)
    assert deferred == [True] and kept.exists()
    assert cache.evict(limit=0).removed == 1 and not kept.exists()
