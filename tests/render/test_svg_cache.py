"""The SVG cache shared by jobs: copied in before a render, published after, whole or absent,
and text laid out at one pixel size never served to a render at another."""

import subprocess
import sys
import textwrap

import pytest

from explainer.render import svg_cache
from explainer.render.job import Job, with_extra

SMALL = (854, 480)


def media_with(folder, files):
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def test_publish_then_prime_round_trip(tmp_path):
    cache = tmp_path / "cache"
    job1 = media_with(tmp_path / "job1", {"Tex/a.svg": b"<svg>a</svg>", "texts/b.svg": b"<svg/>",
                                          "Tex/a.tex": b"tex", "texts/b_.svg": b"scratch",
                                          "texts/empty.svg": b""})
    assert svg_cache.publish(job1, SMALL, cache) == 2
    assert sorted(p.name for p in (cache / "tex").iterdir()) == ["a.svg"]
    assert sorted(p.name for p in (cache / "text-854x480").iterdir()) == ["b.svg"]
    assert svg_cache.publish(job1, SMALL, cache) == 0  # already there: nothing rewritten

    job2 = tmp_path / "job2"
    assert svg_cache.prime(job2, SMALL, cache) == 2
    assert (job2 / "Tex" / "a.svg").read_bytes() == b"<svg>a</svg>"
    assert (job2 / "texts" / "b.svg").read_bytes() == b"<svg/>"


def test_text_laid_out_at_one_size_is_not_served_at_another(tmp_path):
    """Pango wraps a Text at the video's pixel width, a width Manim leaves out of the SVG's
    name: a 192x108 layout served to an 854x480 render drew lines over each other."""
    cache = tmp_path / "cache"
    tiny = media_with(tmp_path / "tiny", {"Tex/f.svg": b"<svg>tex</svg>",
                                          "texts/t.svg": b"<svg>wrapped at 192</svg>"})
    svg_cache.publish(tiny, (192, 108), cache)
    other = tmp_path / "other"
    assert svg_cache.prime(other, SMALL, cache) == 1  # LaTeX's SVG only: it has no width
    assert (other / "Tex" / "f.svg").exists() and not (other / "texts" / "t.svg").exists()
    for size in [(192, 109), (193, 108)]:  # either side alone is another layout
        assert svg_cache.folders(size)[svg_cache.TEXT] != svg_cache.folders((192, 108))[
            svg_cache.TEXT]
    again = tmp_path / "again"
    assert svg_cache.prime(again, (192, 108), cache) == 2


@pytest.mark.parametrize(("quality", "extra", "size"), [
    ("l", {}, (854, 480)), ("m", {}, (1280, 720)), ("h", {}, (1920, 1080)),
    ("m", {"pixel_width": 192, "pixel_height": 108}, (192, 108)),
    ("l", {"pixel_width": 320}, (320, 480)),
    ("h", {"frame_rate": 5}, (1920, 1080)),
])
def test_the_pixel_size_is_the_one_manim_renders_at(quality, extra, size):
    job = Job("activation-relu", "en", quality, "mp4")
    assert svg_cache.pixel_size(with_extra(job.manim_options, extra)) == size


def test_a_job_rewriting_its_copy_leaves_the_cache_alone(tmp_path):
    """Manim's Text rewrites its SVG in place; the cache entry must not change with it."""
    cache = tmp_path / "cache"
    svg_cache.publish(media_with(tmp_path / "job1", {"texts/t.svg": b"<svg>t</svg>"}), SMALL,
                      cache)
    job2 = tmp_path / "job2"
    svg_cache.prime(job2, SMALL, cache)
    with (job2 / "texts" / "t.svg").open("w") as fh:  # truncate, as remove_last_M does
        fh.write("")
    assert (cache / "text-854x480" / "t.svg").read_bytes() == b"<svg>t</svg>"


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from explainer.render import svg_cache
    media, cache, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    for round in range(30):
        folder = media / f"{tag}-{round}" / "Tex"
        folder.mkdir(parents=True)
        for i in range(20):
            (folder / f"{round}-{i}.svg").write_bytes(b"<svg>" + b"x" * 20000 + b"</svg>")
        svg_cache.publish(folder.parent, (854, 480), cache)
""")


def test_concurrent_publishers_leave_only_whole_files(tmp_path):
    cache = tmp_path / "cache"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "media"),
                                 str(cache), tag]) for tag in ("a", "b")]
    seen = 0
    while any(w.poll() is None for w in writers):
        for path in (cache / "tex").glob("*.svg") if (cache / "tex").exists() else []:
            data = path.read_bytes()
            assert data.startswith(b"<svg>") and data.endswith(b"</svg>"), path
            seen += 1
    assert all(w.wait() == 0 for w in writers)
    entries = list((cache / "tex").iterdir())
    assert len(entries) == 600 and all(p.stat().st_size == 20011 for p in entries)
    assert seen > 0
