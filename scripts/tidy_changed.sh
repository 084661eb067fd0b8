#!/usr/bin/env bash
# clang-tidy gate (.clang-tidy, warnings are errors) on the C++ sources changed since a base:
# TIDY_BASE if set, else the merge base with origin/main, else (on main itself) the previous
# commit. The whole tree takes about an hour on 2 cores, over the CI budget, so CI lints what a
# change touched; `make tidy` lints everything. Needs a configured build dir for
# compile_commands.json (TIDY_BUILD_DIR, default build-test).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${TIDY_BUILD_DIR:-build-test}
base=${TIDY_BASE:-}
if [ -z "$base" ]; then
  base=$(git merge-base HEAD origin/main 2>/dev/null || true)
  if [ -z "$base" ] || [ "$base" = "$(git rev-parse HEAD)" ]; then
    base=$(git rev-parse HEAD~1 2>/dev/null || git rev-parse HEAD)
  fi
fi
mapfile -t files < <(git diff --name-only --diff-filter=AMR "$base" HEAD -- 'src/*.cpp' |
  grep -vE '_(test|pgtest|benchmark)\.cpp$' || true)
if [ "${#files[@]}" -eq 0 ]; then
  echo "tidy_changed: no C++ sources changed since $(git rev-parse --short "$base")"
  exit 0
fi
echo "tidy_changed: ${#files[@]} files changed since $(git rev-parse --short "$base")"
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 1 clang-tidy -p "$BUILD" --quiet \
  --extra-arg=-Wno-unknown-warning-option
echo "tidy_changed: ok"
