"""Every scene rendered for real at a tiny size: the video decodes, lasts what the scene says,
is not blank, and its subtitles lie within it."""

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
    if scene_id in SPLIT:
        check_split(scene_id, lang, theme, result, frames, tmp_path)


# Three kinds of scene (linear maps, an activation's sweep, a training race): rendered in
# chunks, one per chapter, and joined, they give the whole render's video.
SPLIT = {"linear-collapse", "activation-relu", "training-comparison"}


def check_split(scene_id, lang, theme, whole, whole_frames, tmp_path):
    from explainer.render.split import TO_THE_END
    from explainer.render.video import concat

    request = plan_request(CAT, scene_id, lang, theme)
    count = len(CAT.get(scene_id).chapters)
    pieces = []
    for k in range(count):
        last = k if k < count - 1 else TO_THE_END
        part = render(request, tmp_path / f"chunk{k}", TINY, CAT.root, (k, last))
        pieces.append(part)
    joined = tmp_path / "joined.mp4"
    concat([p.video for p in pieces], joined)
    with av.open(str(joined)) as container:
        frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    assert len(frames) == len(whole_frames)
    worst = max(np.abs(a.astype(int) - b.astype(int)).max() for a, b in
                zip(frames, whole_frames, strict=True))
    assert worst == 0, f"split frames differ by up to {worst} grey levels"
    final = pieces[-1].scene  # ran to the end: the whole timing
    assert [c.to_dict() for c in final.captions] == [c.to_dict() for c in whole.scene.captions]
    assert [c.to_dict() for c in final.chapters] == [c.to_dict() for c in whole.scene.chapters]
    assert final.renderer.time == whole.duration
