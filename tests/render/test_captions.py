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
