#!/usr/bin/env node
// The `svcmap` and `kubectl-svcmap` commands: runs cli/main.mts under Node 24 (the `node`
// package the project depends on, when the Node running this is older) with type stripping
// and svcmap's import paths (cli/resolve.mjs). No build step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
let node = process.execPath;
if (major < 24) {
  try {
    const bundled = createRequire(import.meta.url).resolve('node/bin/node');
    if (existsSync(bundled)) node = bundled;
  } catch {
    // no bundled Node: try with this one, and say so if it fails
  }
}
const result = spawnSync(node, ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--import', join(here, 'resolve.mjs'), join(here, 'main.mts'), ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`svcmap: cannot start Node 24 (${result.error.message}); svcmap needs Node ≥ 24.`);
  process.exit(2);
}
process.exit(result.status ?? 2);
