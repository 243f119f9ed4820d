# Two commands for a fresh machine: `make serve` and `make test`.
# Each creates .venv from the pinned requirements when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-properties check fix new-article bench browser lock clean

serve: $(READY)  ## Serve the site at http://127.0.0.1:8000, rebuilding on every change
	$(BIN)/mkdocs serve -a $(HOST)

build: $(READY)  ## Build the site into site/, failing on any warning
	$(BIN)/mkdocs build --strict

check: $(READY)  ## Check every annotation file and anchor every quote, and compare with the base branch (BASE=ref)
	$(BIN)/python hooks/check_annotations.py $(if $(BASE),--base $(BASE))

fix: $(READY)  ## Rewrite the quote, prefix and suffix of every note whose quote drifted, in place; list the orphans
	$(BIN)/python hooks/fix_annotations.py

# A variable as one shell word, whatever it holds (quotes, $, spaces): titles come from anywhere;
# an option only when given on make's command line, never from the environment.
quoted = '$(subst ','\'',$(value $(1)))'
option = $(if $(filter command line,$(origin $(1))),--$(2) $(call quoted,$(1)))

new-article: $(READY)  ## Import an article: make new-article FROM=path [URL=... PUBLISHER=... DATE=YYYY-MM-DD TITLE=... SLUG=...]
	$(BIN)/python hooks/new_article.py $(call option,FROM,from) $(call option,URL,url) $(call option,PUBLISHER,publisher) \
		$(call option,DATE,date) $(call option,TITLE,title) $(call option,SLUG,slug)

test: $(READY) browser  ## Run every test, browser tests included
	$(BIN)/python -m pytest

test-properties: $(READY)  ## The property-based tests with 10,000 examples each (about 45 minutes on 2 cores)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -o faulthandler_timeout=0 tests/properties tests/unit/test_htmltokens_properties.py tests/unit/test_page_markup_properties.py

ARTICLES ?= 200
NOTES ?= 20
TERMS ?= 100
ROUNDS ?= 5
bench: $(READY)  ## Build a synthetic site with and without the hooks: make bench ARTICLES=1000 TERMS=2000 ROUNDS=3 [SERVE=1]
	$(BIN)/python scripts/bench_scale.py --articles $(ARTICLES) --notes $(NOTES) --terms $(TERMS) --rounds $(ROUNDS) $(if $(SERVE),--serve)

browser:
	@scripts/ensure-chromium

$(READY): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements-dev.txt
	touch $@

# A new venv from the requirements alone: what pip chooses today, written down.
lock:  ## Pin every package the requirements pull in (constraints.txt): run after changing requirements*.txt
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	{ sed -n '/^#/p' constraints.txt; .lock-venv/bin/python -m pip freeze; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) site .pytest_cache
