// Gateways, routes and Ingresses in the graph, on test/fixtures/gateway.yaml (as kubectl
// prints it) and on variations of it made the way the cluster would: the nodes and edges
// drawn, every diagnostic of frontCatalogue for the object it concerns (and not for its
// neighbours), and the incremental graph following endpoints, Services and ReferenceGrants.
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import type { Diagnostic, Graph, GraphEdge, GatewayNode, IngressNode, RouteNode } from './model';
import type { Ingress, Route } from './gateway-objects';
import { buildGraph } from './build';
import { applyPatch } from './diff';
import { frontCatalogue, type FrontDiagnosticCode } from './front-diagnostics';
import { IncrementalGraph } from './incremental';
import { type EndpointSlice, type KubeObject, type WatchedKind, watchedKindOf, watchedKinds } from './objects';
import { applyWatchEvent, emptyStore, setScope, type StoreChange, type WritableStore } from './store';

/** The fixture in a store of its own, written through the store's reducer, to vary. */
function gatewayFixture(): WritableStore {
  const loaded = loadFixture('gateway.yaml');
  const store = emptyStore();
  for (const kind of watchedKinds) for (const object of loaded[kind].values()) applyWatchEvent(store, kind, { type: 'ADDED', object });
  return store;
}

let resourceVersion = 10_000;
/** Writes a new version of an object, as a watch event would; returns what the store says changed. */
function write(store: WritableStore, object: KubeObject): StoreChange[] {
  return applyWatchEvent(store, watchedKindOf(object.kind)!, { type: 'MODIFIED', object: { ...object, resourceVersion: String(++resourceVersion) } });
}
function remove(store: WritableStore, kind: WatchedKind, object: KubeObject): StoreChange[] {
  return applyWatchEvent(store, kind, { type: 'DELETED', object });
}

const httpRoute = (store: WritableStore, name: string): Route => store.httproutes.get(`shop/${name}`)!;
const slice = (store: WritableStore, key: string): EndpointSlice => store.endpointslices.get(key)!;
const withReady = (endpointSlice: EndpointSlice, ready: boolean[]): EndpointSlice => ({
  ...endpointSlice,
  endpoints: endpointSlice.endpoints.map((endpoint, index) => ({ ...endpoint, ready: ready[index]!, serving: ready[index]! })),
});
/** The first rule of a route with other backendRefs. */
function withBackends(route: Route, backendRefs: Route['rules'][number]['backendRefs']): Route {
  return { ...route, rules: [{ ...route.rules[0]!, backendRefs }] };
}

function frontNode(graph: Graph, id: string): GatewayNode | RouteNode | IngressNode {
  const node = graph.nodes.find((candidate) => candidate.id === id);
  if (node?.kind !== 'Gateway' && node?.kind !== 'HTTPRoute' && node?.kind !== 'Ingress') throw new Error(`no front node ${id}`);
  return node;
}
function routeNode(graph: Graph, name: string): RouteNode {
  const node = frontNode(graph, `HTTPRoute/shop/${name}`);
  if (node.kind !== 'HTTPRoute') throw new Error('not a route');
  return node;
}
function ingressNode(graph: Graph, name: string): IngressNode {
  const node = frontNode(graph, `Ingress/shop/${name}`);
  if (node.kind !== 'Ingress') throw new Error('not an Ingress');
  return node;
}
function gatewayNode(graph: Graph, name: string): GatewayNode {
  const node = frontNode(graph, `Gateway/infra/${name}`);
  if (node.kind !== 'Gateway') throw new Error('not a Gateway');
  return node;
}
const codes = (node: { diagnostics: Diagnostic[] }) => node.diagnostics.map((diagnostic) => diagnostic.code).sort();
const expectDiagnosticMessages = (node: { diagnostics: Diagnostic[] }, messages: string[]) => expect(node.diagnostics.map((diagnostic) => diagnostic.message)).toEqual(messages);
const edgesFrom = (graph: Graph, id: string): GraphEdge[] => graph.edges.filter((edge) => edge.source === id);
const edgesTo = (graph: Graph, id: string): GraphEdge[] => graph.edges.filter((edge) => edge.target === id);

