#!/usr/bin/env bash
# Builds an oracle (a small Go program in test/oracle/<name>) into a cache outside the
# repository, keyed by its sources and the Go version, and prints the binary's path.
# Does nothing when the cache is current. Used by the property tests that check svcmap's
# pure models against independent engines (e.g. netpol: cyclonus's NetworkPolicy matcher).
set -euo pipefail
name="${1:?usage: test/oracle/build.sh <name>}"
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/$name" && pwd)"
key="$(cat "$dir"/go.mod "$dir"/go.sum "$dir"/*.go | sha256sum | cut -c1-12)-$(go env GOVERSION)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/svcmap/oracle/$name-$key"
if [ ! -x "$cache/$name" ]; then
  echo "[oracle] building $name into $cache (first time: downloads its modules, ~2 min on 2 cores)" >&2
  mkdir -p "$cache"
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -trimpath -ldflags "-s -w" -o "$cache/$name.tmp" .)
  mv "$cache/$name.tmp" "$cache/$name"
fi
echo "$cache/$name"
