import { describe, expect, it } from 'vitest';
import { attachment, hostnameMatches, hostnamesIntersect, intersectHostnames } from './gateway-attach';
import type { Attachment } from './gateway-attach';
import type { Gateway, Listener, ParentRef, Route } from './gateway-objects';

// Objects as gateway-objects.ts trims them from `kubectl get -o yaml`, API defaults filled in.
function listener(name: string, fields: Partial<Listener> = {}): Listener {
  return { name, port: 80, protocol: 'HTTP', from: 'Same', kinds: [], conditions: [], ...fields };
}

function gateway(listeners: Listener[]): Gateway {
  return { kind: 'Gateway', uid: 'gateway-uid', namespace: 'infra', name: 'main', resourceVersion: '1', labels: {}, gatewayClassName: 'envoy', listeners, addresses: [], conditions: [] };
}

function route(fields: Partial<Route> = {}): Route {
  return { kind: 'HTTPRoute', uid: 'route-uid', namespace: 'infra', name: 'web', resourceVersion: '1', labels: {}, parentRefs: [], hostnames: [], rules: [], parents: [], ...fields };
}

function parentRef(fields: Partial<ParentRef> = {}): ParentRef {
  return { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'main', ...fields };
}

const unknownNamespaces = () => undefined;
const names = (result: Attachment) => result.listeners.map((admitting) => admitting.name);

describe('attachment: which listeners a parentRef selects', () => {
  const main = gateway([listener('http'), listener('https', { port: 443, protocol: 'HTTPS' }), listener('admin', { port: 8080 })]);

  it('selects every listener when the parentRef names neither a section nor a port', () => {
    const result = attachment(route(), parentRef(), main, unknownNamespaces);
    expect(names(result)).toEqual(['http', 'https', 'admin']);
    expect(result.reason).toBeUndefined();
  });

  it('selects the listener named by sectionName', () => {
    expect(names(attachment(route(), parentRef({ sectionName: 'https' }), main, unknownNamespaces))).toEqual(['https']);
  });

  it('says which listener names exist when sectionName names none', () => {
    expect(attachment(route(), parentRef({ sectionName: 'web' }), main, unknownNamespaces)).toEqual({
      listeners: [],
      reason: 'Gateway infra/main has no listener named "web" (it has "http", "https", "admin")',
    });
  });

  it('selects the listeners on the parentRef port', () => {
    const twoOnPort80 = gateway([listener('a'), listener('b'), listener('c', { port: 443, protocol: 'HTTPS' })]);
    expect(names(attachment(route(), parentRef({ port: 80 }), twoOnPort80, unknownNamespaces))).toEqual(['a', 'b']);
  });

  it('says which ports exist when no listener is on the parentRef port', () => {
    expect(attachment(route(), parentRef({ port: 9090 }), main, unknownNamespaces).reason).toBe('Gateway infra/main has no listener on port 9090 (its ports: 80, 443, 8080)');
  });

  it('needs both name and port when the parentRef sets both, and says which port the listener is on', () => {
    expect(names(attachment(route(), parentRef({ sectionName: 'https', port: 443 }), main, unknownNamespaces))).toEqual(['https']);
    const web = gateway([listener('web')]);
    expect(attachment(route(), parentRef({ sectionName: 'web', port: 443 }), web, unknownNamespaces)).toEqual({
      listeners: [],
      reason: 'listener "web" of Gateway infra/main is on port 80, the parentRef asks for 443',
    });
  });

  it('says the Gateway does not exist when there is none', () => {
    expect(attachment(route(), parentRef(), undefined, unknownNamespaces)).toEqual({ listeners: [], reason: 'Gateway infra/main does not exist' });
  });

  it('does not evaluate a Service parent (GAMMA mesh routing) and says so', () => {
    const result = attachment(route(), parentRef({ group: '', kind: 'Service', namespace: 'shop', name: 'cart' }), main, unknownNamespaces);
    expect(result.listeners).toEqual([]);
    expect(result.reason).toBe('parentRef Service shop/cart is mesh routing (GAMMA), which svcmap does not evaluate: it maps routes attached to Gateways');
  });

  it('does not evaluate other parent kinds, even a Gateway of another group', () => {
    const listenerSet = attachment(route(), parentRef({ kind: 'ListenerSet' }), main, unknownNamespaces);
    expect(listenerSet.reason).toBe('parentRef ListenerSet.gateway.networking.k8s.io infra/main is not a Gateway (gateway.networking.k8s.io): svcmap evaluates attachment to Gateways only');
    expect(attachment(route(), parentRef({ group: 'example.com' }), main, unknownNamespaces).listeners).toEqual([]);
  });
});

