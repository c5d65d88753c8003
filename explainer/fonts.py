"""Which characters the installed fonts can draw (fontconfig), and what to install if not."""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from functools import cache

# First code point of a range -> the Debian package with a font for it (the rest: Noto core).
PACKAGES = ((0x0000, "fonts-noto-core"), (0x0590, "fonts-noto-core"),
            (0x0E00, "fonts-thai-tlwg"), (0x0E80, "fonts-noto-core"),
            (0x1100, "fonts-noto-cjk"), (0x1200, "fonts-noto-core"),
            (0x2E80, "fonts-noto-cjk"), (0xA000, "fonts-noto-core"),
            (0xAC00, "fonts-noto-cjk"), (0xD7B0, "fonts-noto-core"),
            (0xF900, "fonts-noto-cjk"), (0xFB00, "fonts-noto-core"),
            (0x1F000, "fonts-noto-color-emoji"), (0x20000, "fonts-noto-cjk"))


@cache
def covered_ranges() -> tuple[tuple[int, int], ...]:
    """Code point ranges some installed font covers, merged and sorted."""
    if shutil.which("fc-list") is None:
        return ()
    out = subprocess.run(["fc-list", "-f", "%{charset}\n"], capture_output=True, text=True,
                         check=False).stdout
    spans = []
    for token in out.split():
        lo, _, hi = token.partition("-")
        spans.append((int(lo, 16), int(hi or lo, 16)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def missing(text: str) -> list[str]:
    """Characters of ``text`` no installed font has (drawn as boxes), in order of appearance."""
    ranges = covered_ranges()
    starts = [r[0] for r in ranges]
    out: dict[str, None] = {}
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        i = bisect.bisect_right(starts, ord(ch)) - 1
        if i < 0 or ord(ch) > ranges[i][1]:
            out[ch] = None
    return list(out)


def package_for(chars: list[str]) -> str:
    """The Debian font packages that cover ``chars``."""
    starts = [p[0] for p in PACKAGES]
    found = {PACKAGES[bisect.bisect_right(starts, ord(c)) - 1][1] for c in chars}
    return " ".join(sorted(found))
