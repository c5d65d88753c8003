"""The SVG cache shared by jobs: copied in before a render, published after, whole or absent."""

import subprocess
import sys
import textwrap

from explainer.render import svg_cache


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
    assert svg_cache.publish(job1, cache) == 2
    assert sorted(p.name for p in (cache / "tex").iterdir()) == ["a.svg"]
    assert sorted(p.name for p in (cache / "text").iterdir()) == ["b.svg"]
    assert svg_cache.publish(job1, cache) == 0  # already there: nothing rewritten

    job2 = tmp_path / "job2"
    assert svg_cache.prime(job2, cache) == 2
    assert (job2 / "Tex" / "a.svg").read_bytes() == b"<svg>a</svg>"
    assert (job2 / "texts" / "b.svg").read_bytes() == b"<svg/>"


def test_a_job_rewriting_its_copy_leaves_the_cache_alone(tmp_path):
    """Manim's Text rewrites its SVG in place; the cache entry must not change with it."""
    cache = tmp_path / "cache"
    svg_cache.publish(media_with(tmp_path / "job1", {"texts/t.svg": b"<svg>t</svg>"}), cache)
    job2 = tmp_path / "job2"
    svg_cache.prime(job2, cache)
    with (job2 / "texts" / "t.svg").open("w") as fh:  # truncate, as remove_last_M does
        fh.write("")
    assert (cache / "text" / "t.svg").read_bytes() == b"<svg>t</svg>"


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
        svg_cache.publish(folder.parent, cache)
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