// Every code of the catalogue must be shown firing somewhere below (checked after all tests).
const exercised = new Set<string>();
/** The one diagnostic of `code` on the node, checked for a message to act on and the kubectl command that shows the evidence. */
function expectDiagnostic(node: { id: string; diagnostics: Diagnostic[] }, code: FrontDiagnosticCode, expected: { message: string | RegExp; command: string; objects?: string[] }): Diagnostic {
  const found = node.diagnostics.filter((diagnostic) => diagnostic.code === code);
  expect(found, `${code} on ${node.id}`).toHaveLength(1);
  const [diagnostic] = found as [Diagnostic];
  expect(diagnostic.severity).toBe(frontCatalogue[code].severity);
  if (typeof expected.message === 'string') expect(diagnostic.message).toBe(expected.message);
  else expect(diagnostic.message).toMatch(expected.message);
  expect(diagnostic.command).toBe(expected.command);
  // The command is the catalogue's evidence (docs/diagnostics.md) with the objects' names filled in.
  const template = frontCatalogue[code].evidence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/NAMESPACE|NAME|KIND/g, '[a-z0-9.-]+');
  expect(diagnostic.command).toMatch(new RegExp(`^${template}$`));
  expect(diagnostic.objects).toEqual(expected.objects ?? [node.id]);
  exercised.add(code);
  return diagnostic;
}

describe('front units drawn from gateway.yaml', () => {
  const graph = buildGraph(gatewayFixture());

  it('draws Gateway infra/main with its listeners, routes attached per listener and its address', () => {
    expect(gatewayNode(graph, 'main')).toEqual({
      id: 'Gateway/infra/main',
      kind: 'Gateway',
      namespace: 'infra',
      name: 'main',
      gatewayClassName: 'example',
      addresses: ['192.0.2.10'],
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, hostname: '*.example.com', attachedRoutes: 5 },
        { name: 'internal', protocol: 'HTTP', port: 8080, attachedRoutes: 0 },
      ],
      diagnostics: [],
    });
  });

  it('draws HTTPRoute shop/checkout with its match, the 80/20 split and the ready endpoints behind each share', () => {
    const checkout = routeNode(graph, 'checkout');
    expect(checkout.hostnames).toEqual(['shop.example.com']);
    expect(checkout.parents).toEqual([{ gateway: 'Gateway/infra/main', text: 'infra/main (http)', attached: true }]);
    expect(checkout.rules).toEqual([
      {
        number: 1,
        matches: ['PathPrefix /checkout'],
        filters: [],
        backends: [
          { service: 'Service/shop/checkout', exists: true, port: '80', percent: 80, weight: 80, ready: 2, total: 2 },
          { service: 'Service/shop/checkout-canary', exists: true, port: '80', percent: 20, weight: 20, ready: 0, total: 1 },
        ],
      },
    ]);
  });

  it('draws Ingress shop/storefront with its host and paths, a named Service port kept by name', () => {
    const storefront = ingressNode(graph, 'storefront');
    expect(storefront).toMatchObject({ ingressClassName: 'nginx', addresses: ['192.0.2.20'], tlsHosts: [], diagnostics: [] });
    expect(storefront.rules).toEqual([
      { host: 'shop.example.com', path: '/checkout', pathType: 'Prefix', backend: { service: 'Service/shop/checkout', exists: true, port: '80', percent: 100, ready: 2, total: 2 } },
      { host: 'shop.example.com', path: '/', pathType: 'Prefix', backend: { service: 'Service/shop/web', exists: true, port: 'http', percent: 100, ready: 1, total: 1 } },
    ]);
  });

  it('joins Gateway → route by the listener that admits it, and route → Service by share and port', () => {
    expect(edgesTo(graph, 'HTTPRoute/shop/checkout')).toEqual([
      { id: 'Gateway/infra/main>HTTPRoute/shop/checkout', namespace: 'shop', source: 'Gateway/infra/main', target: 'HTTPRoute/shop/checkout', relation: 'attached', label: 'http' },
    ]);
    expect(edgesFrom(graph, 'HTTPRoute/shop/checkout').map(({ target, relation, label }) => ({ target, relation, label }))).toEqual([
      { target: 'Service/shop/checkout', relation: 'backend', label: '80 % :80' },
      { target: 'Service/shop/checkout-canary', relation: 'backend', label: '20 % :80' },
    ]);
    // A route without sectionName attaches through the listeners that admit it: http (All), not internal (Same).
    expect(edgesTo(graph, 'HTTPRoute/shop/granted').map((edge) => edge.label)).toEqual(['http']);
    expect(edgesFrom(graph, 'HTTPRoute/shop/granted').map(({ target, label }) => ({ target, label }))).toEqual([{ target: 'Service/payments/ledger', label: ':80' }]);
  });

  it('joins Ingress → Service labelled with host, path and port', () => {
    expect(edgesFrom(graph, 'Ingress/shop/storefront').map(({ target, relation, label }) => ({ target, relation, label }))).toEqual([
      { target: 'Service/shop/checkout', relation: 'backend', label: 'shop.example.com/checkout → :80' },
      { target: 'Service/shop/web', relation: 'backend', label: 'shop.example.com/ → :http' },
    ]);
  });

  it('draws a route its listener does not admit as not attached, saying why, and RouteNotAttached names the Same-namespace rule', () => {
    const internalOnly = routeNode(graph, 'internal-only');
    expect(internalOnly.parents).toEqual([{ gateway: 'Gateway/infra/main', text: 'infra/main (internal)', attached: false }]);
    const reason = 'listener "internal" of Gateway infra/main allows routes only from its own namespace (Same); this route is in shop';
    expect(edgesTo(graph, 'HTTPRoute/shop/internal-only')).toEqual([
      { id: 'Gateway/infra/main>HTTPRoute/shop/internal-only', namespace: 'shop', source: 'Gateway/infra/main', target: 'HTTPRoute/shop/internal-only', relation: 'attached', label: 'not attached', reason },
    ]);
    expect(codes(internalOnly)).toEqual(['RouteNotAttached']);
    expectDiagnostic(internalOnly, 'RouteNotAttached', {
      message: `HTTPRoute shop/internal-only is not attached to Gateway infra/main: ${reason}.`,
      command: 'kubectl get httproute internal-only -n shop -o yaml',
      objects: ['HTTPRoute/shop/internal-only', 'Gateway/infra/main'],
    });
  });

  it('draws no backend edge to a Service that does not exist or that no ReferenceGrant lets it reach', () => {
    expect(edgesFrom(graph, 'HTTPRoute/shop/broken')).toEqual([]);
    expect(edgesFrom(graph, 'HTTPRoute/shop/cross')).toEqual([]);
    expect(edgesFrom(graph, 'Ingress/shop/legacy')).toEqual([]);
    expect(routeNode(graph, 'broken').rules[0]!.backends).toEqual([{ service: 'shop/checkout-v3', exists: false, port: '80', percent: 100, weight: 1, ready: 0, total: 0 }]);
  });

  it('finds nothing wrong with the healthy objects, and only the unready canary on shop/checkout', () => {
    expect(codes(gatewayNode(graph, 'main'))).toEqual([]);
    expect(codes(routeNode(graph, 'granted'))).toEqual([]);
    expect(codes(ingressNode(graph, 'storefront'))).toEqual([]);
    expect(codes(routeNode(graph, 'checkout'))).toEqual(['SomeBackendsUnready']);
  });

  it('draws one Gateway → route edge for parentRefs to two listeners of one Gateway, labelled with the one that admits it', () => {
    const store = gatewayFixture();
    const checkout = httpRoute(store, 'checkout');
    const [http] = checkout.parentRefs as [Route['parentRefs'][number]];
    write(store, { ...checkout, parentRefs: [http, { ...http, sectionName: 'internal' }] });
    const varied = buildGraph(store);
    expect(edgesTo(varied, 'HTTPRoute/shop/checkout').map(({ label, reason }) => ({ label, reason }))).toEqual([{ label: 'http', reason: undefined }]);
    // The parentRef to internal is refused all the same: the controller would say so for that parent.
    expect(routeNode(varied, 'checkout').parents.map((parent) => parent.attached)).toEqual([true, false]);
    expect(codes(routeNode(varied, 'checkout'))).toEqual(['RouteNotAttached', 'SomeBackendsUnready']);
  });
});

