"""The processor instructions x264 may use: everything this machine has but AVX-512.

On the AMD EPYC machines here, x264's AVX-512 code gave different files for the same frames:
one 10-frame clip encoded 60 times in a row came out in 14 different ways (8 different
pictures once decoded, up to 27 grey levels apart), single-threaded or not. With the same
instructions less AVX-512, 60 of 60 were the same, with or without x264's threads. So a
chunk rendered apart, or on another worker, did not match the whole render. The instruction
set is part of the toolchain fingerprint: a worker with other instructions is refused (x264's
code for SSE only and for AVX2 need not give the same file: with no assembly at all, it did
not).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# /proc/cpuinfo flag -> x264's name for it (x264's own list: common/cpu.c), AVX-512 left out
X264_NAMES = {"mmxext": "MMX2", "sse": "SSE", "sse2": "SSE2", "pni": "SSE3",
              "ssse3": "SSSE3", "sse4_1": "SSE4.1", "sse4_2": "SSE4.2", "avx": "AVX",
              "xop": "XOP", "fma4": "FMA4", "fma": "FMA3", "bmi1": "BMI1", "bmi2": "BMI2",
              "avx2": "AVX2", "abm": "LZCNT"}


@cache
def flags() -> frozenset[str]:
    """This machine's processor flags as Linux names them; empty elsewhere."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    return frozenset(line.partition(":")[2].split())


def x264_asm() -> str:
    """x264's ``asm`` setting: the instructions it may use here, AVX-512 left out ("" when
    they cannot be read: x264 then detects them itself)."""
    have = flags()
    return ",".join(name for flag, name in X264_NAMES.items() if flag in have)


def fingerprint() -> str:
    """What decides how this machine's x264 rounds: the instructions it uses."""
    return f"x264:{x264_asm()}"
