"""What a browser is handed: every file type a page announces is the type the file is (as
Python's mimetypes, an independent table, names it), and every link a page holds reaches a
file the output folder has, written as a URL."""

import mimetypes
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from explainer.course import gallery
from explainer.course.escape import url_attr
from explainer.render import formats
from explainer.render.manifest import Manifest
from tests.conftest import CAT
from tests.gallery.test_gallery import fake_render


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_each_format_is_announced_as_what_it_is(name):
    form = formats.get(name)
    guessed, _ = mimetypes.guess_type(f"video.{form.name}")
    assert form.mime == guessed


def test_the_gallery_announces_and_links_what_is_there(tmp_path):
    out = tmp_path / "out"
    manifest = Manifest()
    for fmt in ("mp4", "webm", "gif", "png"):
        manifest.put(fake_render(out, "dying-relu", "en", fmt))
    manifest.to_file(out / "manifest.json")
    page = gallery.build(out, CAT).read_text(encoding="utf-8")
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)"', page)
    assert sources
    for src, kind in sources:
        assert kind == mimetypes.guess_type(unquote(unescape(src)))[0], src
    for link in re.findall(r'(?:src|href)="((?:en|zh)/[^"]+)"', page):
        assert (out / unquote(unescape(link))).is_file(), link


def test_a_path_is_written_as_a_url():
    """A folder an author names with a space or a '#' still links (the page is a URL, the
    file system is not)."""
    assert url_attr("course videos/en/720p30/a b.mp4") == "course%20videos/en/720p30/a%20b.mp4"
    written = url_attr("x/#1.mp4")
    assert "#" not in written and unquote(written) == "x/#1.mp4"
    assert Path(unquote(url_attr("en/720p30-light/dying-relu.mp4"))).name == "dying-relu.mp4"
