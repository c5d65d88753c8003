"""An error that names a command to fix it names one that exists and does the fix: every
`make TARGET` the library tells a user to run is a target of the Makefile, and the ones named
for a missing voice install that voice."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMED = sorted({(m, path.relative_to(ROOT).as_posix())
                for path in (ROOT / "explainer").rglob("*.py")
                for m in re.findall(r"\bmake (setup|render|test|lint|clean)\b",
                                    path.read_text(encoding="utf-8"))})


def dry_run(target):
    """What `make TARGET` would run on a fresh machine (every step, nothing run)."""
    return subprocess.run(["make", "--dry-run", "--always-make", target], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_messages_name_make_targets():
    assert {"setup"} <= {target for target, _ in NAMED}


@pytest.mark.parametrize(("target", "where"), NAMED)
def test_each_named_target_exists(target, where):
    result = dry_run(target)
    assert result.returncode == 0, f"{where} says `make {target}`: {result.stderr}"


def test_make_setup_installs_what_a_narrated_render_needs():
    steps = dry_run("setup").stdout
    assert "check-system.sh" in steps  # Cairo, Pango, LaTeX, fonts, espeak-ng
    assert "pip install" in steps and "voice" in steps  # Piper, Kokoro's runtime
    assert "fetch-kokoro-styles.sh" in steps and "model_file()" in steps  # Kokoro's voices
