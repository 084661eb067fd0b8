#!/usr/bin/env bash
# Include gate: a module may include only its own headers and those of the modules that the
# "Modules" table of docs/ARCHITECTURE.md lists in its "depends on" column (core is always
# allowed). A module's adapters (src/<module>/<adapter>/) count as the module. Prints every
# forbidden #include with its file and line, and fails when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed
modules=()
# Table rows look like: | `api` | what it owns | http, wire, engine, ... |
while IFS='|' read -r _ name _ deps _; do
  name=$(echo "$name" | tr -d '` ')
  [[ "$name" =~ ^[a-z_]+$ ]] || continue
  [ -d "src/$name" ] || continue
  modules+=("$name")
  allowed[$name]=" $name core $(echo "$deps" | tr -d '`' | tr ',' ' ') "
done < <(sed -n '/^## Modules/,/^## /p' docs/ARCHITECTURE.md | grep '^| `')

if [ "${#modules[@]}" -lt 5 ]; then
  echo "check_includes: could not read the module table of docs/ARCHITECTURE.md" >&2
  exit 2
fi

fail=0
for dir in src/*/; do
  m=$(basename "$dir")
  if [ -z "${allowed[$m]:-}" ]; then
    echo "check_includes: src/$m is not in the module table of docs/ARCHITECTURE.md"
    fail=1
    continue
  fi
  [[ "${allowed[$m]}" == *" everything "* ]] && continue # app wires everything
  while IFS=: read -r file line inc; do
    target=$(echo "$inc" | sed -E 's/.*#include "([a-z_]+)\/.*/\1/')
    [ -d "src/$target" ] || continue # not a module path (e.g. a third-party header)
    case "${allowed[$m]}" in
      *" $target "*) ;;
      *)
        echo "$file:$line: module '$m' must not include '$target' (docs/ARCHITECTURE.md)"
        fail=1
        ;;
    esac
  done < <(grep -rnE '^#include "[a-z_]+/' "$dir" --include='*.cpp' --include='*.hpp' | grep -vE '_(test|pgtest|benchmark)\.cpp:' || true)
done

# Adapter gate: an adapter folder (the "Adapters" table of docs/ARCHITECTURE.md, e.g.
# store/sqlite) is its own library; only the adapter itself, app (the composition root) and the
# files its row names may include its headers.
declare -A adapter_users
adapters=()
while IFS='|' read -r _ name _ users _; do
  name=$(echo "$name" | tr -d '` ')
  [[ "$name" =~ ^[a-z_]+/[a-z_]+$ ]] || continue
  [ -d "src/$name" ] || continue
  adapters+=("$name")
  # The third column's backticked paths (src/-relative files); other words are explanation.
  adapter_users[$name]=" $(echo "$users" | { grep -oE '`[a-z_]+/[a-z_./]+`' || true; } | tr -d '`' | tr '\n' ' ')"
done < <(sed -n '/^## Adapters/,/^## /p' docs/ARCHITECTURE.md | grep '^| `')
for a in "${adapters[@]}"; do
  while IFS=: read -r file line _; do
    rel=${file#src/}
    case "$rel" in "$a"/* | app/*) continue ;; esac
    [[ "${adapter_users[$a]}" == *" $rel "* ]] && continue
    echo "$file:$line: only $a itself, app and [${adapter_users[$a]}] may include the adapter '$a' (docs/ARCHITECTURE.md)"
    fail=1
  done < <(grep -rnE "^#include \"$a/" src --include='*.cpp' --include='*.hpp' | grep -vE '_(test|pgtest|benchmark)\.cpp:' || true)
done
if [ "$fail" = 0 ]; then echo "check_includes: ok (${#modules[@]} modules, ${#adapters[@]} adapters)"; fi
exit "$fail"
