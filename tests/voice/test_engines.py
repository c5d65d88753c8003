"""Speech engines: espeak-ng built in, others through the explainer.voices entry point."""

import shutil
import sys
import textwrap

import numpy as np
import pytest

from explainer.errors import VoiceError
from explainer.voice import audio, engines
from explainer.voice.narration import Narrator, recorded_clip

PLUGIN = textwrap.dedent('''
    import numpy as np
    from explainer.voice.audio import RATE, wav_bytes

    CALLS = []  # every line synthesised, so a test can see what the cache spared

    class Beep:
        """A test engine: one 440 Hz tone per line, a tenth of a second per character."""
        name = "beep"
        def version(self): return "1"
        def voice(self, lang): return f"beep-{lang}"
        def synthesize(self, text, lang, target):
            CALLS.append(text)
            t = np.arange(int(0.1 * len(text) * RATE)) / RATE
            target.write_bytes(wav_bytes(0.3 * np.sin(2 * np.pi * 440 * t)))
''')


def install_plugin(folder):
    """A tiny installed distribution that registers 'beep' in explainer.voices."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "beep_voice.py").write_text(PLUGIN, encoding="utf-8")
    info = folder / "beep_voice-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: beep-voice\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[explainer.voices]\nbeep = beep_voice:Beep\n")
    return folder


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(install_plugin(tmp_path / "site")))
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    yield
    sys.modules.pop("beep_voice", None)


def test_a_plugin_registers_through_the_entry_point(tmp_path, plugin):
    assert "beep" in engines.names()
    narrator = Narrator("beep", "dying-relu", "en", tmp_path / "content")
    clip = narrator.clip("captions.intro", "hello")
    assert clip is not None and clip.duration == pytest.approx(0.5, abs=1e-3)
    assert audio.loudness(audio.decode(clip.path)) == pytest.approx(-16.0, abs=0.5)
    import beep_voice

    assert beep_voice.CALLS == ["hello"]
    assert narrator.clip("captions.intro", "hello").path == clip.path
    again = Narrator("beep", "dying-relu", "en", tmp_path / "content")
    assert again.clip("captions.intro", "hello").path == clip.path
    assert beep_voice.CALLS == ["hello"]  # cached: the engine was not asked again
    again.clip("captions.intro", "hello there")
    assert beep_voice.CALLS == ["hello", "hello there"]


def test_a_recorded_clip_wins_over_the_engine(tmp_path, plugin):
    content = tmp_path / "content"
    folder = content / "voice" / "en" / "dying-relu"
    folder.mkdir(parents=True)
    (folder / "intro.wav").write_bytes(audio.wav_bytes(0.2 * np.sin(np.arange(48000) / 7.0)))
    assert recorded_clip(content, "en", "dying-relu", "captions.intro") == folder / "intro.wav"
    clip = Narrator("beep", "dying-relu", "en", content).clip("captions.intro", "hello")
    assert clip is not None and clip.duration == pytest.approx(1.0, abs=1e-3)


def test_unknown_and_missing_engines_say_what_to_do(monkeypatch, tmp_path):
    with pytest.raises(VoiceError, match=r"unknown voice 'nope'; choose one of off, recorded, "
                       r"auto, espeak, piper"):
        engines.load("nope")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(VoiceError, match="espeak-ng is not installed; fix: sudo apt-get"):
        engines.load("espeak")


def test_espeak_speaks_chinese_with_the_mandarin_voice(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    espeak = engines.load("espeak")
    assert espeak.voice("zh") == "cmn" and espeak.voice("en") == "en-us"
    zh = Narrator("espeak", "dying-relu", "zh", tmp_path).clip("captions.intro", "神经元")
    en = Narrator("espeak", "dying-relu", "en", tmp_path).clip("captions.intro", "neuron")
    assert zh is not None and en is not None and zh.path != en.path
    assert 0.3 < zh.duration < 3.0  # three syllables, not "Chinese letter" spelled out


@pytest.mark.parametrize(("name", "data", "message"), [
    ("intro.wav", b"RIFF broken", "cannot read this audio file"),
    ("intro.wav", audio.wav_bytes(np.zeros(48000)), "the clip is silent"),
    ("intro.aiff", b"x", "unsupported audio format: intro.aiff"),
])
def test_bad_clips_stop_the_plan_with_one_line(tmp_path, monkeypatch, name, data, message):
    from click.testing import CliRunner

    from explainer.cli import main
    from explainer.settings import CONTENT_ENV
    from tests.conftest import CAT

    content = tmp_path / "content"
    shutil.copytree(CAT.content_dir, content)
    folder = content / "voice" / "en" / "dying-relu"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)
    monkeypatch.setenv(CONTENT_ENV, str(content))
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "dying-relu", "--voice", "espeak", "-o",
                                       str(out)])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and message in result.output
    assert not out.exists()


def test_a_recorded_clip_is_found_whatever_the_case_of_its_extension(tmp_path):
    from explainer.voice.narration import VOICE_DIR, recorded_clip

    folder = tmp_path / VOICE_DIR / "zh" / "dying-relu"
    folder.mkdir(parents=True)
    assert recorded_clip(tmp_path, "zh", "dying-relu", "captions.intro") is None
    (folder / "intro.WAV").write_bytes(b"RIFF")
    assert recorded_clip(tmp_path, "zh", "dying-relu", "captions.intro") == folder / "intro.WAV"
