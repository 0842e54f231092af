# make serve | make build | make test — each sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.requirements-installed
SITE_DIR ?= site
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test bench tools clean

$(READY): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Live preview: editing a record refreshes both languages.
serve: $(READY)
	$(PY) -m mkdocs serve --livereload --dev-addr $(HOST)

# Strict build into a scratch folder, then swap it in: a failed build
# leaves the previous site/ exactly as it was.
build: $(READY)
	@rm -rf $(SITE_DIR).new
	$(PY) -m mkdocs build --strict --quiet --site-dir $(SITE_DIR).new
	$(PY) scripts/finish_site.py $(SITE_DIR).new
	@rm -rf $(SITE_DIR).old
	@if [ -d $(SITE_DIR) ]; then mv $(SITE_DIR) $(SITE_DIR).old; fi
	@mv $(SITE_DIR).new $(SITE_DIR) && rm -rf $(SITE_DIR).old
	@echo "Built $(SITE_DIR)/ ($$(find $(SITE_DIR) -name '*.html' | wc -l) HTML pages)"

# Debian's chromium for the browser tests and Node.js for the JavaScript unit
# tests; never a downloaded browser.
tools:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need Debian packages:$$missing. Run 'sudo apt-get install$$missing', then 'make test' again." >&2; \
	    exit 1; \
	  fi; \
	fi

test: $(READY) tools
	$(PY) -m pytest
	node --test tests/js/

# Numbers, not pass/fail: device-check timings and speed-estimate error,
# search recall, index size and latency.
bench: build tools
	$(PY) scripts/bench_checks.py site
	$(PY) scripts/bench_search.py site

clean:
	rm -rf site .site.new .site.old .pytest_cache
	find docs -name '*.md' -delete
