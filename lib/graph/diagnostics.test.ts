// Every diagnostic, positive and negative, on fixtures as kubectl prints them
// (test/fixtures/*.yaml) and on variations of them made the way the cluster would.
import { describe, expect, it } from 'vitest';
import type { ServiceNode } from './model';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from './build';
import { diagnosePolicies } from './policy-diagnostics';
import { emptyStore, type WritableStore } from './store';
import type { EndpointSlice, Endpoint, Node, NetworkPolicy, Pod, Service } from './objects';

type Store = WritableStore;

function frontend(): Store {
  const store = loadFixture('frontend.yaml');
  return {
    ...emptyStore(),
    services: new Map(store.services),
    endpointslices: new Map(store.endpointslices),
    pods: new Map(store.pods),
    networkpolicies: new Map(store.networkpolicies),
    nodes: new Map(store.nodes),
    namespaces: new Map(store.namespaces),
  };
}

function serviceOf(store: Store, key = 'shop/frontend'): ServiceNode {
  const service = store.services.get(key)!;
  const node = buildGraph(store).nodes.find((candidate) => candidate.id === `Service/${service.namespace}/${service.name}`);
  if (node?.kind !== 'Service') throw new Error('no service node');
  return node;
}
const codes = (node: ServiceNode) => node.diagnostics.map((diagnostic) => diagnostic.code).sort();
const diagnostic = (node: ServiceNode, code: string) => node.diagnostics.find((candidate) => candidate.code === code);

function editService(store: Store, change: (service: Service) => Service, key = 'shop/frontend') {
  store.services.set(key, change(store.services.get(key)!));
}
function editEndpoints(store: Store, change: (endpoint: Endpoint, index: number) => Endpoint) {
  const slice = store.endpointslices.get('shop/frontend-x7k2p')!;
  store.endpointslices.set('shop/frontend-x7k2p', { ...slice, endpoints: slice.endpoints.map(change) });
}
function editPods(store: Store, change: (pod: Pod) => Pod) {
  for (const [key, pod] of store.pods) store.pods.set(key, change(pod));
}
const allReady = (endpoint: Endpoint): Endpoint => ({ ...endpoint, ready: true, serving: true, terminating: false });
function node(name: string, zone: string, ready = true): Node {
  return { kind: 'Node', uid: `node-${name}`, namespace: '', name, resourceVersion: '1', labels: {}, ready, unschedulable: false, zone };
}

