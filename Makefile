# FINSAM-assistenten. The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Elsewhere, point this at PyTorch's CPU wheels, e.g.
#   make install TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
TORCH_VERSION ?= 2.13.0
HOST ?= 127.0.0.1
PORT ?= 7860

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: install run index test lint typecheck pytest browser-deps bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@# CPU build of torch first; otherwise pip pulls several GB of CUDA packages.
	@$(BIN)/python -c "import torch" 2>/dev/null || \
	  $(BIN)/pip install -q torch==$(TORCH_VERSION) $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

index: install
	@# Exit code 2 means some files could not be read (reported above); the app still starts.
	@$(BIN)/finsam status >/dev/null 2>&1 || $(BIN)/finsam ingest || test $$? -eq 2

run: index
	$(BIN)/finsam serve --host $(HOST) --port $(PORT)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check assistant tests evals
	$(BIN)/ruff format --check assistant tests evals

typecheck: install
	$(BIN)/mypy

pytest: install browser-deps
	$(BIN)/pytest -q

test: lint typecheck pytest

eval: index
	$(BIN)/python evals/retrieval_eval.py

bench: index
	$(BIN)/python evals/bench_retrieval.py

clean:
	rm -rf index .pytest_cache .mypy_cache .ruff_cache
