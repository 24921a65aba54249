// Gateways, routes and Ingresses against the real control plane (cluster/scenarios/60-front.yaml,
// status written by cluster/scenarios.sh as a controller would): the drawn paths equal what the
// API objects say, every scenario shows its diagnostic, a URL resolves to its rule and Pods, and
// Gateway API kinds installed while svcmap runs are picked up (API discovery).
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { GET as getResolve } from '@/app/api/clusters/[context]/resolve/route';
import { ContextHub } from '@/lib/k8s/hub';
import { configForContext } from '@/lib/k8s/kubeconfig';
import { FrontKindsDiscovery, servedFrontKinds } from '@/lib/k8s/api-discovery';
import { kubeListerWatcher, request } from '@/lib/k8s/transport';
import { type GraphResponse, graphResponseSchema, resolveResponseSchema } from '@/lib/stream/protocol';
import { applyYaml, type EndpointSliceJson, eventually, kubectl, kubectlJson } from './kube';

const context = 'svcmap-admin';
const namespaces = 'front,shop,data,vault';

async function graph(): Promise<GraphResponse> {
  const request = new Request(`http://127.0.0.1/api/clusters/${context}/graph?namespace=${namespaces}`);
  const response = await getGraph(request, { params: Promise.resolve({ context }) });
  expect(response.status).toBe(200);
  return graphResponseSchema.parse(await response.json());
}

async function resolve(url: string): Promise<Response> {
  const request = new Request(`http://127.0.0.1/api/clusters/${context}/resolve?url=${encodeURIComponent(url)}`);
  return getResolve(request, { params: Promise.resolve({ context }) });
}

interface Ref {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  port?: number;
  weight?: number;
}
interface RouteJson {
  metadata: { namespace: string; name: string };
  spec: { parentRefs?: (Ref & { sectionName?: string })[]; rules?: { backendRefs?: Ref[] }[] };
  status?: { parents?: { parentRef: { namespace?: string; name: string; sectionName?: string }; conditions?: { type: string; status: string }[] }[] };
}
interface IngressBackendJson {
  service?: { name: string; port: { number?: number; name?: string } };
}
interface IngressJson {
  metadata: { namespace: string; name: string };
  spec: { defaultBackend?: IngressBackendJson; rules?: { host?: string; http?: { paths: { path?: string; backend: IngressBackendJson }[] } }[] };
}
interface GrantJson {
  metadata: { namespace: string };
  spec: { from: { kind: string; namespace: string }[]; to: { kind: string; name?: string }[] };
}

/**
 * The edges the API objects call for, read with kubectl: Gateway → route, attached or not as
 * the controller says in the route's status (Accepted, written by cluster/scenarios.sh as a
 * controller would), route/Ingress → Service with each rule's share.
 */
