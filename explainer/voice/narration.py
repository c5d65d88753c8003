"""Where each narration line's audio comes from, in order: a clip the author recorded
(``scenes/content/voice/<lang>/<scene-id>/<line>.<wav|flac|ogg|mp3>``), else the chosen
speech engine, else nothing. Synthesised audio is cached by (text, language, engine, engine
version, voice); recorded clips by their bytes.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from explainer.errors import VoiceError
from explainer.voice import audio, engines
from explainer.voice.audio import FORMATS, Clip, file_digest
from explainer.voice.lexicon import spoken

VOICE_DIR = "voice"
CAPTION_PREFIX = "captions."


def line_name(key: str) -> str:
    """The file name (without extension) of a caption key's clip: captions.intro -> intro."""
    return key.removeprefix(CAPTION_PREFIX)


def recorded_clip(content_dir: Path, lang: str, scene_id: str, key: str) -> Path | None:
    """The recorded clip of line ``key``, if any: <key>.wav, .flac, .ogg or .mp3, the
    extension in any case (a clip saved as intro.WAV counts)."""
    folder = content_dir / VOICE_DIR / lang / scene_id
    if not folder.is_dir():
        return None
    found = {p.suffix.lower(): p for p in folder.iterdir()
             if p.stem == line_name(key) and p.is_file()}
    return next((found[ext] for ext in FORMATS if ext in found), None)


class Narrator:
    """Audio for the lines of one scene in one language. ``settings``: the language's voice
    (``choice.resolve``); ``say`` and ``numbers``: its lexicon, applied to what an engine
    speaks (never to recorded clips or captions)."""

    def __init__(self, mode: str, scene_id: str, lang: str, content_dir: Path,
                 settings: Mapping[str, Any] | None = None,
                 say: Mapping[str, str] | None = None,
                 numbers: Mapping[str, str] | None = None) -> None:
        self.mode, self.scene_id, self.lang, self.content_dir = mode, scene_id, lang, content_dir
        self.engine = engines.load(mode, settings)
        self.say, self.numbers = dict(say or {}), dict(numbers or {})

    def clip(self, key: str | None, text: str) -> Clip | None:
        if key is not None:
            recorded = recorded_clip(self.content_dir, self.lang, self.scene_id, key)
            if recorded is not None:
                return audio.prepared(recorded, f"recorded|{file_digest(recorded)}")
        if self.engine is None:
            if self.mode == "recorded":
                raise VoiceError(f"no recorded clip for {self.scene_id} [{self.lang}] {key}")
            return None
        text = spoken(text, self.say, self.numbers)
        identity = "synth|" + json.dumps([text, self.lang, self.engine.name,
                                          self.engine.version(), self.engine.voice(self.lang)],
                                         ensure_ascii=False)
        cached = audio.lookup(identity)
        if cached is not None:
            return cached
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "line.wav"
            self.engine.synthesize(text, self.lang, raw)
            return audio.prepared(raw, identity)


def fingerprint(mode: str, scene_id: str, lang: str, content_dir: Path,
                keys: Iterable[str], settings: Mapping[str, Any] | None = None,
                lexicon: Any = None) -> str:
    """What the voice adds to a video's cache key: the engine, its version and voice, and
    the bytes of every recorded clip of the scene's lines. Missing clips with
    ``--voice recorded`` are an error listing all of them."""
    engine = engines.load(mode, settings)
    parts: list[str] = [mode]
    if engine is not None:  # what the engine hears depends on the lexicon too
        parts += [engine.version(), engine.voice(lang),
                  json.dumps(lexicon, sort_keys=True, ensure_ascii=False)]
    folder = content_dir / VOICE_DIR / lang / scene_id
    strays = sorted(p.name for p in folder.glob("*") if p.suffix.lower() not in FORMATS
                    and not p.name.startswith(".")) if folder.is_dir() else []
    if strays:
        raise VoiceError(f"{folder}: unsupported audio format: {', '.join(strays)}; use "
                         f"{', '.join(FORMATS)}")
    missing = []
    for key in sorted(keys):
        clip = recorded_clip(content_dir, lang, scene_id, key)
        if clip is not None:
            digest = file_digest(clip)
            audio.prepared(clip, f"recorded|{digest}")  # unreadable or silent: refused now
            parts.append(f"{key}={digest}")
        elif mode == "recorded":
            missing.append(str(content_dir / VOICE_DIR / lang / scene_id /
                               f"{line_name(key)}.wav"))
    if missing:
        raise VoiceError(f"--voice recorded: {len(missing)} clip(s) missing: "
                         f"{', '.join(missing)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
