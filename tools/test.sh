#!/usr/bin/env bash
# The whole test suite (README's second command, what .ci/run runs), after tools/install_deps.sh:
#  1. the Release build and every CTest test (it reads ../shared);
#  2. an AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan, -O1) of the program and
#     the unit tests, which runs the unit tests, the hostile-input corpus and the fuzz; any
#     sanitizer report fails the run.
# ccache is used when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${launcher[@]}"
cmake --build build -j2
ctest --test-dir build --output-on-failure

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCHANNELMAP_SANITIZE=ON "${launcher[@]}"
# The program and the unit tests (not the grid oracle and the Zeo++/invariance regressions:
# minutes under ASan).
mapfile -t unit < <(sed -n 's/^channelmap_add_test(\([a-z_0-9]*\) .*LABELS unit.*/\1/p' tests/CMakeLists.txt)
cmake --build build-asan -j2 --target channelmap_cli "${unit[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export CHANNELMAP_SANITIZED=1  # run_corpus.py and fuzz.py: longer limits, fewer mutants
ctest --test-dir build-asan --output-on-failure -L unit
ctest --test-dir build-asan --output-on-failure -R "hostile_inputs|fuzz_inputs"