describe('attachment: allowedRoutes.namespaces', () => {
  it('Same admits routes of the Gateway namespace only, and names the route namespace otherwise', () => {
    const same = gateway([listener('http', { from: 'Same' })]);
    expect(names(attachment(route({ namespace: 'infra' }), parentRef(), same, unknownNamespaces))).toEqual(['http']);
    expect(attachment(route({ namespace: 'shop' }), parentRef(), same, unknownNamespaces).reason).toBe(
      'listener "http" of Gateway infra/main allows routes only from its own namespace (Same); this route is in shop',
    );
  });

  it('All admits routes of every namespace', () => {
    const all = gateway([listener('http', { from: 'All' })]);
    expect(names(attachment(route({ namespace: 'shop' }), parentRef(), all, unknownNamespaces))).toEqual(['http']);
  });

  it('Selector admits routes whose namespace labels match, and spells the selector out otherwise', () => {
    const selector = { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'frozen', operator: 'DoesNotExist', values: [] }] };
    const selecting = gateway([listener('http', { from: 'Selector', selector })]);
    const labels = (namespace: string) => ({ shop: { env: 'prod', tier: 'a' }, lab: { env: 'dev', tier: 'a' } })[namespace];
    expect(names(attachment(route({ namespace: 'shop' }), parentRef(), selecting, labels))).toEqual(['http']);
    expect(attachment(route({ namespace: 'lab' }), parentRef(), selecting, labels).reason).toBe(
      'listener "http" of Gateway infra/main allows routes only from namespaces matching env=prod,tier in (a, b),!frozen; namespace lab does not match',
    );
  });

  it('Selector over a namespace svcmap does not know uses the kubernetes.io/metadata.name label the apiserver sets', () => {
    const byName = gateway([listener('http', { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' }, matchExpressions: [] } })]);
    expect(names(attachment(route({ namespace: 'shop' }), parentRef(), byName, unknownNamespaces))).toEqual(['http']);
    const byLabel = gateway([listener('http', { from: 'Selector', selector: { matchLabels: { env: 'prod' }, matchExpressions: [] } })]);
    expect(attachment(route({ namespace: 'shop' }), parentRef(), byLabel, unknownNamespaces).reason).toBe(
      'listener "http" of Gateway infra/main allows routes only from namespaces matching env=prod; namespace shop is unknown to svcmap (Namespace not watched) and its name alone does not match',
    );
  });

  it('Selector without a selector admits nothing, and says so', () => {
    const broken = gateway([listener('http', { from: 'Selector' })]);
    expect(attachment(route(), parentRef(), broken, unknownNamespaces).reason).toBe('listener "http" of Gateway infra/main allows routes from namespaces by selector (Selector) but sets no selector');
  });
});

describe('attachment: allowedRoutes.kinds', () => {
  it('admits only the listed kinds when kinds is set', () => {
    const grpcOnly = gateway([listener('http', { kinds: ['GRPCRoute'] })]);
    expect(names(attachment(route({ kind: 'GRPCRoute' }), parentRef(), grpcOnly, unknownNamespaces))).toEqual(['http']);
    expect(attachment(route({ kind: 'HTTPRoute' }), parentRef(), grpcOnly, unknownNamespaces).reason).toBe('listener "http" of Gateway infra/main allows kinds GRPCRoute, not HTTPRoute');
  });

  it('admits the kinds the protocol carries when kinds is empty: HTTP(S) HTTPRoute and GRPCRoute, TLS TLSRoute, TCP TCPRoute, UDP UDPRoute', () => {
    const byProtocol = gateway([
      listener('http', { protocol: 'HTTP', port: 80 }),
      listener('https', { protocol: 'HTTPS', port: 443 }),
      listener('tls', { protocol: 'TLS', port: 8443 }),
      listener('tcp', { protocol: 'TCP', port: 5432 }),
      listener('udp', { protocol: 'UDP', port: 53 }),
    ]);
    const admitting = (kind: Route['kind']) => names(attachment(route({ kind }), parentRef(), byProtocol, unknownNamespaces));
    expect(admitting('HTTPRoute')).toEqual(['http', 'https']);
    expect(admitting('GRPCRoute')).toEqual(['http', 'https']);
    expect(admitting('TLSRoute')).toEqual(['tls']);
    expect(admitting('TCPRoute')).toEqual(['tcp']);
    expect(admitting('UDPRoute')).toEqual(['udp']);
  });

  it('says which kinds the protocol carries when it does not carry the route kind', () => {
    const tls = gateway([listener('tls', { protocol: 'TLS', port: 443 })]);
    expect(attachment(route(), parentRef(), tls, unknownNamespaces).reason).toBe('listener "tls" of Gateway infra/main is TLS, which carries TLSRoute, not HTTPRoute');
    // A listed kind the protocol cannot carry is invalid (InvalidRouteKinds): still refused.
    const tcpListingHttp = gateway([listener('tcp', { protocol: 'TCP', kinds: ['HTTPRoute'] })]);
    expect(attachment(route(), parentRef(), tcpListingHttp, unknownNamespaces).reason).toBe('listener "tcp" of Gateway infra/main is TCP, which carries TCPRoute, not HTTPRoute');
  });

  it('admits a route on an implementation-specific protocol only through allowedRoutes.kinds', () => {
    const custom = (kinds: string[]) => gateway([listener('custom', { protocol: 'example.com/quic', kinds })]);
    expect(names(attachment(route(), parentRef(), custom(['HTTPRoute']), unknownNamespaces))).toEqual(['custom']);
    expect(attachment(route(), parentRef(), custom([]), unknownNamespaces).reason).toBe(
      'listener "custom" of Gateway infra/main uses protocol example.com/quic, which carries no standard route kind; allowedRoutes.kinds would have to name HTTPRoute',
    );
  });
});

describe('attachment: hostnames', () => {
  it('a route without hostnames attaches to a listener with one', () => {
    expect(names(attachment(route(), parentRef(), gateway([listener('http', { hostname: 'shop.example.com' })]), unknownNamespaces))).toEqual(['http']);
  });

  it('a listener without hostname admits every route hostname', () => {
    expect(names(attachment(route({ hostnames: ['a.example.com'] }), parentRef(), gateway([listener('http')]), unknownNamespaces))).toEqual(['http']);
  });

  it('a route attaches when one of its hostnames intersects the listener hostname', () => {
    const wildcard = gateway([listener('http', { hostname: '*.example.com' })]);
    expect(names(attachment(route({ hostnames: ['shop.example.org', 'a.b.example.com'] }), parentRef(), wildcard, unknownNamespaces))).toEqual(['http']);
  });

  it('names the route hostnames and the listener hostname when none intersects', () => {
    const other = gateway([listener('http', { hostname: '*.other.com' })]);
    expect(attachment(route({ hostnames: ['a.example.com'] }), parentRef(), other, unknownNamespaces)).toEqual({
      listeners: [],
      reason: 'listener "http" of Gateway infra/main has hostname *.other.com, which no hostname of the route (a.example.com) matches',
    });
  });

  it('ignores the hostname of a TCP listener, which matches no hostnames', () => {
    const tcp = gateway([listener('tcp', { protocol: 'TCP', hostname: 'db.example.com' })]);
    expect(names(attachment(route({ kind: 'TCPRoute', hostnames: ['other.example.org'] }), parentRef(), tcp, unknownNamespaces))).toEqual(['tcp']);
  });

  it('a TLS listener hostname applies to TLSRoute hostnames', () => {
    const tls = gateway([listener('tls', { protocol: 'TLS', hostname: 'db.example.com' })]);
    expect(names(attachment(route({ kind: 'TLSRoute', hostnames: ['db.example.com'] }), parentRef(), tls, unknownNamespaces))).toEqual(['tls']);
    expect(attachment(route({ kind: 'TLSRoute', hostnames: ['cache.example.com'] }), parentRef(), tls, unknownNamespaces).listeners).toEqual([]);
  });
});

describe('attachment: several listeners', () => {
  it('returns the listeners that admit the route, without a reason, when others refuse it', () => {
    const two = gateway([listener('a', { hostname: 'a.example.com' }), listener('b', { hostname: 'b.example.com' })]);
    expect(attachment(route({ hostnames: ['b.example.com'] }), parentRef(), two, unknownNamespaces)).toEqual({ listeners: [two.listeners[1]] });
  });

  it('gives every listener reason when all refuse', () => {
    const two = gateway([listener('http'), listener('grpc', { from: 'All', kinds: ['GRPCRoute'] })]);
    expect(attachment(route({ namespace: 'shop' }), parentRef(), two, unknownNamespaces).reason).toBe(
      'listener "http" of Gateway infra/main allows routes only from its own namespace (Same); this route is in shop; ' +
        'listener "grpc" of Gateway infra/main allows kinds GRPCRoute, not HTTPRoute',
    );
  });
});

describe('hostnameMatches (Gateway API hostnames)', () => {
  it('an exact hostname matches itself only, case-insensitively', () => {
    expect(hostnameMatches('shop.example.com', 'shop.example.com')).toBe(true);
    expect(hostnameMatches('shop.example.com', 'Shop.Example.com')).toBe(true);
    expect(hostnameMatches('shop.example.com', 'a.shop.example.com')).toBe(false);
  });

  it('a wildcard matches one or more labels before its suffix, unlike Ingress, but not the suffix itself', () => {
    expect(hostnameMatches('*.example.com', 'www.example.com')).toBe(true);
    expect(hostnameMatches('*.example.com', 'sub.domain.example.com')).toBe(true);
    expect(hostnameMatches('*.com', 'www.example.com')).toBe(true);
    expect(hostnameMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostnameMatches('*.example.com', '.example.com')).toBe(false);
    expect(hostnameMatches('*.example.com', 'wwwexample.com')).toBe(false);
    expect(hostnameMatches('*.example.com', 'www.example.org')).toBe(false);
  });

  it('* matches every host', () => {
    expect(hostnameMatches('*', 'anything.example')).toBe(true);
  });
});

describe('intersectHostnames and hostnamesIntersect', () => {
  // The table of https://gateway-api.sigs.k8s.io/concepts/hostnames/#hostname-intersection.
  it.each([
    ['www.example.com', 'www.example.com', 'www.example.com'],
    ['*.example.com', 'www.example.com', 'www.example.com'],
    ['*.example.com', 'sub.domain.example.com', 'sub.domain.example.com'],
    ['www.example.com', '*.example.com', 'www.example.com'],
    ['sub.domain.example.com', '*.example.com', 'sub.domain.example.com'],
    ['*.example.com', '*.example.com', '*.example.com'],
    ['*.com', '*.example.com', '*.example.com'],
    ['*.example.com', '*.com', '*.example.com'],
    [undefined, 'www.example.com', 'www.example.com'],
    ['www.example.com', undefined, 'www.example.com'],
    [undefined, undefined, '*'],
  ])('listener %s and route %s intersect in %s', (listenerHostname, routeHostname, intersected) => {
    expect(intersectHostnames(routeHostname, listenerHostname)).toBe(intersected);
    if (routeHostname !== undefined) expect(hostnamesIntersect(routeHostname, listenerHostname)).toBe(true);
  });

  it.each([
    ['www.example.com', 'foo.example.com'],
    ['*.example.com', 'example.com'],
    ['*.example.com', 'test.example.net'],
    ['*.a.example.com', '*.b.example.com'],
  ])('listener %s and route %s do not intersect', (listenerHostname, routeHostname) => {
    expect(intersectHostnames(routeHostname, listenerHostname)).toBeUndefined();
    expect(hostnamesIntersect(routeHostname, listenerHostname)).toBe(false);
  });
});
