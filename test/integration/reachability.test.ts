// The reachability API against the real control plane's scenarios (cluster/scenarios/
// 40-vault.yaml: default deny both ways, a named port, a port range, an ipBlock with an
// except, an egress rule), and the same connections put to cyclonus (test/oracle/netpol)
// with the live objects as kubectl prints them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getReachability } from '@/app/api/clusters/[context]/reachability/route';
import { type ReachabilityResponse, reachabilityResponseSchema } from '@/lib/stream/protocol';
import { eventually, kubectlJson } from './kube';

async function reach(query: string): Promise<{ status: number; body: unknown }> {
  const request = new Request(`http://127.0.0.1/api/clusters/svcmap-admin/reachability?${query}`);
  const response = await getReachability(request, { params: Promise.resolve({ context: 'svcmap-admin' }) });
  return { status: response.status, body: await response.json() };
}

async function reachOk(query: string): Promise<ReachabilityResponse> {
  const { status, body } = await reach(query);
  expect(status, JSON.stringify(body)).toBe(200);
  return reachabilityResponseSchema.parse(body);
}

/** Port (number/protocol) → the states of its endpoints, sorted. */
function statesByPort(body: ReachabilityResponse): Record<string, string[]> {
  return Object.fromEntries(body.services.flatMap((service) => service.ports.map((port) => [`${port.port}/${port.protocol}`, port.endpoints.map((endpoint) => endpoint.state).sort()])));
}

