#!/usr/bin/env bash
# The performance harness (`make bench`, which builds the wasm first):
#   1. criterion: each pipeline stage and the whole, then the whole at doubling sizes;
#   2. node: the wasm build against compromise on the same texts, with the speed-up;
#   3. the gzipped size of the page against its budget.
# Ends with a summary of the figures the README quotes. Extra arguments go to criterion
# (e.g. `bash bench/run.sh stages` for the per-stage group only). PKG=DIR benchmarks another
# wasm-bindgen output directory than www/pkg in the node comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(rustc --version)"

echo "== criterion (native, one thread)"
cargo bench --bench pipeline -- "$@" 2>&1 | tee "$log/criterion.txt"

echo "== wasm vs compromise (node)"
if [ ! -f "${PKG:-www/pkg}/newsmark_bg.wasm" ]; then
  echo "bench: www/pkg is missing; run 'make wasm' (or 'make bench')" >&2
  exit 2
fi
if [ ! -d node_modules/compromise ]; then
  echo "bench: node_modules/compromise is missing; run 'npm ci'" >&2
  exit 2
fi
node bench/compare.mjs ${PKG:+--pkg "$PKG"} | tee "$log/node.txt"

echo "== page size"
size_status=0
bash scripts/size-report.sh | tee "$log/size.txt" || size_status=$?

echo "== summary"
# Criterion prints the benchmark id, then `thrpt: [low MB/s mid MB/s high MB/s]`.
awk '
  /^(stages|scaling|many_people)\// { name = $1 }
  /thrpt:/ && name != "" {
    value = $4; unit = $5
    if (unit ~ /^GB/) value *= 1000; else if (unit ~ /^KB/) value /= 1000; else if (unit ~ /^B\//) value /= 1e6
    mbs[name] = value; order[++n] = name; name = ""
  }
  END {
    for (i = 1; i <= n; i++) printf "  %-34s %10.1f MB/s\n", order[i], mbs[order[i]]
    small = mbs["scaling/annotate/100000"]; large = mbs["scaling/annotate/10000000"]
    if (small > 0 && large > 0) printf "  10 MB vs 100 KB throughput: %.2f (%+.0f%%)\n", large / small, (large / small - 1) * 100
  }' "$log/criterion.txt"
grep -E '^(newsmark|compromise|speed-up)' "$log/node.txt" | sed 's/^/  /'
grep '^page download' "$log/size.txt" | sed 's/^/  /'
exit "$size_status"
