# Two commands matter: `make serve` (live preview) and `make test` (every test).
# Each sets up .venv from the pinned requirements on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# CENTER=path/to/center builds that folder's mkdocs.yml instead of ours.
CONFIG := $(if $(CENTER),$(CENTER)/mkdocs.yml,mkdocs.yml)
SITE_DIR := $(if $(CENTER),$(CENTER)/site,site)

.PHONY: serve site offline test test-fast test-builders lint check bench clean venv

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || \
	  { echo "$(PYTHON) cannot create a virtualenv (Debian: apt-get install python3-venv)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# A second virtualenv with ProperDocs (the maintained MkDocs 1.x fork) for tests/test_builders.py:
# kept apart so it can never replace mkdocs in $(VENV).
PD_VENV := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed

$(PD_STAMP): requirements.txt requirements-properdocs.txt pyproject.toml
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	$(PD_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: $(STAMP)
	$(PY) -m mkdocs serve -f $(CONFIG) -a 127.0.0.1:8000

site: $(STAMP)
	$(PY) -m generator build -f $(CONFIG) -d $(SITE_DIR)

check: $(STAMP)
	$(PY) -m generator check $(if $(CENTER),--center $(CENTER)/center.yml)

# A copy that works from file:// (see docs/reference/hosting.md); CENTER=... for a center's.
offline: $(STAMP)
	$(PY) -m generator build -f $(dir $(CONFIG))mkdocs-offline.yml -d $(SITE_DIR)-offline

# The browser tests need Chromium and the JavaScript parity tests Node: say so before 1,000 errors do.
test: $(STAMP) $(PD_STAMP)
	@for tool in $${CHROMIUM:-chromium} node; do command -v $$tool >/dev/null || \
	  { echo "make test needs $$tool (Debian: apt-get install chromium nodejs)" >&2; exit 1; }; done
	$(PY) -m pytest -n auto

# What needs no site build, Node or Chromium (pytest markers build, node, browser), then the linter:
# seconds, for someone editing one rule.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not build and not node and not browser"
	$(PY) -m ruff check
	$(PY) -m ruff format --check

lint: $(STAMP)
	$(PY) -m ruff check
	$(PY) -m ruff format --check

# The guide built by MkDocs, by MkDocs from `python -m generator pages`, and by ProperDocs, compared.
test-builders: $(STAMP) $(PD_STAMP)
	$(PY) -m pytest tests/test_builders.py

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf site site-offline .site-* $(VENV) $(PD_VENV)
