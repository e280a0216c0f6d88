#!/usr/bin/env bash
# Gzipped size (gzip -9) of everything the page downloads: www/*.html, *.js, *.css, *.svg
# and www/pkg/* (the wasm-bindgen glue, its snippets and the .wasm; not the .d.ts typings).
# Prints each file and the total, and fails when the total is over the budget.
#   scripts/size-report.sh [BUDGET_BYTES]     (default 600000 = 600 KB)
set -euo pipefail
cd "$(dirname "$0")/.."

budget=${1:-600000}
shopt -s nullglob
files=(www/*.html www/*.js www/*.css www/*.svg www/pkg/*.js www/pkg/snippets/*/*.js www/pkg/*.wasm)
if [ ! -f www/pkg/newsmark_bg.wasm ]; then
  echo "size-report: www/pkg/newsmark_bg.wasm is missing; run 'make wasm' first" >&2
  exit 2
fi

total_raw=0
total_gz=0
printf '%-34s %10s %10s\n' file bytes gzipped
for f in "${files[@]}"; do
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-34s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-34s %10d %10d\n' total "$total_raw" "$total_gz"
awk -v gz="$total_gz" -v budget="$budget" 'BEGIN { printf "page download: %.1f KB gzipped of a %.0f KB budget\n", gz / 1000, budget / 1000 }'
if [ "$total_gz" -gt "$budget" ]; then
  echo "size-report: over budget by $((total_gz - budget)) bytes" >&2
  exit 1
fi
