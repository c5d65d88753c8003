"""A new output format is one record in the formats table: with nothing else changed, the CLI
offers it, planning and the render process write its files, and the gallery links it."""

import json

import av
import pytest
from click.testing import CliRunner

from explainer.cli import main
from explainer.course import gallery
from explainer.render import formats
from explainer.render.batch import entry_from
from explainer.render.manifest import Manifest
from explainer.render.plan import plan
from tests.conftest import CAT

# The whole change a new format needs, in explainer/render/formats.py:
M4V = formats.Format("m4v", "video", sound=True, alpha=False, mime="video/x-m4v",
                     manim={"format": "mp4"}, gallery=("download",))


@pytest.fixture
def with_m4v(monkeypatch):
    monkeypatch.setitem(formats.FORMATS, "m4v", M4V)


def test_the_cli_offers_a_format_from_the_table(with_m4v, tmp_path):
    result = CliRunner().invoke(main, ["list", "-f", "m4v", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "m4v" in result.output


def test_a_silent_format_refuses_a_voice(tmp_path):
    result = CliRunner().invoke(main, ["render", "dying-relu", "-f", "gif", "--voice",
                                       "espeak", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: --voice espeak needs a format with sound (mp4, webm, mov); -f gif has none: "
        "drop --voice or choose another -f"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_format_from_the_table_renders_and_shows(with_m4v, tmp_path, monkeypatch):
    from explainer.render import job_process  # imports Manim when it runs

    monkeypatch.setenv("EXPLAINER_MANIM_OPTIONS", json.dumps(
        {"pixel_width": 128, "pixel_height": 72, "frame_rate": 4}))
    (item,) = plan(CAT, ["activation-relu"], ["en"], "l", "m4v", "dark")
    out = tmp_path / "renders"
    report = job_process.run(item, out, tmp_path / "work", CAT.root)
    assert set(report.files) == {"main", "poster", "srt", "vtt", "chapters"}
    assert report.files["main"] == "en/128x72p4-ql/activation-relu.m4v"
    with av.open(str(out / report.files["main"])) as container:
        assert container.streams.video[0].codec_context.name == "h264"
    manifest = Manifest()
    manifest.put(entry_from(item, report, 1.0, out))
    manifest.to_file(out / "manifest.json")
    page = gallery.build(out, CAT).read_text(encoding="utf-8")
    assert 'href="en/128x72p4-ql/activation-relu.m4v" download' in page
