# The README's two commands: `make run` and `make test`. Both need only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
STORE ?= var/store
CORPUS ?= corpus/seeds

.PHONY: run test build serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: build serve

build: $(STAMP)
	$(BIN)/cablegraph build $(CORPUS) --store $(STORE)

serve: $(STAMP)
	$(BIN)/cablegraph serve --store $(STORE)

test: $(STAMP)
	$(BIN)/pytest -n 2 -q

clean:
	rm -rf $(VENV) var build *.egg-info
