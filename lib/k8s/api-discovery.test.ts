// Reading an aggregated discovery answer (apidiscovery.k8s.io/v2): which front kinds are
// served, at the first version listed (the preferred one) that serves each.
import { describe, expect, it } from 'vitest';
import { frontKindsFromAggregated } from './api-discovery';

describe('frontKindsFromAggregated', () => {
  it('takes each kind at the first listed version that serves it, and only from its own group', () => {
    const served = frontKindsFromAggregated({
      kind: 'APIGroupDiscoveryList',
      items: [
        { metadata: { name: 'apps' }, versions: [{ version: 'v1', resources: [{ resource: 'deployments' }] }] },
        { metadata: { name: 'networking.k8s.io' }, versions: [{ version: 'v1', resources: [{ resource: 'ingresses' }, { resource: 'ingressclasses' }, { resource: 'networkpolicies' }] }] },
        {
          metadata: { name: 'gateway.networking.k8s.io' },
          versions: [
            { version: 'v1', resources: [{ resource: 'gateways' }, { resource: 'httproutes' }] },
            { version: 'v1beta1', resources: [{ resource: 'gateways' }, { resource: 'httproutes' }, { resource: 'referencegrants' }] },
            { version: 'v1alpha2', resources: [{ resource: 'tcproutes' }, { resource: 'referencegrants' }] },
          ],
        },
        // A look-alike resource name in another group is not the Gateway API's.
        { metadata: { name: 'example.com' }, versions: [{ version: 'v1', resources: [{ resource: 'httproutes' }] }] },
      ],
    });
    expect(Object.fromEntries(served)).toEqual({
      ingresses: '/apis/networking.k8s.io/v1',
      ingressclasses: '/apis/networking.k8s.io/v1',
      gateways: '/apis/gateway.networking.k8s.io/v1',
      httproutes: '/apis/gateway.networking.k8s.io/v1',
      referencegrants: '/apis/gateway.networking.k8s.io/v1beta1',
      tcproutes: '/apis/gateway.networking.k8s.io/v1alpha2',
    });
  });

  it('serves nothing of the Gateway API on a cluster without its CRDs', () => {
    const served = frontKindsFromAggregated({ kind: 'APIGroupDiscoveryList', items: [{ metadata: { name: 'networking.k8s.io' }, versions: [{ version: 'v1', resources: [{ resource: 'ingresses' }] }] }] });
    expect([...served.keys()]).toEqual(['ingresses']);
  });
});
