# newsmark — the two commands: `make serve` (build the wasm, serve the page) and `make test`.
# Every target first installs, idempotently, what it needs (scripts/setup.sh).

SHELL := /bin/bash
PORT ?= 8000
WASM_TARGET := wasm32-unknown-unknown
# Follows CARGO_TARGET_DIR, so a build in another target dir never binds a stale .wasm.
WASM_OUT = $(or $(CARGO_TARGET_DIR),target)/$(WASM_TARGET)/wasm/newsmark.wasm

.PHONY: serve wasm test test-native test-wasm test-e2e bench size setup clean-pkg

## Build the wasm into www/pkg and serve www/ on http://127.0.0.1:$(PORT)/
serve: wasm
	node scripts/serve.mjs www $(PORT)

## Build www/pkg/newsmark.js and www/pkg/newsmark_bg.wasm.
# `cargo rustc --crate-type cdylib` because LTO is skipped for cdylib+rlib crates (cargo#9672).
wasm:
	scripts/setup.sh rust
	cargo rustc --profile wasm --target $(WASM_TARGET) --lib --crate-type cdylib
	rm -rf www/pkg/snippets  # the builder's JS (src/wasm.rs inline_js), under a hashed name
	wasm-bindgen --target web --out-dir www/pkg --out-name newsmark \
	  --remove-name-section --remove-producers-section $(WASM_OUT)
	# Tells node (bench/compare.mjs) that the glue is an ES module, which --target web omits.
	echo '{ "type": "module" }' > www/pkg/package.json

## Every test: native, wasm in node and in headless Chromium, the page end to end, size budget.
test: test-native test-wasm test-e2e size

test-native:
	cargo test
	# Hostile inputs at full size and the 10 MB memory bound (debug runs use a tenth).
	cargo test --release --test hostile --test memory

test-wasm:
	scripts/setup.sh rust browser
	cargo test --target $(WASM_TARGET) --test wasm_node
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target $(WASM_TARGET) --test wasm_browser

test-e2e: wasm
	scripts/setup.sh browser npm
	node --test tests/e2e/

## Gzipped size of everything the page downloads, against the 600 KB budget.
size: wasm
	bash scripts/size-report.sh

## Benchmarks: criterion (native), wasm vs compromise in node, page size.
bench: wasm
	scripts/setup.sh npm
	bash bench/run.sh

setup:
	scripts/setup.sh rust browser npm
