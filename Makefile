# Casebook: `make site` builds the site into Site/, `make test` runs every check.
# Both install what is missing first (Debian packages, a Python venv for the browser tests).
SWIFT ?= swift
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: publish embed site test deps test-deps pdf-deps venv release swift-test check-content e2e bench bench-search pdf archive clean fuzz dist install dist-test

site: deps release
	.build/release/casebook build

# The release build allocates through mimalloc (Debian's libmimalloc-dev; `make deps` installs it): at 10k cases a
# cold build took 5 % less time and 15 % less memory than with glibc's malloc (three interleaved runs on tmpfs). The
# release archive (`make dist`) keeps glibc's malloc: Debian ships mimalloc only as a shared library.
MALLOC := -Xlinker -lmimalloc
release: embed
	$(SWIFT) build -c release --product casebook $(MALLOC)

# Templates/ and Content/data/ as Swift sources, so the binary carries them (a test fails while they differ).
embed:
	@scripts/embed-templates

deps:
	@scripts/ensure-deps build

venv:
	@test -x $(PY) || python3 -m venv $(VENV) || /usr/bin/python3 -m venv $(VENV)

# The tests' Python packages, WeasyPrint among them (Tests/e2e/requirements.txt includes requirements-pdf.txt).
test-deps:
	@scripts/ensure-deps test
	@$(MAKE) --no-print-directory venv
	@$(PY) -m pip install -q --disable-pip-version-check -r Tests/e2e/requirements.txt

# WeasyPrint for --pdf: the release pinned in requirements-pdf.txt, in the venv, and the system libraries and fonts it
# needs. casebook finds $(VENV)/bin/weasyprint through CASEBOOK_WEASYPRINT (and .venv beside Content/ without it).
WEASYPRINT := CASEBOOK_WEASYPRINT=$(abspath $(VENV))/bin/weasyprint
pdf-deps:
	@scripts/ensure-deps pdf
	@$(MAKE) --no-print-directory venv
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements-pdf.txt

test: test-deps fuzz dist swift-test check-content e2e

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
	CASEBOOK_DIST_TEST=1 $(SWIFT) test --disable-swift-testing

# The real content passes `check --strict`: every warning it has is reviewed in its metadata (`reviewed:`).
check-content:
	$(SWIFT) run --skip-build casebook check --strict --content Content

# BENCH_ARGS, e.g. BENCH_ARGS="--sizes 1k,10k --pdf --write-readme"; see scripts/bench_build.py (--pdf: every handbook
# of the real texts as a PDF, with the venv's WeasyPrint).
bench: release
	@scripts/ensure-deps bench
	$(if $(findstring --pdf,$(BENCH_ARGS)),@$(MAKE) --no-print-directory pdf-deps)
	$(WEASYPRINT) python3 scripts/bench_build.py $(BENCH_ARGS)

bench-search: release test-deps
	$(PY) -m pip install -q 'pagefind[extended]'
	$(PY) scripts/bench_search.py --write docs/search.md

pdf: release pdf-deps
	$(WEASYPRINT) .build/release/casebook build --pdf

archive: release
	.build/release/casebook build --archive casebook-site.zip

# The whole publication in one command: the site, its PDF handbooks, and casebook-site.zip holding both.
publish: release pdf-deps
	$(WEASYPRINT) .build/release/casebook build --pdf --archive casebook-site.zip

# The release archive: one casebook binary with the Swift runtime and libcmark-gfm linked in, shell completions and
# the README. At run time it needs libc, libm, libstdc++, libgcc_s, libcrypto (libssl3: SHA-256) and libcurl4: Foundation's URLSession, which the
# preview server's library (FlyingFox) links, calls libcurl, and the static Swift runtime cannot carry it; libcurl is
# linked against its shared library (libcurl.so.4, the runtime package libcurl4; no -dev package needed to build).
# VERSION comes from Sources/CasebookCore/CasebookVersion.swift; the commit is recorded by the BuildInfo plugin.
VERSION := $(shell sed -n 's/.*string = "\(.*\)".*/\1/p' Sources/CasebookCore/CasebookVersion.swift)
DIST_NAME := casebook-$(VERSION)-linux-x86_64
DIST := dist/$(DIST_NAME).tar.gz
DIST_BUILD := .build-dist
PREFIX ?= /usr/local
# libcmark-gfm's static archives alone in a folder, named by a libcmark-gfm.pc of our own that SwiftPM finds first
# (PKG_CONFIG_PATH), so that -lcmark-gfm picks the .a (the system .pc names the system folder, which holds the .so;
# so do zlib's and libcrypto's, hence .pc files of ours without -L: libz and libcrypto stay the shared system libraries
# every Debian with libcurl4 has).
STATIC_LIBS := $(CURDIR)/$(DIST_BUILD)/static-libs
LIBDIR := $(shell pkg-config --variable=libdir libcmark-gfm 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)