describe('drawn once', () => {
  it('draws a route attached to two Gateways, and a Service two routes send to, once each', () => {
    const store = gatewayFixture();
    const main = store.gateways.get('infra/main')!;
    applyWatchEvent(store, 'gateways', { type: 'ADDED', object: { ...main, name: 'second', uid: 'uid-second', resourceVersion: '1' } });
    const checkout = httpRoute(store, 'checkout');
    const [http] = checkout.parentRefs as [Route['parentRefs'][number]];
    write(store, { ...checkout, parentRefs: [http, { ...http, name: 'second' }] });
    applyWatchEvent(store, 'httproutes', { type: 'ADDED', object: { ...checkout, name: 'checkout-b', uid: 'uid-checkout-b', resourceVersion: '1' } });
    const varied = buildGraph(store);
    expect(varied.nodes.filter((node) => node.id === 'HTTPRoute/shop/checkout')).toHaveLength(1);
    expect(edgesTo(varied, 'HTTPRoute/shop/checkout').map((edge) => `${edge.source} ${edge.label}`).sort()).toEqual(['Gateway/infra/main http', 'Gateway/infra/second http']);
    expect(varied.nodes.filter((node) => node.id === 'Service/shop/checkout')).toHaveLength(1);
    const routesTo = varied.edges.filter((edge) => edge.target === 'Service/shop/checkout' && edge.relation === 'backend').map((edge) => edge.source);
    expect(routesTo.filter((source) => source === 'HTTPRoute/shop/checkout' || source === 'HTTPRoute/shop/checkout-b').sort()).toEqual(['HTTPRoute/shop/checkout', 'HTTPRoute/shop/checkout-b']);
    expect(new Set(varied.nodes.map((node) => node.id)).size).toBe(varied.nodes.length);
    expect(new Set(varied.edges.map((edge) => edge.id)).size).toBe(varied.edges.length);
    // The same, change by change.
    expect(new IncrementalGraph(store).graph()).toEqual(varied);
  });
});

