#!/usr/bin/env bash
# Builds sfn (Release) and runs the main example: a Distributed Map over a bundled CSV in the local
# folder store, a local Python function as the item processor, and a ResultWriter.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
BUILD=${BUILD_DIR:-build/release}
# -O2: GCC 12 reports false -Wrestrict errors inside std::string at -O3 (GCC bug 105651).
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DSFN_BUILD_TESTS=OFF -DSFN_BUILD_BENCH=OFF >/dev/null
ninja -C "$BUILD" sfn
S3=$(mktemp -d)
trap 'rm -rf "$S3"' EXIT
cp -r examples/orders/s3/. "$S3/"
echo "== Running examples/orders/orders.asl.json (500 CSV rows -> 500 child executions)"
"$BUILD/sfn" run examples/orders/orders.asl.json --s3-root "$S3" \
  --function "ScoreOrder@2=python3 tools/sfn_function.py examples/orders/score_order.py:handler"
manifest=$(find "$S3/demo-bucket/scored" -name manifest.json | head -1)
echo "== ResultWriter manifest ($manifest):"
cat "$manifest"; echo
echo "== First result record:"
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))[0], indent=2))' \
  "$(dirname "$manifest")/SUCCEEDED_0.json"
