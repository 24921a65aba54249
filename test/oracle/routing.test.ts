// lib/graph/routing.ts against kube-proxy's own code (test/oracle/routing: pkg/proxy of the
// Kubernetes version the test cluster runs). Generates random Services (types, traffic
// policies, families, node ports, external IPs, load balancer IPs), EndpointSlices (ready /
// serving / terminating set or not, zone and node hints, port-less and unnamed ports, both
// families) and nodes (with and without a zone label), and requires our per-node answer —
// cluster, local and reachable endpoints — to equal kube-proxy's, case for case.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSlice, Node, Service } from '@/lib/graph/objects';
import { serviceRoutes } from '@/lib/graph/routing';
import { trimEndpointSlice, trimNode, trimService } from '@/lib/k8s/trim';

const cases = Number(process.env.SVCMAP_ORACLE_CASES) || 10_000;
let oracle = '';
beforeAll(() => {
  oracle = execFileSync('bash', [join(import.meta.dirname, 'build.sh'), 'routing'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}, 1_800_000);

const nodeNames = ['node-a1', 'node-a2', 'node-b1', 'node-c1'];
const zones = ['zone-a', 'zone-b', 'zone-c'];
const nodesArb = fc.tuple(...nodeNames.map((name) => fc.option(fc.constantFrom(...zones), { nil: undefined }).map((zone): { name: string; labels: Record<string, string> } => ({ name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} }))));
const portNames = ['', 'http', 'grpc'];
const conditionArb = fc.option(fc.boolean(), { nil: undefined });
const endpointArb = (family: 'IPv4' | 'IPv6', slice: number) =>
  fc.record(
    {
      host: fc.integer({ min: 1, max: 6 }),
      ready: conditionArb,
      serving: conditionArb,
      terminating: conditionArb,
      nodeName: fc.option(fc.constantFrom(...nodeNames, 'node-gone'), { nil: undefined }),
      zones: fc.option(fc.subarray(zones, { minLength: 1 }), { nil: undefined }),
      nodes: fc.option(fc.subarray(nodeNames, { minLength: 1 }), { nil: undefined }),
    },
    { requiredKeys: ['host'] },
  ).map(({ host, ready, serving, terminating, nodeName, zones: forZones, nodes: forNodes }) => ({
    addresses: [family === 'IPv4' ? `10.244.${slice}.${host}` : `fd00::${slice + 1}:${host}`],
    conditions: { ...(ready !== undefined ? { ready } : {}), ...(serving !== undefined ? { serving } : {}), ...(terminating !== undefined ? { terminating } : {}) },
    ...(nodeName ? { nodeName } : {}),
    ...(forZones || forNodes ? { hints: { ...(forZones ? { forZones: forZones.map((name) => ({ name })) } : {}), ...(forNodes ? { forNodes: forNodes.map((name) => ({ name })) } : {}) } } : {}),
  }));
const sliceArb = (index: number) =>
  fc.constantFrom<'IPv4' | 'IPv6'>('IPv4', 'IPv4', 'IPv6').chain((family) =>
    fc.record({
      family: fc.constant(family),
      // Each slice its own addresses: the same address in two slices is a race in kube-proxy
      // (it walks the slices in Go map order), not something to compare.
      endpoints: fc.uniqueArray(endpointArb(family, index), { maxLength: 5, selector: (endpoint) => endpoint.addresses[0] }),
      ports: fc.array(fc.record({ name: fc.constantFrom(...portNames), protocol: fc.constantFrom('TCP', 'TCP', 'UDP'), port: fc.option(fc.constantFrom(8080, 9090, 0), { nil: undefined }) }), { maxLength: 2 }),
    }).map(({ family: addressType, endpoints, ports }) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `web-${index}`, namespace: 'shop', uid: `s${index}`, resourceVersion: '1', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType,
      endpoints,
      ports: ports.map((port) => ({ name: port.name, protocol: port.protocol, ...(port.port !== undefined ? { port: port.port } : {}) })),
    })),
  );
