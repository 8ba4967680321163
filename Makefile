# Two commands on a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Check protocols/ and write the reports. Exit 1 (findings) is expected there: only exit 2
# (the check could not run) or a crash fails the demo.
demo: $(STAMP)
	@mkdir -p reports/out
	@$(BIN)/confide check protocols/ --format json --output reports/out/report.json; \
	  code=$$?; if [ $$code -ge 2 ]; then echo "confide check failed (exit $$code)"; exit $$code; fi
	@$(BIN)/confide check protocols/ --fail-on error > reports/out/report.txt; \
	  code=$$?; if [ $$code -ge 2 ]; then echo "confide check failed (exit $$code)"; exit $$code; fi
	@echo "Reports written to reports/out/"
	@tail -n 1 reports/out/report.txt

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports/out .pytest_cache
