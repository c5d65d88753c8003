"""Speech engines behind one small interface; espeak-ng built in, others as plugins.

A plugin is any installed package that registers a factory in the entry point group
``explainer.voices``::

    [project.entry-points."explainer.voices"]
    mytts = "mytts_plugin:Engine"

The factory takes no arguments and returns an object with ``name``, ``version()``,
``voice(lang)`` and ``synthesize(text, lang, target)`` (write a WAV, FLAC, OGG or MP3 file).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import ClassVar, Protocol

from explainer.errors import VoiceError

GROUP = "explainer.voices"
MODES = ("off", "recorded", "espeak")


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


def plugins() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def names() -> list[str]:
    return [*MODES, *sorted(n for n in plugins() if n not in MODES)]


def load(name: str) -> Engine | None:
    """The engine for ``--voice name``: None for off and recorded (no engine)."""
    if name in ("off", "recorded"):
        return None
    if name == "espeak":
        return Espeak()
    found = plugins().get(name)
    if found is None:
        raise VoiceError(f"unknown voice {name!r}; choose one of {', '.join(names())} (a "
                         f"plugin registers itself in the entry point group {GROUP})")
    try:
        engine: Engine = found.load()()  # type: ignore[attr-defined]
    except Exception as exc:  # a broken plugin is the user's to fix, not a crash of ours
        raise VoiceError(f"voice plugin {name!r} failed to load: {exc}") from None
    return engine
