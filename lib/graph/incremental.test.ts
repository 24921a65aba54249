// Property: for any sequence of add/update/delete events over Services, EndpointSlices,
// Pods, NetworkPolicies and Nodes, the incrementally maintained graph equals a rebuild
// from scratch, and the emitted patches carry a client from one graph to the next.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Graph } from './model';
import { buildGraph } from './build';
import { applyPatch } from './diff';
import { IncrementalGraph } from './incremental';
import type { ClusterStore, EndpointSlice, KubeObject, NetworkPolicy, Node, Pod, Service, WatchedKind } from './objects';
import { objectKey } from './objects';
import { emptyStore } from './store';

const namespaces = ['a', 'b'];
const apps = ['web', 'api', 'webb'];
const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '192.0.2.9'];
const nodeNames = ['n1', 'n2'];
let rv = 0;
const meta = (namespace: string, name: string, labels: Record<string, string> = {}) => ({ uid: `${namespace}/${name}/${rv % 2}`, namespace, name, resourceVersion: String(++rv), labels });

const service: fc.Arbitrary<Service> = fc
  .record({ namespace: fc.constantFrom(...namespaces), name: fc.constantFrom('s1', 's2', 's3'), app: fc.option(fc.constantFrom(...apps), { nil: undefined }), type: fc.constantFrom('ClusterIP', 'LoadBalancer', 'ExternalName'), local: fc.boolean(), target: fc.constantFrom<number | string>(8080, 'http', 'grpc') })
  .map(({ namespace, name, app, type, local, target }) => ({
    kind: 'Service', ...meta(namespace, name), type: type as Service['type'], clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'],
    externalName: type === 'ExternalName' ? 'db.example.com' : undefined, selector: app ? { app } : null,
    ports: [{ protocol: 'TCP', port: 80, targetPort: target }], publishNotReadyAddresses: false,
    externalTrafficPolicy: local ? 'Local' : 'Cluster', ipFamilies: ['IPv4'], loadBalancerIngress: [], loadBalancerVIPs: [], externalIPs: [],
  }));

const pod: fc.Arbitrary<Pod> = fc
  .record({ namespace: fc.constantFrom(...namespaces), name: fc.constantFrom('p1', 'p2', 'p3', 'p4'), app: fc.constantFrom(...apps), ip: fc.option(fc.constantFrom(...ips), { nil: undefined }), ready: fc.boolean(), terminating: fc.boolean(), node: fc.constantFrom(...nodeNames) })
  .map(({ namespace, name, app, ip, ready, terminating, node }) => ({
    kind: 'Pod', ...meta(namespace, name, { app }), nodeName: node, phase: ip ? 'Running' : 'Pending', podIPs: ip ? [ip] : [],
    deletionTimestamp: terminating ? '2026-11-30T00:00:00Z' : undefined,
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
    containerStatuses: [{ name: 'c', ready, restartCount: 0, state: 'running' }],
  }));

const endpointSlice: fc.Arbitrary<EndpointSlice> = fc
  .record({
    namespace: fc.constantFrom(...namespaces), name: fc.constantFrom('e1', 'e2', 'e3'), service: fc.option(fc.constantFrom('s1', 's2', 's3'), { nil: undefined }),
    endpoints: fc.array(fc.record({ ip: fc.constantFrom(...ips), ref: fc.option(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { nil: undefined }), ready: fc.boolean(), terminating: fc.boolean(), node: fc.constantFrom(...nodeNames) }), { maxLength: 3 }),
  })
  .map(({ namespace, name, service: serviceName, endpoints }) => ({
    kind: 'EndpointSlice', ...meta(namespace, name, serviceName ? { 'kubernetes.io/service-name': serviceName } : {}), serviceName, addressType: 'IPv4',
    ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    endpoints: endpoints.map((endpoint) => ({
      addresses: [endpoint.ip], ready: endpoint.ready, serving: endpoint.ready, terminating: endpoint.terminating, nodeName: endpoint.node, hintsForZones: [],
      targetRef: endpoint.ref ? { kind: 'Pod', namespace, name: endpoint.ref } : undefined,
    })),
  }));

const networkPolicy: fc.Arbitrary<NetworkPolicy> = fc
  .record({ namespace: fc.constantFrom(...namespaces), name: fc.constantFrom('np1', 'np2'), app: fc.constantFrom(...apps), ingress: fc.boolean() })
  .map(({ namespace, name, app, ingress }) => ({ kind: 'NetworkPolicy', ...meta(namespace, name), podSelector: { matchLabels: { app }, matchExpressions: [] }, policyTypes: ingress ? ['Ingress'] : ['Egress'], ingressRules: 0, ingress: [], egress: [] }));

