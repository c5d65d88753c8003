"""Speech engines behind one small interface: espeak-ng, Piper and Kokoro (``kokoro``) built
in, others as plugins.

A plugin is any installed package that registers a factory in the entry point group
``explainer.voices``::

    [project.entry-points."explainer.voices"]
    mytts = "mytts_plugin:Engine"

The factory takes no arguments and returns an object with ``name``, ``version()``,
``voice(lang)`` and ``synthesize(text, lang, target)`` (write a WAV, FLAC, OGG or MP3 file).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import wave
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar, Protocol

from explainer.errors import VoiceError

GROUP = "explainer.voices"
MODES = ("off", "recorded", "auto", "espeak", "piper", "kokoro")


class Engine(Protocol):
    name: str

    def version(self) -> str:
        """What changes the sound: part of the audio cache key."""
        ...

    def voice(self, lang: str) -> str:
        """The voice used for ``lang`` (part of the audio cache key)."""
        ...

    def synthesize(self, text: str, lang: str, target: Path) -> None:
        """Speak ``text`` in ``lang`` into the audio file ``target``."""
        ...


class Espeak:
    """Debian's espeak-ng: offline, robotic, every language we ship (Mandarin: cmn)."""

    name = "espeak"
    VOICES: ClassVar[dict[str, str]] = {"en": "en-us", "zh": "cmn", "ja": "ja", "es": "es"}
    SPEED = 165  # words per minute: a little slower than espeak's 175, for teaching

    def __init__(self) -> None:
        if shutil.which("espeak-ng") is None:
            raise VoiceError("espeak-ng is not installed; fix: sudo apt-get install espeak-ng "
                             "(or run make setup as root)")

    @cache  # noqa: B019 - one engine object per process
    def version(self) -> str:
        out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True,
                             check=False).stdout
        return f"{out.split('Data at')[0].strip()} speed={self.SPEED}"

    def voice(self, lang: str) -> str:
        return self.VOICES.get(lang, lang)

    def synthesize(self, text: str, lang: str, target: Path) -> None:
        proc = subprocess.run(["espeak-ng", "-v", self.voice(lang), "-s", str(self.SPEED),
                               "-w", str(target), "--", text],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not target.exists():
            raise VoiceError(f"espeak-ng failed for voice {self.voice(lang)!r}: "
                             f"{proc.stderr.strip() or proc.returncode}")


class Piper:
    """Piper, offline neural speech (ONNX on the CPU): one voice model per language, named in
    the language file. piper-tts is GPL-3.0-or-later, so it is an optional extra."""

    name = "piper"

    def __init__(self, model: Path, config: Path, speaker: int | None = None,
                 speed: float = 1.0) -> None:
        try:
            self._piper = __import__("piper")
        except ImportError:
            raise VoiceError("--voice piper needs piper-tts: pip install -e '.[voice]' "
                             "(GPL-3.0-or-later, optional)") from None
        self.model, self.config, self.speaker, self.speed = model, config, speaker, speed
        self._loaded: Any = None

    @cache  # noqa: B019 - one engine object per process
    def version(self) -> str:
        """piper-tts's version, the model's digest (a new model re-voices, the same one never
        does), speaker and speed."""
        digest = hashlib.sha256(self.model.read_bytes()).hexdigest()[:16]
        return (f"piper-tts {metadata.version('piper-tts')} model={digest} "
                f"speaker={self.speaker} speed={self.speed}")

    def voice(self, lang: str) -> str:
        return self.model.stem

    def load(self) -> Any:
        """The ONNX voice, loaded once (about 2 s for a medium model here)."""
        if self._loaded is None:
            self._loaded = self._piper.PiperVoice.load(self.model, self.config)
        return self._loaded

    def synthesize(self, text: str, lang: str, target: Path) -> None:
        config = self._piper.SynthesisConfig(speaker_id=self.speaker,
                                             length_scale=1.0 / self.speed)
        with wave.open(str(target), "wb") as out:
            self.load().synthesize_wav(text, out, syn_config=config)


def plugins() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def names() -> list[str]:
    return [*MODES, *sorted(n for n in plugins() if n not in MODES)]


def load(name: str, settings: Mapping[str, Any] | None = None) -> Engine | None:
    """The engine for ``--voice name``: None for off and recorded (no engine). For auto and
    piper, ``settings`` (see ``choice.resolve``) say which engine and model a language uses."""
    if name in ("off", "recorded"):
        return None
    if name in ("auto", "piper", "kokoro"):
        name = (settings or {}).get("engine", name)
    if name == "espeak":
        return Espeak()
    if name == "kokoro":
        chosen = dict(settings or {})
        return _kokoro(str(chosen.get("voice", "zf_xiaoxiao")), float(chosen.get("speed", 1.0)))
    if name == "piper":
        if not settings or "model" not in settings:
            raise VoiceError("--voice piper: no Piper model chosen for this language; name "
                             "one in its file's [meta] voice")
        return _piper(tuple(sorted((k, str(v)) for k, v in settings.items())))
    found = plugins().get(name)
    if found is None:
        raise VoiceError(f"unknown voice {name!r}; choose one of {', '.join(names())} (a "
                         f"plugin registers itself in the entry point group {GROUP})")
    try:
        engine: Engine = found.load()()  # type: ignore[attr-defined]
    except Exception as exc:  # a broken plugin is the user's to fix, not a crash of ours
        raise VoiceError(f"voice plugin {name!r} failed to load: {exc}") from None
    return engine


@cache
def _kokoro(style: str, speed: float) -> Engine:
    """One Kokoro engine (and so one loaded model) per process, style and speed."""
    from explainer.voice.kokoro import Kokoro

    return Kokoro(style, speed)


@cache
def _piper(settings: tuple[tuple[str, str], ...]) -> Piper:
    """One Piper engine (and so one loaded model) per process and settings."""
    found = dict(settings)
    return Piper(Path(found["model"]), Path(found["config"]),
                 int(found["speaker"]) if found.get("speaker", "None") != "None" else None,
                 float(found.get("speed", "1.0")))
