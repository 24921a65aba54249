#!/usr/bin/env node
// The `svcmap` and `kubectl-svcmap` commands: runs cli/main.mts under Node 24 (the `node`
// package the project depends on, when the Node running this is older) with type stripping
// and svcmap's import paths (cli/resolve.mjs). No build step.
import { spawn } from 'node:child_process';
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
const child = spawn(node, ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--import', join(here, 'resolve.mjs'), join(here, 'main.mts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  // The server's JSON log lines are not for a terminal: the CLI prints its own messages.
  env: { ...process.env, SVCMAP_LOG_LEVEL: process.env.SVCMAP_LOG_LEVEL ?? 'silent' },
});
// Ctrl-C (and a kill) reach the command itself, which ends cleanly (svcmap watch: exit 0).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`svcmap: cannot start Node 24 (${error.message}); svcmap needs Node ≥ 24.`);
  process.exit(2);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 2)));
