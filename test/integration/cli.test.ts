// The svcmap CLI (and the kubectl plugin) against the test cluster's scenarios: the same
// answers as the page's API (services, counts, diagnostics, routes, reachability), the exit
// statuses, and errors a person can act on.
import { execFileSync, spawnSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { GET as getRoutes } from '@/app/api/clusters/[context]/routes/route';
import { graphResponseSchema, routesResponseSchema, type ServiceNode } from '@/lib/stream/protocol';
import { parse as parseYaml } from 'yaml';
import { applyYaml, deploymentYaml, eventually, kubectl, kubectlJson, uniqueNamespace } from './kube';

const cli = join(import.meta.dirname, '..', '..', 'cli', 'svcmap.mjs');
function svcmap(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('node', [cli, '--context', 'svcmap-admin', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
// Long-running commands still running when a test ends (it failed before Ctrl-C): stopped after it.
const running = new Set<number>();
afterEach(() => {
  for (const pid of running) process.kill(-pid, 'SIGKILL');
  running.clear();
});

/** A long-running command (svcmap watch): its output so far, awaited until a line matches, and Ctrl-C. */
function following(args: string[]) {
  const child = spawn('node', [cli, '--context', 'svcmap-admin', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child.pid!);
  child.on('exit', () => running.delete(child.pid!));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    lines: () => stdout.trimEnd().split('\n'),
    until: (pattern: RegExp) => eventually(() => expect(stdout, stderr).toMatch(pattern), 60_000),
    // The bin runs the command in a Node 24 child: Ctrl-C in a terminal signals both (the process group).
    interrupt: () => (process.kill(-child.pid!, 'SIGINT'), exited),
  };
}

async function apiServices(namespaces: string): Promise<ServiceNode[]> {
  const response = await getGraph(new Request(`http://127.0.0.1/api/clusters/svcmap-admin/graph?namespace=${namespaces}`), { params: Promise.resolve({ context: 'svcmap-admin' }) });
  return graphResponseSchema.parse(await response.json()).graph.nodes.filter((node): node is ServiceNode => node.kind === 'Service');
}
const summary = (service: ServiceNode) => ({ id: service.id, endpoints: service.endpoints, diagnostics: service.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`).sort() });

describe('svcmap CLI', () => {
  const pluginDir = mkdtempSync(join(tmpdir(), 'svcmap-plugin-'));
  afterAll(() => rmSync(pluginDir, { recursive: true, force: true }));

  it('get -A -o json: every Service with the API\'s counts and diagnostics; exit 1 since some have errors', async () => {
    const result = svcmap('get', '-A', '-o', 'json');
    expect(result.stderr).toBe('');
    const mine = (JSON.parse(result.stdout) as ServiceNode[]).filter((service) => ['shop', 'data', 'edge', 'vault', 'routing'].includes(service.namespace)).map(summary).sort((a, b) => (a.id < b.id ? -1 : 1));
    const theirs = (await apiServices('shop,data,edge,vault,routing')).map(summary).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(mine).toEqual(theirs);
    expect(result.status).toBe(1); // shop/checkout has NoReadyEndpoints (error)
  });

  it('get -n shop: a table like kubectl get, with ready/total and the worst diagnostic', () => {
    const result = svcmap('get', '-n', 'shop');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+READY\s+PROBLEM$/);
    expect(lines.find((line) => line.includes(' checkout '))).toMatch(/^shop\s+checkout\s+ClusterIP\s+0\/2\s+error: NoReadyEndpoints$/);
    expect(lines.find((line) => line.includes(' frontend '))).toMatch(/^shop\s+frontend\s+ClusterIP\s+3\/3$/);
    expect(result.status).toBe(1);
    expect(svcmap('get', '-n', 'vault').status).toBe(0);
  });

  it('why: the routing and the diagnostics with their kubectl commands; exit 1 on an error, 0 when healthy', async () => {
    const checkout = svcmap('why', 'checkout', '-n', 'shop');
    expect(checkout.status).toBe(1);
    const api = (await apiServices('shop')).find((service) => service.name === 'checkout')!;
    for (const diagnostic of api.diagnostics) {
      expect(checkout.stdout).toContain(diagnostic.message);
      expect(checkout.stdout).toContain(`$ ${diagnostic.command}`);
    }
    expect(checkout.stdout).toMatch(/Endpoints:\s+0\/2 ready/);
    const frontend = svcmap('why', 'frontend', '-n', 'shop');
    expect(frontend.status).toBe(0);
    expect(frontend.stdout).toMatch(/Diagnostics:\s+none/);
    const local = svcmap('why', 'local-only', '-n', 'routing');
    expect(local.stdout).toContain('Reaches:        2 backends from 2 of 5 nodes (none from kwok-node-b1, kwok-node-c1, kwok-node-x1)');
  });

  it('ip: which pod holds an address and which Services route to it', () => {
    const pod = kubectlJson<{ items: { metadata: { name: string }; status: { podIP?: string } }[] }>('get', 'pods', '-n', 'shop', '-l', 'app=frontend').items[0]!;
    const result = svcmap('ip', pod.status.podIP!);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${pod.status.podIP}: Pod shop/${pod.metadata.name}`);
    expect(result.stdout).toContain('Services routing to it: shop/frontend');
    expect(svcmap('ip', '192.0.2.200').stdout).toContain('no pod or endpoint in the cluster has this address now');
  });

  it('can-reach: exit 0 when allowed to every backend, 1 when not; the reason per backend', () => {
    const allowed = svcmap('can-reach', 'workload:vault/Deployment/ledger-client', 'ledger:https', '-n', 'vault');
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('From 1 pod of Deployment vault/ledger-client to vault/ledger:https: allowed');
    const blocked = svcmap('can-reach', 'namespace:shop', 'ledger', '-n', 'vault');
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('isolated by vault/default-deny, vault/ledger-api, vault/ledger-metrics, vault/ledger-office');
  });

  it('-o yaml: the same document as -o json', () => {
    const yaml = svcmap('why', 'checkout', '-n', 'shop', '-o', 'yaml');
    expect(yaml.status).toBe(1);
    expect(parseYaml(yaml.stdout)).toEqual(JSON.parse(svcmap('why', 'checkout', '-n', 'shop', '-o', 'json').stdout));
  });

  it('watch: the Services once, then a row when one changes; Ctrl-C ends it with exit 0', async () => {
    const namespace = uniqueNamespace('cli-watch');
    applyYaml(deploymentYaml(namespace, 'web', 2));
    await eventually(() => expect(kubectlJson<{ items: unknown[] }>('get', 'pods', '-n', namespace, '--field-selector=status.phase=Running').items).toHaveLength(2), 60_000);
    const watch = following(['watch', '-n', namespace]);
    await watch.until(/^\S+\s+web\s+ClusterIP\s+2\/2$/m);
    expect(watch.lines()[0]).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+READY\s+PROBLEM$/);
    kubectl('scale', 'deployment/web', '-n', namespace, '--replicas=0');
    await watch.until(/^\S+\s+web\s+ClusterIP\s+0\/0\s+error: SelectorMatchesNothing$/m);
    kubectl('delete', 'service', 'web', '-n', namespace);
    await watch.until(/^\S+\s+web\s+ClusterIP\s+-\s+deleted$/m);
    expect(await watch.interrupt()).toBe(0);
    kubectl('delete', 'namespace', namespace, '--wait=false');
  });

  it('watch -o json: one ADDED object per line for each Service the API draws; a dead apiserver before the first picture is exit 2', async () => {
    const expected = (await apiServices('shop')).map((service) => service.name).sort();
    const watch = following(['watch', '-n', 'shop', '-o', 'json']);
    // Every Service's line, complete (each ends with a newline).
    await watch.until(new RegExp(`^(.*\\n){${expected.length}}`));
    const events = watch.lines().map((line) => JSON.parse(line) as { type: string; service: ServiceNode });
    expect(events.every((event) => event.type === 'ADDED')).toBe(true);
    expect(events.map((event) => event.service.name).sort()).toEqual(expected);
    expect(await watch.interrupt()).toBe(0);
    const dead = join(pluginDir, 'dead.kubeconfig');
    writeFileSync(dead, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: dead, context: {cluster: c, user: u}}]\ncurrent-context: dead\n');
    const failed = spawnSync('node', [cli, '--kubeconfig', dead, 'watch', '-A'], { encoding: 'utf8', timeout: 60_000 });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/^svcmap: \w+: Cannot reach the apiserver: https:\/\/127\.0\.0\.1:9 did not answer/);
  });

  it('routes -o json: the API\'s per-node answer', async () => {
    const result = svcmap('routes', 'local-only', '-n', 'routing', '-o', 'json');
    expect(result.status).toBe(0);
    const response = await getRoutes(new Request('http://127.0.0.1/api/clusters/svcmap-admin/routes?service=routing/local-only'), { params: Promise.resolve({ context: 'svcmap-admin' }) });
    expect(JSON.parse(result.stdout)).toEqual(routesResponseSchema.parse(await response.json()).routes);
  });

  it('usage and connection errors: exit 2 with a message that says what to do', () => {
    expect(svcmap('frobnicate')).toMatchObject({ status: 2, stderr: 'svcmap: unknown command "frobnicate"; see svcmap --help\n' });
    expect(svcmap('why', 'nope', '-n', 'shop')).toMatchObject({ status: 2, stderr: 'svcmap: Service shop/nope does not exist (kubectl get service -n shop lists them)\n' });
    expect(svcmap('get', '-o', 'table')).toMatchObject({ status: 2, stderr: 'svcmap: unknown output format "table": use wide, json or yaml\n' });
    expect(svcmap('watch', 'pods')).toMatchObject({ status: 2, stderr: 'svcmap: svcmap watch lists Services: "svcmap watch [services]", not "pods"\n' });
    expect(svcmap('can-reach', 'pods:x', 'ledger', '-n', 'vault').status).toBe(2);
    const expired = spawnSync('node', [cli, '--context', 'svcmap-expired', 'get', '-n', 'shop'], { encoding: 'utf8' });
    expect(expired.status).toBe(2);
    expect(expired.stderr).toMatch(/^svcmap: cannot list \w+ from https:\/\/127\.0\.0\.1:\d+: /);
    expect(spawnSync('node', [cli, '--help'], { encoding: 'utf8' })).toMatchObject({ status: 0, stdout: expect.stringContaining('svcmap can-reach FROM SERVICE[:PORT]') });
  });

  it('completion: a bash script that parses and completes commands and -o values', () => {
    const script = svcmap('completion', 'bash');
    expect(script.status).toBe(0);
    const completed = spawnSync('bash', ['-c', `${script.stdout}\nCOMP_WORDS=(svcmap ca); COMP_CWORD=1; _svcmap; echo "\${COMPREPLY[*]}"; COMP_WORDS=(svcmap get -o j); COMP_CWORD=3; _svcmap; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' });
    expect(completed.stdout).toBe('can-reach\njson\n');
    expect(svcmap('completion', 'zsh').stdout).toContain('bashcompinit');
  });

  it('kubectl svcmap: the plugin on the PATH', () => {
    symlinkSync(cli, join(pluginDir, 'kubectl-svcmap'));
    const output = execFileSync('kubectl', ['svcmap', '--context', 'svcmap-admin', 'get', '-n', 'vault'], { encoding: 'utf8', env: { ...process.env, PATH: `${pluginDir}:${process.env.PATH}` } });
    expect(output).toMatch(/^vault\s+ledger\s+ClusterIP\s+2\/2/m);
  });
});
