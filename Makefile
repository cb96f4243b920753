# The README's two commands: `make run` and `make test`. Both need only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.test-installed-stamp
STORE ?= var/store
CORPUS ?= corpus/seeds

.PHONY: run test lint build serve clean bench eval

# Serving needs only the package; the test extras (Playwright, schemathesis, ...) come with `make test`.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP)

run: build serve

build: $(STAMP)
	$(BIN)/cablegraph build $(CORPUS) --store $(STORE)

serve: $(STAMP)
	$(BIN)/cablegraph serve --store $(STORE)

test: lint
	$(BIN)/pytest -n 2 -q

# Style, layers and types (pyproject.toml: [tool.ruff], [tool.importlinter], [tool.mypy]); mypy reads the folders
# as the cablegraph package through a link, as the installed package maps them.
lint: $(TEST_STAMP)
	mkdir -p $(VENV)/typecheck && ln -sfn $(CURDIR) $(VENV)/typecheck/cablegraph
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=$(VENV)/typecheck $(BIN)/lint-imports
	$(BIN)/mypy -p cablegraph.extract -p cablegraph.graph -p cablegraph.api -p cablegraph.cli

# The dev corpus beside the checkout (../shared/dev-corpus), scored per slice and over all; floors in eval/floors.toml.
eval: $(STAMP)
	../shared/dev-corpus/run-eval $(BIN)/cablegraph

# Benchmarks (issue 8): BENCH_ARGS="--quick" for a smoke check, "--sizes 1000,10000 --load-test" for more.
BENCH_ARGS ?= --sizes 1000
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.targets

clean:
	rm -rf $(VENV) var build *.egg-info
