#!/usr/bin/env bash
# Runs the benchmark scenarios side by side with moto in one run, using the shared harness
# (../shared/bench). Writes JSON lines to bench/results/<date>.jsonl and prints a table.
# Usage: bench/run.sh [scenarios] ; env MOTO_SIZES, SFN_SIZES override the sizes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
harness=${SFN_BENCH_HARNESS:-$here/../../shared/bench}
scen=${1:-inline-map-pass,choice-loop}
out=$here/results/$(date -u +%Y%m%dT%H%M%S).jsonl
mkdir -p "$here/results"
python3 "$harness/bench.py" --peers moto --scenarios "$scen" --sizes "${MOTO_SIZES:-100,1000}" \
  --timeout 300 --out "$out"
SFN_BENCH_TYPE=STANDARD python3 "$harness/bench.py" --peers cli --engine-cmd "$here/sfn-cli" \
  --scenarios "$scen" --sizes "${SFN_SIZES:-1000,100000}" --timeout 300 --out "$out"
# EXPRESS parents only for scenarios without a Distributed Map (AWS refuses one in EXPRESS).
[[ "$scen" == *distributed* ]] || SFN_BENCH_TYPE=EXPRESS python3 "$harness/bench.py" --peers cli --engine-cmd "$here/sfn-cli" \
  --scenarios "$scen" --sizes "${SFN_SIZES_EXPRESS:-100000,1000000}" --timeout 300 --out "$out"
python3 "$harness/report.py" "$out"
