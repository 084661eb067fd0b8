#!/usr/bin/env bash
# Builds every libFuzzer target of fuzz/ with clang (ASan + UBSan, coverage in every library they
# link) and runs each for FUZZ_SECONDS (default 15) on its seed corpus. New inputs go to a
# temporary folder, so the tree stays clean; a crash leaves its reproducer in build-fuzz/crashes/
# and fails the script. Usage: scripts/fuzz.sh [target ...] (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-15}

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCAREVOICE_BUILD_FUZZ=ON -DCAREVOICE_BUILD_TESTS=OFF -DCAREVOICE_BUILD_BENCH=OFF \
  -DCAREVOICE_ASSERTS=ON "${launcher[@]}" >/dev/null

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  for f in fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" _fuzz.cpp)"); done
fi
ninja -C "$BUILD" "${targets[@]/%/_fuzz}"

mkdir -p "$BUILD/crashes"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  if ! "$BUILD/bin/${t}_fuzz" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$BUILD/crashes/${t}-" \
      "$work/$t" "fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    tail -60 "$work/$t.log"
    echo "fuzz: $t FAILED (reproducer in $BUILD/crashes/)"
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$t.log" | tr '\n' ' '
  echo
done
echo "fuzz: ok (${#targets[@]} targets)"