describe('front diagnostics: each fires for its object, with what to do and the kubectl command that shows it', () => {
  const graph = buildGraph(gatewayFixture());

  it('BackendServiceNotFound: a backendRef or Ingress backend to a Service that does not exist', () => {
    expectDiagnostic(routeNode(graph, 'broken'), 'BackendServiceNotFound', {
      message: "HTTPRoute shop/broken sends 100 % of rule 1's traffic to Service shop/checkout-v3, which does not exist.",
      command: 'kubectl get service checkout-v3 -n shop',
    });
    expectDiagnostic(ingressNode(graph, 'legacy'), 'BackendServiceNotFound', {
      message: 'Ingress shop/legacy: a backend is Service shop/storefront-v1, which does not exist.',
      command: 'kubectl get service storefront-v1 -n shop',
    });
    expect(codes(routeNode(graph, 'broken'))).toEqual(['BackendServiceNotFound']);
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('BackendServiceNotFound');
  });

  it('BackendPortNotFound: a port the Service does not expose, by number or (Ingress) by name', () => {
    expectDiagnostic(routeNode(graph, 'wrong-port'), 'BackendPortNotFound', {
      message: 'HTTPRoute shop/wrong-port sends traffic to port 9090 of Service shop/checkout, which exposes only 80.',
      command: "kubectl get service checkout -n shop -o jsonpath='{.spec.ports}'",
      objects: ['HTTPRoute/shop/wrong-port', 'Service/shop/checkout'],
    });
    expect(codes(routeNode(graph, 'wrong-port'))).toEqual(['BackendPortNotFound']);
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('BackendPortNotFound');

    const store = gatewayFixture();
    const storefront = store.ingresses.get('shop/storefront')!;
    const [rule] = storefront.rules as [Ingress['rules'][number]];
    write(store, { ...storefront, rules: [{ ...rule, paths: [rule.paths[0]!, { ...rule.paths[1]!, backend: { service: { name: 'web', port: 'https' } } }] }] });
    expectDiagnostic(ingressNode(buildGraph(store), 'storefront'), 'BackendPortNotFound', {
      message: 'Ingress shop/storefront: a backend is port https of Service shop/web, which exposes only 80 (http).',
      command: "kubectl get service web -n shop -o jsonpath='{.spec.ports}'",
      objects: ['Ingress/shop/storefront', 'Service/shop/web'],
    });
  });

  it('BackendPortNotFound: a Service backendRef with no port at all', () => {
    const store = gatewayFixture();
    const granted = httpRoute(store, 'granted');
    const portless = { ...granted.rules[0]!.backendRefs[0]! };
    delete portless.port;
    write(store, withBackends(granted, [portless]));
    expectDiagnostic(routeNode(buildGraph(store), 'granted'), 'BackendPortNotFound', {
      message: 'HTTPRoute shop/granted names no port for Service payments/ledger (a Service backendRef needs one).',
      command: "kubectl get service ledger -n payments -o jsonpath='{.spec.ports}'",
      objects: ['HTTPRoute/shop/granted', 'Service/payments/ledger'],
    });
  });

  it('BackendNotPermitted: a Service in another namespace with no ReferenceGrant for it there', () => {
    expectDiagnostic(routeNode(graph, 'cross'), 'BackendNotPermitted', {
      message: 'HTTPRoute shop/cross refers to Service payments/api in another namespace, and no ReferenceGrant in payments allows HTTPRoutes from shop.',
      command: 'kubectl get referencegrants -n payments -o yaml',
    });
    expect(codes(routeNode(graph, 'cross'))).toEqual(['BackendNotPermitted']);
    // The grant names ledger: it lets shop's HTTPRoutes reach ledger, not api.
    expect(codes(routeNode(graph, 'granted'))).not.toContain('BackendNotPermitted');
  });

  it('BackendNotPermitted: a ReferenceGrant for another route kind does not permit an HTTPRoute', () => {
    const store = gatewayFixture();
    const grant = store.referencegrants.get('payments/shop-to-ledger')!;
    write(store, { ...grant, from: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'shop' }] });
    expect(codes(routeNode(buildGraph(store), 'granted'))).toEqual(['BackendNotPermitted']);
  });

  it('ReferenceNotVisible: what lies in a namespace svcmap may not read is said to be unknown, not missing', () => {
    // As a user who may list gateways, Services and grants in shop only: the store holds shop's.
    const store = gatewayFixture();
    for (const kind of ['gateways', 'services', 'referencegrants'] as const) {
      for (const object of [...store[kind].values()]) if (object.namespace !== 'shop') remove(store, kind, object);
      setScope(store, kind, new Set(['shop']));
    }
    const varied = buildGraph(store);
    const granted = routeNode(varied, 'granted');
    expect(codes(granted)).toEqual(['ReferenceNotVisible', 'ReferenceNotVisible', 'ReferenceNotVisible']);
    expectDiagnosticMessages(granted, [
      'HTTPRoute shop/granted refers to Gateway infra/main, in a namespace svcmap may not read (it reads gateways in namespace shop only): its attachment is not checked.',
      'HTTPRoute shop/granted refers to the ReferenceGrants of payments, in a namespace svcmap may not read (it reads referencegrants in namespace shop only): whether it may refer to Service payments/ledger is not checked.',
      'HTTPRoute shop/granted refers to Service payments/ledger, in a namespace svcmap may not read (it reads services in namespace shop only): its endpoints are not counted.',
    ]);
    expectDiagnostic({ ...granted, diagnostics: granted.diagnostics.slice(0, 1) }, 'ReferenceNotVisible', {
      message: /refers to Gateway infra\/main, in a namespace svcmap may not read/,
      command: 'kubectl auth can-i list gateways -n infra',
    });
    expect(granted.parents).toEqual([{ gateway: 'Gateway/infra/main', text: 'infra/main (not visible)', attached: false }]);
    // Nothing claims these are missing.
    for (const node of varied.nodes) if ('diagnostics' in node) expect(node.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('RouteNotAttached');
  });

  it('BackendKindUnsupported: a backend that is not a Service is named, not followed', () => {
    const store = gatewayFixture();
    write(store, withBackends(httpRoute(store, 'granted'), [{ group: 'storage.example.com', kind: 'Bucket', namespace: 'shop', name: 'assets', weight: 1 }]));
    const storefront = store.ingresses.get('shop/storefront')!;
    write(store, { ...storefront, defaultBackend: { resource: { kind: 'StorageBucket', name: 'static-assets' } } });
    const varied = buildGraph(store);
    expectDiagnostic(routeNode(varied, 'granted'), 'BackendKindUnsupported', {
      message: 'HTTPRoute shop/granted sends traffic to a Bucket named assets; svcmap follows only Services.',
      command: 'kubectl get httproute granted -n shop -o yaml',
    });
    expect(edgesFrom(varied, 'HTTPRoute/shop/granted')).toEqual([]);
    expectDiagnostic(ingressNode(varied, 'storefront'), 'BackendKindUnsupported', {
      message: 'Ingress shop/storefront: a backend is StorageBucket static-assets; svcmap follows only Services.',
      command: 'kubectl get ingress storefront -n shop -o yaml',
    });
    expect(codes(routeNode(graph, 'granted'))).not.toContain('BackendKindUnsupported');
  });

  it('SomeBackendsUnready: the canary\'s 20 % goes to a Service with no ready endpoint', () => {
    expectDiagnostic(routeNode(graph, 'checkout'), 'SomeBackendsUnready', {
      message: "HTTPRoute shop/checkout sends 20 % of rule 1's traffic to Service shop/checkout-canary, which has 0 ready endpoints.",
      command: 'kubectl get endpointslices -n shop -l kubernetes.io/service-name=checkout-canary',
      objects: ['HTTPRoute/shop/checkout', 'Service/shop/checkout-canary'],
    });
    // Routes to checkout alone (2 ready) are fine.
    expect(codes(routeNode(graph, 'internal-only'))).not.toContain('SomeBackendsUnready');
  });

  it('SomeBackendsUnready: an Ingress path whose Service has no ready endpoint, named by its path', () => {
    const store = gatewayFixture();
    write(store, withReady(slice(store, 'shop/checkout-8xk2q'), [false, false]));
    expectDiagnostic(ingressNode(buildGraph(store), 'storefront'), 'SomeBackendsUnready', {
      message: "Ingress shop/storefront sends 100 % of path shop.example.com/checkout's traffic to Service shop/checkout, which has 0 ready endpoints.",
      command: 'kubectl get endpointslices -n shop -l kubernetes.io/service-name=checkout',
      objects: ['Ingress/shop/storefront', 'Service/shop/checkout'],
    });
  });

  it('AllBackendsUnready: checkout\'s endpoints turn not ready too, so every request through the route fails', () => {
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('AllBackendsUnready');
    const store = gatewayFixture();
    write(store, withReady(slice(store, 'shop/checkout-8xk2q'), [false, false]));
    const varied = buildGraph(store);
    const checkout = routeNode(varied, 'checkout');
    expect(checkout.rules[0]!.backends.map(({ ready, total }) => `${ready}/${total}`)).toEqual(['0/2', '0/1']);
    expect(codes(checkout)).toEqual(['AllBackendsUnready']);
    expectDiagnostic(checkout, 'AllBackendsUnready', {
      message: 'HTTPRoute shop/checkout sends its traffic to Services shop/checkout, shop/checkout-canary, none of which has a ready endpoint.',
      command: 'kubectl get endpointslices -n shop -l kubernetes.io/service-name=checkout',
      objects: ['HTTPRoute/shop/checkout', 'Service/shop/checkout', 'Service/shop/checkout-canary'],
    });
    expectDiagnostic(routeNode(varied, 'internal-only'), 'AllBackendsUnready', {
      message: 'HTTPRoute shop/internal-only → 100 % of traffic goes to Service shop/checkout, which has 0 ready endpoints.',
      command: 'kubectl get endpointslices -n shop -l kubernetes.io/service-name=checkout',
      objects: ['HTTPRoute/shop/internal-only', 'Service/shop/checkout'],
    });
    // ledger is untouched.
    expect(codes(routeNode(varied, 'granted'))).toEqual([]);
  });

  it('AllBackendsUnready: a ready backend of weight 0 gets no traffic and saves no request', () => {
    const store = gatewayFixture();
    write(store, withReady(slice(store, 'shop/checkout-8xk2q'), [false, false]));
    write(store, withReady(slice(store, 'shop/checkout-canary-m4n7z'), [true]));
    const checkout = httpRoute(store, 'checkout');
    const [stable, canary] = checkout.rules[0]!.backendRefs as [Route['rules'][number]['backendRefs'][number], Route['rules'][number]['backendRefs'][number]];
    write(store, withBackends(checkout, [{ ...stable, weight: 100 }, { ...canary, weight: 0 }]));
    expect(codes(routeNode(buildGraph(store), 'checkout'))).toEqual(['AllBackendsUnready']);
  });

  it('NoBackendWeight: a rule whose backends all have weight 0 forwards nothing, and says so', () => {
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('NoBackendWeight');
    const store = gatewayFixture();
    const checkout = httpRoute(store, 'checkout');
    const [stable, canary] = checkout.rules[0]!.backendRefs as [Route['rules'][number]['backendRefs'][number], Route['rules'][number]['backendRefs'][number]];
    write(store, withBackends(checkout, [{ ...stable, weight: 0 }, { ...canary, weight: 0 }]));
    const varied = buildGraph(store);
    const route = routeNode(varied, 'checkout');
    expectDiagnostic(route, 'NoBackendWeight', {
      message: 'HTTPRoute shop/checkout: rule 1 gives weight 0 to every backend (shop/checkout, shop/checkout-canary): the requests it matches are forwarded nowhere.',
      command: 'kubectl get httproute checkout -n shop -o yaml',
      objects: ['HTTPRoute/shop/checkout'],
    });
    // Its backends' readiness no longer matters to the rule: no share goes to them.
    expect(codes(route)).toEqual(['NoBackendWeight']);
    expect(route.rules[0]!.backends.map((backend) => backend.percent)).toEqual([0, 0]);
    // One backend with any weight left takes the rule's whole traffic again.
    write(store, withBackends(checkout, [{ ...stable, weight: 0 }, { ...canary, weight: 1 }]));
    expect(codes(routeNode(buildGraph(store), 'checkout'))).not.toContain('NoBackendWeight');
  });

  it('RouteNotAttached: a parentRef to a Gateway that does not exist, with no edge to draw', () => {
    const store = gatewayFixture();
    const granted = httpRoute(store, 'granted');
    write(store, { ...granted, parentRefs: [{ ...granted.parentRefs[0]!, name: 'edge' }] });
    const varied = buildGraph(store);
    expectDiagnostic(routeNode(varied, 'granted'), 'RouteNotAttached', {
      message: 'HTTPRoute shop/granted is not attached to Gateway infra/edge: Gateway infra/edge does not exist.',
      command: 'kubectl get httproute granted -n shop -o yaml',
    });
    expect(edgesTo(varied, 'HTTPRoute/shop/granted')).toEqual([]);
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('RouteNotAttached');
  });

  it('RouteNotAccepted and RouteRefsNotResolved: what the controller wrote in status.parents', () => {
    const refused = routeNode(graph, 'status-refused');
    expectDiagnostic(refused, 'RouteNotAccepted', {
      message: 'Gateway infra/main did not accept HTTPRoute shop/status-refused: NotAllowedByListeners (No listener allows routes from namespace shop).',
      command: 'kubectl get httproute status-refused -n shop -o yaml',
    });
    expectDiagnostic(refused, 'RouteRefsNotResolved', {
      message: 'Gateway infra/main could not resolve the references of HTTPRoute shop/status-refused: BackendNotFound (service "checkout-v2" not found).',
      command: 'kubectl get httproute status-refused -n shop -o yaml',
    });
    // svcmap's own reading agrees with the controller's.
    expect(codes(refused)).toEqual(['BackendServiceNotFound', 'RouteNotAccepted', 'RouteNotAttached', 'RouteRefsNotResolved']);
    // checkout's status says Accepted and ResolvedRefs True.
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('RouteNotAccepted');
    expect(codes(routeNode(graph, 'checkout'))).not.toContain('RouteRefsNotResolved');
  });

  it('ignores status conditions about an older spec, and parents the spec no longer names', () => {
    const store = gatewayFixture();
    const refused = httpRoute(store, 'status-refused');
    const observed = Math.max(...refused.parents.flatMap((parent) => parent.conditions.map((condition) => condition.observedGeneration ?? 0)));
    // The spec moved on (a newer generation) and the controller has not written status for it yet.
    write(store, { ...refused, generation: observed + 1 });
    expect(codes(routeNode(buildGraph(store), 'status-refused'))).not.toContain('RouteNotAccepted');
    // A parent the spec dropped: its old status is no longer about this route.
    write(store, { ...httpRoute(store, 'status-refused'), generation: observed, parentRefs: [] });
    expect(codes(routeNode(buildGraph(store), 'status-refused'))).not.toContain('RouteRefsNotResolved');
  });

  it('GatewayClassNotFound: a Gateway of a class that does not exist', () => {
    expectDiagnostic(gatewayNode(graph, 'unprogrammed'), 'GatewayClassNotFound', {
      message: 'Gateway infra/unprogrammed names GatewayClass ghost, which does not exist.',
      command: 'kubectl get gatewayclass ghost',
    });
    expect(codes(gatewayNode(graph, 'main'))).toEqual([]);
  });

  it('GatewayClassNotFound: not judged when no GatewayClass is known at all (they may be unreadable)', () => {
    const store = gatewayFixture();
    store.gatewayclasses.clear();
    expect(codes(gatewayNode(buildGraph(store), 'unprogrammed'))).toEqual(['GatewayNotProgrammed']);
  });

  it('GatewayNotProgrammed: no address yet, or its controller says Programmed False', () => {
    expectDiagnostic(gatewayNode(graph, 'unprogrammed'), 'GatewayNotProgrammed', {
      message: 'Gateway infra/unprogrammed has no address: its controller has not programmed it.',
      command: 'kubectl get gateway unprogrammed -n infra -o yaml',
    });
    const store = gatewayFixture();
    const main = store.gateways.get('infra/main')!;
    write(store, { ...main, conditions: main.conditions.map((condition) => (condition.type === 'Programmed' ? { type: 'Programmed', status: 'False', reason: 'AddressNotAssigned', message: 'No addresses have been assigned' } : condition)) });
    expectDiagnostic(gatewayNode(buildGraph(store), 'main'), 'GatewayNotProgrammed', {
      message: 'Gateway infra/main is not programmed (Programmed: False, AddressNotAssigned (No addresses have been assigned)).',
      command: 'kubectl get gateway main -n infra -o yaml',
    });
  });

  it('IngressClassNotFound: a class that does not exist; the old annotation names no object and is not judged', () => {
    expectDiagnostic(ingressNode(graph, 'legacy'), 'IngressClassNotFound', {
      message: 'Ingress shop/legacy names IngressClass traefik, which does not exist.',
      command: 'kubectl get ingressclass',
    });
    expect(codes(ingressNode(graph, 'legacy'))).toEqual(['BackendServiceNotFound', 'IngressClassNotFound']);
    expect(codes(ingressNode(graph, 'storefront'))).toEqual([]);
    const store = gatewayFixture();
    const annotated: Ingress = { ...store.ingresses.get('shop/legacy')!, classAnnotation: 'traefik' };
    delete annotated.ingressClassName;
    write(store, annotated);
    expect(codes(ingressNode(buildGraph(store), 'legacy'))).toEqual(['BackendServiceNotFound']);
    expect(ingressNode(buildGraph(store), 'legacy').ingressClassName).toBe('traefik');
  });

  it('IngressClassNotFound: no class named and none marked default; a default class serves it', () => {
    const store = gatewayFixture();
    const classless: Ingress = { ...store.ingresses.get('shop/storefront')! };
    delete classless.ingressClassName;
    write(store, classless);
    expect(codes(ingressNode(buildGraph(store), 'storefront'))).toEqual([]);
    write(store, { ...store.ingressclasses.get('/nginx')!, isDefault: false });
    expectDiagnostic(ingressNode(buildGraph(store), 'storefront'), 'IngressClassNotFound', {
      message: 'Ingress shop/storefront names no IngressClass and none is marked default: no controller may serve it.',
      command: 'kubectl get ingressclass',
    });
  });

  afterAll(() => {
    expect([...exercised].sort()).toEqual(Object.keys(frontCatalogue).sort());
  });
});

