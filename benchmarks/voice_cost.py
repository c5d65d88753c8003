"""What a voice costs: one scene rendered silent and with espeak-ng, per language. Prints JSON.

Synthesis is timed on its own with an empty audio cache (every line of the scene, both
languages), then the renders run with that cache warm, as they would after a first draft.

    python benchmarks/voice_cost.py dying-relu -q l
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explainer import catalog
from explainer.content.request import plan_request
from explainer.content.text import languages
from explainer.render.manifest import Manifest
from explainer.voice.narration import Narrator

BIN = Path(sys.executable).parent


def render(out: Path, scene: str, quality: str, voice: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "explainer"), "render", scene, "-l", "all", "-q", quality,
                    "--voice", voice, "-j", "2", "-o", str(out)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scene", nargs="?", default="dying-relu")
    parser.add_argument("-q", "--quality", default="l")
    args = parser.parse_args()
    cat = catalog.load()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXPLAINER_CACHE_DIR"] = str(Path(tmp) / "cache")
        synth = {}
        for lang in languages(cat.content_dir):
            spec = plan_request(cat, args.scene, lang)
            narrator = Narrator("espeak", args.scene, lang, cat.content_dir)
            start = time.perf_counter()
            spoken = [narrator.clip(k, v) for k, v in spec.captions().items()
                      if k.startswith("captions.")]
            synth[lang] = {"lines": len(spoken), "seconds": round(time.perf_counter() - start, 2),
                           "speech_s": round(sum(c.duration for c in spoken if c), 1)}
        walls = {voice: render(Path(tmp) / voice, args.scene, args.quality, voice)
                 for voice in ("off", "espeak")}
        durations = {voice: {e.job.lang: e.duration for e in Manifest.from_file(
            Path(tmp) / voice / "manifest.json").entries.values()} for voice in walls}
    print(json.dumps({"scene": args.scene, "quality": args.quality, "synthesis": synth,
                      "render_wall_s": {k: round(v, 1) for k, v in walls.items()},
                      "duration_s": durations}, indent=1))


if __name__ == "__main__":
    main()
