"""Checks of what rendering needs outside Python: LaTeX, dvisvgm, the CJK font, an encoder."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata

from explainer.errors import ExplainerError
from explainer.settings import FONT as CJK_FONT

APT_TEX = ("texlive-latex-base texlive-latex-recommended texlive-latex-extra "
           "texlive-fonts-recommended")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_latex() -> Check:
    latex = shutil.which("latex")
    fix = f"run `make setup` as root, or: sudo apt-get install {APT_TEX}"
    if latex is None:
        return Check("LaTeX", False, "`latex` not found on PATH", fix)
    found = subprocess.run(["kpsewhich", "standalone.cls"], capture_output=True, text=True,
                           check=False).stdout.strip()
    if not found:
        return Check("LaTeX", False, "standalone.cls is missing", fix)
    return Check("LaTeX", True, f"{latex}, {found}")


def check_dvisvgm() -> Check:
    path = shutil.which("dvisvgm")
    return Check("dvisvgm", path is not None, path or "`dvisvgm` not found on PATH",
                 "sudo apt-get install dvisvgm")


def check_font() -> Check:
    import manimpango

    ok = CJK_FONT in manimpango.list_fonts()
    detail = f"{CJK_FONT} found" if ok else f"font {CJK_FONT!r} not found: Chinese shows as boxes"
    return Check("CJK font", ok, detail, "sudo apt-get install fonts-noto-cjk")


def check_espeak() -> Check:
    """espeak-ng speaks English drafts (--voice espeak) and Latin words for Kokoro."""
    path = shutil.which("espeak-ng")
    fix = "sudo apt-get install espeak-ng (for --voice espeak, and Kokoro's Latin words)"
    if path is None:
        return Check("espeak-ng", False, "`espeak-ng` not found on PATH", fix)
    voices = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True,
                            check=False).stdout.split()
    if "en-us" not in voices:
        return Check("espeak-ng", False, "voice missing: en-us", fix)
    return Check("espeak-ng", True, f"{path}, voice en-us (its Mandarin is refused: Kokoro "
                                    "speaks Chinese)")


def check_content_fonts() -> Check:
    """Every character of every language file has an installed font (else: boxes)."""
    from explainer import catalog, fonts
    from explainer.content.text import languages
    from explainer.content.toml import flatten, read_toml

    folder = catalog.load(lenient=True).content_dir
    gaps = {}
    for lang in languages(folder):
        text = " ".join(v for v in flatten(read_toml(folder / f"{lang}.toml"))
                        .values() if isinstance(v, str))
        if fonts.missing(text):
            gaps[lang] = fonts.missing(text)
    if not gaps:
        return Check("content fonts", True, "every character of every language file is covered")
    chars = [c for cs in gaps.values() for c in cs]
    detail = "; ".join(f"{lang}.toml: {''.join(cs[:8])}" for lang, cs in gaps.items())
    return Check("content fonts", False, f"no installed font has {detail}",
                 f"sudo apt-get install {fonts.package_for(chars)}")


def check_encoder() -> Check:
    """Encode three tiny frames to H.264 in memory with PyAV (Manim's encoder)."""
    import av
    import numpy as np

    try:
        buffer = io.BytesIO()
        with av.open(buffer, "w", format="mp4") as container:
            stream = container.add_stream("libx264", rate=15)
            stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
            for i in range(3):
                frame = av.VideoFrame.from_ndarray(
                    np.full((64, 64, 3), 80 * i, dtype=np.uint8), format="rgb24")
                container.mux(stream.encode(frame))
            container.mux(stream.encode())
        return Check("video encoding", True, f"H.264 via PyAV {av.__version__}")
    except Exception as exc:  # any failure here means videos cannot be written
        return Check("video encoding", False, f"{type(exc).__name__}: {exc}",
                     "reinstall PyAV: .venv/bin/pip install --force-reinstall av")


def check_versions() -> Check:
    versions = {name: metadata.version(name) for name in ("manim", "numpy", "click", "av")}
    major_minor = tuple(int(p) for p in versions["manim"].split(".")[:2])
    ok = (0, 21) <= major_minor < (0, 23)
    return Check("packages", ok, ", ".join(f"{k} {v}" for k, v in versions.items()),
                 "pip install -e . (needs manim >=0.21,<0.23)")


def check_cache() -> Check:
    """The shared caches' sizes against their limit (`explainer cache` shows and clears)."""
    from explainer import cache, settings

    found = cache.usage()
    total = sum(u.bytes for u in found)
    parts = [f"{u.name} {u.files} files {cache.megabytes(u.bytes)}" for u in found] or ["empty"]
    try:
        limit = cache.limit_bytes()
    except ExplainerError as exc:
        return Check("cache", False, str(exc), f"set ${settings.CACHE_LIMIT_ENV} to a number")
    return Check("cache", True, f"{settings.cache_dir()}: {', '.join(parts)}; "
                 f"{cache.megabytes(total)} of {cache.megabytes(limit)}")


def check_voices() -> list[Check]:
    """Per language: the voice --voice auto would use, and whether it loads."""
    from explainer import catalog
    from explainer.content.text import languages
    from explainer.voice import engines
    from explainer.voice.choice import resolve

    folder = catalog.load(lenient=True).content_dir
    found = []
    for lang in languages(folder):
        try:
            settings = resolve("auto", lang, folder)
            engine = engines.load("auto", settings)
            assert engine is not None
            detail = f"{engine.name}, voice {engine.voice(lang)} ({engine.version()})"
            found.append(Check(f"voice {lang}", True, detail))
        except ExplainerError as exc:
            found.append(Check(f"voice {lang}", False, str(exc),
                               f"see {lang}.toml [meta] voice; --voice auto needs it"))
    return found


def run_checks() -> list[Check]:
    return [check_latex(), check_dvisvgm(), check_font(), check_content_fonts(), check_espeak(),
            *check_voices(), check_encoder(), check_versions(), check_cache()]


def missing_tools() -> list[str]:
    """Quick pre-flight for a render: one line per missing tool, naming the fix."""
    problems = []
    for check in (check_latex(), check_dvisvgm(), check_font()):
        if not check.ok:
            problems.append(f"{check.name}: {check.detail}; fix: {check.fix}")
    return problems
