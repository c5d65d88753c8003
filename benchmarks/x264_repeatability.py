"""Encode the same frames again and again with x264, as Manim's segment encoder does, with
x264's own choice of instructions and with AVX-512 left out (render/cpu.py); print JSON:
per arm, the median seconds per encode and how many different files and decoded pictures
the repeats gave.

    python benchmarks/x264_repeatability.py VIDEO [--frames 30] [--repeat 20] [--preset medium]

VIDEO: any rendered video (its first frames are used, at its own size).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explainer.render import cpu


def frames(video: Path, count: int) -> list[np.ndarray]:
    with av.open(str(video)) as container:
        out = []
        for frame in container.decode(video=0):
            out.append(np.ascontiguousarray(frame.to_ndarray(format="rgba")))
            if len(out) == count:
                return out
    return out


def encode(pictures: list[np.ndarray], target: Path, options: dict[str, str]) -> float:
    height, width = pictures[0].shape[:2]
    start = time.perf_counter()
    with av.open(str(target), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=Fraction(30), options=options)
        stream.pix_fmt, stream.width, stream.height = "yuv420p", width, height
        for i, pixels in enumerate(pictures):
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
            frame.pts, frame.time_base = i, Fraction(1, 30)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return time.perf_counter() - start


def picture_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            digest.update(frame.to_ndarray(format="rgb24").tobytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("video", type=Path)
    parser.add_argument("--frames", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--preset", default="medium")
    args = parser.parse_args()
    pictures = frames(args.video, args.frames)
    base = {"crf": "23", "preset": args.preset}
    arms = {"x264's choice": base, "no AVX-512": {**base, "x264-params": f"asm={cpu.x264_asm()}"}}
    seen: dict[str, dict[str, list[str] | list[float]]] = {
        name: {"seconds": [], "files": [], "pictures": []} for name in arms}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):  # arms alternate, so load on the machine hits both
            for name, options in arms.items():
                target = Path(tmp) / f"{k}-{len(seen[name]['files'])}.mp4"
                seconds = encode(pictures, target, options)
                seen[name]["seconds"].append(seconds)  # type: ignore[arg-type]
                seen[name]["files"].append(hashlib.sha256(target.read_bytes()).hexdigest())
                seen[name]["pictures"].append(picture_digest(target))  # type: ignore[arg-type]
    height, width = pictures[0].shape[:2]
    print(json.dumps({
        "size": f"{width}x{height}", "frames": len(pictures), "repeats": args.repeat,
        "preset": args.preset, "asm": cpu.x264_asm(),
        "arms": {name: {"median_seconds": round(statistics.median(s["seconds"]), 4),
                        "different_files": len(set(s["files"])),
                        "different_pictures": len(set(s["pictures"]))}
                 for name, s in seen.items()}}, indent=1))


if __name__ == "__main__":
    main()
