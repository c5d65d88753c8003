#!/usr/bin/env bash
# Check the system libraries Manim needs; install the missing ones with apt-get when we are
# root, otherwise stop and print the exact command to run. Quiet when everything is present.
set -euo pipefail

PYTHON=${PYTHON:-python3}
missing=()
have() { command -v "$1" >/dev/null 2>&1; }

# Building pycairo needs a C compiler and Python's headers; a venv needs ensurepip.
have cc || missing+=(build-essential)
if ! "$PYTHON" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(
        os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
  missing+=(python3-dev)
fi
"$PYTHON" -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)

have pkg-config || missing+=(pkg-config)
if ! have pkg-config || ! pkg-config --exists cairo; then missing+=(libcairo2-dev); fi
if ! have pkg-config || ! pkg-config --exists pangocairo; then missing+=(libpango1.0-dev); fi
if ! have latex || ! have kpsewhich || [ -z "$(kpsewhich standalone.cls 2>/dev/null)" ] \
    || [ -z "$(kpsewhich babel-english.ldf english.ldf 2>/dev/null)" ]; then
  missing+=(texlive-latex-base texlive-latex-recommended texlive-latex-extra
            texlive-fonts-recommended)
fi
have dvisvgm || missing+=(dvisvgm)
if ! have fc-list || ! fc-list ':lang=zh' family | grep -q 'Noto Sans CJK SC'; then
  missing+=(fonts-noto-cjk fontconfig)
fi

# Offline narration (--voice espeak; Kokoro reads Latin words with it) and measuring it;
# npm fetches Kokoro's voice styles.
have espeak-ng || missing+=(espeak-ng)
have sox || missing+=(sox)
have npm || missing+=(npm)

# The test suite drives a real browser against the gallery page, and runs the LMS side of
# SCORM (scorm-again, from npm) in it.
if [ "${1:-}" = "--with-browser" ]; then
  have chromium || missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && have apt-get; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends ${missing[*]} >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Run: sudo $cmd" >&2
  exit 2
fi
