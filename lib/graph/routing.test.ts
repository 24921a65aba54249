// The routing diagnostics on the frontend fixture (a ready endpoint on kwok-node-a1, a
// not-ready one on a2, a serving-and-terminating one on b1) under the shapes that change
// kube-proxy's choice; the model itself is checked against kube-proxy in test/oracle/routing.test.ts.
import { describe, expect, it } from 'vitest';
import type { ServiceNode } from './model';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from './build';
import type { Endpoint, EndpointSlice, Node, Service } from './objects';
import { categorize, serviceRoutes } from './routing';

const node = (name: string, zone?: string): Node => ({ kind: 'Node', uid: name, namespace: '', name, resourceVersion: '1', labels: {}, ready: true, unschedulable: false, zone });
const nodes = [node('kwok-node-a1', 'zone-a'), node('kwok-node-a2', 'zone-a'), node('kwok-node-b1', 'zone-b'), node('kwok-node-c1', 'zone-c')];

function store(change: { service?: (service: Service) => Service; endpoints?: (endpoint: Endpoint) => Endpoint; slice?: (slice: EndpointSlice) => EndpointSlice; nodes?: Node[] } = {}) {
  const fixture = loadFixture('frontend.yaml');
  const services = new Map(fixture.services);
  const slices = new Map(fixture.endpointslices);
  services.set('shop/frontend', (change.service ?? ((service) => service))(services.get('shop/frontend')!));
  const slice = slices.get('shop/frontend-x7k2p')!;
  slices.set('shop/frontend-x7k2p', (change.slice ?? ((value) => value))({ ...slice, endpoints: slice.endpoints.map(change.endpoints ?? ((endpoint) => endpoint)) }));
  return { ...fixture, services, endpointslices: slices, nodes: new Map((change.nodes ?? nodes).map((entry) => [`/${entry.name}`, entry])) };
}
function frontend(change: Parameters<typeof store>[0] = {}): ServiceNode {
  const found = buildGraph(store(change)).nodes.find((candidate) => candidate.id === 'Service/shop/frontend');
  if (found?.kind !== 'Service') throw new Error('no Service');
  return found;
}
const messages = (service: ServiceNode, code: string) => service.diagnostics.filter((diagnostic) => diagnostic.code === code).map((diagnostic) => diagnostic.message);

describe('routing per node', () => {
  it('cluster traffic goes to the one ready endpoint from every node: the card needs no routing line', () => {
    const service = frontend();
    expect(service.routing).toBeUndefined();
    expect(service.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('InternalTrafficPolicyLocalBlackhole');
  });

  it('InternalTrafficPolicyLocalBlackhole: nodes without an endpoint of their own drop their clients\' traffic', () => {
    const service = frontend({ service: (value) => ({ ...value, internalTrafficPolicy: 'Local' }) });
    expect(messages(service, 'InternalTrafficPolicyLocalBlackhole')).toEqual([
      'internalTrafficPolicy is Local and 2 of 4 nodes have no endpoint: kwok-node-a2, kwok-node-c1. Clients on them get no backend: their traffic to the Service is dropped.',
    ]);
    expect(service.routing).toMatchObject({ reaching: 2, blackholes: ['kwok-node-a2', 'kwok-node-c1'] });
  });

  it('TopologyHintsIgnored and NoEndpointHintedForZone: the reasons kube-proxy logs', () => {
    const someHinted = frontend({ endpoints: (endpoint) => (endpoint.addresses[0] === '10.244.0.6' ? { ...endpoint, ready: true, hintsForZones: [] } : { ...endpoint, hintsForZones: ['zone-a'] }) });
    expect(messages(someHinted, 'TopologyHintsIgnored')).toEqual(['Topology hints are ignored on 4 of 4 nodes (kwok-node-a1, kwok-node-a2, kwok-node-b1, kwok-node-c1: some ready endpoints have no hint): traffic from there goes to every zone.']);
    const allHinted = frontend({ endpoints: (endpoint) => ({ ...endpoint, hintsForZones: ['zone-a'] }), nodes: [...nodes.slice(0, 3), node('kwok-node-x1')] });
    expect(messages(allHinted, 'NoEndpointHintedForZone')).toEqual(['No endpoint is hinted for zone zone-b (kwok-node-b1): kube-proxy there ignores the hints and sends traffic to every zone.']);
    expect(messages(allHinted, 'TopologyHintsIgnored')).toEqual(['Topology hints are ignored on 1 of 4 nodes (kwok-node-x1: the node has no topology.kubernetes.io/zone label): traffic from there goes to every zone.']);
  });

  it('TrafficOnTerminatingEndpoints: no endpoint ready, the serving-and-terminating ones take the traffic', () => {
    const service = frontend({ endpoints: (endpoint) => ({ ...endpoint, ready: false }) });
    expect(messages(service, 'TrafficOnTerminatingEndpoints')).toEqual(['No endpoint is ready: traffic goes to 1 serving-but-terminating endpoint (10.244.0.7) until it is gone.']);
  });

  it('EndpointsWithoutPort: a slice without the port carries none of its traffic; the card counts what is routable', () => {
    const service = frontend({ slice: (slice) => ({ ...slice, ports: slice.ports.filter((port) => port.name !== 'http') }) });
    expect(messages(service, 'EndpointsWithoutPort')).toEqual(['1 ready endpoint gets no traffic for port 80 (http): their EndpointSlice frontend-x7k2p lists no port 80 (http).']);
    expect(service.routing?.routable).toBe(0);
  });

  it('FamiliesDiffer: IPv4 and IPv6 reach different numbers of backends', () => {
    const fixture = store({ service: (value) => ({ ...value, ipFamilies: ['IPv4', 'IPv6'], clusterIPs: ['10.96.12.34', 'fd00::34'] }) });
    const v4 = fixture.endpointslices.get('shop/frontend-x7k2p')!;
    fixture.endpointslices.set('shop/frontend-v6', { ...v4, name: 'frontend-v6', uid: 'v6', addressType: 'IPv6', endpoints: [] });
    const found = buildGraph(fixture).nodes.find((candidate) => candidate.id === 'Service/shop/frontend') as ServiceNode;
    expect(messages(found, 'FamiliesDiffer')).toEqual(['Port 80 (http) reaches 1 ready endpoint over IPv4 but 0 over IPv6: clients see different backends by address family.', 'Port 9090 (metrics) reaches 1 ready endpoint over IPv4 but 0 over IPv6: clients see different backends by address family.']);
  });

  it('headless and ExternalName Services are not proxied; without nodes there is no routing line', () => {
    const fixture = store({ service: (value) => ({ ...value, clusterIP: 'None', clusterIPs: ['None'] }) });
    expect(serviceRoutes(fixture.services.get('shop/frontend')!, [...fixture.endpointslices.values()], nodes)).toEqual([]);
    expect(frontend({ nodes: [] }).routing).toBeUndefined();
    expect(categorize([], { usesClusterEndpoints: true, usesLocalEndpoints: false }, nodes[0]!)).toMatchObject({ cluster: [], hasAny: false });
  });
});

describe('port-less endpoints in the graph', () => {
  it('an endpoint whose slice lists no number for a Service port is marked as carrying no traffic for it', () => {
    const fixture = store({ slice: (slice) => ({ ...slice, ports: slice.ports.filter((port) => port.name !== 'http') }) });
    const edges = buildGraph(fixture).edges.filter((edge) => edge.relation === 'endpoint');
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((edge) => JSON.stringify(edge.noTrafficFor) === '["80"]')).toBe(true);
    expect(buildGraph(store()).edges.some((edge) => edge.noTrafficFor)).toBe(false);
  });
});