dist: $(DIST)

$(DIST): deps embed $(shell find Sources Plugins Templates Content/data Vendor -type f 2>/dev/null) Package.swift README.md
	@mkdir -p $(STATIC_LIBS)
	ln -sf $(LIBDIR)/libcmark-gfm.a $(LIBDIR)/libcmark-gfm-extensions.a $(STATIC_LIBS)/
	ln -sf $(LIBDIR)/libcurl.so.4 $(STATIC_LIBS)/libcurl.so
	printf 'Name: libcmark-gfm\nDescription: static for the release\nVersion: 0.29.0\nLibs: -L%s -lcmark-gfm -lcmark-gfm-extensions\nCflags: -I%s\n' \
	  $(STATIC_LIBS) $$(pkg-config --variable=includedir libcmark-gfm) > $(STATIC_LIBS)/libcmark-gfm.pc
	printf 'Name: zlib\nDescription: zlib without -L of the system folder\nVersion: 1.2\nLibs: -lz\nCflags:\n' > $(STATIC_LIBS)/zlib.pc
	printf 'Name: libcrypto\nDescription: libcrypto without -L of the system folder\nVersion: 3\nLibs: -lcrypto\nCflags:\n' > $(STATIC_LIBS)/libcrypto.pc
	@rm -f $(DIST_BUILD)/release.yaml  # SwiftPM keeps a cached plan that ignores a changed PKG_CONFIG_PATH
	PKG_CONFIG_PATH=$(STATIC_LIBS) $(SWIFT) build -c release --static-swift-stdlib --scratch-path $(DIST_BUILD) --product casebook -Xlinker -L$(STATIC_LIBS)
	rm -rf $(DIST_BUILD)/pkg && mkdir -p $(DIST_BUILD)/pkg/$(DIST_NAME)/bin dist
	cp $(DIST_BUILD)/release/casebook $(DIST_BUILD)/pkg/$(DIST_NAME)/bin/
	strip $(DIST_BUILD)/pkg/$(DIST_NAME)/bin/casebook
	@if ldd $(DIST_BUILD)/pkg/$(DIST_NAME)/bin/casebook | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libcmark'; then \
	  echo "error: the release binary links the libraries above dynamically" >&2; exit 1; fi
	cd $(DIST_BUILD)/pkg/$(DIST_NAME) && mkdir -p share/bash-completion/completions share/zsh/site-functions share/fish/vendor_completions.d \
	  && bin/casebook --generate-completion-script bash > share/bash-completion/completions/casebook \
	  && bin/casebook --generate-completion-script zsh > share/zsh/site-functions/_casebook \
	  && bin/casebook --generate-completion-script fish > share/fish/vendor_completions.d/casebook.fish
	cp README.md $(DIST_BUILD)/pkg/$(DIST_NAME)/
	cp scripts/install.sh $(DIST_BUILD)/pkg/$(DIST_NAME)/install.sh
	tar -C $(DIST_BUILD)/pkg -czf $@ $(DIST_NAME)
	@ls -l $@

# make install PREFIX=/opt/casebook: the binary into $(PREFIX)/bin, completions into $(PREFIX)/share.
install: $(DIST)
	rm -rf $(DIST_BUILD)/unpacked && mkdir -p $(DIST_BUILD)/unpacked
	tar -C $(DIST_BUILD)/unpacked -xzf $(DIST)
	$(DIST_BUILD)/unpacked/$(DIST_NAME)/install.sh $(PREFIX)

# The test of the release archive alone (it also runs in swift-test once the archive exists).
dist-test: $(DIST)
	CASEBOOK_DIST_TEST=1 $(SWIFT) test --disable-swift-testing --filter DistTests

# The browser tests run the binary of the release archive (built by `make dist`, the one users install), so that
# `make test` compiles the release once: a second release build with mimalloc took 4 of its 20 minutes.
# (Defined after DIST: make expands a rule's prerequisites as it reads them.)
e2e: $(DIST)
	CASEBOOK_BIN=$(CURDIR)/$(DIST_BUILD)/release/casebook $(WEASYPRINT) $(PY) -m pytest -q Tests/e2e

clean:
	rm -rf .build $(DIST_BUILD) dist Site/*