describe('IncrementalGraph follows what stands in front of Services', () => {
  it('follows endpoints, a Service created and a ReferenceGrant deleted, as a rebuild would', () => {
    const store = gatewayFixture();
    const incremental = new IncrementalGraph(store);
    let client = incremental.graph();
    expect(client).toEqual(buildGraph(store));
    const step = (changes: StoreChange[]) => {
      expect(changes).not.toEqual([]);
      const patch = incremental.apply(changes);
      const rebuilt = buildGraph(store);
      expect(incremental.graph()).toEqual(rebuilt);
      client = applyPatch(client, patch);
      expect(client).toEqual(rebuilt);
      return rebuilt;
    };
    const checkoutReady = (graph: Graph) => routeNode(graph, 'checkout').rules[0]!.backends[0]!.ready;

    // One of checkout's endpoints turns not ready: the route's card counts 1 of 2.
    let graph = step(write(store, withReady(slice(store, 'shop/checkout-8xk2q'), [false, true])));
    expect(checkoutReady(graph)).toBe(1);
    expect(codes(routeNode(graph, 'checkout'))).toEqual(['SomeBackendsUnready']);
    expect(incremental.lastRebuilt).toEqual(expect.arrayContaining(['EndpointSlice/shop/checkout-8xk2q', 'Service/shop/checkout', 'HTTPRoute/shop/checkout', 'HTTPRoute/shop/internal-only', 'Ingress/shop/storefront']));
    for (const unrelated of ['Service/shop/web', 'Service/shop/checkout-canary', 'Service/payments/ledger', 'HTTPRoute/shop/granted', 'Gateway/infra/main']) expect(incremental.lastRebuilt).not.toContain(unrelated);

    // The other one too: nothing behind the route is ready.
    graph = step(write(store, withReady(slice(store, 'shop/checkout-8xk2q'), [false, false])));
    expect(checkoutReady(graph)).toBe(0);
    expect(codes(routeNode(graph, 'checkout'))).toEqual(['AllBackendsUnready']);
    expect(incremental.lastRebuilt).toContain('HTTPRoute/shop/checkout');

    // The missing Service is created: shop/broken reaches it (nothing behind it yet).
    expect(codes(routeNode(graph, 'broken'))).toEqual(['BackendServiceNotFound']);
    const checkoutV3 = { ...store.services.get('shop/checkout')!, uid: '5e7c0000-0000-4000-8000-000000000006', name: 'checkout-v3', clusterIP: '10.96.20.4', clusterIPs: ['10.96.20.4'], selector: { app: 'checkout-v3' } };
    graph = step(applyWatchEvent(store, 'services', { type: 'ADDED', object: checkoutV3 }));
    expect(incremental.lastRebuilt).toContain('HTTPRoute/shop/broken');
    expect(codes(routeNode(graph, 'broken'))).not.toContain('BackendServiceNotFound');
    expect(routeNode(graph, 'broken').rules[0]!.backends[0]).toMatchObject({ service: 'Service/shop/checkout-v3', exists: true, ready: 0, total: 0 });
    expect(edgesFrom(graph, 'HTTPRoute/shop/broken').map((edge) => edge.target)).toEqual(['Service/shop/checkout-v3']);

    // The ReferenceGrant is deleted: shop/granted may no longer reach payments/ledger.
    expect(codes(routeNode(graph, 'granted'))).toEqual([]);
    graph = step(remove(store, 'referencegrants', store.referencegrants.get('payments/shop-to-ledger')!));
    expect(codes(routeNode(graph, 'granted'))).toEqual(['BackendNotPermitted']);
    expect(edgesFrom(graph, 'HTTPRoute/shop/granted')).toEqual([]);
  });
});
