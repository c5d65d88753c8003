"""Narrated videos, rendered for real at a tiny size with the voices that ship (--voice auto:
Piper in English, Kokoro in Chinese), then judged: a speech recogniser (Whisper-base) must
understand every cue, each line at one loudness and true peak, speech inside every caption cue
and none past its end; split and whole the same; recorded clips used instead of the engine."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV, MANIM_OPTIONS_ENV
from explainer.voice import audio
from tests.conftest import CAT

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}
FLOOR_DB = -45.0  # dBFS: quieter than this over 50 ms is no speech
MAX_ERRORS = {"en": 0.15, "zh": 0.25}  # word (en) or character (zh) errors, over all cues


@pytest.fixture
def env(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CAT.content_dir, folder)
    return {**os.environ, CONTENT_ENV: str(folder), MANIM_OPTIONS_ENV: json.dumps(TINY),
            "EXPLAINER_CACHE_DIR": str(tmp_path / "cache")}


def explainer(env, *args, code=0):
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", *args], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == code, proc.stderr + proc.stdout
    return proc


def soundtrack(path, rate=16000):
    with av.open(str(path)) as container:
        video = float(container.streams.video[0].duration * container.streams.video[0].time_base)
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks = [f.to_ndarray().reshape(-1) for frame in container.decode(stream)
                  for f in resampler.resample(frame)]
    samples = np.concatenate(chunks).astype(float)
    return samples, video


def level_db(samples, start, end, rate=16000, window=0.05):
    """The loudest 50 ms window between start and end, in dBFS."""
    part = samples[int(start * rate):int(end * rate)]
    n = int(window * rate)
    if part.size < n:
        return -120.0
    rms = [np.sqrt(np.mean(part[i:i + n] ** 2)) for i in range(0, part.size - n + 1, n // 2)]
    return 20 * np.log10(max(rms) + 1e-12)


@pytest.mark.slow
def test_the_narration_is_understood_loud_enough_and_inside_its_cues(env, tmp_path):
    out = tmp_path / "renders"
    run = explainer(env, "render", "dying-relu", "-l", "all", "--voice", "auto", "-o", str(out))
    printed = run.stdout
    log = run.stdout + run.stderr  # nothing alarming and harmless in a user's log
    assert "Couldn't find ffmpeg" not in log and "options were not used" not in log, log
    # through a pipe: a line as each voiced job starts its long wait, one as each finishes
    lines = [line for line in printed.splitlines() if line.startswith("[")]
    assert sorted(lines[:2]) == [
        "[start] dying-relu en 192x108p5 voice auto: synthesising narration first",
        "[start] dying-relu zh 192x108p5 voice auto: synthesising narration first"]
    assert [line[:5] for line in lines[2:]] == ["[1/2]", "[2/2]"]
    judged = understood(out)
    for lang, errors in judged.items():
        assert errors <= MAX_ERRORS[lang], f"{lang}: {errors:.1%} errors"
    silent = tmp_path / "silent"
    explainer(env, "render", "dying-relu", "-l", "en", "-o", str(silent))
    manifest = Manifest.from_file(out / "manifest.json")
    assert len(manifest.entries) == 2
    for entry in manifest.entries.values():
        samples, video = soundtrack(out / entry.files["main"])
        assert abs(samples.size / 16000 - video) <= 0.1
        assert entry.chapters and (out / entry.files["chapters"]).read_text().startswith("WEBVTT")
        for cue in entry.cues:
            assert level_db(samples, cue["start"], cue["end"]) > FLOOR_DB, cue["text"]
            # the voice has finished before the cue ends: its last quarter second is quiet
            assert level_db(samples, cue["end"] - 0.25, cue["end"]) < FLOOR_DB, cue["text"]
    silent_entry = next(iter(Manifest.from_file(silent / "manifest.json").entries.values()))
    voiced_en = next(e for e in manifest.entries.values() if e.job.lang == "en")
    assert voiced_en.duration > silent_entry.duration  # the animation waited for the voice
    with av.open(str(silent / silent_entry.files["main"])) as container:
        assert not container.streams.audio

    # The same video split at its chapters into silent chunks, joined, its sound track laid
    # once from the clips: the same picture, captions and speech.
    split = tmp_path / "split"
    explainer(env, "render", "dying-relu", "-l", "zh", "--voice", "auto", "--split", "3",
              "-o", str(split))
    whole = next(e for e in manifest.entries.values() if e.job.lang == "zh")
    joined = next(iter(Manifest.from_file(split / "manifest.json").entries.values()))
    assert joined.cues == whole.cues and joined.chapters == whole.chapters
    for name in ("srt", "chapters"):
        assert (split / joined.files[name]).read_text() == (out / whole.files[name]).read_text()
    assert not (split / ".chunks").exists()
    frames = [gray_frames(folder / e.files["main"]) for folder, e in ((out, whole),
                                                                         (split, joined))]
    assert len(frames[0]) == len(frames[1])
    assert max(np.abs(a - b).max() for a, b in zip(*frames, strict=True)) == 0
    mine, _ = soundtrack(split / joined.files["main"])
    theirs, _ = soundtrack(out / whole.files["main"])
    assert abs(mine.size - theirs.size) <= 0.05 * 16000
    for cue in whole.cues:
        assert level_db(mine, cue["start"], cue["end"]) == pytest.approx(
            level_db(theirs, cue["start"], cue["end"]), abs=1.0), cue["text"]
        assert level_db(mine, cue["end"] - 0.25, cue["end"]) < FLOOR_DB, cue["text"]


def understood(out):
    """Each language's pooled error rate over its cues, as Whisper-base hears the delivered
    sound track against the line (as said or as written, see listening.reference); and every
    line's loudness and true peak, measured there too."""
    import jiwer

    from explainer.content.request import plan_request
    from explainer.voice import listening
    from explainer.voice.lexicon import spoken

    found = {}
    for entry in Manifest.from_file(out / "manifest.json").entries.values():
        lang = entry.job.lang
        request = plan_request(CAT, entry.job.scene_id, lang)
        samples, _ = soundtrack(out / entry.files["main"])
        full, _ = soundtrack(out / entry.files["main"], audio.RATE)  # loudness is at 48 kHz
        refs, hyps = [], []
        for cue in entry.cues:
            part = samples[int(cue["start"] * 16000):int(cue["end"] * 16000)]
            line = full[int(cue["start"] * audio.RATE):int(cue["end"] * audio.RATE)]
            assert abs(audio.loudness(line) - audio.TARGET_LUFS) <= 1.0, cue["text"]
            assert audio.true_peak_db(line) <= audio.TRUE_PEAK_DB, cue["text"]
            said = spoken(cue["text"], request.say, request.say_numbers)
            heard = listening.transcribe(part, lang)
            tidy = listening.chinese if lang == "zh" else listening.words
            refs.append(listening.reference(said, heard, lang, cue["text"]))
            hyps.append(tidy(heard) or "-")
        found[lang] = (jiwer.cer if lang == "zh" else jiwer.wer)(refs, hyps)
    return found


