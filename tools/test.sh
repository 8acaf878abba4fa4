#!/usr/bin/env bash
# The whole test suite (README's second command, what .ci/run runs), after tools/install_deps.sh:
#  1. the Release build and every CTest test (it reads ../shared);
#  2. an AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan) that runs the unit
#     tests, the hostile-input corpus and the fuzz; any sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
ctest --test-dir build --output-on-failure

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHANNELMAP_SANITIZE=ON
cmake --build build-asan -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CHANNELMAP_SANITIZED=1
# The unit tests (not the grid oracle and the Zeo++/invariance regressions: minutes under ASan),
# the hostile corpus and the fuzz (fewer mutants: fuzz.py reads CHANNELMAP_SANITIZED).
ctest --test-dir build-asan --output-on-failure -R "^test_|hostile_inputs|fuzz_inputs" \
  -E "test_grid_oracle|test_zeopp|test_invariance"
