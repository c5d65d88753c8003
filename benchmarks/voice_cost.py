"""What a voice costs. Prints JSON.

1. Synthesis per engine and language, with an empty audio cache: every narration line of every
   scene (or of the scenes named), timed line by line, reported as seconds of synthesis per
   second of speech; Piper's model load is timed apart. Lines are the caption templates with
   their {placeholders} unfilled (the numbers come from a render), which changes a few words.
2. One scene rendered silent, with espeak-ng and with Piper (English), the cache then warm.

    python benchmarks/voice_cost.py                 # the whole course, then dying-relu renders
    python benchmarks/voice_cost.py --scenes dying-relu --no-render
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
from explainer.render.manifest import Manifest
from explainer.voice.choice import resolve
from explainer.voice.narration import Narrator

BIN = Path(sys.executable).parent
ENGINES = {"espeak": ("en", "zh"), "piper": ("en",)}  # no Mandarin Piper voice ships


def synthesis(cat: catalog.Catalogue, mode: str, lang: str, scenes: list[str]) -> dict:
    settings = resolve(mode, lang, cat.content_dir)
    start = time.perf_counter()
    first = Narrator(mode, scenes[0], lang, cat.content_dir, settings)
    if hasattr(first.engine, "load"):
        first.engine.load()  # Piper: the ONNX model, once per process
    load_s = time.perf_counter() - start
    lines, speech, synth = 0, 0.0, 0.0
    for scene in scenes:
        request = plan_request(cat, scene, lang, voice=mode, voice_settings=settings)
        narrator = Narrator(mode, scene, lang, cat.content_dir, settings, request.say,
                            request.say_numbers)
        for key, text in request.captions().items():
            if not key.startswith("captions."):
                continue
            start = time.perf_counter()
            clip = narrator.clip(key, text)
            synth += time.perf_counter() - start
            lines += 1
            speech += clip.duration if clip else 0.0
    return {"lines": lines, "speech_s": round(speech, 1), "synthesis_s": round(synth, 1),
            "synthesis_s_per_speech_s": round(synth / speech, 3), "model_load_s": round(load_s, 2)}


def render(out: Path, scene: str, quality: str, voice: str, lang: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "explainer"), "render", scene, "-l", lang, "-q", quality,
                    "--voice", voice, "-j", "1", "-o", str(out)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenes", nargs="*", help="default: every scene")
    parser.add_argument("--render-scene", default="dying-relu")
    parser.add_argument("-q", "--quality", default="l")
    parser.add_argument("--no-render", action="store_true")
    args = parser.parse_args()
    cat = catalog.load()
    scenes = args.scenes or cat.ids()
    result: dict = {"scenes": len(scenes), "synthesis": {}}
    for mode, langs in ENGINES.items():
        for lang in langs:
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["EXPLAINER_CACHE_DIR"] = tmp  # an empty cache for each
                result["synthesis"][f"{mode}/{lang}"] = synthesis(cat, mode, lang, scenes)
    if not args.no_render:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["EXPLAINER_CACHE_DIR"] = str(Path(tmp) / "cache")
            walls, durations = {}, {}
            for voice in ("off", "espeak", "piper"):
                out = Path(tmp) / voice
                render(out, args.render_scene, args.quality, voice, "en")  # fills the cache
                walls[voice] = round(render(Path(tmp) / f"{voice}-2", args.render_scene,
                                            args.quality, voice, "en"), 1)
                durations[voice] = [e.duration for e in Manifest.from_file(
                    out / "manifest.json").entries.values()]
            result["render_en_warm_cache"] = {"scene": args.render_scene,
                                              "quality": args.quality, "wall_s": walls,
                                              "video_s": durations}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
