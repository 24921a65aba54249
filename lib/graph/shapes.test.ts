// Service shapes on real YAML fixtures: headless with StatefulSet hostnames, dual-stack
// (one slice per family), hand-written FQDN slices, and a Service spread over many slices.
import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from './build';
import type { EndpointSlice } from './objects';

describe('Service shapes', () => {
  const graph = buildGraph(loadFixture('shapes.yaml'));
  const node = (id: string) => graph.nodes.find((candidate) => candidate.id === id);
  const edgesFrom = (id: string) => graph.edges.filter((edge) => edge.source === id);

  it('headless: marked as such, endpoints carry the StatefulSet pod hostnames', () => {
    expect(node('Service/data/db')).toMatchObject({ headless: true, traits: ['headless'], diagnostics: [] });
    expect(edgesFrom('EndpointSlice/data/db-q8w2e').map((edge) => [edge.target, edge.hostname, edge.ports, edge.nodeName, edge.zone])).toEqual([
      ['Pod/data/db-0', 'db-0', ['5432 → postgres(5432)'], 'kwok-node-a1', 'zone-a'],
      ['Pod/data/db-1', 'db-1', ['5432 → postgres(5432)'], 'kwok-node-b1', 'zone-b'],
    ]);
  });

  it('dual-stack: both families\' slices join the one pod', () => {
    expect(node('Service/web/dual')).toMatchObject({ traits: ['dual-stack: IPv4, IPv6'], endpoints: { ready: 2, total: 2 } });
    expect(edgesFrom('Service/web/dual').map((edge) => edge.target)).toEqual(['EndpointSlice/web/dual-4x9kq', 'EndpointSlice/web/dual-6m2zt']);
    expect(graph.edges.filter((edge) => edge.target === 'Pod/web/dual-7f8d-x1').map((edge) => edge.source)).toEqual(['EndpointSlice/web/dual-4x9kq', 'EndpointSlice/web/dual-6m2zt']);
    expect(node('EndpointSlice/web/dual-6m2zt')).toMatchObject({ addressType: 'IPv6' });
  });

  it('a hand-written FQDN slice of a selector-less Service is drawn as a manual address', () => {
    expect(node('EndpointSlice/web/search-external')).toMatchObject({ addressType: 'FQDN', managedBy: 'platform-team' });
    expect(node('Address/web/search.internal.example.com')).toMatchObject({ kind: 'Address', source: 'endpoint' });
    expect(node('Service/web/search')).toMatchObject({ traits: ['no selector'], diagnostics: [expect.objectContaining({ code: 'ManualEndpointWithoutPod' })] });
  });

  it('carries topology hints of an endpoint', () => {
    const store = loadFixture('shapes.yaml');
    const slice = store.endpointslices.get('data/db-q8w2e')!;
    const hinted = { ...slice, endpoints: slice.endpoints.map((endpoint) => ({ ...endpoint, hintsForZones: [endpoint.zone!] })) };
    const edges = buildGraph({ ...store, endpointslices: new Map([['data/db-q8w2e', hinted]]) }).edges.filter((edge) => edge.relation === 'endpoint');
    expect(edges.map((edge) => edge.hintsForZones)).toEqual([['zone-a'], ['zone-b']]);
  });

  it('joins every slice of a Service with more than 100 endpoints', () => {
    const store = loadFixture('shapes.yaml');
    const template = store.endpointslices.get('data/db-q8w2e')!;
    const slices = new Map(store.endpointslices);
    for (const part of [0, 1]) {
      const slice: EndpointSlice = {
        ...template,
        name: `db-part${part}`,
        uid: `part-${part}`,
        endpoints: Array.from({ length: 100 }, (_, i) => ({ ...template.endpoints[0]!, addresses: [`10.250.${part}.${i}`], hostname: undefined, targetRef: undefined, ready: i % 10 !== 0 })),
      };
      slices.set(`data/db-part${part}`, slice);
    }
    const big = buildGraph({ ...store, endpointslices: slices });
    const service = big.nodes.find((candidate) => candidate.id === 'Service/data/db');
    expect(service).toMatchObject({ endpoints: { ready: 182, total: 202 } });
    expect(big.edges.filter((edge) => edge.source === 'Service/data/db')).toHaveLength(3);
    expect(service?.kind === 'Service' && service.diagnostics.map((d) => d.code)).toEqual(['SomeEndpointsNotReady']);
  });
});
