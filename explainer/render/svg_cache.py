"""The LaTeX and text SVGs Manim makes, shared by every job and every run.

Each job still gets its own Manim media folder (two Manim processes writing one folder crash),
but before it renders, the SVGs earlier jobs made are linked into that folder, so Manim finds
them and skips LaTeX, dvisvgm and Pango; after it renders, the SVGs it made are published for
the next job. Manim names each SVG by a hash of the TeX source with its template, or of the
text with font, size and colour, so an entry never changes once written: publishing is "write
under a temporary name, then rename", and a reader sees a whole file or none, however many
workers fill the cache at once.

One input is not in Manim's name: Pango lays a Text out on a canvas the size of the video in
pixels (``config.pixel_width`` x ``pixel_height``), so the same text wraps differently at
192x108 and at 854x480. Text SVGs are therefore kept per pixel size (``text-854x480``); a
render at one size never reads another size's layout. LaTeX's SVGs do not depend on it and are
shared by every size. Neither depends on the frame rate.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from explainer import cache as explainer_cache
from explainer import settings
from explainer.files import copy_into

# Manim's folder name inside a media folder -> ours inside the cache (text: per pixel size)
TEX, TEXT = "Tex", "texts"


def folders(size: tuple[int, int]) -> dict[str, str]:
    """Manim's folder name inside a media folder -> ours inside the cache, for a render of
    ``size`` pixels (width, height)."""
    return {TEX: "tex", TEXT: f"text-{size[0]}x{size[1]}"}


def pixel_size(options: Mapping[str, Any]) -> tuple[int, int]:
    """The video size in pixels that Manim settings give (a quality, then any pixel_width or
    pixel_height on top), worked out by Manim itself: imports Manim."""
    from manim import config, tempconfig

    with tempconfig(dict(options)):
        return int(config.pixel_width), int(config.pixel_height)


def cache_dir() -> Path:
    """The shared cache's SVG folder: one per Manim version (its SVG naming may change)."""
    return settings.cache_dir(f"svg-manim-{metadata.version('manim')}")


# Entries are copied both ways, never hard-linked: Manim's Text rewrites its SVG in place every
# time a Text is built (manimpango's remove_last_M opens it with "w"), so a file shared with
# the cache would be truncated under another job's reader. Seen here with hard links: an entry
# left at 0 bytes and two jobs failing with "ParseError: no element found".


def _copy_missing(source: Path, target: Path, atomic: bool) -> int:
    """Copy the SVGs in ``source`` that ``target`` lacks; returns how many. Manim's scratch
    files ("..._.svg") and empty files are never SVGs worth sharing."""
    if not source.is_dir():
        return 0
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for svg in source.glob("*.svg"):
        if svg.stem.endswith("_") or svg.stat().st_size == 0 or (target / svg.name).exists():
            continue
        (copy_into if atomic else shutil.copyfile)(svg, target / svg.name)
        count += 1
    return count


def prime(media_dir: Path, size: tuple[int, int], cache: Path | None = None) -> int:
    """Copy every cached SVG a render of ``size`` pixels may use into ``media_dir``'s Tex/
    and texts/; returns how many."""
    cache = cache or cache_dir()
    return sum(_copy_missing(cache / ours, media_dir / manim_name, atomic=False)
               for manim_name, ours in folders(size).items())


def mark_used(media_dir: Path, since: float, size: tuple[int, int],
              cache: Path | None = None) -> int:
    """Mark as used the cache entries whose copies in ``media_dir`` a render read or rewrote
    after ``since`` (their access or modification time; Text rewrites its SVG, LaTeX's are
    read, where the file system records access times); returns how many."""
    cache = cache or cache_dir()
    used = [cache / ours / svg.name
            for manim_name, ours in folders(size).items() if (media_dir / manim_name).is_dir()
            for svg in (media_dir / manim_name).glob("*.svg")
            if max(svg.stat().st_atime, svg.stat().st_mtime) > since]
    explainer_cache.touch(used)
    return len(used)


def publish(media_dir: Path, size: tuple[int, int], cache: Path | None = None) -> int:
    """Add the SVGs a render of ``size`` pixels made in ``media_dir`` that the cache lacks
    (each written then renamed)."""
    cache = cache or cache_dir()
    return sum(_copy_missing(media_dir / manim_name, cache / ours, atomic=True)
               for manim_name, ours in folders(size).items())
