// Shared by the bench scripts: the test cluster, the svcmap server, raw API calls.
// Benchmarks print figures; they are not tests (see DESIGN.md "Tests").
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, RequestContext, HttpMethod } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { serverEnv, serverNodeFlags } from '../server/node-flags.mjs';

export const root = new URL('..', import.meta.url).pathname;

export function sh(command, args, options = {}) {
  return execFileSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
}

/** Uses the running dev cluster (npm run cluster:up), or starts one and stops it at exit. */
export function ensureCluster() {
  const stateFile = process.env.SVCMAP_CLUSTER_STATE_FILE ?? '/tmp/svcmap-cluster.path';
  const binDir = sh('bash', ['cluster/build.sh'], { stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  process.env.PATH = `${binDir}:${process.env.PATH}`;
  let started = false;
  // A state file left by a cluster that is gone (a killed run) is cleared, not trusted.
  if (existsSync(stateFile) && !answers(`${readFileSync(stateFile, 'utf8').trim()}/kubeconfig`)) sh('bash', ['cluster/down.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(stateFile)) {
    // In a session of its own: with the kernel's autogroups (sched_autogroup_enabled), CPU time
    // is shared between sessions first and nice levels count only inside one, so a cluster
    // started in this script's session could not be lowered below Chromium (Playwright starts
    // it in a session of its own).
    sh('setsid', ['--wait', 'bash', 'cluster/up.sh'], { stdio: ['ignore', 'pipe', 'inherit'] });
    started = true;
  }
  const kubeconfig = `${readFileSync(stateFile, 'utf8').trim()}/kubeconfig`;
  process.env.KUBECONFIG = kubeconfig;
  const state = readFileSync(stateFile, 'utf8').trim();
  /**
   * Runs the control plane and kwok at this nice level (0: as started): their threads', and
   * their session's (its autogroup) when it is not this script's — that is the level the kernel
   * weighs against Chromium's session. Returns whether the session's level was set.
   */
  const nice = (level) => {
    const groups = new Set();
    let grouped = false;
    for (const name of readdirSync(`${state}/pids`)) {
      const pid = readFileSync(`${state}/pids/${name}`, 'utf8').trim();
      renice(pid, level);
      const group = autogroupOf(pid);
      if (group && !groups.has(group)) grouped = setAutogroupNice(pid, level) || grouped;
      groups.add(group);
    }
    return grouped;
  };
  /** Runs the control plane and kwok on these CPUs only (taskset's list, e.g. "0"). */
  const pinTo = (cpus) => {
    for (const name of readdirSync(`${state}/pids`)) pin(readFileSync(`${state}/pids/${name}`, 'utf8').trim(), cpus);
  };
  const stop = () => started && sh('bash', ['cluster/down.sh'], { stdio: 'inherit' });
  // In a session of its own the cluster no longer gets the terminal's Ctrl-C: stop it here.
  if (started) process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  return { kubeconfig, nice, pin: pinTo, stop };
}

/** Lets a process's threads run on these CPUs only (taskset's list: "0", "0-1"); its later children inherit it. A process that is gone is skipped. */
export function pin(pid, cpus) {
  if (!existsSync(`/proc/${pid}`)) return;
  const result = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0 && existsSync(`/proc/${pid}`)) throw new Error(`taskset could not pin ${pid} to CPUs ${cpus}: ${result.stderr || result.error?.message}`);
}

/** Sets a process's nice level: every thread's, as Linux sets it per thread. A process that is gone is skipped. */
export function renice(pid, level) {
  try {
    spawnSync('renice', ['-n', String(level), '-p', ...readdirSync(`/proc/${pid}/task`)], { stdio: 'ignore' });
  } catch {
    // not running (a fault test stopped it)
  }
}

/** The autogroup (session scheduling group) of a process, e.g. "/autogroup-12"; null where the kernel has none. */
const autogroupOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/autogroup`, 'utf8').split(' ')[0];
  } catch {
    return null;
  }
};

/** Sets the nice level of a process's autogroup, unless it is this script's own (or there is none). */
function setAutogroupNice(pid, level) {
  const group = autogroupOf(pid);
  if (!group || group === autogroupOf('self')) return false;
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(level));
    return true;
  } catch {
    return false; // gone meanwhile, or refused (EPERM, or EAGAIN: without CAP_SYS_ADMIN one write per 100 ms)
  }
}

function answers(kubeconfig) {
  try {
    sh('kubectl', ['--kubeconfig', kubeconfig, '--context', 'svcmap-admin', 'get', '--raw', '/readyz', '--request-timeout=5s'], { stdio: ['ignore', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

export function kubectl(...args) {
  return sh('kubectl', ['--context', 'svcmap-admin', ...args]);
}

/** Starts the production server (building it if needed) and waits for /api/healthz. */
/** `history`: false runs the server with SVCMAP_HISTORY=off (the reference without a journal). */
export async function startServer(port, { history = true } = {}) {
  if (!existsSync(`${root}/.next/BUILD_ID`)) sh('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  // A server left by an interrupted run would answer in this one's place.
  if (sh('ss', ['-ltnH', `sport = :${port}`]).trim()) throw new Error(`port ${port} is taken (a server of an interrupted bench run?): stop it, or pass --port`);
  const server = spawn(process.execPath, [...serverNodeFlags, 'server/main.mts'], {
    cwd: root,
    // A fresh history each run, in a temporary directory.
    env: { ...serverEnv, ...process.env, NEXT_TELEMETRY_DISABLED: '1', SVCMAP_LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...(history ? { SVCMAP_HISTORY: 'on', SVCMAP_HISTORY_DIR: mkdtempSync(join(tmpdir(), 'svcmap-bench-history-')) } : { SVCMAP_HISTORY: 'off' }) },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`${base}/api/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = /pid=(\d+)/.exec(sh('ss', ['-ltnpH', `sport = :${port}`]))?.[1];
  // Stopped however the bench ends, a crash included (it runs in its own process group).
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  return { base, pid: Number(pid), stop };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Reads fields of /proc/<pid>/status given in kB, as MB. */
function statusMegabytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)[1]) / 1024;
}

