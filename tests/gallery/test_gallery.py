"""The gallery page, from a hand-made manifest: structure, escaping, relative paths."""

import json
import re
from html.parser import HTMLParser

from explainer import gallery
from explainer.render.job import Job
from explainer.render.manifest import Entry, Manifest
from tests.conftest import CAT


def fake_render(out, scene_id, lang, fmt="mp4"):
    job = Job(scene_id, lang, "l", fmt)
    base = f"{lang}/480p15/{scene_id}"
    files = {"main": f"{base}.{fmt}"}
    if fmt == "mp4":
        files.update(poster=f"{base}.png", srt=f"{base}.srt", vtt=f"{base}.vtt")
    for f in files.values():
        (out / f).parent.mkdir(parents=True, exist_ok=True)
        (out / f).write_bytes(b"x")
    return Entry(job, "k", files, 25.0, 854, 480, 1234, 1.0, "now")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_lists_every_rendered_video_with_relative_paths(tmp_path):
    manifest = Manifest()
    for lang in ("en", "zh"):
        manifest.put(fake_render(tmp_path, "dying-relu", lang))
    manifest.put(fake_render(tmp_path, "dying-relu", "en", "gif"))
    manifest.to_file(tmp_path / "manifest.json")
    page = gallery.build(tmp_path, CAT).read_text(encoding="utf-8")

    parser = Collector()
    parser.feed(page)
    videos = [a for t, a in parser.tags if t == "video"]
    assert len(videos) == 2 and all(v["preload"] == "metadata" for v in videos)
    assert all("controls" in v for v in videos)
    tracks = [a for t, a in parser.tags if t == "track"]
    assert {t["srclang"] for t in tracks} == {"en", "zh"} and all(t["kind"] == "captions"
                                                                   for t in tracks)
    urls = [a.get("src") or a.get("href") or a.get("poster") for t, a in parser.tags
            if t in ("source", "track", "img", "script", "link")]
    local = [u for u in urls if u is not None and not u.startswith("data:")]
    assert all(not re.match(r"^(/|[a-z]+:)", u) for u in local), urls
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched from elsewhere
    assert "Dying ReLU" in page and "ReLU 神经元死亡" in page
    assert 'src="en/480p15/dying-relu.gif"' in page


def test_text_is_escaped(tmp_path, monkeypatch):
    real = gallery.content.load_text

    def hostile(entry, lang, directory):
        text = dict(real(entry, lang, directory))
        text["title"] = "<script>alert(1)</script>"
        return text

    monkeypatch.setattr(gallery.content, "load_text", hostile)
    manifest = Manifest()
    manifest.put(fake_render(tmp_path, "dying-relu", "en"))
    manifest.to_file(tmp_path / "manifest.json")
    page = gallery.build(tmp_path, CAT).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_empty_manifest_gives_a_helpful_page(tmp_path):
    Manifest().to_file(tmp_path / "manifest.json")
    page = gallery.build(tmp_path, CAT).read_text(encoding="utf-8")
    assert "explainer render --all" in page
    strings = re.search(r"var strings = (\{.*?\});", page, re.S)
    assert strings and json.loads(strings.group(1))["zh"]["language"] == "语言"
