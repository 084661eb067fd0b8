#!/usr/bin/env bash
# Format gate: every C++ file of src/, bench/ and fuzz/ is as clang-format (.clang-format) would
# write it. Prints each file that is not and fails; `make format` fixes them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'bench/*.cpp' 'bench/*.hpp' 'fuzz/*.cpp')
bad=()
for f in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ "${#bad[@]}" -gt 0 ]; then
  printf 'check_format: not clang-formatted: %s\n' "${bad[@]}"
  exit 1
fi
echo "check_format: ok (${#files[@]} files)"
