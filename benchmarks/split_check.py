"""Every scene rendered whole and split at every chapter (tiny frames), compared: the same
number of frames, identical to the pixel, the same captions and chapters. Prints JSON; exits 1
if any scene differs.

    python benchmarks/split_check.py                       # every scene, English, dark
    EXPLAINER_SPLIT_CHECK="-l zh --theme light" python benchmarks/split_check.py ID...
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import av
import numpy as np

from explainer import catalog
from explainer.render.manifest import Manifest

TOLERANCE = 0  # of 255, on any pixel of any frame (README: "Same request, same pixels")
TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5, "disable_caching": True}


def render(out: Path, mode: str, ids: list[str]) -> None:
    env = {**os.environ, "EXPLAINER_MANIM_OPTIONS": json.dumps(TINY)}
    extra = os.environ.get("EXPLAINER_SPLIT_CHECK", "").split()
    subprocess.run([sys.executable, "-m", "explainer.cli", "render", *ids, *extra, "-j", "2",
                    "--split", mode, "-o", str(out)], check=True, capture_output=True, env=env)


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(int) for f in container.decode(video=0)]


def main() -> None:
    ids = sys.argv[1:] or catalog.load().ids()
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        whole, pieces = Path(tmp) / "whole", Path(tmp) / "split"
        render(whole, "off", ids)
        render(pieces, "99", ids)  # as many chunks as each scene has chapters
        a, b = (Manifest.from_file(p / "manifest.json").entries for p in (whole, pieces))
        for path, entry in a.items():
            other = b[path]
            x, y = frames(whole / path), frames(pieces / path)
            worst = max((int(np.abs(f - g).max()) for f, g in zip(x, y, strict=False)),
                        default=-1)
            differing = sum(1 for f, g in zip(x, y, strict=False) if np.any(f != g))
            same = (len(x) == len(y) and worst <= TOLERANCE and entry.cues == other.cues
                    and entry.chapters == other.chapters)
            ok &= same
            rows.append({"scene": entry.job.scene_id, "chapters": len(entry.chapters),
                         "frames": [len(x), len(y)], "max_pixel_difference": worst,
                         "frames_differing": differing,
                         "captions_and_chapters_equal": entry.cues == other.cues
                         and entry.chapters == other.chapters, "same": same})
            print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"scenes": rows, "all_same": ok}, indent=1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
