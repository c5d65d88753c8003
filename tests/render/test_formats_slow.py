"""Each output format lands where it should, in the manifest and in the gallery."""

import json
import os
import subprocess
import sys

import av
import pytest

from explainer.render.manifest import Manifest

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5, "disable_caching": True}


@pytest.mark.slow
def test_webm_gif_transparent_mov_and_png(tmp_path):
    out = tmp_path / "renders"
    env = {**os.environ, "EXPLAINER_MANIM_OPTIONS": json.dumps(TINY)}
    for extra in (["-f", "webm"], ["-f", "gif"], ["-f", "mov", "--transparent"], ["-f", "png"]):
        subprocess.run([sys.executable, "-m", "explainer.cli", "render", "activation-relu",
                        "-o", str(out), *extra], env=env, check=True, capture_output=True)
    folder = out / "en" / "192x108p5"
    expected = {"webm": ("vp9", None), "gif": ("gif", None), "mov": ("qtrle", 0)}
    for fmt, (codec, alpha_min) in expected.items():
        with av.open(str(folder / f"activation-relu.{fmt}")) as container:
            stream = container.streams.video[0]
            assert stream.codec_context.name == codec
            frame = next(iter(container.decode(stream))).to_ndarray(format="rgba")
            if alpha_min is not None:
                assert frame[..., 3].min() == alpha_min  # a see-through background
    assert (folder / "activation-relu.last-frame.png").exists()
    assert (folder / "activation-relu.png").exists()  # the videos' poster frame

    formats = {e.job.format for e in Manifest.from_file(out / "manifest.json").entries.values()}
    assert formats == {"webm", "gif", "mov", "png"}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'type="video/webm"' in page
    assert 'src="en/192x108p5/activation-relu.gif"' in page
    assert 'href="en/192x108p5/activation-relu.mov" download' in page


def x264_settings(path) -> str:
    """The settings x264 writes into the stream it encodes (an SEI message)."""
    data = path.read_bytes()
    start = data.index(b"x264 - core")
    return data[start:data.index(b"\0", start)].decode("ascii")


@pytest.mark.slow
def test_drafts_encode_with_veryfast_and_finals_with_x264s_default(tmp_path):
    out = tmp_path / "renders"
    env = {**os.environ, "EXPLAINER_MANIM_OPTIONS": json.dumps(TINY)}
    for quality in ("m", "h"):
        subprocess.run([sys.executable, "-m", "explainer.cli", "render", "activation-overview",
                        "-q", quality, "-o", str(out)], env=env, check=True,
                       capture_output=True)
    draft = x264_settings(out / "en" / "192x108p5" / "activation-overview.mp4")
    final = x264_settings(out / "en" / "192x108p5-qh" / "activation-overview.mp4")
    assert "subme=2 " in draft and "ref=1 " in draft  # x264's veryfast
    assert "subme=7 " in final and "ref=3 " in final  # x264's medium