let oracle = '';
beforeAll(() => {
  oracle = execFileSync('bash', [join(import.meta.dirname, '..', 'oracle', 'build.sh'), 'netpol'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}, 900_000);

describe('GET /api/clusters/{cluster}/reachability on the vault scenario', () => {
  it('the client reaches ledger on its API port only; ops on the metrics range only; shop on neither', async () => {
    await eventually(async () => {
      const client = await reachOk('from=workload:vault/Deployment/ledger-client&service=vault/ledger');
      expect(client.description).toBe('1 pod of Deployment vault/ledger-client');
      expect(statesByPort(client)).toEqual({ '443/TCP': ['allowed', 'allowed'], '9100/TCP': ['blocked', 'blocked'] });
      const https = client.services[0]!.ports.find((port) => port.port === 443)!.endpoints[0]!;
      expect(https.allowedBy).toEqual([
        { policy: 'vault/ledger-api', rule: 0, direction: 'ingress' },
        { policy: 'vault/client-egress', rule: 0, direction: 'egress' },
      ]);
      const metrics = client.services[0]!.ports.find((port) => port.port === 9100)!.endpoints[0]!;
      expect(metrics.reason).toMatch(/^egress of vault\/ledger-client-\S+ is isolated by vault\/client-egress, vault\/default-deny; no rule lets it out to TCP 9100 \(metrics\); isolated by vault\/default-deny, vault\/ledger-api, vault\/ledger-metrics, vault\/ledger-office; no rule admits/);
    });
    expect(statesByPort(await reachOk('from=namespace:ops&service=vault/ledger'))).toEqual({ '443/TCP': ['blocked', 'blocked'], '9100/TCP': ['allowed', 'allowed'] });
    expect(statesByPort(await reachOk('from=namespace:shop&service=vault/ledger'))).toEqual({ '443/TCP': ['blocked', 'blocked'], '9100/TCP': ['blocked', 'blocked'] });
  });

  it('addresses outside the cluster: the office network minus its except, in part or in whole', async () => {
    expect(statesByPort(await reachOk('from=cidr:203.0.113.10&service=vault/ledger&port=https'))).toEqual({ '443/TCP': ['allowed', 'allowed'] });
    expect(statesByPort(await reachOk('from=cidr:203.0.113.200&service=vault/ledger&port=https'))).toEqual({ '443/TCP': ['blocked', 'blocked'] });
    expect(statesByPort(await reachOk('from=cidr:203.0.113.0/24&service=vault/ledger&port=443'))).toEqual({ '443/TCP': ['partial', 'partial'] });
  });

  it('who may reach ledger: a row per namespace, per workload where they differ, and outside', async () => {
    const body = await reachOk('service=vault/ledger');
    const rows = Object.fromEntries(body.whoMayReach!.map((row) => [row.source, row.ports.map((port) => `${port.port}=${port.state}`).join(' ')]));
    expect(rows).toMatchObject({
      'namespace:ops': '443/TCP=blocked 9100/TCP=allowed',
      'namespace:shop': '443/TCP=blocked 9100/TCP=blocked',
      'workload:vault/Deployment/ledger-client': '443/TCP=allowed 9100/TCP=blocked',
      'workload:vault/Deployment/ledger': '443/TCP=blocked 9100/TCP=blocked',
      'cidr:0.0.0.0/0': '443/TCP=partial 9100/TCP=blocked',
    });
  });

  it('bad sources and unknown objects get a 4xx that says what to do', async () => {
    expect(await reach('from=pods:x')).toMatchObject({ status: 400, body: { error: { code: 'InvalidSource' } } });
    expect(await reach('from=cidr:300.1.1.1')).toMatchObject({ status: 400, body: { error: { code: 'InvalidSource' } } });
    expect(await reach('')).toMatchObject({ status: 400, body: { error: { code: 'MissingSource' } } });
    expect(await reach('from=namespace:nope-nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'SourceNotFound', message: 'Namespace nope-nothing-here has no running pod with an IP.' } } });
    expect(await reach('from=namespace:ops&service=vault/ledger&port=http')).toMatchObject({ status: 404, body: { error: { code: 'PortNotFound', message: 'Service vault/ledger has no port "http"; its ports: https, metrics.' } } });
  });

  it('equals cyclonus on every pod-to-ledger connection of the live cluster', async () => {
    type Labelled = { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };
    type PodJson = Labelled & { status: { podIP?: string }; spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] } };
    const policies = kubectlJson<{ items: unknown[] }>('get', 'networkpolicies', '-A').items;
    const namespaces = new Map(kubectlJson<{ items: Labelled[] }>('get', 'namespaces').items.map((namespace) => [namespace.metadata.name, namespace.metadata.labels ?? {}]));
    const pods = kubectlJson<{ items: PodJson[] }>('get', 'pods', '-A').items.filter((pod) => pod.status.podIP);
    const ledgers = pods.filter((pod) => pod.metadata.namespace === 'vault' && pod.metadata.labels?.app === 'ledger');
    const sources = pods.filter((pod) => ['vault', 'ops', 'shop'].includes(pod.metadata.namespace!));
    expect(ledgers.length).toBe(2);
    const end = (pod: PodJson) => ({ pod: true, namespace: pod.metadata.namespace, labels: pod.metadata.labels ?? {}, namespaceLabels: namespaces.get(pod.metadata.namespace!) ?? {}, ip: pod.status.podIP });
    const cases = sources.flatMap((source) =>
      ledgers.flatMap((ledger) => [
        { source, ledger, port: 8443, portName: 'api', servicePort: 443 },
        { source, ledger, port: 9100, portName: 'metrics', servicePort: 9100 },
      ]),
    );
    const input = cases.map((entry) => JSON.stringify({ policies, source: end(entry.source), destination: end(entry.ledger), port: entry.port, portName: entry.portName, protocol: 'TCP' })).join('\n');
    const answers = execFileSync(oracle, { input: `${input}\n`, encoding: 'utf8' }).trim().split('\n').map((line) => JSON.parse(line) as { allowed: boolean; error?: string });
    let compared = 0;
    for (const [index, entry] of cases.entries()) {
      expect(answers[index]!.error).toBeUndefined();
      const body = await reachOk(`from=pod:${entry.source.metadata.namespace}/${entry.source.metadata.name}&service=vault/ledger&port=${entry.servicePort}`);
      const endpoint = body.services[0]!.ports[0]!.endpoints.find((candidate) => candidate.pod === `Pod/vault/${entry.ledger.metadata.name}`)!;
      expect(endpoint.state === 'allowed', `${entry.source.metadata.namespace}/${entry.source.metadata.name} → ${entry.ledger.metadata.name}:${entry.port}`).toBe(answers[index]!.allowed);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});
