"""Audio for narration: decode any clip, bring it to one loudness, cache it by content.

Every line is normalised to -16 LUFS integrated (ITU-R BS.1770, the usual target for speech
on the web and in podcasts), peaks kept below -1 dBFS, with 10 ms fades at both ends so the
joins do not click. Results are WAV (48 kHz, mono, 16-bit) in a content-addressed cache,
written under a temporary name and renamed, as the SVG cache is.
"""

from __future__ import annotations

import hashlib
import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from explainer import cache, settings
from explainer.errors import VoiceError
from explainer.files import atomic_write

RATE = 48_000
TARGET_LUFS = -16.0
PEAK = 10 ** (-1.0 / 20)  # -1 dBFS
FADE_S = 0.010
SILENCE_LUFS = -70.0  # quieter than this is no speech at all
FORMATS = (".wav", ".flac", ".ogg", ".mp3")
NORMALISER = "1"  # bump when the processing below changes


@dataclass(frozen=True)
class Clip:
    path: Path
    duration: float


def cache_dir() -> Path:
    return settings.cache_dir("voice")


def decode(path: Path) -> np.ndarray:
    """Mono float samples at RATE from any file PyAV (ffmpeg) can read."""
    import av

    if path.suffix.lower() not in FORMATS:
        raise VoiceError(f"{path}: unsupported audio format {path.suffix!r}; use one of "
                         f"{', '.join(FORMATS)}")
    try:
        with av.open(str(path)) as container:
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            chunks = [frame.to_ndarray().reshape(-1)
                      for packet_frame in container.decode(audio=0)
                      for frame in resampler.resample(packet_frame)]
            chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, ValueError) as exc:
        raise VoiceError(f"{path}: cannot read this audio file ({exc}); re-export it as WAV"
                         ) from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    return samples.astype(np.float64)


def loudness(samples: np.ndarray) -> float:
    """Integrated loudness in LUFS (-inf for silence)."""
    import pyloudnorm

    if samples.size < int(0.4 * RATE):  # BS.1770 gates over 400 ms blocks
        samples = np.concatenate([samples, np.zeros(int(0.4 * RATE) - samples.size)])
    with np.errstate(divide="ignore"):
        return float(pyloudnorm.Meter(RATE).integrated_loudness(samples))


def normalise(samples: np.ndarray, source: str) -> np.ndarray:
    level = loudness(samples)
    if not np.isfinite(level) or level < SILENCE_LUFS:
        raise VoiceError(f"{source}: the clip is silent ({level:.0f} LUFS); record it again")
    out = samples * 10 ** ((TARGET_LUFS - level) / 20)
    peak = float(np.max(np.abs(out)))
    if peak > PEAK:
        out *= PEAK / peak
    fade = min(int(FADE_S * RATE), out.size // 2)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out


def wav_bytes(samples: np.ndarray) -> bytes:
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def _target(identity: str) -> Path:
    digest = hashlib.sha256(f"{NORMALISER}|{identity}".encode()).hexdigest()[:32]
    return cache_dir() / f"{digest}.wav"


def _clip(path: Path) -> Clip:
    with wave.open(str(path), "rb") as clip:
        return Clip(path, clip.getnframes() / clip.getframerate())


def lookup(identity: str) -> Clip | None:
    """The cached audio for ``identity`` (everything that shaped it), if any."""
    target = _target(identity)
    if not target.exists():
        return None
    cache.touch([target])
    return _clip(target)


def prepared(source: Path, identity: str) -> Clip:
    """``source`` decoded and normalised, cached under ``identity``."""
    found = lookup(identity)
    if found is not None:
        return found
    target = _target(identity)
    # First writer wins: a speech engine may say a line differently each time (Piper's
    # noise), and the chunks of a split video must all time it by the same clip.
    atomic_write(target, wav_bytes(normalise(decode(source), str(source))), first=True)
    return _clip(target)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
