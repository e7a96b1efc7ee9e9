# Casebook: `make site` builds the site into Site/, `make test` runs every check.
# Both install what is missing first (Debian packages, a Python venv for the browser tests).
SWIFT ?= swift
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: site test deps test-deps release swift-test check-content e2e bench bench-search pdf archive clean fuzz

site: deps release
	.build/release/casebook build

release:
	$(SWIFT) build -c release --product casebook

deps:
	@scripts/ensure-deps build

test-deps:
	@scripts/ensure-deps test
	@test -x $(PY) || python3 -m venv $(VENV) || /usr/bin/python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r Tests/e2e/requirements.txt

test: test-deps fuzz swift-test check-content e2e

# libFuzzer over the parser and the Markdown generation (Fuzz/FuzzTarget.swift): the kept regression inputs once,
# then FUZZ_SECONDS of fuzzing from the checked-in seeds (Fuzz/corpus); a crash or a hang fails the run and leaves
# the input in $(FUZZ_OUT)/ (keep it in Fuzz/regressions/ once fixed).
FUZZ_OUT ?= .build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_RUN := SWIFT_BACKTRACE=enable=no $(FUZZ_OUT)/fuzz-casebook -timeout=10 -rss_limit_mb=2048 -artifact_prefix=$(FUZZ_OUT)/

$(FUZZ_OUT)/fuzz-casebook: Fuzz/build Fuzz/FuzzTarget.swift $(wildcard Sources/CasebookCore/*.swift Sources/CasebookParse/*.swift Sources/CasebookMarkdown/*.swift)
	Fuzz/build $(FUZZ_OUT)

fuzz: deps $(FUZZ_OUT)/fuzz-casebook
	$(FUZZ_RUN) $(wildcard Fuzz/regressions/*)
	@rm -rf $(FUZZ_OUT)/corpus && mkdir -p $(FUZZ_OUT)/corpus
	$(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 $(FUZZ_OUT)/corpus Fuzz/corpus

swift-test:
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error
	$(SWIFT) test --disable-swift-testing

# The real content passes `check --strict`: every warning it has is reviewed in its metadata (`reviewed:`).
check-content:
	$(SWIFT) run --skip-build casebook check --strict --content Content

e2e: release
	$(PY) -m pytest -q Tests/e2e

# BENCH_ARGS, e.g. BENCH_ARGS="--sizes 1k,10k --write-readme"; see scripts/bench_build.py.
bench: release
	@scripts/ensure-deps bench
	python3 scripts/bench_build.py $(BENCH_ARGS)

bench-search: release test-deps
	$(PY) -m pip install -q 'pagefind[extended]'
	$(PY) scripts/bench_search.py --write docs/search.md

pdf: release
	@scripts/ensure-deps pdf
	.build/release/casebook build --pdf

archive: release
	.build/release/casebook build --archive casebook-site.zip

clean:
	rm -rf .build Site/*
