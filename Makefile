# Two commands on a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo demo-import test bench clean rules-doc lint

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
	@for f in json:json sarif:sarif markdown:md html:html text:txt; do \
	  $(BIN)/confide check protocols/ --format $${f%%:*} --output reports/out/report.$${f##*:}; \
	  code=$$?; if [ $$code -ge 2 ]; then echo "confide check failed (exit $$code)"; exit $$code; fi; \
	done
	@echo "Reports written to reports/out/: report.html (for commissioners), report.sarif, report.md, report.json, report.txt"
	@tail -n 1 reports/out/report.txt
	@$(MAKE) --no-print-directory demo-import
	@echo "To draft protocols in the browser, with findings as you type (docs/serve.md):"
	@echo "  $(BIN)/confide serve protocols/"

# A Word policy in, its review and the published policy out (docs/import.md); skipped without ../shared/prose.
PROSE := ../shared/prose
demo-import: $(STAMP)
	@if [ ! -f $(PROSE)/ropewalk.docx ]; then echo "Import demo skipped: $(PROSE)/ropewalk.docx is not here"; exit 0; fi; \
	rm -f reports/out/ropewalk.protocol; \
	$(BIN)/confide import $(PROSE)/ropewalk.docx -o reports/out/ropewalk.protocol || exit 2; \
	$(BIN)/confide check reports/out/ropewalk.protocol --format docx --source $(PROSE)/ropewalk.docx \
	  -o reports/out/ropewalk-reviewed.docx; code=$$?; if [ $$code -ge 2 ]; then exit $$code; fi; \
	$(BIN)/confide publish reports/out/ropewalk.protocol -o reports/out/ropewalk-policy.docx 2>/dev/null || exit 2; \
	$(BIN)/confide publish reports/out/ropewalk.protocol -o reports/out/ropewalk-policy.html 2>/dev/null || exit 2; \
	echo "Imported ropewalk.docx to reports/out/: ropewalk.protocol (the draft), ropewalk-reviewed.docx (the policy" \
	  "with each finding as a Word comment), ropewalk-policy.docx and .html (published from the draft)"

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

# Generated corpora, timed (docs/performance.md), after the import section (docs/import.md: scores on
# ../shared/prose, a generated 40-page PDF; reportlab comes with the test extras). BENCH_ARGS=--large adds the
# 10,000-file corpus.
bench: $(TEST_STAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# ruff, and mypy --strict on the package (checked under its import name, `confide`, through a
# link in a scratch folder: mypy cannot follow setuptools' editable-install mapping).
lint: $(TEST_STAMP)
	$(BIN)/ruff check checker tests scripts
	@mkdir -p build/typecheck && ln -sfn ../../checker build/typecheck/confide
	cd build/typecheck && ../../$(BIN)/mypy --strict -p confide

# Regenerate docs/rules.md from the rule registry (tests/test_rules_doc.py fails while it is stale).
rules-doc: $(STAMP)
	$(BIN)/python scripts/gen_rules_doc.py

clean:
	rm -rf $(VENV) reports/out .pytest_cache
