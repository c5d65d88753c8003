"""Caption files: SubRip and WebVTT."""

import datetime

import srt

from explainer.captions import srt_to_vtt


def test_srt_to_vtt_keeps_cues_and_writes_hours():
    cues = [srt.Subtitle(1, datetime.timedelta(seconds=0), datetime.timedelta(seconds=2.5),
                         "first"),
            srt.Subtitle(2, datetime.timedelta(hours=1, minutes=2, seconds=3, milliseconds=45),
                         datetime.timedelta(hours=10, seconds=1), "最后 <b>一</b>")]
    vtt = srt_to_vtt(srt.compose(cues))
    assert vtt.startswith("WEBVTT\n\n")
    assert "00:00:00.000 --> 00:00:02.500\nfirst" in vtt
    assert "01:02:03.045 --> 10:00:01.000\n最后 <b>一</b>" in vtt
    assert "," not in vtt.split("\n\n", 1)[1].split("\n")[1]  # dots, not SRT's commas


def test_a_reworded_caption_keeps_the_numbers_it_was_said_with(media_dir):
    """A caption edit rewrites .srt/.vtt from the last render's cues: the new wording, with the
    numbers that render computed (the core's), each in its new place."""
    from explainer.captions import refill
    from tests.conftest import dry_run

    scene = dry_run("zero-centred-outputs", media_dir=media_dir)
    slow, fast = (int(scene.shown_numbers[f"steps_to_{s}"]) for s in ("sigmoid", "tanh"))
    reworded = {**scene.spec.captions(),
                "captions.count": "Right: {fast} steps. Left: {slow} steps."}
    (count,) = [c for c in refill(scene.captions, reworded) if c.key == "captions.count"]
    assert count.text == f"Right: {fast} steps. Left: {slow} steps."
    assert slow > fast > 0
