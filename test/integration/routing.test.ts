// kube-proxy's choice per node on the real control plane: the /routes API for every Service
// of the cluster equals kube-proxy's own code (test/oracle/routing) fed the live objects as
// kubectl prints them; the routing scenarios (cluster/scenarios/50-routing.yaml) get their
// diagnostics; the serving-but-terminating fallback is made live here.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { GET as getRoutes } from '@/app/api/clusters/[context]/routes/route';
import { graphResponseSchema, type RoutesResponse, routesResponseSchema, type ServiceNode } from '@/lib/stream/protocol';
import { applyYaml, eventually, kubectl, kubectlJson, uniqueNamespace } from './kube';

async function routes(query: string): Promise<{ status: number; body: unknown }> {
  const response = await getRoutes(new Request(`http://127.0.0.1/api/clusters/svcmap-admin/routes?${query}`), { params: Promise.resolve({ context: 'svcmap-admin' }) });
  return { status: response.status, body: await response.json() };
}
async function routesOk(query: string): Promise<RoutesResponse> {
  const { status, body } = await routes(query);
  expect(status, JSON.stringify(body)).toBe(200);
  return routesResponseSchema.parse(body);
}
async function service(namespace: string, name: string): Promise<ServiceNode> {
  const response = await getGraph(new Request(`http://127.0.0.1/api/clusters/svcmap-admin/graph?namespace=${namespace}`), { params: Promise.resolve({ context: 'svcmap-admin' }) });
  const node = graphResponseSchema.parse(await response.json()).graph.nodes.find((candidate) => candidate.id === `Service/${namespace}/${name}`);
  if (node?.kind !== 'Service') throw new Error(`no Service ${namespace}/${name}`);
  return node;
}
const codes = (node: ServiceNode) => node.diagnostics.map((diagnostic) => diagnostic.code).sort();

