# The two commands: `make demo` (the whole product on a demo province) and `make test` (the suite).
# Without DATABASE_URL / REDIS_URL the project runs its own PostgreSQL and Redis under var/.
VENV ?= .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/platform:$(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install system-deps messages lint bench bench-load clean-data vendor lock

demo: install system-deps messages
	$(PY) deploy/devserver.py demo

# Two processes (pytest-xdist), each with its own test database and Redis database; a file's tests stay
# together so a module's fixture (the demo province) is built once. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
test: install system-deps messages
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test,bench]'
	touch $@

# Debian packages: Chromium for browser tests, Liberation fonts (Times New Roman metrics with every
# Vietnamese letter) for PDFs, Pango for WeasyPrint, gettext for the translation catalogues, poppler-utils
# (pdftoppm) to look at printed documents as images.
SYSTEM_PACKAGES := chromium chromium-driver fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 gettext poppler-utils
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

messages: install
	$(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=var

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/tenant_creation.py
	$(PY) bench/document_search.py
	$(PY) bench/list_throughput.py
	$(PY) bench/dossier_import.py

# 50 users for 10 minutes on gunicorn, a Celery worker and beat under the production settings, against the demo
# province in a database of its own (~15 minutes in all; not part of `make bench`). LOAD_USERS=10 LOAD_SECONDS=60 for a short run.
LOAD_USERS ?= 50
LOAD_SECONDS ?= 600
bench-load: install messages
	$(PY) bench/load_50_users.py --users $(LOAD_USERS) --seconds $(LOAD_SECONDS)

# Browser libraries (package.json) copied into static files: served by us, never from a CDN. Run after
# changing a version there; the copies are committed.
vendor:
	npm install --no-save --no-audit --no-fund
	mkdir -p platform/web/static/vendor/chart.js
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md platform/web/static/vendor/chart.js/

clean-data:
	rm -rf var/

# Refresh the vi/en catalogues from the source after changing UI strings (then translate vi). Each app keeps
# its own catalogue: makemessages runs inside each app's folder (from platform/ it would put every string in
# platform/locale).
makemessages: install
	for locale in platform/*/locale; do (cd $${locale%/locale} && $(CURDIR)/$(PY) $(CURDIR)/manage.py \
	  makemessages -l vi -l en --no-obsolete -v 0) || exit 1; done
	cd tenants && ../$(PY) ../manage.py makemessages -l vi -l en --no-obsolete -v 0 || true

# The deployed image's pinned, hashed dependencies from pyproject.toml (deploy/requirements.lock).
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --no-header -o deploy/requirements.lock.new
	{ sed -n '1,/^[a-z]/p' deploy/requirements.lock | grep '^#'; cat deploy/requirements.lock.new; } > deploy/requirements.lock.tmp
	mv deploy/requirements.lock.tmp deploy/requirements.lock && rm -f deploy/requirements.lock.new
