# Trainyard: `make run` starts it on embedded defaults, `make test` runs the whole test suite.
SWIFT ?= swift
BIN := .build/debug/trainyard

.PHONY: deps build run test bench clean

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build

run: build
	@scripts/run-demo.sh

test:
	@scripts/deps.sh --python
	$(SWIFT) build --build-tests
	@SWIFT=$(SWIFT) scripts/with-postgres.sh scripts/run-tests.sh

bench:
	@scripts/deps.sh --python
	@# SwiftPM caches a path dependency's file list in the build plan; drop the plan so new files are seen.
	rm -f Benchmarks/.build/release/description.json
	$(SWIFT) build -c release --product trainyard
	cd Benchmarks && $(SWIFT) build -c release
	Benchmarks/.build/release/trainyard-bench

clean:
	rm -rf .build Benchmarks/.build
