# make serve | make build | make test — each sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.requirements-installed
NODE_READY := node_modules/.package-lock.json
SITE_DIR ?= site
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Dates in the build (the sitemap's) are the last commit's: two builds of one commit are identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build notice test test-fast bench report pictures labels chrome-labels chrome-replay new-page translations schemas contract tools serve-prod clean

# Lighthouse and axe-core, pinned by package-lock.json (measuring tools only).
$(NODE_READY): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

$(READY): requirements.txt pyproject.toml
	@if [ ! -e $(FONT) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else echo "Pictures are drawn with Debian's fonts-dejavu-core: run 'sudo apt-get install fonts-dejavu-core'." >&2; exit 1; fi; \
	fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Live preview: editing a record refreshes both languages.
serve: $(READY)
	$(PY) -m mkdocs serve --livereload --watch-theme --dev-addr $(HOST)

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

# The exam-day notice on every page of a built site, without a rebuild: each language's text in the variable
# named by its code (KK="…" RU="…"), shown until UNTIL (with its UTC offset, at most 24 hours ahead);
# CLEAR=1 takes it down. A refused notice prints one line (exit 2) and leaves the published one as it was.
notice: $(READY)
	@$(PY) scripts/publish_notice.py --site "$(SITE_DIR)" --until "$(UNTIL)" $(if $(CLEAR),--clear)

# Debian's chromium for the browser tests (never a downloaded browser) and its locale packs (Chrome's
# labels), Node.js for the JavaScript unit tests, nginx and openssl for serving, zbar to read the steps' QR codes; Xvfb, xdotool,
# Tesseract and PulseAudio to replay Chrome's steps on a virtual screen with two microphones.
tools:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	test -e /usr/lib/chromium/locales/ru.pak || missing="$$missing chromium-l10n"; \
	command -v Xvfb >/dev/null || missing="$$missing xvfb"; \
	command -v xdotool >/dev/null || missing="$$missing xdotool"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	ls /usr/share/tesseract-ocr/*/tessdata/rus.traineddata >/dev/null 2>&1 || missing="$$missing tesseract-ocr-rus"; \
	command -v pulseaudio >/dev/null || missing="$$missing pulseaudio"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	test -e /etc/nginx/modules-enabled/50-mod-http-brotli-static.conf || missing="$$missing libnginx-mod-http-brotli-static"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "The tests need Debian packages:$$missing. Run 'sudo apt-get install$$missing', then 'make test' again." >&2; \
	    exit 1; \
	  fi; \
	fi

# Two workers (this machine's two cores), a test file each at a time: the Chrome replay runs beside the rest.
test: $(READY) tools $(NODE_READY)
	$(PY) -m pytest -n 2 --dist loadfile
	node --test tests/js/

# Under a minute: the tests that need no build, server, browser or replay (the tiers: pyproject.toml), on both cores.
test-fast: $(READY) tools
	$(PY) -m pytest -n 2 -m "not build and not nginx and not browser and not replay"
	node --test tests/js/

# Take the pictures' sources again: Chrome's screens from the replay of its flows in the installed
# Chromium, mock-ups, and screenshots of the device checks that changed (PICTURES="id ..." for some
# only). Commit the result.
pictures: $(READY) tools
	$(PY) scripts/chrome_replay.py --pictures $(PICTURES)
	$(PY) scripts/capture_pictures.py $(PICTURES)

# Bilingual texts edited on one side only; CONFIRM=<file or page id> records a pair as matching again.
translations: $(READY)
	@$(PY) scripts/translations_report.py $(if $(CONFIRM),--confirm "$(CONFIRM)")

# The event contract's character tables for the pages (support/characters.js), from helpsite/events/contract.py.
contract: $(READY)
	@$(PY) scripts/write_contract.py

# JSON Schemas of the content files from the models, and the editor line atop each file.
schemas: $(READY)
	@$(PY) scripts/write_schemas.py

# A new page with every field to be written: make new-page ID=camera-blocked KIND=error|guide
new-page: $(READY)
	@$(PY) scripts/new_page.py "$(ID)" "$(KIND)"

# The catalogue's labels nobody has confirmed on a real screen yet, per product and language.
labels: $(READY)
	@$(PY) scripts/labels_report.py

# Chrome's labels from the installed Chromium's locale packs (English, Russian) and the Kazakh
# translation snapshot in docs/records/chromium/: writes docs/records/_chrome.yml.
chrome-labels: $(READY) tools
	$(PY) scripts/extract_chrome_labels.py

# Every Chrome flow the guide documents, replayed in the installed Chromium under Xvfb in Russian and
# English, each label found on the real screen; the run is recorded for make labels.
chrome-replay: $(READY) tools
	$(PY) scripts/chrome_replay.py --record

# Numbers, not pass/fail: per page weight, first paint at 1 Mbit/s, Lighthouse
# and axe, build time; device-check timings; search recall, size and latency.
bench: build tools $(NODE_READY)
	$(PY) scripts/bench_budgets.py site
	$(PY) scripts/bench_checks.py site
	$(PY) scripts/bench_search.py site
	$(PY) scripts/bench_build.py
	$(PY) scripts/bench_events.py site

# What fails candidates, from nginx's event logs: LOGS="/var/log/nginx/help-events.log*" (gzipped
# rotations too; several servers: copy their logs side by side and pass them all). Writes events-report.html
# in REPORT_LANG (ru by default, or kk), its links to SITE_URL.
LOGS ?= .prod/events.log
report: $(READY)
	$(PY) scripts/events_report.py --output events-report.html $(LOGS)

# The production setup on this machine: `make build`, then nginx with the
# repository's configuration and a self-signed certificate on loopback.
PROD_PORT ?= 8443
PROD := .prod
serve-prod: build tools
	@mkdir -p $(PROD)
	@test -f $(PROD)/cert.pem || openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=127.0.0.1 \
	  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout $(PROD)/key.pem -out $(PROD)/cert.pem 2>/dev/null
	$(PY) scripts/nginx_config.py --standalone $(PROD) --root $(SITE_DIR) --certificate $(PROD)/cert.pem \
	  --certificate-key $(PROD)/key.pem --address 127.0.0.1 --site-host 127.0.0.1:$(PROD_PORT) --https-port $(PROD_PORT) --http-port 8080 \
	  --events-log $(PROD)/events.log --site-log $(PROD)/access.log > $(PROD)/nginx.conf
	@echo "Production site: https://127.0.0.1:$(PROD_PORT)/ (self-signed certificate; Ctrl+C stops)"
	/usr/sbin/nginx -p $(CURDIR)/$(PROD) -c $(CURDIR)/$(PROD)/nginx.conf

clean:
	rm -rf site site.new site.old .prod .pytest_cache
	find docs -name '*.md' -delete
