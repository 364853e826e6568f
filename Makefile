# Two commands: `make book` builds the site, `make test` runs the tests.
# Both create the environment in .venv from requirements.txt on first use.
# `make check` is the author's fast lane: ruff and every test that needs no build, browser or Jupyter server.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

# Python's bytecode cache on, whatever the shell says (this machine's environment sets PYTHONDONTWRITEBYTECODE):
# without it every test worker, subprocess and notebook kernel compiles the library and the tests again. The
# __pycache__ folders are git-ignored.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: book test check serve lab clean constraints chromium

book: $(READY)
	$(BIN)/shuanggao build

test: $(READY) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(READY)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not build" -q -n auto --dist loadgroup

# The browser tests drive Debian's Chromium (Playwright cannot download its own here). Installed when
# missing and possible (CI runs as root); otherwise those tests are skipped and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium is not installed and cannot be installed here: the browser tests will be skipped"

# As a static host serves it: precompressed (Brotli or gzip) when the browser accepts it.
serve: $(READY)
	$(BIN)/shuanggao serve

# For analysts: JupyterLab on the book's notebooks, in this environment, widgets live.
lab: $(READY)
	$(BIN)/shuanggao lab

$(READY): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# After changing requirements.txt: re-pin every package from a clean environment.
constraints:
	rm -rf /tmp/shuanggao-pin && $(PYTHON) -m venv /tmp/shuanggao-pin
	grep -v -e '^-c' -e '^-e' requirements.txt > /tmp/shuanggao-pin/req.txt
	/tmp/shuanggao-pin/bin/pip install --quiet -r /tmp/shuanggao-pin/req.txt
	{ echo "# Full pin of every package in the environment (pip freeze), so that a fresh machine gets the same versions."; \
	  echo "# Regenerate after changing requirements.txt: make constraints"; \
	  /tmp/shuanggao-pin/bin/pip freeze; } > constraints.txt

clean:
	rm -rf _build
