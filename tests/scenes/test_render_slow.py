"""Every scene rendered for real at a tiny size: the video decodes, lasts what the scene says,
is not blank, and its subtitles lie within it. (Split renders: test_same_pixels_slow.)"""

import itertools
from pathlib import Path

import av
import numpy as np
import pytest
import srt

from explainer.content.request import plan_request
from explainer.render.manim_scene import render
from tests.conftest import CAT

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5, "disable_caching": True}
IDS = CAT.ids()


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_tiny_render(index, tmp_path):
    scene_id = IDS[index]
    lang, theme = ("en", "dark") if index % 2 == 0 else ("zh", "light")
    result = render(plan_request(CAT, scene_id, lang, theme), tmp_path, TINY, CAT.root)
    assert result.video is not None and result.video.exists()

    with av.open(str(result.video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (192, 108)
        frames = [f.to_ndarray(format="gray") for f in container.decode(stream)]
        duration = len(frames) / 5
    assert duration == pytest.approx(result.duration, abs=0.41)
    assert 20 <= duration <= 60
    spread = np.std(np.stack(frames).astype(float), axis=(1, 2))
    # fades between sections leave a few near-blank frames: 13 of 128 in a 25 s scene
    assert np.mean(spread > 5) > 0.85, "most frames should show something"

    assert result.captions is not None
    cues = list(srt.parse(Path(result.captions).read_text(encoding="utf-8")))
    assert cues and cues[0].start.total_seconds() == 0
    assert cues[-1].end.total_seconds() <= duration + 0.21
    for a, b in itertools.pairwise(cues):
        assert a.end <= b.start, "cues must not overlap"
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for cue in cues for ch in cue.content)
    assert has_chinese == (lang == "zh")
