# Two set-up commands: `make demo` and `make test`. Each bootstraps .venv itself (idempotent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
# axe-core (npm) checks the pages' accessibility in the browser tests; pinned, installed beside the venv.
AXE_VERSION := 4.14.1
AXE := .axe/node_modules/axe-core/axe.min.js

.PHONY: demo demo-docs test lint bench lock clean docs

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("jobzone needs Python >= 3.11 (set PYTHON=python3.11)") if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@echo "installing pinned dependencies (constraints.txt) into $(VENV) ..."
	@$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python -m jobzone.demo

# Without npm the accessibility test skips here (and fails in CI, whose .ci/run installs npm).
$(AXE):
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-save --no-audit --no-fund --prefix .axe axe-core@$(AXE_VERSION) >/dev/null; \
	else echo "npm not found: the axe-core accessibility test will be skipped (apt-get install npm)"; fi

test: lint $(AXE)
	@$(BIN)/python -m pytest -q

# Style, the layer contracts and the type checker: part of `make test` (and so of CI).
lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/lint-imports
	@$(BIN)/mypy

bench: $(STAMP)
	@for script in benchmarks/*.py; do $(BIN)/python $$script; done

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev -o constraints.txt --python-version 3.11

clean:
	rm -rf $(VENV) .axe demo-workspace .pytest_cache

# The CLI, configuration and drafting-rules references in docs/, generated from the code and the rules file
# (`make test` fails when they are stale).
docs: $(STAMP)
	@$(BIN)/python -m jobzone.reference

# The README's demo section and the screenshots in docs/, regenerated from a run of the demo (`make test` fails when
# the section no longer matches what the demo shows, or a screenshot's recorded texts are gone from its page).
demo-docs: $(STAMP)
	@$(BIN)/python -m jobzone.demo_docs
