"""Clips: decoded from any format, brought to -16 LUFS, faded, refused when silent."""

import numpy as np
import pytest

from explainer.errors import VoiceError
from explainer.voice import audio


def tone(seconds=1.0, level=0.1, freq=220.0):
    t = np.arange(int(seconds * audio.RATE)) / audio.RATE
    return level * np.sin(2 * np.pi * freq * t)


def write(path, samples):
    path.write_bytes(audio.wav_bytes(samples))
    return path


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("level", [0.01, 0.1, 0.9])
def test_every_clip_comes_out_at_one_loudness(tmp_path, level):
    clip = audio.prepared(write(tmp_path / "a.wav", tone(level=level)), f"tone-{level}")
    samples = audio.decode(clip.path)
    assert audio.loudness(samples) == pytest.approx(audio.TARGET_LUFS, abs=0.5)
    assert audio.true_peak_db(samples) <= audio.CLIP_PEAK_DB + 0.05  # wav rounding
    assert clip.duration == pytest.approx(1.0, abs=1e-3)
    # faded in and out: no click at the joins
    assert abs(samples[0]) < 1e-3 and abs(samples[-1]) < 1e-3


def test_a_peaky_voice_reaches_the_loudness_its_peaks_are_limited_not_the_whole_line(tmp_path):
    """Speech has short peaks far above its level: scaling the whole line until the highest
    peak fits left such a voice 2-5 dB quiet. A limiter turns down only the peaks."""
    rng = np.random.default_rng(7)
    peaky = tone(2.0, 0.1)
    for start in rng.integers(0, peaky.size - 96, 10):  # 2 ms clicks, 8x the level
        peaky[start:start + 96] += rng.choice([-0.8, 0.8]) * np.hanning(96)
    # the fixture: scaled as a whole to fit its peaks, it would end up over 4 LU quiet
    scaled = peaky * 10 ** ((audio.TARGET_LUFS - audio.loudness(peaky)) / 20)
    assert audio.true_peak_db(scaled) > audio.TRUE_PEAK_DB + 4
    samples = audio.decode(audio.prepared(write(tmp_path / "p.wav", peaky), "peaky").path)
    assert audio.loudness(samples) == pytest.approx(audio.TARGET_LUFS, abs=0.5)
    assert audio.true_peak_db(samples) <= audio.CLIP_PEAK_DB + 0.05


def test_a_clip_that_starts_and_ends_loud_is_faded(tmp_path):
    """A cosine starts at its peak: without the fade the clip would click at both ends."""
    t = np.arange(int(1.0 * audio.RATE)) / audio.RATE
    loud = 0.5 * np.cos(2 * np.pi * 200 * t)  # 200 whole periods: it ends at its peak too
    samples = audio.decode(audio.prepared(write(tmp_path / "c.wav", loud), "cosine").path)
    peak = np.max(np.abs(samples))
    assert abs(samples[0]) < 0.01 * peak and abs(samples[-1]) < 0.01 * peak
    fade = int(audio.FADE_S * audio.RATE)
    assert np.max(np.abs(samples[:fade // 4])) < 0.5 * peak  # still rising early on


def test_the_cache_is_keyed_by_identity(tmp_path):
    first = audio.prepared(write(tmp_path / "a.wav", tone()), "same")
    again = audio.prepared(write(tmp_path / "b.wav", tone(freq=440)), "same")
    other = audio.prepared(write(tmp_path / "b.wav", tone(freq=440)), "other")
    assert first.path == again.path != other.path
    assert audio.lookup("never") is None


def test_silent_unreadable_and_unsupported_clips_are_refused(tmp_path):
    with pytest.raises(VoiceError, match=r"silent\.wav: the clip is silent"):
        audio.prepared(write(tmp_path / "silent.wav", np.zeros(audio.RATE)), "silent")
    (tmp_path / "broken.wav").write_bytes(b"RIFF not really")
    with pytest.raises(VoiceError, match=r"broken\.wav: cannot read this audio file"):
        audio.prepared(tmp_path / "broken.wav", "broken")
    (tmp_path / "clip.aiff").write_bytes(b"x")
    with pytest.raises(VoiceError, match=r"unsupported audio format '\.aiff'"):
        audio.prepared(tmp_path / "clip.aiff", "aiff")
