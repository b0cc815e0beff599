#!/usr/bin/env bash
# Builds OpenSFN with ASan+UBSan (warnings as errors) and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
BUILD=${BUILD_DIR:-build/asan}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSFN_SANITIZE=ON -DSFN_WERROR=ON \
  -DSFN_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS="-O1" >/dev/null
ninja -C "$BUILD" -j"$(nproc)" -k 0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" "$@"
