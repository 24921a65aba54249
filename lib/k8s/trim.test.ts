import { describe, expect, it } from 'vitest';
import { trimEndpointSlice, trimNode, trimService } from './trim';
import { trimNetworkPolicy } from './trim-policy';

const metadata = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '7', ...extra });

describe('trimming API objects', () => {
  it('NetworkPolicy: policyTypes default to Ingress, plus Egress when egress rules exist', () => {
    expect(trimNetworkPolicy({ metadata: metadata('a'), spec: { podSelector: {}, ingress: [{}] } })).toMatchObject({ policyTypes: ['Ingress'], ingressRules: 1, podSelector: { matchLabels: {}, matchExpressions: [] } });
    expect(trimNetworkPolicy({ metadata: metadata('b'), spec: { podSelector: { matchLabels: { app: 'x' } }, egress: [{}] } })).toMatchObject({ policyTypes: ['Ingress', 'Egress'], ingressRules: 0 });
    expect(trimNetworkPolicy({ metadata: metadata('c'), spec: { podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, policyTypes: ['Egress'] } })).toMatchObject({
      policyTypes: ['Egress'],
      podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists', values: [] }] },
    });
  });

  it('Node: Ready condition, cordon and zone label', () => {
    const node = trimNode({
      metadata: { name: 'n1', uid: 'u', resourceVersion: '3', labels: { 'topology.kubernetes.io/zone': 'zone-b' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'Unknown' }] },
    });
    expect(node).toMatchObject({ kind: 'Node', namespace: '', name: 'n1', ready: false, unschedulable: true, zone: 'zone-b' });
  });

  it('Service: targetPort defaults to port, an empty selector means none, ExternalName kept', () => {
    expect(trimService({ metadata: metadata('s'), spec: { selector: {}, ports: [{ port: 80 }] } })).toMatchObject({ type: 'ClusterIP', selector: null, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
    expect(trimService({ metadata: metadata('e'), spec: { type: 'ExternalName', externalName: 'db.example.com' } })).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com', ports: [] });
  });

  it('EndpointSlice: unset conditions read as the API says (ready, serving = ready, not terminating)', () => {
    const slice = trimEndpointSlice({ metadata: metadata('x', { labels: { 'kubernetes.io/service-name': 's' } }), addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'], conditions: { ready: false } }] });
    expect(slice?.endpoints.map((e) => [e.ready, e.serving, e.terminating])).toEqual([[true, true, false], [false, false, false]]);
    expect(slice?.serviceName).toBe('s');
  });

  it('drops what is not an object of its kind', () => {
    expect(trimService(null)).toBeNull();
    expect(trimNode({ metadata: { name: 'no-uid' } })).toBeNull();
    expect(trimEndpointSlice({ metadata: metadata('y') })).toBeNull(); // no addressType
  });
});