let oracle = '';
beforeAll(() => {
  oracle = execFileSync('bash', [join(import.meta.dirname, '..', 'oracle', 'build.sh'), 'routing'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}, 1_800_000);

type Named = { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

describe('GET /api/clusters/{cluster}/routes', () => {
  it("equals kube-proxy's answer for every Service, port, family and node of the live cluster", async () => {
    await eventually(async () => {
      const services = kubectlJson<{ items: Named[] }>('get', 'services', '-A').items;
      const slices = kubectlJson<{ items: Named[] }>('get', 'endpointslices', '-A').items;
      const nodes = kubectlJson<{ items: Named[] }>('get', 'nodes').items.map((node) => ({ name: node.metadata.name, labels: node.metadata.labels ?? {} }));
      const answer = JSON.parse(execFileSync(oracle, { input: `${JSON.stringify({ services, slices, nodes })}\n`, encoding: 'utf8', maxBuffer: 64 << 20 })) as { routes: { service: string }[]; error?: string };
      expect(answer.error).toBeUndefined();
      const theirs = new Map<string, unknown[]>();
      for (const route of answer.routes) theirs.set(route.service, [...(theirs.get(route.service) ?? []), route]);
      expect(theirs.size).toBeGreaterThan(10);
      for (const [name, expected] of theirs) {
        const body = await routesOk(`service=${name}`);
        const mine = body.routes
          .flatMap((route) => route.nodes.map((node) => ({ service: route.service, port: route.port, protocol: route.protocol, family: route.family, node: node.node, cluster: node.cluster, local: node.local, reachable: node.reachable, hasAny: node.hasAny })))
          .sort((a, b) => ([a.port, a.protocol, a.family, a.node].join(' ') < [b.port, b.protocol, b.family, b.node].join(' ') ? -1 : 1));
        expect(mine, name).toEqual(expected);
      }
    });
  });

  it('the routing scenarios: a Local blackhole, a zone without hinted endpoints, a node without a zone, a port-less slice', async () => {
    await eventually(async () => {
      const local = await service('routing', 'local-only');
      expect(codes(local)).toEqual(['InternalTrafficPolicyLocalBlackhole']);
      expect(local.diagnostics[0]!.message).toBe('internalTrafficPolicy is Local and 3 of 5 nodes have no endpoint: kwok-node-b1, kwok-node-c1, kwok-node-x1. Clients on them get no backend: their traffic to the Service is dropped.');
      expect(local.routing).toEqual({ nodes: 5, reaching: 2, backends: 2, blackholes: ['kwok-node-b1', 'kwok-node-c1', 'kwok-node-x1'], routable: 2 });
      const zonal = await service('routing', 'zonal');
      expect(codes(zonal)).toEqual(['NoEndpointHintedForZone', 'TopologyHintsIgnored']);
      expect(zonal.diagnostics.map((diagnostic) => diagnostic.message).sort()).toEqual([
        'No endpoint is hinted for zone zone-c (kwok-node-c1): kube-proxy there ignores the hints and sends traffic to every zone.',
        'Topology hints are ignored on 1 of 5 nodes (kwok-node-x1: the node has no topology.kubernetes.io/zone label): traffic from there goes to every zone.',
      ]);
      const portless = await service('routing', 'portless');
      expect(codes(portless)).toEqual(['EndpointsWithoutPort', 'NamedTargetPortMissing']);
      expect(portless.endpoints).toEqual({ ready: 4, total: 4 });
      expect(portless.routing?.routable).toBe(2);
    });
  });

  it('as seen from a node: the edges its clients use, and why not the others', async () => {
    const fromC1 = await routesOk('from=node:kwok-node-c1');
    const edges = Object.entries(fromC1.edges);
    const localOnly = edges.filter(([id]) => id.startsWith('EndpointSlice/routing/local-only-'));
    expect(localOnly.length).toBe(2);
    for (const [, edge] of localOnly) expect(edge).toEqual({ used: false, reason: "internalTrafficPolicy Local: no endpoint on kwok-node-c1, its clients' traffic is dropped" });
    // Zone hints are ignored on c1 (no endpoint for zone-c): every zonal endpoint is used.
    const zonal = edges.filter(([id]) => id.startsWith('EndpointSlice/routing/zonal-'));
    expect(zonal.length).toBe(4);
    expect(zonal.every(([, edge]) => edge.used)).toBe(true);
    // From zone-a, zonal's hints hold: zone-b's endpoints are not used.
    const fromA = Object.entries((await routesOk('from=zone:zone-a')).edges).filter(([id]) => id.startsWith('EndpointSlice/routing/zonal-'));
    expect(fromA.filter(([, edge]) => !edge.used).map(([, edge]) => edge.reason)).toEqual(["not in zone-a's hints", "not in zone-a's hints"]);
    const portless = Object.entries(fromC1.edges).filter(([id]) => id.startsWith('EndpointSlice/routing/portless-') && !id.includes('portless-v2'));
    expect(portless.filter(([, edge]) => !edge.used).map(([, edge]) => edge.reason)).toContain('its slice has no port 80 (http): no traffic for it reaches this endpoint');
  });

  it('the serving-but-terminating fallback, live: the last pod is deleted and still takes the traffic', async () => {
    const namespace = uniqueNamespace('draining');
    applyYaml(`apiVersion: v1
kind: Namespace
metadata: {name: ${namespace}}
---
apiVersion: v1
kind: Pod
metadata: {name: last, namespace: ${namespace}, labels: {app: last}, annotations: {svcmap.dev/terminate-ms: "120000"}}
spec: {containers: [{name: app, image: ghcr.io/example/app:1, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: last, namespace: ${namespace}}
spec: {selector: {app: last}, ports: [{name: http, port: 80, targetPort: http}]}`);
    await eventually(async () => expect((await service(namespace, 'last')).endpoints).toEqual({ ready: 1, total: 1 }), 60_000);
    kubectl('delete', 'pod', 'last', '-n', namespace, '--wait=false');
    await eventually(async () => {
      const node = await service(namespace, 'last');
      expect(codes(node)).toContain('TrafficOnTerminatingEndpoints');
      const body = await routesOk(`service=${namespace}/last`);
      expect(body.routes[0]!.nodes.every((route) => route.terminatingFallback && route.cluster.length === 1)).toBe(true);
    }, 60_000);
    kubectl('delete', 'namespace', namespace, '--wait=false');
  });

  it('bad input gets a 4xx that says what to do', async () => {
    expect(await routes('')).toMatchObject({ status: 400, body: { error: { code: 'MissingService' } } });
    expect(await routes('from=rack:r1')).toMatchObject({ status: 400, body: { error: { code: 'InvalidViewpoint' } } });
    expect(await routes('from=node:nope')).toMatchObject({ status: 404, body: { error: { code: 'ViewpointNotFound', message: 'Node nope does not exist (or nodes are not readable with these credentials).' } } });
    expect(await routes('from=zone:zone-q')).toMatchObject({ status: 404, body: { error: { message: 'No node is in zone zone-q; zones: zone-a, zone-b, zone-c.' } } });
    expect(await routes('service=routing/nope')).toMatchObject({ status: 404, body: { error: { code: 'ServiceNotFound' } } });
    expect(await routes('service=routing/zonal&node=nope')).toMatchObject({ status: 404, body: { error: { code: 'NodeNotFound' } } });
  });
});
