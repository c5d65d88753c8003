"""The gallery page, from a hand-made manifest: structure, escaping, relative paths."""

import html
import json
import re
import shutil
import tomllib
from html.parser import HTMLParser

from explainer.content.questions import load_questions
from explainer.course import gallery
from explainer.course.lesson import stable_order
from explainer.render.job import Job
from explainer.render.manifest import Entry, Manifest
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT


def fake_render(out, scene_id, lang, fmt="mp4"):
    job = Job(scene_id, lang, "l", fmt)
    base = f"{lang}/720p30/{scene_id}"
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
    assert 'src="en/720p30/dying-relu.gif"' in page


HOSTILE = '"><img src=x onerror=1></script><script>alert(1)</script>'


class Everything(HTMLParser):
    """Every tag, attribute, text run and script body of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.texts, self.scripts, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.texts).append(data)


def test_every_content_string_is_escaped(tmp_path, monkeypatch):
    """Titles, descriptions, image alt text and the page's own words (also inside the inline
    script's JSON) come from content files: a hostile string stays text."""
    drafts = tmp_path / "content"
    shutil.copytree(CAT.content_dir, drafts)
    for lang in ("en", "zh"):
        path = drafts / f"{lang}.toml"
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        doc["dying-relu"]["title"] = HOSTILE
        doc["dying-relu"]["description"] = HOSTILE
        doc["gallery"] = {k: HOSTILE for k in doc["gallery"]}
        doc["questions"]["dead-neurons"].update(prompt=HOSTILE, model_answer=HOSTILE)
        doc["questions"]["collapse-choice"].update(
            prompt=HOSTILE, choices=[HOSTILE, "safe"], answer=HOSTILE, explanation=HOSTILE)
        path.write_text(dump_toml(doc), encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(drafts))
    out = tmp_path / "out"
    manifest = Manifest()
    for fmt in ("mp4", "gif", "png"):
        manifest.put(fake_render(out, "dying-relu", "en", fmt))
    manifest.to_file(out / "manifest.json")
    page = gallery.build(out, CAT).read_text(encoding="utf-8")

    parser = Everything()
    parser.feed(page)
    assert not [a for t, a in parser.tags if t == "img" and "onerror" in a]
    # only the page's own: the course data (JSON, not run) and its code
    assert [a.get("type") for t, a in parser.tags if t == "script"] == ["application/json", None]
    # title, description, words, and in the drill two prompts, an answer, a choice...
    assert sum(HOSTILE in text for text in parser.texts) >= 7
    alts = [a["alt"] for t, a in parser.tags if t == "img"]
    assert alts and all(alt == HOSTILE for alt in alts)
    strings = re.search(r"var strings = (\{.*?\});", parser.scripts[1], re.S)
    assert strings and json.loads(strings.group(1))["en"]["language"] == HOSTILE
    lessons = json.loads(parser.scripts[0])  # one document per card: the lesson model
    assert {(x["scene"], x["lang"]) for x in lessons} == {("dying-relu", "en")}
    assert lessons[0]["title"] == HOSTILE
    asked = {q["id"]: q for q in lessons[0]["questions"]}
    assert asked["dead-neurons"]["prompt"] == HOSTILE


def dump_toml(doc, prefix=""):
    """Just enough TOML writing for a content file: tables of strings and nested tables."""
    lines, tables = [], []
    for key, value in doc.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{json.dumps(key)} = {json.dumps(value, ensure_ascii=False)}")
    text = (f"[{prefix}]\n" if prefix and lines else "") + "\n".join(lines) + "\n"
    for key, value in tables:
        name = f"{prefix}.{json.dumps(key)}" if prefix else json.dumps(key)
        text += dump_toml(value, name)
    return text


def test_empty_manifest_gives_a_helpful_page(tmp_path):
    Manifest().to_file(tmp_path / "manifest.json")
    page = gallery.build(tmp_path, CAT).read_text(encoding="utf-8")
    assert "explainer render --all" in page
    strings = re.search(r"var strings = (\{.*?\});", page, re.S)
    assert strings and json.loads(strings.group(1))["zh"]["language"] == "语言"


def test_the_drill_shows_choices_in_their_stable_order(tmp_path):
    Manifest().to_file(tmp_path / "manifest.json")
    page = gallery.build(tmp_path, CAT).read_text(encoding="utf-8")
    drill = page[page.index('<div class="drill" data-lang="en"'):]
    for q in (q for q in load_questions(CAT, "en") if q.kind == "choice"):
        item = re.search(rf'data-question="{q.id}">.*?<ul class="choices">(.*?)</ul>', drill)
        assert item and re.findall(r"<li>(.*?)</li>", item.group(1)) == [
            html.escape(c) for c in stable_order(q)]
