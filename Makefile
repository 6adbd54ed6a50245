# Two commands for a fresh machine:  make serve  (build and serve)  ·  make test  (the whole suite)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: serve build test browser nginx screenshots clean release

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

build: $(BIN)/.installed
	$(BIN)/python build_db.py --package datapackage.json --output tracker.db

serve: build
	$(BIN)/datasette serve . --host 127.0.0.1 --port $(PORT)

# A release of the data (README, "Releases"): make release VERSION=X.Y.Z, then commit what it wrote.
release: $(BIN)/.installed
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z" >&2; exit 2; }
	$(BIN)/python scripts/release.py $(VERSION)
	$(MAKE) build

# Debian's Chromium for the browser tests; a no-op where it is already installed.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx for the proxy in front of several workers (deploy/, scripts/serve_cluster.py).
nginx:
	@command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }

test: $(BIN)/.installed browser nginx
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

screenshots: $(BIN)/.installed browser
	SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py tests/test_reader_journeys.py

clean:
	rm -rf $(VENV) tracker.db inspect-data.json .tracker-building-* .pytest_cache
