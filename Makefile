# Two commands do everything on a fresh machine (Python 3.11+, no display needed for tests):
#   make run    set up .venv and open the reader on the bundled articles
#   make test   set up .venv and run the whole test suite (what CI runs, via .ci/run)
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: setup run run-corpus test test-fast bench dist glossary translations clean

$(STAMP): pyproject.toml
	@bash scripts/ensure-system-libs.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The Spanish interface: .ts (committed) -> .qm (built here, not committed)
QM = resources/translations/mbc_reader_es.qm
$(QM): resources/translations/mbc_reader_es.ts $(STAMP)
	$(PY) scripts/build_translations.py

setup: $(STAMP)

run: $(STAMP) $(QM)
	$(VENV)/bin/mbc-reader gui

# In CI (CI=true) the test command also builds the installer and smoke-tests the installed package.
test: $(STAMP) $(QM)
	@bash scripts/ensure-test-tools.sh
	@if [ "$${CI:-}" = true ]; then $(MAKE) --no-print-directory dist; fi
	$(PY) -m pytest -q

test-fast: $(STAMP) $(QM)
	@bash scripts/ensure-test-tools.sh
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)
	$(PY) benchmarks/run.py

translations: $(STAMP)
	$(PY) scripts/build_translations.py

glossary: $(STAMP)
	$(PY) scripts/build_glossary.py

clean:
	rm -rf $(VENV) build dist .pytest_cache

# The real 1,433-article NCI collection, installed as a content pack (into the user data folder), then
# the app on it. --force: one page of the crawl has no title; it is left out and reported.
CORPUS ?= ../shared/corpus/nci-core
run-corpus: $(STAMP) $(QM)
	$(VENV)/bin/mbc-reader pack install $(CORPUS) --name nci-core --force
	$(VENV)/bin/mbc-reader gui

# The offline installer (docs/INSTALL.md): PyInstaller bundle dist/mbc-reader/ and the .deb, then
# the smoke test of the installed package (no Python, no network), then the NCI content pack from
# $(CORPUS) and its .deb (dist/nci-core-*.zip; minutes; skipped, saying so, when there is no corpus).
# PACK_KEY=path/to/staff.key signs the pack (else it is unsigned).
DIST_STAMP = $(VENV)/.installed-dist
$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(PY) installer/build_deb.py
	$(PY) installer/smoke_test.py
	$(PY) installer/build_content_pack.py --corpus $(CORPUS) $(if $(PACK_KEY),--sign $(PACK_KEY))
