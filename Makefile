# Thin wrapper over CMake. `make demo` and `make test` are the two commands of the README.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps release debug demo test test-asan bench fuzz clean

all: release

deps:
	@scripts/setup-deps.sh

release: deps
	@cmake -S . -B $(BUILD)/release -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/release -j $(JOBS)

debug: deps
	@cmake -S . -B $(BUILD)/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/debug -j $(JOBS)

# Builds, generates harmless example packages and scans them.
demo: release
	@python3 scripts/make-fixtures.py --demo $(BUILD)/demo >/dev/null
	@echo "== airlock scan $(BUILD)/demo/demo/*"
	@$(BUILD)/release/airlock scan $(BUILD)/demo/demo/* ; \
	  rc=$$?; echo "(exit code $$rc: 0 clean, 1 findings at or above --fail-on, 2 error)"; \
	  [ $$rc -le 1 ]

test: release
	@cd $(BUILD)/release && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(BUILD)/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAIRLOCK_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/asan -j $(JOBS)
	@cd $(BUILD)/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

bench: release
	@scripts/fetch-bench-corpus.sh
	@AIRLOCK=$(BUILD)/release/airlock bench/scan_corpus.sh
	@for b in $(BUILD)/release/bench/*_bench; do [ -x "$$b" ] && "$$b"; done; true

fuzz:
	@scripts/setup-deps.sh --with-fuzz
	@CC=clang CXX=clang++ cmake -S . -B $(BUILD)/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAIRLOCK_FUZZ=ON -DAIRLOCK_BUILD_TESTS=OFF -DAIRLOCK_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(BUILD)/fuzz -j $(JOBS)
	@scripts/run-fuzzers.sh $(BUILD)/fuzz $${FUZZ_SECONDS:-60}

clean:
	rm -rf $(BUILD)