describe('diagnostics', () => {
  it('a long list is named by its first five and counted, and only those five are listed as objects (a flip in a big Service sends a small node)', () => {
    const store = frontend();
    const slice = store.endpointslices.get('shop/frontend-x7k2p')!;
    const template = slice.endpoints.find((endpoint) => !endpoint.ready)!;
    const pod = store.pods.get(`shop/${template.targetRef!.name}`)!;
    // 40 more pods of the Deployment, not ready, each an endpoint as the EndpointSlice controller writes it.
    const extra = Array.from({ length: 40 }, (_, index): Endpoint => {
      const name = `frontend-6d9f7c-x${String(index).padStart(2, '0')}`;
      const ip = `10.0.9.${index}`;
      store.pods.set(`shop/${name}`, { ...pod, name, uid: `uid-x${index}`, podIPs: [ip] });
      return { ...template, addresses: [ip], targetRef: { kind: 'Pod', namespace: 'shop', name, uid: `uid-x${index}` } };
    });
    store.endpointslices.set('shop/frontend-x7k2p', { ...slice, endpoints: [...slice.endpoints, ...extra] });
    const found = diagnostic(serviceOf(store), 'SomeEndpointsNotReady')!;
    expect(found.message).toBe(
      '41 of 43 endpoints are not ready: frontend-6d9f7c-fghij (containers not ready: web), frontend-6d9f7c-x00 (containers not ready: web), ' +
        'frontend-6d9f7c-x01 (containers not ready: web), frontend-6d9f7c-x02 (containers not ready: web), frontend-6d9f7c-x03 (containers not ready: web) and 36 more.',
    );
    expect(found.objects).toEqual(['Service/shop/frontend', 'Pod/shop/frontend-6d9f7c-fghij', 'Pod/shop/frontend-6d9f7c-x00', 'Pod/shop/frontend-6d9f7c-x01', 'Pod/shop/frontend-6d9f7c-x02', 'Pod/shop/frontend-6d9f7c-x03']);
  });

  it('SomeEndpointsNotReady: names the not-ready pod and why, and ignores terminating ones', () => {
    const service = serviceOf(frontend());
    expect(codes(service)).toEqual(['SomeEndpointsNotReady']);
    expect(diagnostic(service, 'SomeEndpointsNotReady')).toMatchObject({
      severity: 'warning',
      message: '1 of 3 endpoints is not ready: frontend-6d9f7c-fghij (containers not ready: web).',
      objects: ['Service/shop/frontend', 'Pod/shop/frontend-6d9f7c-fghij'],
      // the pod's probe events and container states say why; the slices only repeat the condition
      command: 'kubectl describe pod frontend-6d9f7c-fghij -n shop',
    });
  });

  it('a healthy Service has no diagnostics', () => {
    const store = frontend();
    editEndpoints(store, allReady);
    editPods(store, (pod) => ({ ...pod, deletionTimestamp: undefined, conditions: pod.conditions.map((c) => ({ ...c, status: 'True' })), containerStatuses: pod.containerStatuses.map((s) => ({ ...s, ready: true })) }));
    expect(codes(serviceOf(store))).toEqual([]);
  });

  it('NoReadyEndpoints: every endpoint not ready, none terminating', () => {
    const store = frontend();
    editEndpoints(store, (endpoint) => ({ ...endpoint, ready: false, serving: false, terminating: false }));
    const service = serviceOf(store);
    expect(codes(service)).toEqual(['NoReadyEndpoints']);
    expect(diagnostic(service, 'NoReadyEndpoints')!.message).toMatch(/^None of 3 endpoints is ready: frontend-6d9f7c-abcde \(.*\), frontend-6d9f7c-fghij \(containers not ready: web\)/);
  });

  it('AllEndpointsTerminating: a scale-down with nothing left', () => {
    const store = frontend();
    editEndpoints(store, (endpoint) => ({ ...endpoint, ready: false, serving: true, terminating: true }));
    expect(codes(serviceOf(store))).toEqual(['AllEndpointsTerminating']);
    expect(diagnostic(serviceOf(store), 'AllEndpointsTerminating')!.message).toBe('All 3 endpoints are terminating: frontend-6d9f7c-abcde, frontend-6d9f7c-fghij, frontend-6d9f7c-klmno.');
  });

  it('SelectorMatchesNothing: names the nearest miss and the label that differs', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, selector: { app: 'frontnd' } }));
    store.endpointslices.clear();
    const service = serviceOf(store);
    expect(codes(service)).toEqual(['SelectorMatchesNothing']);
    expect(diagnostic(service, 'SelectorMatchesNothing')).toMatchObject({
      severity: 'error',
      message: 'The selector app=frontnd matches no pod. Nearest: 3 pods (frontend-6d9f7c-abcde, frontend-6d9f7c-fghij, frontend-6d9f7c-klmno) have app=frontend.',
      command: 'kubectl get pods -n shop -l app=frontnd',
    });
  });

  it('SelectorMatchesNothing with a two-label selector names the pods that match all but one', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, selector: { app: 'frontend', tier: 'web' } }));
    store.endpointslices.clear();
    expect(diagnostic(serviceOf(store), 'SelectorMatchesNothing')!.message).toMatch(/Nearest: 3 pods \(.*\) have no tier label\.$/);
  });

  it('SelectorMatchesNothing ignores pods whose value is unrelated (app=cart is no near miss for app=frontend)', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, selector: { app: 'checkout' } }));
    store.endpointslices.clear();
    expect(diagnostic(serviceOf(store), 'SelectorMatchesNothing')!.message).toBe('The selector app=checkout matches no pod. No pod in the namespace is one label away from it.');
  });

  it('SelectorMatchesNothing says so when no pod is even close', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, selector: { component: 'api' } }));
    store.endpointslices.clear();
    expect(diagnostic(serviceOf(store), 'SelectorMatchesNothing')!.message).toBe('The selector component=api matches no pod. No pod in the namespace is one label away from it.');
  });

  it('NoEndpoints: pods match but none is an endpoint, with each reason', () => {
    const store = frontend();
    store.endpointslices.clear();
    editPods(store, (pod) =>
      pod.name.endsWith('abcde')
        ? { ...pod, nodeName: undefined, podIPs: [], phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] }
        : pod.name.endsWith('fghij') ? { ...pod, podIPs: [], phase: 'Pending' } : pod,
    );
    const service = serviceOf(store);
    expect(codes(service)).toEqual(['NoEndpoints']);
    expect(diagnostic(service, 'NoEndpoints')!.message).toBe(
      'No endpoints: the selector matches 3 pods, but none is an endpoint (frontend-6d9f7c-abcde: unschedulable: 0/3 nodes are available: 3 Insufficient cpu., frontend-6d9f7c-fghij: no pod IP yet (phase Pending), frontend-6d9f7c-klmno: terminating).',
    );
    // and the graph shows those pods, linked to the Service by its selector, with the reason
    const graph = buildGraph(store);
    expect(graph.edges.find((edge) => edge.id === 'Service/shop/frontend>Pod/shop/frontend-6d9f7c-abcde')).toMatchObject({ relation: 'selected', reason: expect.stringMatching(/^unschedulable/) });
  });

  it('NoEndpoints for a selector-less Service nobody wrote endpoints for', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, selector: null }));
    store.endpointslices.clear();
    expect(codes(serviceOf(store))).toEqual(['NoEndpoints']);
    expect(diagnostic(serviceOf(store), 'NoEndpoints')!.message).toMatch(/no selector and no Endpoints/);
  });

  it('NamedTargetPortMissing: a named targetPort the pods do not declare', () => {
    const store = frontend();
    editEndpoints(store, allReady);
    editService(store, (service) => ({ ...service, ports: [{ ...service.ports[0]!, targetPort: 'web' }] }));
    const service = serviceOf(store);
    expect(codes(service)).toContain('NamedTargetPortMissing');
    expect(diagnostic(service, 'NamedTargetPortMissing')!.message).toBe('Port 80 targets the named port "web", which 3 pods do not declare: frontend-6d9f7c-abcde, frontend-6d9f7c-fghij, frontend-6d9f7c-klmno.');
    expect(buildGraph(store).edges.find((edge) => edge.target === 'Pod/shop/frontend-6d9f7c-abcde')?.ports).toEqual(['80 → web(?)']);
  });

  it('resolves named targetPorts per pod on the edges: 80 → http(8080)', () => {
    const edge = buildGraph(frontend()).edges.find((candidate) => candidate.target === 'Pod/shop/frontend-6d9f7c-abcde' && candidate.relation === 'endpoint');
    expect(edge?.ports).toEqual(['80 → http(8080)', '9090 → 9090']);
  });

  it('TargetPortNotExposed: a numeric targetPort no container declares (info)', () => {
    const store = frontend();
    editEndpoints(store, allReady);
    editService(store, (service) => ({ ...service, ports: [{ ...service.ports[1]!, targetPort: 9091 }] }));
    const found = diagnostic(serviceOf(store), 'TargetPortNotExposed');
    expect(found).toMatchObject({ severity: 'info' });
    expect(found!.message).toMatch(/^Port 9090 targets 9091, which 3 pods do not list in containerPorts/);
  });

  it('ManualEndpointWithoutPod: hand-written addresses outside the cluster\'s pods', () => {
    const service = serviceOf(loadFixture('legacy-db.yaml') as Store, 'data/legacy-db');
    expect(codes(service)).toEqual(['ManualEndpointWithoutPod']);
    expect(diagnostic(service, 'ManualEndpointWithoutPod')!.message).toBe("Hand-written endpoints point outside the cluster's pods: 192.0.2.10, 192.0.2.11. svcmap cannot check what answers there.");
    expect(diagnostic(service, 'ManualEndpointWithoutPod')!.objects).toEqual(['Service/data/legacy-db', 'Address/data/192.0.2.10', 'Address/data/192.0.2.11']);
  });

  it('ManualEndpointWithoutPod: a hand-written endpoint naming a pod that is gone is what it names, and lists', () => {
    const store = loadFixture('legacy-db.yaml') as Store;
    const slice = store.endpointslices.get('data/legacy-db-m4q9z')!;
    const [outside, gone] = slice.endpoints;
    store.endpointslices.set('data/legacy-db-m4q9z', { ...slice, endpoints: [outside!, { ...gone!, targetRef: { kind: 'Pod', namespace: 'data', name: 'legacy-db-0', uid: 'gone' } }] });
    const found = diagnostic(serviceOf(store, 'data/legacy-db'), 'ManualEndpointWithoutPod')!;
    expect(found.message).toBe('Hand-written endpoints point at pods that are gone: 192.0.2.11 (legacy-db-0).');
    expect(found.objects).toEqual(['Service/data/legacy-db', 'Address/data/192.0.2.11']);
  });

  it('no ManualEndpointWithoutPod when the hand-written address is a pod', () => {
    const store = frontend();
    const legacy = loadFixture('legacy-db.yaml');
    const slice = legacy.endpointslices.get('data/legacy-db-m4q9z')!;
    const podIp = store.pods.get('shop/frontend-6d9f7c-abcde')!.podIPs[0]!;
    store.services.set('data/legacy-db', legacy.services.get('data/legacy-db')!);
    store.endpointslices.set('data/legacy-db-m4q9z', { ...slice, endpoints: [{ ...slice.endpoints[0]!, addresses: [podIp] }] });
    expect(codes(serviceOf(store, 'data/legacy-db'))).toEqual([]);
  });

  it('EndpointsOverCapacity: over 1000 endpoints', () => {
    const store = frontend();
    const slice = store.endpointslices.get('shop/frontend-x7k2p')!;
    const many: EndpointSlice = { ...slice, endpoints: Array.from({ length: 1001 }, (_, i) => ({ ...slice.endpoints[0]!, addresses: [`10.245.${Math.floor(i / 250)}.${i % 250}`], targetRef: undefined })) };
    store.endpointslices.set('shop/frontend-x7k2p', many);
    expect(diagnostic(serviceOf(store), 'EndpointsOverCapacity')!.message).toBe('1001 endpoints: the v1 Endpoints object holds only 1000 of them; read EndpointSlices instead.');
    expect(codes(serviceOf(frontend()))).not.toContain('EndpointsOverCapacity');
  });

  it('ExternalTrafficPolicyLocalWithoutLocalEndpoints: names the nodes with no ready local endpoint', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    for (const item of [node('kwok-node-a1', 'zone-a'), node('kwok-node-a2', 'zone-a'), node('kwok-node-b1', 'zone-b'), node('kwok-node-b2', 'zone-b', false)]) store.nodes.set(`/${item.name}`, item);
    expect(diagnostic(serviceOf(store), 'ExternalTrafficPolicyLocalWithoutLocalEndpoints')!.message).toBe(
      'externalTrafficPolicy is Local and 2 of 3 nodes have no ready endpoint: kwok-node-a2, kwok-node-b1. External traffic sent there is dropped.',
    );
    // Cluster policy, or no node information: nothing to say.
    editService(store, (service) => ({ ...service, externalTrafficPolicy: 'Cluster' }));
    expect(codes(serviceOf(store))).not.toContain('ExternalTrafficPolicyLocalWithoutLocalEndpoints');
  });

  it('PodsIsolatedByNetworkPolicy: backends selected by an ingress policy (info), not by an egress-only one', () => {
    const store = frontend();
    const policy = (name: string, policyTypes: string[]): NetworkPolicy => ({ kind: 'NetworkPolicy', uid: name, namespace: 'shop', name, resourceVersion: '1', labels: {}, podSelector: { matchLabels: { app: 'frontend' }, matchExpressions: [] }, policyTypes, ingressRules: 1, ingress: [{ peers: [], ports: [] }], egress: [] });
    store.networkpolicies.set('shop/egress-only', policy('egress-only', ['Egress']));
    expect(codes(serviceOf(store))).not.toContain('PodsIsolatedByNetworkPolicy');
    store.networkpolicies.set('shop/web-ingress', policy('web-ingress', ['Ingress']));
    expect(diagnostic(serviceOf(store), 'PodsIsolatedByNetworkPolicy')).toMatchObject({
      severity: 'info',
      message: '3 backend pods are isolated for ingress by NetworkPolicy web-ingress: only the sources it allows can connect.',
      command: 'kubectl get networkpolicy web-ingress -n shop -o yaml',
    });
    const pod = buildGraph(store).nodes.find((candidate) => candidate.id === 'Pod/shop/frontend-6d9f7c-abcde');
    expect(pod).toMatchObject({ policies: ['egress-only', 'web-ingress'], isolated: true });
  });

  const netpol = (name: string, spec: Partial<NetworkPolicy>): NetworkPolicy => ({ kind: 'NetworkPolicy', uid: name, namespace: 'shop', name, resourceVersion: '1', labels: {}, podSelector: { matchLabels: { app: 'frontend' }, matchExpressions: [] }, policyTypes: ['Ingress'], ingressRules: spec.ingress?.length ?? 0, ingress: [], egress: [], ...spec });

  it('NothingCanReachPort: every backend isolated and no rule admits a pod on the port (ipBlocks and other ports do not count)', () => {
    const store = frontend();
    store.networkpolicies.set('shop/default-deny', netpol('default-deny', {}));
    expect(diagnostic(serviceOf(store), 'NothingCanReachPort')).toMatchObject({
      severity: 'warning',
      message: 'Nothing in the cluster can reach port 80: every backend is isolated (NetworkPolicy default-deny) and no rule admits a pod on TCP 8080 (http).',
      command: 'kubectl get networkpolicy default-deny -n shop -o yaml',
    });
    store.networkpolicies.set('shop/from-office', netpol('from-office', { ingress: [{ peers: [{ ipBlock: { cidr: '203.0.113.0/24', except: [] } }], ports: [] }, { peers: [], ports: [{ protocol: 'TCP', port: 9090 }] }] }));
    expect(codes(serviceOf(store))).toContain('NothingCanReachPort');
    store.networkpolicies.set('shop/from-web', netpol('from-web', { ingress: [{ peers: [{ namespaceSelector: { matchLabels: {}, matchExpressions: [] } }], ports: [{ protocol: 'TCP', port: 'http' }] }] }));
    expect(codes(serviceOf(store))).not.toContain('NothingCanReachPort');
  });

  it('PolicyPortNotDeclared: a rule names a port no backend declares', () => {
    const store = frontend();
    store.networkpolicies.set('shop/typo', netpol('typo', { ingress: [{ peers: [], ports: [{ protocol: 'TCP', port: 'htp' }, { protocol: 'TCP', port: 'http' }] }] }));
    const service = serviceOf(store);
    expect(service.diagnostics.filter((found) => found.code === 'PolicyPortNotDeclared').map((found) => found.message)).toEqual([
      'NetworkPolicy typo ingress rule 1 names port "htp", which no pod it selects declares: that entry admits nothing.',
    ]);
    // Its "http" entry admits every pod on port 80's target.
    expect(service.diagnostics.filter((found) => found.code === 'NothingCanReachPort').map((found) => found.message)).not.toContainEqual(expect.stringContaining('port 80:'));
  });

  it('diagnosePolicies: a policy that selects no pod; an egress rule naming a port no reachable pod declares', () => {
    const store = frontend();
    store.networkpolicies.set('shop/old', netpol('old', { podSelector: { matchLabels: { app: 'api-v1' }, matchExpressions: [] } }));
    store.networkpolicies.set('shop/out', netpol('out', { policyTypes: ['Egress'], egress: [{ peers: [{ podSelector: { matchLabels: { app: 'frontend' }, matchExpressions: [] } }], ports: [{ protocol: 'TCP', port: 'metrics' }, { protocol: 'TCP', port: 'grpc' }] }] }));
    expect(diagnosePolicies(store).map((found) => [found.code, found.message])).toEqual([
      ['PolicySelectsNoPod', 'NetworkPolicy shop/old selects no pod (podSelector app=api-v1): it has no effect.'],
      ['PolicyPortNotDeclared', 'NetworkPolicy shop/out egress rule 1 names port "grpc", which no pod that rule reaches declares: that entry admits nothing.'],
    ]);
  });

  it('an ExternalName Service points at its DNS name and has no diagnostics', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, type: 'ExternalName', externalName: 'api.example.com', selector: null, clusterIP: undefined }));
    store.endpointslices.clear();
    const graph = buildGraph(store);
    expect(codes(serviceOf(store))).toEqual([]);
    expect(graph.nodes.find((candidate) => candidate.id === 'Address/shop/api.example.com')).toMatchObject({ source: 'externalName' });
    expect(graph.edges.find((edge) => edge.id === 'Service/shop/frontend>Address/shop/api.example.com')).toMatchObject({ relation: 'externalName' });
  });

  it('shows non-default routing settings as traits', () => {
    const store = frontend();
    editService(store, (service) => ({ ...service, type: 'LoadBalancer', clusterIP: 'None', publishNotReadyAddresses: true, externalTrafficPolicy: 'Local', sessionAffinity: 'ClientIP', trafficDistribution: 'PreferClose', ipFamilies: ['IPv4', 'IPv6'] }));
    expect(serviceOf(store).traits).toEqual(['headless', 'publishNotReadyAddresses', 'externalTrafficPolicy: Local', 'sessionAffinity: ClientIP', 'trafficDistribution: PreferClose', 'dual-stack: IPv4, IPv6', 'load balancer: pending']);
  });

  it('names a NotReady node as the reason a pod is not ready', () => {
    const store = frontend();
    store.nodes.set('/kwok-node-a2', node('kwok-node-a2', 'zone-a', false));
    expect(diagnostic(serviceOf(store), 'SomeEndpointsNotReady')!.message).toBe('1 of 3 endpoints is not ready: frontend-6d9f7c-fghij (node kwok-node-a2 is NotReady).');
  });
});
