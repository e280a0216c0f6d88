#!/usr/bin/env bash
# A short, bounded fuzz run of every target (default 60 s each), for CI or before a commit.
# Needs the nightly toolchain; installs the pinned cargo-fuzz when missing. New inputs go to
# a scratch directory, so the committed seed corpus is only read. Exits non-zero on a crash
# (saved in fuzz/artifacts/<target>/).
#   bash fuzz/smoke.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in annotate jsonl; do
  mkdir -p "$scratch/$target"
  echo "fuzz smoke: $target for ${seconds}s"
  if ! cargo +nightly fuzz run -O "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
    -dict=fuzz/annotate.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3000 -print_final_stats=1 \
    >"$scratch/$target.log" 2>&1; then
    tail -n 40 "$scratch/$target.log" >&2
    echo "fuzz smoke: $target crashed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units)' "$scratch/$target.log" || true
done
