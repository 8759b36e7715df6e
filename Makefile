# The two commands of the README: `make book` builds the site, `make test` runs every check.
# Both set up what they need on a fresh machine: a virtual environment from the pinned
# requirements, and (for the tests) Debian's chromium and poppler-utils.
VENV := .venv
# Test files that need a built site, a browser, a PDF or full project builds (left out of check).
SLOW_TESTS := test_accessibility.py test_build.py test_datapackage.py test_editions_books.py \
	test_injection.py test_intake.py test_maps.py test_navigation.py test_nothing_lost.py \
	test_pdf.py test_pdf_intake.py test_pdf_refusals.py test_site.py test_static_charts.py \
	test_switcher.py
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test check setup system lint validate pdf bench clean

$(STAMP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for the browser tests and the PDF checks (never a downloaded browser).
system:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium poppler-utils >/dev/null; \
	fi

book: setup
	$(BIN)/isilbook build

validate: setup
	$(BIN)/isilbook validate

lint: setup
	$(BIN)/ruff check isilbook tests benchmarks

pdf: book system
	$(BIN)/isilbook pdf

# The build validates the data first (stopping with file, row and column); then every check,
# on every core (pytest-xdist), a file at a time: see pytest_xdist_make_scheduler in
# tests/conftest.py.
test: setup system lint
	$(BIN)/isilbook build
	$(BIN)/pytest -n auto --nbval _build/executed tests --doctest-modules isilbook

# The everyday loop: lint, validation and the unit tests that need no build or browser.
check: lint validate
	$(BIN)/pytest -q -n auto tests --doctest-modules isilbook \
		$(foreach f,$(SLOW_TESTS),--ignore=tests/$(f))

# Build timings in a throw-away copy, the extractor and add-edition on long hostile text, then
# the real site built and measured in Debian's chromium (first chart visible, charts without
# JavaScript, layout shift of the swap, page weights).
bench: setup system
	$(BIN)/python benchmarks/build_times.py
	$(BIN)/python benchmarks/long_inputs.py
	$(BIN)/python benchmarks/preview_reload.py
	$(BIN)/isilbook build
	$(BIN)/python benchmarks/first_paint.py

clean:
	rm -rf _build
