#!/usr/bin/env bash
# Builds the krew archive of `kubectl svcmap` into OUT_DIR (the npm package with its
# production dependencies the CLI uses, under package/) and writes OUT_DIR/svcmap.yaml: the manifest
# beside this script with the version and the archive's sha256 filled in.
set -euo pipefail
out="$(mkdir -p "$1" && cd "$1" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="$(cd "$root" && node -p 'require("./package.json").version')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$root" && npm pack --silent --pack-destination "$work")"
tar -xzf "$work/$tarball" -C "$work"
# Only what the CLI imports (cli/, and lib/ through it): not the page's Next.js and React.
(cd "$work/package" && node -e '
  const fs = require("node:fs");
  const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
  const cli = ["@kubernetes/client-node", "@modelcontextprotocol/sdk", "undici", "yaml", "zod"];
  manifest.dependencies = Object.fromEntries(cli.map((name) => [name, manifest.dependencies[name]]));
  fs.writeFileSync("package.json", JSON.stringify(manifest, null, 2) + "\n");')
# The versions the project is tested with: its lock file, pruned to those dependencies.
cp "$root/package-lock.json" "$work/package/"
(cd "$work/package" && npm install --omit=dev --prefer-offline --no-audit --no-fund --silent >/dev/null)
archive="$out/kubectl-svcmap-v$version.tar.gz"
tar -czf "$archive" -C "$work" package
sha="$(sha256sum "$archive" | cut -d' ' -f1)"
sed -e "s/@VERSION@/$version/g" -e "s/@SHA256@/$sha/" "$root/deploy/krew/svcmap.yaml" >"$out/svcmap.yaml"
echo "$archive"