const serviceArb = fc
  .record({
    type: fc.constantFrom('ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'),
    families: fc.constantFrom(['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4']),
    headless: fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
    internalTrafficPolicy: fc.constantFrom('Cluster', 'Local', undefined),
    externalTrafficPolicy: fc.constantFrom('Cluster', 'Local'),
    externalIPs: fc.subarray(['192.0.2.10', '2001:db8::10']),
    lbIPs: fc.subarray(['198.51.100.7', '2001:db8::7']),
    ports: fc.uniqueArray(fc.record({ name: fc.constantFrom(...portNames), protocol: fc.constantFrom('TCP', 'TCP', 'UDP') }), { minLength: 1, maxLength: 2, selector: (port) => `${port.name}/${port.protocol}` }),
  })
  .map(({ type, families, headless, internalTrafficPolicy, externalTrafficPolicy, externalIPs, lbIPs, ports }) => {
    const clusterIPs = headless ? ['None'] : families.map((family) => (family === 'IPv4' ? '10.96.0.10' : 'fd00:96::10'));
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', uid: 'svc', resourceVersion: '1' },
      spec: {
        type,
        clusterIP: clusterIPs[0],
        clusterIPs,
        ipFamilies: families,
        selector: { app: 'web' },
        ports: ports.map((port, index) => ({ ...(port.name ? { name: port.name } : {}), protocol: port.protocol, port: 80 + index, targetPort: 8080, ...(type !== 'ClusterIP' ? { nodePort: 30080 + index } : {}) })),
        ...(internalTrafficPolicy ? { internalTrafficPolicy } : {}),
        ...(type !== 'ClusterIP' ? { externalTrafficPolicy } : {}),
        externalIPs,
      },
      status: { loadBalancer: type === 'LoadBalancer' ? { ingress: lbIPs.map((ip) => ({ ip })) } : {} },
    };
  });
const caseArb = fc.record({
  services: serviceArb.map((service) => [service]),
  slices: fc.integer({ min: 0, max: 3 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => sliceArb(index)))),
  nodes: nodesArb,
});

type Input = { services: unknown[]; slices: unknown[]; nodes: { name: string; labels: Record<string, string> }[] };

/** Our routes for a case, from the same raw objects trimmed as the server trims them. */
function routesOf(input: Input) {
  const services = input.services.map((raw) => trimService(raw)).filter((service): service is Service => service !== null);
  const slices = input.slices.map((raw) => trimEndpointSlice(raw)).filter((slice): slice is EndpointSlice => slice !== null);
  expect(services).toHaveLength(input.services.length);
  expect(slices).toHaveLength(input.slices.length);
  const nodes = input.nodes.map((node) => trimNode({ metadata: { name: node.name, uid: node.name, labels: node.labels } })).filter((node): node is Node => node !== null);
  return services.flatMap((service) => serviceRoutes(service, slices, nodes));
}

const key = (route: { service: string; port: string; protocol: string; family: string; node: string }) => [route.service, route.port, route.protocol, route.family, route.node].join('\u0000');

describe("per-node routing equals kube-proxy's", () => {
  it(`on ${cases} generated cases`, () => {
    const seed = Number(process.env.SVCMAP_ORACLE_SEED) || Date.now();
    const inputs = fc.sample(caseArb, { numRuns: cases, seed });
    const output = execFileSync(oracle, { input: inputs.map((input) => JSON.stringify(input)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 512 << 20 });
    const answers = output.trim().split('\n').map((line) => JSON.parse(line) as { routes: unknown[]; error?: string });
    expect(answers).toHaveLength(inputs.length);
    const seen = { local: 0, zone: 0, terminating: 0, blackhole: 0 };
    for (const [index, input] of inputs.entries()) {
      const theirs = answers[index]!;
      expect(theirs.error, `seed ${seed}, case ${index}`).toBeUndefined();
      const routes = routesOf(input);
      const mine = routes
        .flatMap((route) => route.nodes.map((node) => ({ service: route.service, port: route.port, protocol: route.protocol, family: route.family, node: node.node, cluster: node.cluster, local: node.local, reachable: node.reachable, hasAny: node.hasAny })))
        .sort((a, b) => (key(a) < key(b) ? -1 : 1));
      // The whole case, for a mismatch that vitest's message would cut short.
      if (process.env.SVCMAP_ORACLE_DUMP && JSON.stringify(mine) !== JSON.stringify(theirs.routes)) writeFileSync(process.env.SVCMAP_ORACLE_DUMP, JSON.stringify({ input, theirs: theirs.routes, mine }, null, 1));
      expect(mine, `seed ${seed}, case ${index}: ${JSON.stringify(input)}`).toEqual(theirs.routes);
      for (const node of routes.flatMap((route) => route.nodes)) {
        if (node.local.length > 0) seen.local++;
        if (node.hasAny && node.reachable.length === 0) seen.blackhole++;
        if (node.terminatingFallback) seen.terminating++;
        if (node.topology !== '') seen.zone++;
      }
    }
    // The generator must reach the interesting cases, or the comparison says little.
    expect(Math.min(...Object.values(seen)), JSON.stringify(seen)).toBeGreaterThan(50);
  }, 600_000);
});

