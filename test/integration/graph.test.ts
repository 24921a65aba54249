// The /graph API against the real control plane: for every scenario namespace, what
// svcmap draws is exactly what `kubectl get endpointslices -o json` says.
import { describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { graphResponseSchema } from '@/lib/stream/protocol';
import { eventually, graphRows, kubectlJson, truthRows } from './kube';

async function fetchGraph(cluster: string, query = ''): Promise<Response> {
  const request = new Request(`http://127.0.0.1/api/clusters/${encodeURIComponent(cluster)}/graph${query}`);
  return getGraph(request, { params: Promise.resolve({ context: cluster }) });
}

describe('GET /api/clusters/{cluster}/graph', () => {
  for (const namespace of ['shop', 'data', 'edge']) {
    it(`equals kubectl's EndpointSlices for namespace ${namespace}`, async () => {
      await eventually(async () => {
        const response = await fetchGraph('svcmap-admin', `?namespace=${namespace}`);
        expect(response.status).toBe(200);
        const body = graphResponseSchema.parse(await response.json());
        expect(body.status.kinds.every((kind) => kind.state === 'synced')).toBe(true);
        expect(graphRows(body)).toEqual(truthRows(namespace));
        expect(body.graph.nodes.every((node) => node.namespace === namespace)).toBe(true);
      });
    });
  }

  it('draws every Service of the namespace, including those without endpoints', async () => {
    const body = graphResponseSchema.parse(await (await fetchGraph('svcmap-admin', '?namespace=shop')).json());
    const services = body.graph.nodes.filter((node) => node.kind === 'Service').map((node) => node.name).sort();
    const truth = kubectlJson<{ items: { metadata: { name: string } }[] }>('get', 'services', '-n', 'shop').items.map((s) => s.metadata.name).sort();
    expect(services).toEqual(truth);
    expect(body.graph.nodes.find((node) => node.id === 'Service/shop/recommendations')).toMatchObject({ endpoints: { ready: 0, total: 0 } });
  });

  it('gives each scenario Service exactly its expected diagnostics', async () => {
    const expected: Record<string, string[]> = {
      'Service/shop/frontend': [],
      'Service/shop/cart': ['PodsIsolatedByNetworkPolicy'],
      'Service/shop/checkout': ['NoReadyEndpoints'],
      'Service/shop/recommendations': ['SelectorMatchesNothing'],
      'Service/data/postgres': [],
      'Service/data/legacy-db': ['ManualEndpointWithoutPod'],
      'Service/data/payments-api': [],
      'Service/edge/gateway': [],
      'Service/edge/gateway-lb': ['ExternalTrafficPolicyLocalWithoutLocalEndpoints'],
      'Service/default/kubernetes': [],
    };
    const body = graphResponseSchema.parse(await (await fetchGraph('svcmap-admin', '?namespace=shop,data,edge,default')).json());
    const actual = Object.fromEntries(
      body.graph.nodes.flatMap((node) => (node.kind === 'Service' ? [[node.id, node.diagnostics.map((diagnostic) => diagnostic.code).sort()]] : [])),
    );
    expect(actual).toEqual(expected);
    const recommendations = body.graph.nodes.find((node) => node.id === 'Service/shop/recommendations');
    expect(recommendations?.kind === 'Service' && recommendations.diagnostics[0]?.message).toMatch(/^The selector app=recommendation matches no pod\. Nearest: 1 pod \(recommendations-[a-z0-9-]+\) has app=recommendations\.$/);
  });

  it('answers 404 with a JSON error for an unknown context', async () => {
    const response = await fetchGraph('no-such-context');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'UnknownContext', message: expect.stringContaining('svcmap-admin') } });
  });

  it('answers 400 with a JSON error for a malformed namespace', async () => {
    for (const bad of ['Shop', '-x', 'a'.repeat(64), '..%2f..', 'shop;rm']) {
      const response = await fetchGraph('svcmap-admin', `?namespace=${encodeURIComponent(bad)}`);
      expect(response.status, bad).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'InvalidNamespace' } });
    }
  });
});
