# The course's commands. Each one creates the environment (.venv) first if it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test test-fast test-min execute release grade bench lint clean env

env: $(STAMP)

# Re-install only when the dependency list changes.
$(STAMP): pyproject.toml
	@echo ">> creating the course environment in $(VENV) (first time only)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo ">> installing the course and its packages (pyproject.toml)"
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)
	@echo ">> environment ready"

lab: $(STAMP)
	@echo ">> starting JupyterLab on notebooks/00-start-here.ipynb (Ctrl+C to stop)"
	@$(BIN)/jupyter lab notebooks/00-start-here.ipynb $(if $(filter 0,$(shell id -u)),--allow-root,)

test: $(STAMP)
	@echo ">> running the helper tests, the docstring examples and every notebook under nbval"
	@$(BIN)/python -m pytest tests notebooks helpers --doctest-modules --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

# The declared minimum versions, tested: a second environment with exactly the floors of
# pyproject.toml (.ci/minimum_versions.py reads them), the helper tests, then every notebook run top to
# bottom. Outputs are not compared there (--nbval-lax): rounding differs between NumPy versions in the
# last digits, but every cell must run and every assert must hold.
MIN_VENV := .venv-min
test-min:
	@echo ">> testing the minimum versions in $(MIN_VENV)"
	@test -x $(MIN_VENV)/bin/python || $(PYTHON) -m venv $(MIN_VENV)
	@$(PYTHON) .ci/minimum_versions.py > $(MIN_VENV)/constraints.txt
	@$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(MIN_VENV)/bin/python -m pip install --quiet -c $(MIN_VENV)/constraints.txt -e '.[test]'
	@$(MIN_VENV)/bin/python -m pytest tests -m "not browser and not grading" -p no:cacheprovider -q
	@$(MIN_VENV)/bin/python -m pytest notebooks --nbval-lax --nbval-current-env -p no:cacheprovider -q

test-fast: $(STAMP)
	@echo ">> running the helper tests only"
	@$(BIN)/python -m pytest tests -m "not browser" -p no:cacheprovider

execute: $(STAMP)
	@echo ">> re-running every notebook in place, top to bottom, storing widget state"
	@$(BIN)/python -m instructor.execute notebooks/*.ipynb

# The student version of every lesson (OUT=student/notebooks), and the grades of a class
# (SUBMISSIONS=submissions, OUT=grades.csv); both wrap `python -m instructor`.
release: $(STAMP)
	@$(BIN)/python -m instructor release --out $(or $(OUT),student/notebooks)

grade: $(STAMP)
	@$(BIN)/python -m instructor grade $(or $(SUBMISSIONS),submissions) --out $(or $(OUT),grades.csv)

bench: $(STAMP)
	@echo ">> running the benchmarks (results go to docs/performance.md)"
	@$(BIN)/python -m benchmarks.run

lint: $(STAMP)
	@$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(MIN_VENV) .pytest_cache .hypothesis build *.egg-info
