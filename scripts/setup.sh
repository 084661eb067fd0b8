#!/usr/bin/env bash
# Installs every Debian and npm dependency of CareVoice. Idempotent and non-interactive.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

PKGS=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  clang libclang-rt-14-dev clang-format clang-tidy
  libboost1.81-dev
  libsqlite3-dev sqlite3
  libssl-dev libcrypt-dev libcurl4-openssl-dev
  libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  flite1-dev libespeak-ng-dev espeak-ng-data
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
  libspeexdsp-dev libmp3lame-dev
  libhunspell-dev hunspell-en-gb hunspell-en-us  # the NLU's spelling correction (nlu/spelling.hpp)
  libpq-dev libhiredis-dev postgresql-15 redis-server haproxy
  prometheus
  wrk
  chromium
  wordnet-base  # only `make model` (carevoice train-wordnet) reads it; the server does not
)
# Node.js: the machine image may ship its own build; only fall back to Debian's when none is found.
if ! command -v node >/dev/null 2>&1; then PKGS+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then PKGS+=(npm); fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages: web/ (the browser libraries the server serves at /vendor/: socket.io-client,
# Chart.js) and tests/ (the integration and end-to-end tests: playwright-core, axe-core, ...).
for dir in web tests; do
  if [ -f "$dir/package.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package.json" -nt "$dir/node_modules" ] ||
       { [ -f "$dir/package-lock.json" ] && [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; }; then
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error && touch node_modules)
    fi
  fi
done
echo "setup: ok"
