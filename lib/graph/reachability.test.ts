// Reachability from a source to every endpoint, and the reuse of one world's work by the
// next: a changed pod or namespace must be evaluated afresh, never answered from the cache.
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, NetworkPolicy, Pod, Service } from './objects';
import { emptyStore, type WritableStore } from './store';
import { reachability } from './reachability';
import { parseSource } from './reachability-source';
import { ReachabilityWorld } from './reachability-world';

const meta = (namespace: string, name: string, labels: Record<string, string> = {}) => ({ uid: `${namespace}/${name}`, namespace, name, resourceVersion: '1', labels });
const pod = (namespace: string, name: string, labels: Record<string, string>, ip: string): Pod => ({
  kind: 'Pod', ...meta(namespace, name, labels), nodeName: 'n1', phase: 'Running', podIPs: [ip], conditions: [{ type: 'Ready', status: 'True' }],
  containers: [{ name: 'app', ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }] }], containerStatuses: [],
});
const service: Service = {
  kind: 'Service', ...meta('data', 'db'), type: 'ClusterIP', clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], selector: { app: 'db' },
  ports: [{ name: 'postgres', protocol: 'TCP', port: 5432, targetPort: 'postgres' }], publishNotReadyAddresses: false, ipFamilies: ['IPv4'], loadBalancerIngress: [], loadBalancerVIPs: [], externalIPs: [],
};
const slice: EndpointSlice = {
  kind: 'EndpointSlice', ...meta('data', 'db-x'), serviceName: 'db', addressType: 'IPv4', ports: [{ name: 'postgres', protocol: 'TCP', port: 5432 }],
  endpoints: [{ addresses: ['10.0.0.2'], ready: true, serving: true, terminating: false, hintsForZones: [], targetRef: { kind: 'Pod', namespace: 'data', name: 'db-0' } }],
};
const fromShop: NetworkPolicy = {
  kind: 'NetworkPolicy', ...meta('data', 'from-shop'), podSelector: { matchLabels: { app: 'db' }, matchExpressions: [] }, policyTypes: ['Ingress'], ingressRules: 1,
  ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 'shop' }, matchExpressions: [] } }], ports: [] }], egress: [],
};

function store(): WritableStore {
  return {
    ...emptyStore(),
    services: new Map([['data/db', service]]),
    endpointslices: new Map([['data/db-x', slice]]),
    pods: new Map([['data/db-0', pod('data', 'db-0', { app: 'db' }, '10.0.0.2')], ['shop/web-0', pod('shop', 'web-0', { app: 'web' }, '10.0.1.2')]]),
    networkpolicies: new Map([['data/from-shop', fromShop]]),
    nodes: new Map(),
    namespaces: new Map([['/shop', { kind: 'Namespace', ...meta('', 'shop', { team: 'shop' }) }]]),
  };
}
const source = parseSource('pod:shop/web-0');
if (!source.ok) throw new Error(source.message);
const edge = 'EndpointSlice/data/db-x>Pod/data/db-0';

describe('reachability', () => {
  it('answers per edge, and per endpoint only when asked about Services', () => {
    const cluster = store();
    const all = reachability(cluster, source.value);
    expect(all.edges[edge]).toEqual({ state: 'allowed', reason: 'allowed by data/from-shop ingress rule 1' });
    expect(all.detailed).toBe(false);
    expect(all.services[0]!.ports[0]!.endpoints).toEqual([]);
    expect(reachability(cluster, source.value, [service]).services[0]!.ports[0]!.endpoints).toMatchObject([{ state: 'allowed', pod: 'Pod/data/db-0' }]);
  });

  it('a world built on the previous one answers a changed pod and a changed namespace afresh', () => {
    const cluster = store();
    const first = new ReachabilityWorld(cluster);
    expect(reachability(cluster, source.value, undefined, undefined, first).edges[edge]!.state).toBe('allowed');
    // The backend's labels change (the store holds a new object): the policy no longer selects it.
    cluster.pods.set('data/db-0', pod('data', 'db-0', { app: 'db-old' }, '10.0.0.2'));
    cluster.networkpolicies.set('data/deny', { ...fromShop, ...meta('data', 'deny'), podSelector: { matchLabels: { app: 'db-old' }, matchExpressions: [] }, ingress: [] });
    const second = new ReachabilityWorld(cluster, first, { policies: true });
    expect(reachability(cluster, source.value, undefined, undefined, second).edges[edge]).toEqual({ state: 'blocked', reason: 'isolated by data/deny; no rule admits shop/web-0 on TCP 5432 (postgres)' });
    // The source's namespace loses its team label.
    cluster.pods.set('data/db-0', pod('data', 'db-0', { app: 'db' }, '10.0.0.2'));
    cluster.networkpolicies.delete('data/deny');
    const third = new ReachabilityWorld(cluster, second, { policies: true });
    expect(reachability(cluster, source.value, undefined, undefined, third).edges[edge]!.state).toBe('allowed');
    cluster.namespaces.set('/shop', { kind: 'Namespace', ...meta('', 'shop', {}) });
    const fourth = new ReachabilityWorld(cluster, third, { namespaces: true });
    expect(reachability(cluster, source.value, undefined, undefined, fourth).edges[edge]!.state).toBe('blocked');
  });
});
