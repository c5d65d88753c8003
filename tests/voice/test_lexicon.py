"""What an engine is told to say: the [say] lexicon and numbers read in each language; and
that the spoken form reaches the engine while the captions keep the written one."""

import json
import sys

import pytest

from explainer.content.text import load_say
from explainer.voice import narration
from explainer.voice.lexicon import spoken
from tests.conftest import CAT, dry_run
from tests.voice.test_engines import install_plugin

EN = load_say("en", CAT.content_dir)
ZH = load_say("zh", CAT.content_dir)


@pytest.mark.parametrize(("written", "said"), [
    ("ReLU keeps W′ and b′.", "rel-you keeps W prime and b prime."),
    ("Leaky ReLU vs SELU vs GELU", "Leaky rel-you vs sell-you vs gee-loo"),
    ("ten layers: 0.25¹⁰ ≈ 10⁻⁶", "ten layers: 0.25 to the power of 10 about 10 to the power "
                                  "of minus 6"),
    ("3.8 × 10⁻⁷ and 45% dead", "3.8 times 10 to the power of minus 7 and 45 percent dead"),
    ("σ(−x) → 0", "sigma( minus x) to 0"),
    ("accuracy 97.5%, 0.5% dead", "accuracy 97.5 percent, 0.5 percent dead"),
    ("a change of −2.5% or -12%", "a change of minus 2.5 percent or minus 12 percent"),
])
def test_english_reads_symbols_and_numbers(written, said):
    assert spoken(written, *EN) == said


@pytest.mark.parametrize(("written", "said"), [
    ("3.8 × 10⁻⁷", "3.8 乘以 10的负7次方"),
    ("45% 的神经元", "百分之45 的神经元"),
    ("(1/4)¹⁰ ≈ 10⁻⁶", "(1/4)的10次方 约等于 10的负6次方"),
    ("准确率 97.5%，0.5% 死亡", "准确率 百分之97.5，百分之0.5 死亡"),
    ("变化 −2.5%", "变化 负百分之2.5"),
])
def test_chinese_reads_numbers_its_own_way(written, said):
    assert spoken(written, *ZH) == said


def test_no_lexicon_changes_nothing():
    assert spoken("ReLU 10⁻⁶", {}, {}) == "ReLU 10⁻⁶"


RECORDER = """
import json, os
import numpy as np
from explainer.voice.audio import RATE, wav_bytes

class Recorder:
    \"\"\"A test engine that notes every text it is given, and beeps.\"\"\"
    name = "recorder"
    def version(self): return "1"
    def voice(self, lang): return lang
    def synthesize(self, text, lang, target):
        with open(os.environ["RECORDED"], "a", encoding="utf-8") as fh:
            fh.write(json.dumps(text, ensure_ascii=False) + "\\n")
        t = np.arange(int(0.2 * RATE)) / RATE
        target.write_bytes(wav_bytes(0.3 * np.sin(2 * np.pi * 440 * t)))
"""


@pytest.fixture
def forget_plugin():
    """The plugin's module leaves with the test (a later test loads its own version)."""
    yield
    sys.modules.pop("beep_voice", None)


def test_the_engine_hears_the_spoken_form_and_captions_keep_the_written(tmp_path, monkeypatch,
                                                                        media_dir,
                                                                        forget_plugin):
    site = install_plugin(tmp_path / "site")
    (site / "beep_voice.py").write_text(RECORDER, encoding="utf-8")
    (site / "beep_voice-1.0.dist-info" / "entry_points.txt").write_text(
        "[explainer.voices]\nrecorder = beep_voice:Recorder\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RECORDED", str(tmp_path / "heard.jsonl"))
    scene = dry_run("activation-relu", "en", voice="recorder", media_dir=media_dir)
    heard = [json.loads(line) for line in (tmp_path / "heard.jsonl").read_text().splitlines()]
    assert heard and any("rel-you" in h for h in heard)
    assert not any("ReLU" in h for h in heard)
    assert any("ReLU" in c.text for c in scene.captions)  # the captions keep the written form
    assert heard == [spoken(c.text, *EN) for c in scene.captions]


def test_the_lexicon_is_part_of_the_voice_key():
    keys = ["captions.intro"]
    one = narration.fingerprint("espeak", "dying-relu", "en", CAT.content_dir, keys, None, EN)
    two = narration.fingerprint("espeak", "dying-relu", "en", CAT.content_dir, keys, None,
                                ({**EN[0], "ReLU": "ray-loo"}, EN[1]))
    assert one != two
