#!/usr/bin/env node
// The `svcmap` and `kubectl-svcmap` commands: runs cli/main.mts under Node 24 (in a checkout
// whose Node is older: the `node` package it depends on) with svcmap's import paths and type
// stripping (cli/resolve.mjs). No build step.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
let node = process.execPath;
if (major < 24) {
  try {
    node = createRequire(import.meta.url).resolve('node/bin/node');
  } catch {
    node = '';
  }
  if (!existsSync(node)) {
    console.error(`svcmap: needs Node.js 24 or newer, and this is ${process.version}. Install Node 24 (or put it first on the PATH) and run svcmap again.`);
    process.exit(2);
  }
}
const child = spawn(node, ['--disable-warning=ExperimentalWarning', '--import', join(here, 'resolve.mjs'), join(here, 'main.mts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  // The server's JSON log lines are not for a terminal: the CLI prints its own messages.
  env: { ...process.env, SVCMAP_LOG_LEVEL: process.env.SVCMAP_LOG_LEVEL ?? 'silent' },
});
// Ctrl-C (and a kill) reach the command itself, which ends cleanly (svcmap watch: exit 0).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`svcmap: cannot start ${node} (${error.message})`);
  process.exit(2);
});
// Ended by a signal: 128 + its number, as a shell reports it.
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