function truthEdges(): string[] {
  const services = new Set(kubectlJson<{ items: { metadata: { namespace: string; name: string } }[] }>('get', 'services', '-A').items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
  const gateways = new Set(kubectlJson<{ items: { metadata: { namespace: string; name: string } }[] }>('get', 'gateways', '-A').items.map((g) => `${g.metadata.namespace}/${g.metadata.name}`));
  const grants = kubectlJson<{ items: GrantJson[] }>('get', 'referencegrants', '-A').items;
  const edges = new Set<string>();
  for (const route of kubectlJson<{ items: RouteJson[] }>('get', 'httproutes', '-A').items) {
    const { namespace, name } = route.metadata;
    const id = `HTTPRoute/${namespace}/${name}`;
    for (const parent of route.spec.parentRefs ?? []) {
      const gateway = `${parent.namespace ?? namespace}/${parent.name}`;
      if (!gateways.has(gateway)) continue;
      const said = route.status?.parents?.find((entry) => `${entry.parentRef.namespace ?? namespace}/${entry.parentRef.name}` === gateway && entry.parentRef.sectionName === parent.sectionName);
      const accepted = said?.conditions?.find((condition) => condition.type === 'Accepted')?.status;
      if (accepted === undefined) throw new Error(`${id}: no Accepted condition for Gateway ${gateway} in its status (cluster/scenarios.sh writes one for every route of an existing Gateway)`);
      edges.add(`Gateway/${gateway}>${id} ${accepted === 'True' ? 'attached' : 'not attached'}`);
    }
    for (const rule of route.spec.rules ?? []) {
      const refs = rule.backendRefs ?? [];
      const total = refs.reduce((sum, ref) => sum + (ref.weight ?? 1), 0);
      for (const ref of refs) {
        if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') continue;
        const target = `${ref.namespace ?? namespace}/${ref.name}`;
        const granted = (ref.namespace ?? namespace) === namespace || grants.some((grant) => grant.metadata.namespace === ref.namespace && grant.spec.from.some((from) => from.kind === 'HTTPRoute' && from.namespace === namespace) && grant.spec.to.some((to) => to.kind === 'Service' && (!to.name || to.name === ref.name)));
        if (!services.has(target) || !granted) continue;
        // Every weight 0: no share goes anywhere (0 %), never 0/0.
        const share = refs.length > 1 ? `${total === 0 ? 0 : Math.round(((ref.weight ?? 1) / total) * 1000) / 10} % ` : '';
        edges.add(`${id}>Service/${target} ${share}:${ref.port}`);
      }
    }
  }
  for (const ingress of kubectlJson<{ items: IngressJson[] }>('get', 'ingresses', '-A').items) {
    const { namespace, name } = ingress.metadata;
    // Each path (and the default backend) to its Service, labelled host+path → :port.
    const add = (backend: IngressBackendJson, text: string) => {
      const service = backend.service;
      if (service && services.has(`${namespace}/${service.name}`)) edges.add(`Ingress/${namespace}/${name}>Service/${namespace}/${service.name} ${text} → :${service.port.number ?? service.port.name}`);
    };
    for (const rule of ingress.spec.rules ?? []) for (const path of rule.http?.paths ?? []) add(path.backend, `${rule.host ?? '*'}${path.path ?? '/'}`);
    if (ingress.spec.defaultBackend) add(ingress.spec.defaultBackend, 'default');
  }
  return [...edges].sort();
}

/** The same, read off the graph: a route's or Ingress's edge label lists each rule's share (or path) and port. */
function graphEdges(body: GraphResponse): string[] {
  return body.graph.edges
    .filter((edge) => edge.relation === 'attached' || edge.relation === 'backend')
    .flatMap((edge) => {
      if (edge.relation === 'attached') return [`${edge.source}>${edge.target} ${edge.label === 'not attached' ? 'not attached' : 'attached'}`];
      return (edge.label ?? '').split(', ').map((text) => `${edge.source}>${edge.target} ${text}`);
    })
    .sort();
}

describe('Gateways, routes and Ingresses on the map', () => {
  it('draws the edges the API objects call for, each route backend with its share of the traffic', async () => {
    await eventually(async () => {
      const body = await graph();
      expect(body.status.kinds.filter((kind) => ['gateways', 'httproutes', 'ingresses', 'referencegrants'].includes(kind.kind)).map((kind) => kind.state)).toEqual(['synced', 'synced', 'synced', 'synced']);
      expect(graphEdges(body)).toEqual(truthEdges());
    });
  });

  it('counts each backend Service\'s ready endpoints as its EndpointSlices do', async () => {
    await eventually(async () => {
      const body = await graph();
      const route = body.graph.nodes.find((node) => node.id === 'HTTPRoute/front/storefront');
      if (route?.kind !== 'HTTPRoute') throw new Error('HTTPRoute front/storefront not drawn');
      for (const backend of route.rules.flatMap((rule) => rule.backends)) {
        const name = backend.service.split('/').at(-1)!;
        const slices = kubectlJson<{ items: EndpointSliceJson[] }>('get', 'endpointslices', '-n', 'front', '-l', `kubernetes.io/service-name=${name}`).items;
        const endpoints = slices.flatMap((slice) => slice.endpoints ?? []);
        expect([backend.service, backend.ready, backend.total]).toEqual([backend.service, endpoints.filter((endpoint) => endpoint.conditions?.ready ?? true).length, endpoints.length]);
      }
      expect(route.rules.find((rule) => rule.number === 1)!.backends.map((backend) => [backend.service, backend.percent])).toEqual([['Service/front/api', 80], ['Service/front/api-canary', 20]]);
    });
  });

  it('shows every scenario\'s diagnostic on the object that has it, and none on the healthy ones', async () => {
    const expected: Record<string, string[]> = {
      'Gateway/front/main': [],
      'Gateway/front/pending': ['GatewayClassNotFound', 'GatewayNotProgrammed'],
      'HTTPRoute/front/storefront': ['SomeBackendsUnready'],
      'HTTPRoute/front/checkout': ['AllBackendsUnready'],
      'HTTPRoute/front/broken': ['BackendKindUnsupported', 'BackendServiceNotFound', 'RouteRefsNotResolved'],
      'HTTPRoute/front/wrong-port': ['BackendPortNotFound'],
      'HTTPRoute/front/drained': ['NoBackendWeight'],
      'HTTPRoute/front/cross': ['BackendNotPermitted', 'RouteRefsNotResolved'],
      'HTTPRoute/shop/detached': ['RouteNotAccepted', 'RouteNotAttached'],
      'HTTPRoute/front/orphan': ['RouteNotAttached'],
      'HTTPRoute/front/elsewhere': ['RouteNotAccepted', 'RouteNotAttached'],
      'HTTPRoute/front/no-listener': ['RouteNotAccepted', 'RouteNotAttached'],
      'Gateway/front/unprogrammed': ['GatewayNotProgrammed'],
      'Ingress/front/site': [],
      'Ingress/front/legacy': ['BackendServiceNotFound', 'IngressClassNotFound'],
      'Ingress/front/wrong-port': ['BackendPortNotFound'],
    };
    await eventually(async () => {
      const body = await graph();
      const found = Object.fromEntries(
        Object.keys(expected).map((id) => {
          const node = body.graph.nodes.find((candidate) => candidate.id === id);
          return [id, node && 'diagnostics' in node ? [...new Set(node.diagnostics.map((diagnostic) => diagnostic.code))].sort() : ['(not drawn)']];
        }),
      );
      expect(found).toEqual(expected);
    });
    const body = await graph();
    const detached = body.graph.nodes.find((node) => node.id === 'HTTPRoute/shop/detached')!;
    expect('diagnostics' in detached && detached.diagnostics.find((diagnostic) => diagnostic.code === 'RouteNotAttached')?.message).toContain('allows routes only from its own namespace');
    // Each way of not being attached says which.
    const notAttached = (id: string) => {
      const node = body.graph.nodes.find((candidate) => candidate.id === id);
      return node && 'diagnostics' in node ? node.diagnostics.find((diagnostic) => diagnostic.code === 'RouteNotAttached')?.message : undefined;
    };
    expect(notAttached('HTTPRoute/front/orphan')).toContain('front/gone');
    expect(notAttached('HTTPRoute/front/elsewhere')).toContain('shop.other.test');
    expect(notAttached('HTTPRoute/front/no-listener')).toContain('https');
  });

  it('resolves a URL to its listener, rule, Services and Pods, flags a match that needs a header, and says when nothing serves it', async () => {
    const response = await resolve('http://shop.example.test/api/admin');
    expect(response.status).toBe(200);
    const body = resolveResponseSchema.parse(await response.json());
    const best = body.paths.find((path) => path.best)!;
    expect([best.entry, best.listener, best.route, best.rule]).toEqual(['Gateway/front/main', 'http', 'HTTPRoute/front/storefront', 1]);
    expect(best.backends.map((backend) => [backend.service, backend.percent])).toEqual([['Service/front/api', 80], ['Service/front/api-canary', 20]]);
    // The pods behind api, as kubectl lists them.
    const apiPods = kubectlJson<{ items: { metadata: { name: string } }[] }>('get', 'pods', '-n', 'front', '-l', 'app=api').items.map((pod) => `Pod/front/${pod.metadata.name}`).sort();
    expect(best.backends[0]!.slices.flatMap((slice) => slice.endpoints.map((endpoint) => endpoint.target)).sort()).toEqual(apiPods);
    // Rule 2 (Exact /api/admin with header x-admin) ranks above but needs the header.
    const conditional = body.paths.find((path) => path.conditions.length > 0);
    expect([conditional?.rule, conditional?.best, conditional?.conditions.join()]).toEqual([2, false, expect.stringContaining('x-admin')]);

    const ingress = resolveResponseSchema.parse(await (await resolve('site.example.test/api/v1')).json());
    expect(ingress.paths[0]).toMatchObject({ via: 'Ingress', entry: 'Ingress/front/site', best: true, backends: [{ service: 'Service/front/api' }] });
    expect(resolveResponseSchema.parse(await (await resolve('nothing.example.test/')).json()).paths).toEqual([]);
    const invalid = await resolve('not a url');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('InvalidUrl');
  });
});

describe('API discovery', () => {
  const crds = execFileSync('bash', ['-c', 'source cluster/lib/common.sh && gateway_api_crds'], { encoding: 'utf8' }).trim();
  const hubs: ContextHub[] = [];
  afterAll(async () => {
    // Leave the cluster as cluster/up.sh and the scenarios made it.
    kubectl('delete', 'udproute', 'dns', '-n', 'front', '--ignore-not-found');
    kubectl('apply', '--server-side', '-f', `${crds}/gateway.networking.k8s.io_udproutes.yaml`);
    await Promise.all(hubs.map((hub) => hub.stop()));
  });

  it('is answered by aggregated discovery on 1.37, and finds what the group-by-group discovery finds', async () => {
    const config = configForContext(context)!;
    const signal = new AbortController().signal;
    // The test cluster's 1.37 apiserver answers /apis with apidiscovery.k8s.io/v2 when asked.
    const answer = await request(config, '/apis', {}, signal, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json');
    expect(answer.headers.get('content-type')).toContain('g=apidiscovery.k8s.io;v=v2');
    await answer.body?.cancel();
    const aggregated = await servedFrontKinds(config, signal);
    expect(Object.fromEntries(aggregated)).toEqual(Object.fromEntries(await servedFrontKinds(config, signal, { aggregated: false })));
    expect(Object.fromEntries(aggregated)).toMatchObject({
      ingresses: '/apis/networking.k8s.io/v1',
      ingressclasses: '/apis/networking.k8s.io/v1',
      gateways: '/apis/gateway.networking.k8s.io/v1',
      httproutes: '/apis/gateway.networking.k8s.io/v1',
      // v1.6.3's CRDs serve ReferenceGrant at v1 (preferred) and v1beta1.
      referencegrants: '/apis/gateway.networking.k8s.io/v1',
    });
    // Asked again with the answer's ETag, the apiserver says "not modified": the same kinds, no list read.
    const discovery = new FrontKindsDiscovery(config);
    expect(Object.fromEntries(await discovery.kinds(signal))).toEqual(Object.fromEntries(aggregated));
    expect(Object.fromEntries(await discovery.kinds(signal))).toEqual(Object.fromEntries(aggregated));
    expect(discovery.unchanged).toBe(1);
  });

  it('watches a Gateway API kind only while the cluster serves it, picking up its CRD when installed meanwhile', async () => {
    kubectl('delete', 'crd', 'udproutes.gateway.networking.k8s.io', '--wait=true');
    const config = configForContext(context)!;
    // Asked as the server asks, with the last answer's ETag: a CRD installed changes the answer.
    const discovery = new FrontKindsDiscovery(config);
    const hub = new ContextHub('discovery-test', (kind, prefix) => kubeListerWatcher(config, kind, { prefix }), { discover: (signal) => discovery.kinds(signal), discoveryIntervalMs: 500, idleStopMs: 0 });
    hubs.push(hub);
    expect(await hub.whenSynced(30_000)).toBe(true);
    // Not served: not watched, and nothing about it in the status (no error, no empty column).
    expect(hub.status().kinds.map((kind) => kind.kind)).not.toContain('udproutes');
    expect(hub.status().kinds.map((kind) => kind.kind)).toContain('httproutes');

    const unsubscribe = hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
    kubectl('apply', '--server-side', '-f', `${crds}/gateway.networking.k8s.io_udproutes.yaml`);
    kubectl('wait', '--for=condition=Established', 'crd/udproutes.gateway.networking.k8s.io', '--timeout=30s');
    applyYaml(`
apiVersion: gateway.networking.k8s.io/v1
kind: UDPRoute
metadata: {name: dns, namespace: front}
spec:
  parentRefs: [{name: main}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`);
    await eventually(() => {
      expect(hub.status().kinds.find((kind) => kind.kind === 'udproutes')?.state).toBe('synced');
      expect(hub.snapshot().graph.nodes.some((node) => node.id === 'UDPRoute/front/dns')).toBe(true);
    });
    unsubscribe();
  });
});