def gray_frames(path):
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray").astype(int) for f in container.decode(video=0)]


@pytest.mark.slow
def test_a_recorded_clip_is_used_and_a_missing_one_is_named(env, tmp_path):
    content = Path(env[CONTENT_ENV])
    folder = content / "voice" / "en" / "dying-relu"
    folder.mkdir(parents=True)
    t = np.arange(int(2.0 * audio.RATE)) / audio.RATE
    (folder / "intro.wav").write_bytes(audio.wav_bytes(0.3 * np.sin(2 * np.pi * 440 * t)))
    out = tmp_path / "renders"
    explainer(env, "render", "dying-relu", "-l", "en", "--voice", "espeak", "-o", str(out))
    entry = next(iter(Manifest.from_file(out / "manifest.json").entries.values()))
    samples, _ = soundtrack(out / entry.files["main"])
    first = samples[int(0.2 * 16000):int(1.8 * 16000)]
    spectrum = np.abs(np.fft.rfft(first))
    assert np.fft.rfftfreq(first.size, 1 / 16000)[np.argmax(spectrum)] == pytest.approx(440, abs=2)

    missing = explainer(env, "render", "dying-relu", "-l", "en", "--voice", "recorded",
                        "-o", str(tmp_path / "r"), code=2)
    line = missing.stderr.strip()
    assert "\n" not in line and "6 clip(s) missing" in line and "example.wav" in line
    assert "intro.wav" not in line
    assert not (tmp_path / "r").exists()
