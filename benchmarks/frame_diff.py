"""Scenes rendered by an older revision and by this tree, compared frame by frame: the mean
absolute difference per frame in grey levels (0-255, over every pixel and channel), its
largest value over the frames, and how many frames differ by more than 1 level on average.

    python benchmarks/frame_diff.py --against c3c3ffc activation-relu dying-relu -q m
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import av
import numpy as np
from worktree import HERE, checkout, env_for

from explainer.render.manifest import Manifest


def render(tree: Path, out: Path, ids: list[str], quality: str, lang: str) -> Manifest:
    subprocess.run([sys.executable, "-m", "explainer.cli", "render", *ids, "-q", quality,
                    "-l", lang, "--split", "off", "-o", str(out)], check=True,
                   capture_output=True, cwd=tree, env=env_for(tree))
    return Manifest.from_file(out / "manifest.json")


def differences(a: Path, b: Path) -> tuple[list[float], list[int]]:
    """Mean absolute difference of each pair of frames (decoded in step: a 720p video held
    whole is gigabytes), and the two frame counts."""
    mad, counts = [], [0, 0]
    with av.open(str(a)) as x, av.open(str(b)) as y:
        for f, g in itertools.zip_longest(x.decode(video=0), y.decode(video=0)):
            counts[0] += f is not None
            counts[1] += g is not None
            if f is not None and g is not None:
                diff = f.to_ndarray(format="rgb24").astype(np.int16) - g.to_ndarray(
                    format="rgb24")
                mad.append(float(np.abs(diff).mean()))
    return mad, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--against", required=True, help="the older revision")
    parser.add_argument("-q", "--quality", default="m")
    parser.add_argument("-l", "--lang", default="en")
    parser.add_argument("--keep", type=Path, help="keep both renders in this folder")
    args = parser.parse_args()
    rows = []
    with checkout(args.against) as old, tempfile.TemporaryDirectory() as tmp_dir:
        tmp = args.keep or Path(tmp_dir)
        a = render(old, Path(tmp) / "old", args.ids, args.quality, args.lang)
        b = render(HERE, Path(tmp) / "new", args.ids, args.quality, args.lang)
        for path, entry in a.entries.items():
            mad, counts = differences(Path(tmp) / "old" / path, Path(tmp) / "new" / path)
            worst = int(np.argmax(mad)) if mad else -1
            rows.append({"scene": entry.job.scene_id, "frames": counts,
                         "mean_abs_diff_mean": round(float(np.mean(mad)), 4),
                         "mean_abs_diff_max": round(max(mad, default=0.0), 4),
                         "worst_frame": worst,
                         "frames_over_1": sum(1 for m in mad if m > 1.0),
                         "captions_equal": entry.cues == b.entries[path].cues})
            print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"against": args.against, "quality": args.quality, "scenes": rows},
                     indent=1))


if __name__ == "__main__":
    main()
