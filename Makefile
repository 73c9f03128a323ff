# The whole set-up is `make run` or `make test`: each creates .venv if missing and installs the pinned set.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: run test bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/digest run

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Re-pin after changing dependencies: installs the newest allowed versions into a scratch venv.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q -e '.[test]'
	(echo "# Exact versions tested together (Python 3.11). Regenerate: make lock"; \
	 .venv-lock/bin/pip freeze --exclude-editable | grep -v '^news-digest') > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) out .pytest_cache
