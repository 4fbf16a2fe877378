# Samtaleguide: every command in the README is a target here, and CI runs the same targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Rasa phones home for telemetry and retries without a network; keep it quiet and fast.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

SPACY_MODEL := build/spacy_da
MODEL := models/samtaleguide.tar.gz
CHROMIUM := /usr/bin/chromium
REDIS_SERVER := /usr/bin/redis-server
HAPROXY := /usr/sbin/haproxy
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(wildcard bot/rasa/*.py)

.PHONY: install spacy train run test lint format validate test-python test-stories nlu-cv nlu-eval browser redis haproxy cluster clean

## install: create .venv and install the pinned environment (idempotent)
install: $(STAMP)

$(STAMP): requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python -r requirements/lock.txt
	touch $@

## spacy: build the Danish spaCy pipeline (blank da + lookup lemmatizer) offline
spacy: $(SPACY_MODEL)/meta.json

$(SPACY_MODEL)/meta.json: $(STAMP) bot/nlp/pipeline.py
	$(BIN)/python -m bot nlp build --out $(SPACY_MODEL)

## train: train the Rasa model when config, domain or data changed
train: $(MODEL)

$(MODEL): $(STAMP) $(SPACY_MODEL)/meta.json $(TRAINING_INPUTS)
	$(BIN)/rasa train --fixed-model-name samtaleguide --out models --quiet
	@touch $@  # rasa keeps the old file when nothing changed; make must still see it as new

## run: set up everything and start the action server, the Rasa server and the web cockpit
run: $(MODEL)
	$(BIN)/python -m bot serve --model $(MODEL)

## test: set up everything, check lint and format, and run all tests
test: lint validate test-python test-stories

## lint: ruff's checks and its format check (settings in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: let ruff format the code and fix what it can
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(STAMP)
	$(BIN)/rasa data validate --fail-on-warnings

test-python: $(MODEL) browser redis haproxy
	$(BIN)/python -m pytest

test-stories: $(MODEL)
	$(BIN)/rasa test core --model $(MODEL) --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out build/results/core

## nlu-cv: 5-fold cross-validated NLU figures (a measurement, not a test)
nlu-cv: $(STAMP) $(SPACY_MODEL)/meta.json
	$(BIN)/python -m bot bench nlu --folds 5

## nlu-eval: the 5-fold cross-validation, then a model trained on data/ scored on the frozen situation
## yardstick (tests/data/nlu_situations.yml): top-1, top-3, the right tool among the offered choices
nlu-eval: $(STAMP) $(SPACY_MODEL)/meta.json
	$(BIN)/python -m bot bench nlu-eval --with-cv

## browser: Debian's Chromium for the web cockpit's browser tests (only when missing; never `playwright install`)
browser:
	@test -x $(CHROMIUM) || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## redis: Debian's redis-server for the scale-out topology and its test (only when missing)
redis:
	@test -x $(REDIS_SERVER) || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

## haproxy: Debian's HAProxy, the scale-out topology's load balancer (only when missing)
haproxy:
	@test -x $(HAPROXY) || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; }

## cluster: two Rasa replicas and two action servers behind HAProxy, on PostgreSQL and Redis (Ctrl+C stops all)
cluster: $(MODEL) redis haproxy
	$(BIN)/python -m bot cluster run --model $(MODEL)

clean:
	rm -rf build models results .pytest_cache