export function rssMegabytes(pid) {
  return statusMegabytes(pid)('VmRSS');
}

/** A process's resident memory in MB: anonymous (V8's heap, malloc's arenas) and file-backed (code, libraries). */
export function rssSplit(pid) {
  const field = statusMegabytes(pid);
  return { anon: Math.round(field('RssAnon')), file: Math.round(field('RssFile')) };
}

/** Raw requests to the apiserver with the admin context (client-node handles TLS and auth). */
export function apiClient(kubeconfig) {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  config.setCurrentContext('svcmap-admin');
  const server = config.getCurrentCluster().server;
  return async (method, path, body, contentType = 'application/json') => {
    const context = new RequestContext(server + path, method === 'PATCH' ? HttpMethod.PATCH : HttpMethod.GET);
    await config.applySecurityAuthentication(context);
    const response = await fetch(server + path, {
      method,
      headers: { ...context.getHeaders(), 'Content-Type': contentType, Accept: 'application/json' },
      dispatcher: context.getDispatcher(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
}

/** Endpoint rows as kubectl sees them and as svcmap's /graph shows them, for a namespace. */
export function truthRows(namespace) {
  const slices = JSON.parse(kubectl('get', 'endpointslices', '-n', namespace, '-o', 'json')).items;
  return slices
    .flatMap((slice) => (slice.endpoints ?? []).map((e) => `${slice.metadata.name} ${e.targetRef?.name ?? e.addresses[0]} ready=${e.conditions?.ready ?? true} terminating=${e.conditions?.terminating ?? false}`))
    .sort();
}

export function graphRows(graph) {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  return graph.edges
    .filter((edge) => edge.relation === 'endpoint')
    .map((edge) => `${nodes.get(edge.source).name} ${nodes.get(edge.target).name} ready=${edge.conditions.ready} terminating=${edge.conditions.terminating}`)
    .sort();
}

export function parseArgs(defaults) {
  const options = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const key = args[i].replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option --${key}; known: ${Object.keys(defaults).join(', ')}`);
    // A flag, a number, or a word (--history off) as its default is.
    options[key] = typeof defaults[key] === 'boolean' ? true : typeof defaults[key] === 'string' ? args[++i] : Number(args[++i]);
  }
  return options;
}
