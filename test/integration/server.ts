// Starts the production server (server/main.mts over the `next build` output) as a child
// process on a loopback port, with the environment a test gives it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './kube';

// The repository: both test runners run from it (import.meta is not there when Playwright loads this file).
const root = process.cwd();

export interface RunningServer {
  base: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startServer(port: number, env: Record<string, string | undefined>, cwd = root, entry = 'server/main.mts'): Promise<RunningServer> {
  const child = spawn(process.execPath, [entry], {
    cwd,
    // Its own history (the vitest process itself runs with SVCMAP_HISTORY=off): a test may name another.
    env: environment({ SVCMAP_LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SVCMAP_HISTORY: undefined, SVCMAP_HISTORY_DIR: freshHistoryDir(), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output}`);
    await fetch(`${base}/api/healthz`);
  }, 60_000);
  return { base, output: () => output, stop: () => stopChild(child) };
}

export function freshHistoryDir(): string {
  return mkdtempSync(join(tmpdir(), 'svcmap-history-'));
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export function runToExit(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['server/main.mts'], { cwd: root, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** This process's environment with the given changes; undefined removes a variable. */
function environment(changes: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...changes };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
