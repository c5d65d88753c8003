"""Reading and joining encoded video with PyAV: its duration, one frame, pieces joined without
re-encoding, and a sound track laid under a picture."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from explainer.errors import ExplainerError


def video_duration(path: Path) -> float:
    """Seconds of video as the container states it (what a browser will report)."""
    import av

    with av.open(str(path)) as container:
        return round(float(container.duration or 0) / av.time_base, 3)


def frame_at(video: Path, seconds: float, target: Path) -> None:
    """Save the last frame shown at or before ``seconds`` as a PNG."""
    import av

    chosen = None
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            assert stream.time_base is not None
            container.seek(max(0, int((seconds - 2) / stream.time_base)), stream=stream)
            for frame in container.decode(stream):
                if frame.time is not None and frame.time > seconds:
                    break
                chosen = frame
    except (av.error.FFmpegError, IndexError) as exc:  # not a video, or one without a picture
        raise ExplainerError(f"{video}: not a readable video ({type(exc).__name__}); render "
                             "it again (explainer render ID --force)") from None
    if chosen is None:
        raise ExplainerError(f"{video}: no frame at {seconds:.2f} s; render it again")
    chosen.to_image().save(target)


def concat(pieces: Sequence[Path], target: Path) -> None:
    """Join videos made with the same codec settings, each starting on a key frame, into one:
    their packets are copied (ffmpeg's concat demuxer, as Manim joins its partial movies)."""
    import av

    listing = "".join(f"file '{p.resolve().as_posix()}'\n" for p in pieces).encode()
    source = av.open(BytesIO(b"ffconcat version 1.0\n" + listing), mode="r",
                     format="concat", options={"safe": "0", "an": "1"})
    with source, av.open(str(target), mode="w") as output:
        stream = source.streams.video[0]
        copied = output.add_stream_from_template(template=stream)
        for packet in source.demux(stream):
            if packet.dts is None:  # the demuxer's flushing packets
                continue
            packet.dts = None  # pieces restart their clocks: let libav number them
            packet.stream = copied
            output.mux(packet)


def lay_sound(video: Path, clips: Sequence[tuple[Path, float]], duration: float,
              target: Path) -> None:
    """``video`` with a sound track of ``clips`` (file, start in seconds) over silence, as long
    as ``duration``: the picture's packets copied, the sound encoded as AAC (as Manim does)."""
    import av

    with warnings.catch_warnings():  # pydub looks for an ffmpeg program; PyAV encodes here
        warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv",
                                category=RuntimeWarning)
        from pydub import AudioSegment

    track = AudioSegment.silent(duration=math.ceil(duration * 1000))
    for path, start in clips:
        with path.open("rb") as fh:
            clip = AudioSegment.from_file(fh, format=path.suffix.lstrip(".") or "wav")
        end = math.ceil((start + clip.duration_seconds) * 1000)
        if end > len(track):
            track += AudioSegment.silent(duration=end - len(track))
        track = track.overlay(clip, position=int(1000 * start))
    wav = target.with_suffix(".wav")
    track.export(str(wav), format="wav").close()
    with av.open(str(video)) as picture, av.open(str(wav)) as sound, \
            av.open(str(target), mode="w") as output:
        video_in = picture.streams.video[0]
        video_out = output.add_stream_from_template(template=video_in)
        audio_out = output.add_stream("aac", rate=sound.streams.audio[0].rate)
        for packet in picture.demux(video_in):
            if packet.dts is None:
                continue
            packet.stream = video_out
            output.mux(packet)
        for frame in sound.decode(audio=0):
            frame.pts = None
            for packet in audio_out.encode(frame):
                output.mux(packet)
        for packet in audio_out.encode():
            output.mux(packet)
    wav.unlink()
