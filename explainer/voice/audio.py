"""Audio for narration: decode any clip, bring it to one loudness, cache it by content.

Every line is normalised to -16 LUFS integrated (ITU-R BS.1770, the usual target for speech
on the web and in podcasts) with its true peak (4x oversampled, as BS.1770 measures it) at
most -1 dBTP once encoded (-2 dBTP in the clip): a limiter turns down the few peaks above
that, so a peaky voice is not made quieter as a whole (a whole-line scale left Piper 2-5 dB
below espeak-ng). 10 ms fades at both ends so the joins do not click. Results are WAV (48 kHz,
mono, 16-bit) in a content-addressed cache, written under a temporary name and renamed, as
the SVG cache is.
"""

from __future__ import annotations

import hashlib
import io
import math
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from explainer import cache, settings
from explainer.errors import VoiceError
from explainer.files import atomic_write

RATE = 48_000
TARGET_LUFS = -16.0
TRUE_PEAK_DB = -1.0  # dBTP, at most, in the delivered sound track
# Clips are limited 1 dB lower: AAC's encoding lifted a line limited at -1.2 dBTP to -0.95 in
# the mp4 (dying-relu, Piper); a lossy codec needs that margin.
CLIP_PEAK_DB = TRUE_PEAK_DB - 1.0
LIMIT = 10 ** ((CLIP_PEAK_DB - 0.2) / 20)  # where the limiter acts: a margin for its ramps
LOOKAHEAD_S = 0.003  # the limiter turns down this long before and after a peak
FADE_S = 0.010
SILENCE_LUFS = -70.0  # quieter than this is no speech at all
FORMATS = (".wav", ".flac", ".ogg", ".mp3")
NORMALISER = "2"  # bump when the processing below changes (2: true-peak limiter)


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


def true_peak_db(samples: np.ndarray) -> float:
    """The true peak in dBTP: the largest value of the signal oversampled 4 times."""
    from scipy.signal import resample_poly

    if samples.size == 0:
        return -math.inf
    return 20 * math.log10(max(float(np.max(np.abs(resample_poly(samples, 4, 1)))), 1e-12))


def limit(samples: np.ndarray) -> np.ndarray:
    """``samples`` with every true peak above LIMIT turned down to it, smoothly: the gain
    falls over LOOKAHEAD_S before a peak and comes back over as long after it."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d
    from scipy.signal import resample_poly

    peaks = np.abs(resample_poly(samples, 4, 1))[:samples.size * 4].reshape(-1, 4).max(axis=1)
    needed = np.minimum(1.0, LIMIT / np.maximum(peaks, 1e-12))
    if needed.min() >= 1.0:
        return samples
    width = max(1, int(LOOKAHEAD_S * RATE))
    gain = minimum_filter1d(needed, size=2 * width + 1)
    # averaging over half the window keeps the full reduction at each peak, without clicks
    gain = np.minimum(uniform_filter1d(gain, size=width), gain)
    return samples * gain


def normalise(samples: np.ndarray, source: str) -> np.ndarray:
    """-16 LUFS integrated, true peak at most CLIP_PEAK_DB, faded in and out."""
    level = loudness(samples)
    if not np.isfinite(level) or level < SILENCE_LUFS:
        raise VoiceError(f"{source}: the clip is silent ({level:.0f} LUFS); record it again")
    out = samples
    for _ in range(3):  # limiting lowers the loudness a little: gain again, limit again
        out = limit(out * 10 ** ((TARGET_LUFS - loudness(out)) / 20))
    fade = min(int(FADE_S * RATE), out.size // 2)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    over = true_peak_db(out) - CLIP_PEAK_DB
    return out * 10 ** (-over / 20) if over > 0 else out


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
