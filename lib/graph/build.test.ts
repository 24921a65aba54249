import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from './build';
import { filterGraph } from './diff';

describe('buildGraph', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));
  const node = (id: string) => graph.nodes.find((candidate) => candidate.id === id);
  const edge = (id: string) => graph.edges.find((candidate) => candidate.id === id);

  it('joins a Service to its EndpointSlice by the kubernetes.io/service-name label', () => {
    expect(edge('Service/shop/frontend>EndpointSlice/shop/frontend-x7k2p')).toMatchObject({ source: 'Service/shop/frontend', target: 'EndpointSlice/shop/frontend-x7k2p' });
  });

  it('joins endpoints to Pods by targetRef and carries their conditions unchanged', () => {
    expect(edge('EndpointSlice/shop/frontend-x7k2p>Pod/shop/frontend-6d9f7c-abcde')).toMatchObject({ conditions: { ready: true, serving: true, terminating: false }, matchedBy: 'targetRef' });
    expect(edge('EndpointSlice/shop/frontend-x7k2p>Pod/shop/frontend-6d9f7c-fghij')).toMatchObject({ conditions: { ready: false, serving: false, terminating: false } });
    expect(edge('EndpointSlice/shop/frontend-x7k2p>Pod/shop/frontend-6d9f7c-klmno')).toMatchObject({ conditions: { ready: false, serving: true, terminating: true } });
  });

  it('counts ready endpoints per Service and per slice', () => {
    expect(node('Service/shop/frontend')).toMatchObject({ endpoints: { ready: 1, total: 3 }, ports: ['80→http/TCP', '9090→9090/TCP'] });
    expect(node('EndpointSlice/shop/frontend-x7k2p')).toMatchObject({ endpoints: { ready: 1, total: 3 }, ports: ['http:8080/TCP', 'metrics:9090/TCP'] });
  });

  it('describes each Pod by IP, node, readiness and termination', () => {
    expect(node('Pod/shop/frontend-6d9f7c-abcde')).toMatchObject({ ip: '10.244.0.5', nodeName: 'kwok-node-a1', ready: true, terminating: false, restarts: 0 });
    expect(node('Pod/shop/frontend-6d9f7c-fghij')).toMatchObject({ ready: false, terminating: false, restarts: 1 });
    expect(node('Pod/shop/frontend-6d9f7c-klmno')).toMatchObject({ terminating: true });
  });

  it('draws the addresses of hand-written Endpoints as address nodes, not pods', () => {
    expect(node('EndpointSlice/data/legacy-db-m4q9z')).toMatchObject({ managedBy: 'endpointslicemirroring-controller.k8s.io' });
    expect(node('Address/data/192.0.2.10')).toMatchObject({ kind: 'Address', address: '192.0.2.10' });
    expect(edge('EndpointSlice/data/legacy-db-m4q9z>Address/data/192.0.2.11')).toMatchObject({ conditions: { ready: true, serving: true, terminating: false } });
  });

  it('falls back to the pod IP when an endpoint has no targetRef, and says so', () => {
    const store = loadFixture('frontend.yaml');
    const slice = store.endpointslices.get('shop/frontend-x7k2p')!;
    const withoutRef = { ...slice, endpoints: slice.endpoints.map((endpoint) => ({ ...endpoint, targetRef: undefined })) };
    const rebuilt = buildGraph({ ...store, endpointslices: new Map([['shop/frontend-x7k2p', withoutRef]]) });
    expect(rebuilt.edges.find((e) => e.target === 'Pod/shop/frontend-6d9f7c-abcde')).toMatchObject({ matchedBy: 'ip' });
  });

  it('does not join an endpoint to a newer pod that reuses the name (uid differs)', () => {
    const store = loadFixture('frontend.yaml');
    const pod = store.pods.get('shop/frontend-6d9f7c-abcde')!;
    const pods = new Map(store.pods).set('shop/frontend-6d9f7c-abcde', { ...pod, uid: 'another-uid' });
    const rebuilt = buildGraph({ ...store, pods });
    expect(rebuilt.edges.some((e) => e.id === 'EndpointSlice/shop/frontend-x7k2p>Pod/shop/frontend-6d9f7c-abcde')).toBe(false);
    expect(rebuilt.edges.find((e) => e.target === 'Address/shop/10.244.0.5')?.reason).toMatch(/targetRef names pod frontend-6d9f7c-abcde, which does not exist/);
    // The new pod is still selected by the Service: drawn with why it is not (yet) an endpoint.
    expect(rebuilt.edges.find((e) => e.id === 'Service/shop/frontend>Pod/shop/frontend-6d9f7c-abcde')).toMatchObject({ relation: 'selected', reason: 'not in an EndpointSlice yet' });
  });

  it('filters by namespace', () => {
    const data = filterGraph(graph, new Set(['data']));
    expect(data.nodes.map((n) => n.namespace)).toEqual(expect.arrayContaining(['data']));
    expect(data.nodes.every((n) => n.namespace === 'data')).toBe(true);
    expect(data.edges.every((e) => e.namespace === 'data')).toBe(true);
    expect(data.nodes).toHaveLength(4);
  });

  it('is deterministic: nodes and edges sorted by id', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([...graph.nodes.map((n) => n.id)].sort());
    expect(buildGraph(loadFixture('legacy-db.yaml', 'frontend.yaml'))).toEqual(graph);
  });
});
