# CareVoice. The two set-up commands: `make run` and `make test` (see README.md).
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_ARGS ?=
# ccache, when the machine has it, makes rebuilds cheap (setup does not install it).
CCACHE := $(shell command -v ccache 2>/dev/null)
ifneq ($(CCACHE),)
CMAKE_ARGS += -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
endif

.PHONY: all setup configure build run test test-build unit model eval bench format check fuzz tidy clean

all: build

setup:
	bash scripts/setup.sh

configure:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCAREVOICE_WERROR=ON $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD_DIR)

# Serves on the embedded defaults: SQLite in ./data, built-in NLU and responder,
# http://127.0.0.1:5001. Builds the server binary only (no tests, benchmarks or fuzzers).
run: setup configure
	cmake --build $(BUILD_DIR) --target carevoice
	./$(BUILD_DIR)/bin/carevoice serve

# Every test tier, unit (GoogleTest) and integration (the real binary over real HTTP), built
# with AddressSanitizer and UndefinedBehaviorSanitizer (any finding fails the test).
TEST_BUILD_DIR ?= build-test
TEST_SANITIZE ?= address,undefined

test-build:
	cmake -S . -B $(TEST_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCAREVOICE_WERROR=ON \
	  -DCAREVOICE_BUILD_BENCH=OFF -DCAREVOICE_ASSERTS=ON -DCAREVOICE_SANITIZE=$(TEST_SANITIZE) $(CMAKE_ARGS)
	cmake --build $(TEST_BUILD_DIR)

test: setup test-build
	ctest --test-dir $(TEST_BUILD_DIR) --output-on-failure

unit: test-build
	ctest --test-dir $(TEST_BUILD_DIR) --output-on-failure -L unit

# Retrains the NLU model from ../shared/data into models/, the responder's related-words table
# into src/llm/local/related_words_data.cpp, its WordNet relations (wordnet-base) into
# src/llm/local/wordnet_related_data.cpp and the speller's word frequencies into
# src/nlu/word_frequencies_data.cpp (deterministic: fixed seed and order). The committed
# related-words table predates later tokeniser changes and differs from what train-related
# writes today (docs/ARCHITECTURE.md, item 47).
model: build
	./$(BUILD_DIR)/bin/carevoice train --data ../shared/data --out models
	./$(BUILD_DIR)/bin/carevoice train-related --data ../shared/data
	./$(BUILD_DIR)/bin/carevoice train-wordnet --wordnet /usr/share/wordnet
	./$(BUILD_DIR)/bin/carevoice train-spelling --data ../shared/data

# Reproduces every NLU figure of the closing notes.
eval: build
	./$(BUILD_DIR)/bin/carevoice eval --data ../shared/data --models models

bench: build
	bash bench/load.sh

format:
	find src bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

# The CI gates that need no build: format and module includes (docs/ARCHITECTURE.md's table).
check:
	bash scripts/check_format.sh
	bash scripts/check_includes.sh

fuzz:
	bash scripts/fuzz.sh

tidy: configure
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf $(BUILD_DIR)
