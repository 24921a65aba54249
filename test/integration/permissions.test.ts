// A read-only user limited to one namespace (context svcmap-viewer, cluster/viewer-rbac.yaml):
// svcmap shows that namespace, says what it may not see, and does not loop on errors.
import { describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { GET as getObject } from '@/app/api/clusters/[context]/object/route';
import { graphResponseSchema } from '@/lib/stream/protocol';
import { kubectlJson } from './kube';
import { startServer } from './server';

async function graphOf(cluster: string, query = '') {
  const response = await getGraph(new Request(`http://127.0.0.1/api/clusters/${cluster}/graph${query}`), { params: Promise.resolve({ context: cluster }) });
  expect(response.status).toBe(200);
  return graphResponseSchema.parse(await response.json());
}

describe('a user who may read one namespace only', () => {
  it('sees that namespace, and is told cluster-wide lists and nodes are forbidden', async () => {
    const body = await graphOf('svcmap-viewer');
    const byKind = Object.fromEntries(body.status.kinds.map((kind) => [kind.kind, kind]));
    for (const kind of ['services', 'endpointslices', 'pods', 'networkpolicies']) {
      expect(byKind[kind]).toMatchObject({ state: 'synced', message: `Listing ${kind} in all namespaces is forbidden; showing namespace shop only.` });
    }
    expect(byKind.nodes).toMatchObject({ state: 'forbidden', message: expect.stringMatching(/^Forbidden: your credentials may not list\/watch nodes/) });
    // A route in shop whose Gateway is in front, a namespace this user may not read: unknown, not missing.
    const detached = body.graph.nodes.find((node) => node.id === 'HTTPRoute/shop/detached');
    expect(detached && 'diagnostics' in detached ? detached.diagnostics.map((diagnostic) => diagnostic.code) : []).toEqual(['ReferenceNotVisible', 'RouteNotAccepted']);
    expect(new Set(body.graph.nodes.map((node) => node.namespace))).toEqual(new Set(['shop']));
    const services = kubectlJson<{ items: { metadata: { name: string } }[] }>('get', 'services', '-n', 'shop').items.map((s) => `Service/shop/${s.metadata.name}`).sort();
    expect(body.graph.nodes.filter((node) => node.kind === 'Service').map((node) => node.id)).toEqual(services);
    // The same endpoints as the admin sees in that namespace.
    const admin = await graphOf('svcmap-admin', '?namespace=shop');
    const endpointEdges = (graph: typeof body) => graph.graph.edges.filter((edge) => edge.relation === 'endpoint').map((edge) => `${edge.id} ${JSON.stringify(edge.conditions)}`);
    expect(endpointEdges(body)).toEqual(endpointEdges(admin));
  });
});

describe('reading one object on demand (the details panel YAML)', () => {
  const read = (cluster: string, query: string) =>
    getObject(new Request(`http://127.0.0.1/api/clusters/${cluster}/object?${query}`), { params: Promise.resolve({ context: cluster }) });

  it('gives the viewer what it may get, and a 403 saying so for what it may not', async () => {
    const allowed = await read('svcmap-viewer', 'kind=Service&namespace=shop&name=cart');
    expect(allowed.status).toBe(200);
    const body = (await allowed.json()) as { object: { metadata: { uid: string } }; yaml: string };
    expect(body.object.metadata.uid).toBe(kubectlJson<{ metadata: { uid: string } }>('get', 'service', 'cart', '-n', 'shop').metadata.uid);
    expect(body.yaml).toMatch(/^apiVersion: v1\nkind: Service\nmetadata:/);

    const forbidden = await read('svcmap-viewer', 'kind=Node&name=kwok-node-a1');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 'Forbidden', message: expect.stringMatching(/^Forbidden: your credentials may not get Node kwok-node-a1 /) } });
  });
});

describe('a namespace-scoped install (SVCMAP_NAMESPACE=shop,data, deploy/namespaced/)', () => {
  it('watches each listed namespace, shows the ones it may read, and names the one it may not', async () => {
    const server = await startServer(3416, { SVCMAP_NAMESPACE: 'shop,data' });
    try {
      const response = await fetch(`${server.base}/api/clusters/svcmap-viewer/graph`);
      const body = graphResponseSchema.parse(await response.json());
      const byKind = Object.fromEntries(body.status.kinds.map((kind) => [kind.kind, kind]));
      for (const kind of ['services', 'endpointslices', 'pods', 'networkpolicies']) {
        expect(byKind[kind]).toMatchObject({ state: 'forbidden', message: expect.stringContaining('in the namespace "data"') });
      }
      expect(new Set(body.graph.nodes.map((node) => node.namespace))).toEqual(new Set(['shop']));
      expect(body.graph.nodes.some((node) => node.id === 'Service/shop/frontend')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