const node: fc.Arbitrary<Node> = fc
  .record({ name: fc.constantFrom(...nodeNames), ready: fc.boolean() })
  .map(({ name, ready }) => ({ kind: 'Node', ...meta('', name), ready, unschedulable: false, zone: `zone-${name}` }));

type Event = { kind: WatchedKind; type: 'upsert'; object: KubeObject } | { kind: WatchedKind; type: 'delete'; object: KubeObject };
const upsert = <T extends KubeObject>(kind: WatchedKind, arbitrary: fc.Arbitrary<T>) => arbitrary.map((object): Event => ({ kind, type: 'upsert', object }));
const remove = <T extends KubeObject>(kind: WatchedKind, arbitrary: fc.Arbitrary<T>) => arbitrary.map((object): Event => ({ kind, type: 'delete', object }));
const eventArbitrary = fc.oneof(
  { arbitrary: upsert('services', service), weight: 3 },
  { arbitrary: upsert('pods', pod), weight: 5 },
  { arbitrary: upsert('endpointslices', endpointSlice), weight: 4 },
  { arbitrary: upsert('networkpolicies', networkPolicy), weight: 1 },
  { arbitrary: upsert('nodes', node), weight: 1 },
  { arbitrary: remove('services', service), weight: 1 },
  { arbitrary: remove('pods', pod), weight: 2 },
  { arbitrary: remove('endpointslices', endpointSlice), weight: 2 },
  { arbitrary: remove('networkpolicies', networkPolicy), weight: 1 },
);

describe('IncrementalGraph', () => {
  it('equals a rebuild after every event, and its patches turn the previous graph into the next', () => {
    fc.assert(
      fc.property(fc.array(fc.array(eventArbitrary, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 }), (batches) => {
        const store = emptyStore() as unknown as { [K in WatchedKind]: Map<string, KubeObject> };
        const incremental = new IncrementalGraph(store as unknown as ClusterStore);
        let client: Graph = { nodes: [], edges: [] };
        for (const batch of batches) {
          const changes = batch.map((event) => {
            const key = objectKey(event.object);
            const before = store[event.kind].get(key);
            if (event.type === 'delete') store[event.kind].delete(key);
            else store[event.kind].set(key, event.object);
            return { kind: event.kind, before, after: event.type === 'delete' ? undefined : event.object };
          });
          const patch = incremental.apply(changes);
          const rebuilt = buildGraph(store as unknown as ClusterStore);
          expect(incremental.graph()).toEqual(rebuilt);
          client = applyPatch(client, patch);
          expect(client).toEqual(rebuilt);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('recomputes only the touched Service: a pod change leaves other Services\' nodes alone', () => {
    const store = emptyStore() as unknown as { [K in WatchedKind]: Map<string, KubeObject> };
    const [web, api] = fc.sample(service, 2).map((generated, index) => ({ ...generated, namespace: 'a', name: `s${index}`, type: 'ClusterIP' as const, selector: { app: index === 0 ? 'web' : 'api' } }));
    store.services.set('a/s0', web!);
    store.services.set('a/s1', api!);
    const incremental = new IncrementalGraph(store as unknown as ClusterStore);
    const newPod = { ...fc.sample(pod, 1)[0]!, namespace: 'a', name: 'p9', labels: { app: 'web' } };
    store.pods.set('a/p9', newPod);
    const patch = incremental.apply([{ kind: 'pods', after: newPod }]);
    expect(patch.upsertNodes.map((n) => n.id)).toEqual(['Pod/a/p9']);
    expect((patch.updateNodes ?? []).map((update) => update.id)).toEqual(['Service/a/s0']);
  });

  it('rebuilds a changed slice and its Service\'s card, not the Service\'s other slices', () => {
    const store = emptyStore() as unknown as { [K in WatchedKind]: Map<string, KubeObject> };
    const web = { ...fc.sample(service, 1)[0]!, namespace: 'a', name: 's1', type: 'ClusterIP' as const, selector: { app: 'web' } };
    store.services.set('a/s1', web);
    const [first, second] = fc.sample(endpointSlice, 2).map((generated, index) => ({ ...generated, namespace: 'a', name: `e${index + 1}`, serviceName: 's1' }));
    store.endpointslices.set('a/e1', first!);
    store.endpointslices.set('a/e2', second!);
    const incremental = new IncrementalGraph(store as unknown as ClusterStore);
    const changed = { ...first!, resourceVersion: String(++rv), endpoints: [] };
    store.endpointslices.set('a/e1', changed);
    incremental.apply([{ kind: 'endpointslices', before: first, after: changed }]);
    expect(incremental.lastRebuilt.sort()).toEqual(['EndpointSlice/a/e1', 'Service/a/s1']);
    expect(incremental.graph()).toEqual(buildGraph(store as unknown as ClusterStore));
  });
});
