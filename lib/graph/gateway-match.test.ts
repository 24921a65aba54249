import { describe, expect, it } from 'vitest';
import type { Gateway, Ingress, Listener, Route, RouteMatch } from './gateway-objects';
import type { UrlMatch, UrlMatchInput } from './gateway-match';
import { parseUrlQuery } from './url-query';
import { compareKeys, describeIngressPath, describeMatch, ingressHostMatches, pathPrefixMatches, resolveUrl, rulePrecedence } from './gateway-match';

// Objects as gateway-objects.ts trims them from `kubectl get -o yaml`, API defaults filled in.
function listener(name: string, fields: Partial<Listener> = {}): Listener {
  return { name, port: 80, protocol: 'HTTP', from: 'All', kinds: [], conditions: [], ...fields };
}

function gateway(listeners: Listener[], name = 'main'): Gateway {
  return { kind: 'Gateway', uid: `gateway-${name}`, namespace: 'infra', name, resourceVersion: '1', labels: {}, gatewayClassName: 'envoy', listeners, addresses: [], conditions: [] };
}

/** An HTTPRoute in infra attached to Gateway infra/main, one rule per list of matches. */
function route(name: string, rules: RouteMatch[][], fields: Partial<Route> = {}): Route {
  return {
    kind: 'HTTPRoute',
    uid: `route-${name}`,
    namespace: 'infra',
    name,
    resourceVersion: '1',
    labels: {},
    creationTimestamp: '2025-01-01T00:00:00Z',
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'main' }],
    hostnames: [],
    rules: rules.map((matches) => ({ matches, filters: [], backendRefs: [{ group: '', kind: 'Service', namespace: 'infra', name, port: 80, weight: 1 }] })),
    parents: [],
    ...fields,
  };
}

function match(fields: Partial<RouteMatch> = {}): RouteMatch {
  return { headers: [], queryParams: [], ...fields };
}
const exact = (value: string, fields: Partial<RouteMatch> = {}) => match({ path: { type: 'Exact', value }, ...fields });
const prefix = (value: string, fields: Partial<RouteMatch> = {}) => match({ path: { type: 'PathPrefix', value }, ...fields });
const regex = (value: string) => match({ path: { type: 'RegularExpression', value } });
const header = (name: string, value: string) => ({ type: 'Exact', name, value });

function ingress(name: string, fields: Partial<Ingress> = {}): Ingress {
  return { kind: 'Ingress', uid: `ingress-${name}`, namespace: 'shop', name, resourceVersion: '1', labels: {}, creationTimestamp: '2025-01-01T00:00:00Z', rules: [], tlsHosts: [], addresses: [], ...fields };
}
const backend = { service: { name: 'web', port: 80 } };
const path = (value: string, pathType = 'Prefix') => ({ path: value, pathType, backend });

const input = (fields: Partial<UrlMatchInput>): UrlMatchInput => ({ gateways: [], routes: [], ingresses: [], namespaceLabels: () => undefined, ...fields });

/** A match as `route rule.match [conditions]` or `ingress rule.path`, for order assertions. */
function summary(matches: UrlMatch[]): string[] {
  return matches.map((found) => {
    const conditions = found.conditions.length > 0 ? ` [${found.conditions.join('; ')}]` : '';
    return found.via === 'Gateway'
      ? `${found.route.name}@${found.listener.name} ${found.ruleIndex}.${found.matchIndex}${conditions}`
      : `${found.ingress.name} ${found.ruleIndex}.${found.pathIndex}${conditions}`;
  });
}

const resolve = (text: string, fields: Partial<UrlMatchInput>) => summary(resolveUrl(parseUrlQuery(text)!, input(fields)));
const web = gateway([listener('http')]);

describe('parseUrlQuery', () => {
  it.each([
    ['shop.example.com/checkout', { host: 'shop.example.com', path: '/checkout' }],
    ['shop.example.com', { host: 'shop.example.com', path: '/' }],
    ['https://shop.example.com:8443/checkout?x=1#y', { host: 'shop.example.com', path: '/checkout', port: 8443, scheme: 'https' }],
    ['http://10.0.0.1/', { host: '10.0.0.1', path: '/', scheme: 'http' }],
    ['HTTPS://Shop.Example.COM/Checkout', { host: 'shop.example.com', path: '/Checkout', scheme: 'https' }],
    ['  shop.example.com/a?b=c  ', { host: 'shop.example.com', path: '/a' }],
    ['shop.example.com.:80#top', { host: 'shop.example.com', path: '/', port: 80 }],
    ['localhost:3000/api', { host: 'localhost', path: '/api', port: 3000 }],
    ['localhost', { host: 'localhost', path: '/' }],
    ['http://web/healthz', { host: 'web', path: '/healthz', scheme: 'http' }],
    ['https://admin@shop.example.com/', { host: 'shop.example.com', path: '/', scheme: 'https' }],
    ['10.244.1.5/healthz', { host: '10.244.1.5', path: '/healthz' }],
    ['10.244.1.5:8080', { host: '10.244.1.5', path: '/', port: 8080 }],
    ['[fd00::1]:8080/x', { host: 'fd00::1', path: '/x', port: 8080 }],
  ])('reads %s as a URL', (text, expected) => {
    expect(parseUrlQuery(text)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['web', 'a name without a dot'],
    ['checkout/web', 'a namespace/name'],
    ['app=web', 'a label selector'],
    ['app=web,tier=front', 'a label selector'],
    ['app.kubernetes.io/name=web', 'a label selector with a prefixed key'],
    ['kubernetes.io/service-name=checkout', 'a label selector with a prefixed key'],
    ['tier in (a,b)', 'a set-based selector'],
    ['shop example.com', 'spaces'],
    ['10.244.1.5', 'a bare IP, which the page searches as an address'],
    ['[fd00::1]', 'a bare IPv6 address'],
    ['ftp://files.example.com/', 'a scheme other than http(s)'],
    ['*.example.com', 'a wildcard'],
    ['1.2.3', 'a version'],
    ['300.1.1.1/x', 'an address out of range'],
    ['someone@example.com', 'an e-mail address'],
    ['shop.example.com:99999', 'a port out of range'],
    ['shop.example.com:0/', 'port 0'],
  ])('returns null for %s (%s)', (text) => {
    expect(parseUrlQuery(text)).toBeNull();
  });
});

describe('pathPrefixMatches', () => {
  it('matches element by element: /foo matches /foo and /foo/bar, not /foobar', () => {
    expect(pathPrefixMatches('/foo', '/foo')).toBe(true);
    expect(pathPrefixMatches('/foo', '/foo/')).toBe(true);
    expect(pathPrefixMatches('/foo', '/foo/bar')).toBe(true);
    expect(pathPrefixMatches('/foo', '/foobar')).toBe(false);
    expect(pathPrefixMatches('/foo', '/Foo')).toBe(false);
  });

  it('ignores a trailing slash of the prefix, and / matches every path', () => {
    expect(pathPrefixMatches('/foo/', '/foo')).toBe(true);
    expect(pathPrefixMatches('/foo/', '/foobar')).toBe(false);
    expect(pathPrefixMatches('/', '/anything/at/all')).toBe(true);
  });
});

describe('resolveUrl: HTTPRoute path precedence', () => {
  it('puts Exact before PathPrefix and a longer prefix before a shorter one', () => {
    const routes = [route('root', [[prefix('/')]]), route('api', [[prefix('/api')]]), route('z-exact', [[exact('/api/v1')]]), route('v1', [[prefix('/api/v1')]])];
    expect(resolve('shop.example.com/api/v1', { gateways: [web], routes })).toEqual(['z-exact@http 0.0', 'v1@http 0.0', 'api@http 0.0', 'root@http 0.0']);
  });

  it('matches PathPrefix element-wise and Exact exactly', () => {
    const routes = [route('foo', [[prefix('/foo')]]), route('exact', [[exact('/foobar/')]])];
    expect(resolve('shop.example.com/foobar', { gateways: [web], routes })).toEqual([]);
    expect(resolve('shop.example.com/foo/bar', { gateways: [web], routes })).toEqual(['foo@http 0.0']);
  });

  it('puts RegularExpression after prefixes and never runs it: the match is flagged as undecided', () => {
    const routes = [route('pattern', [[regex('/api/v[0-9]+')]]), route('root', [[prefix('/')]])];
    expect(resolve('shop.example.com/api/v2', { gateways: [web], routes })).toEqual(['root@http 0.0', 'pattern@http 0.0 [path matching /api/v[0-9]+ (a regular expression: svcmap does not evaluate it)]']);
  });

  it('flags, without running them, a pattern that would backtrack for ever in JavaScript and one it cannot compile', () => {
    const found = resolve(`shop.example.com/${'a'.repeat(40)}!`, { gateways: [web], routes: [route('evil', [[regex('/(a+)+$')]]), route('broken', [[regex('/a(')]])] });
    expect(found).toHaveLength(2);
    expect(found.every((line) => line.includes('svcmap does not evaluate it'))).toBe(true);
  });

  it('reads a rule without matches, and a match without path, as PathPrefix /', () => {
    const routes = [route('bare', [[]]), route('headerOnly', [[match({ headers: [header('x-canary', 'true')] })]])];
    expect(resolve('shop.example.com/anything', { gateways: [web], routes })).toEqual(['headerOnly@http 0.0 [header x-canary: true]', 'bare@http 0.-1']);
  });

  it('at equal path, puts a method match first, then more header matches, then more query param matches, flagging each', () => {
    const rules = [
      [prefix('/', { queryParams: [{ type: 'Exact', name: 'debug', value: '1' }] })],
      [prefix('/', { headers: [header('x-canary', 'true')] })],
      [prefix('/', { headers: [header('x-canary', 'true'), { type: 'RegularExpression', name: 'x-user', value: '^a.*' }] })],
      [prefix('/', { method: 'POST' })],
      [prefix('/')],
    ];
    expect(resolve('shop.example.com/', { gateways: [web], routes: [route('web', rules)] })).toEqual([
      'web@http 3.0 [method POST]',
      'web@http 2.0 [header x-canary: true; header x-user matching ^a.*]',
      'web@http 1.0 [header x-canary: true]',
      'web@http 0.0 [query debug=1]',
      'web@http 4.0',
    ]);
  });

  it('keeps a conditional match before an unconditional one of lower precedence', () => {
    const routes = [route('canary', [[exact('/checkout', { headers: [header('x-canary', 'true')] })]]), route('stable', [[prefix('/checkout')]])];
    expect(resolve('shop.example.com/checkout', { gateways: [web], routes })).toEqual(['canary@http 0.0 [header x-canary: true]', 'stable@http 0.0']);
  });

  it('breaks ties by the oldest route, then namespace/name, then rule and match order', () => {
    const routes = [
      route('b-old', [[prefix('/')]], { creationTimestamp: '2024-06-01T00:00:00Z' }),
      route('c-new', [[prefix('/')]], { creationTimestamp: '2025-06-01T00:00:00Z' }),
      route('a-new', [[prefix('/')]], { creationTimestamp: '2025-06-01T00:00:00Z' }),
      route('two-rules', [[prefix('/x'), prefix('/')], [prefix('/')]], { creationTimestamp: '2026-01-01T00:00:00Z' }),
      route('unknown-age', [[prefix('/')]], { creationTimestamp: undefined }),
    ];
    expect(resolve('shop.example.com/', { gateways: [web], routes })).toEqual([
      'b-old@http 0.0',
      'a-new@http 0.0',
      'c-new@http 0.0',
      'two-rules@http 0.1',
      'two-rules@http 1.0',
      'unknown-age@http 0.0',
    ]);
  });
});

describe('resolveUrl: hostnames', () => {
  it('puts an exact route hostname before a wildcard one, and a longer wildcard before a shorter, before comparing paths', () => {
    const routes = [
      route('short-wildcard', [[exact('/checkout')]], { hostnames: ['*.com'] }),
      route('wildcard', [[exact('/checkout')]], { hostnames: ['*.example.com'] }),
      route('exact-host', [[prefix('/')]], { hostnames: ['shop.example.com'] }),
      route('any-host', [[exact('/checkout')]]),
    ];
    expect(resolve('shop.example.com/checkout', { gateways: [web], routes })).toEqual(['exact-host@http 0.0', 'wildcard@http 0.0', 'short-wildcard@http 0.0', 'any-host@http 0.0']);
  });

  it('matches a route by any of its hostnames, and not when none matches the host', () => {
    const routes = [route('two', [[prefix('/')]], { hostnames: ['www.example.org', 'shop.example.com'] }), route('other', [[prefix('/')]], { hostnames: ['api.example.com'] })];
    expect(resolve('shop.example.com', { gateways: [web], routes })).toEqual(['two@http 0.0']);
  });

  it('ranks a route by its hostname intersected with the listener hostname', () => {
    // On listener shop.example.com, a route without hostnames and a *.example.com route both serve shop.example.com: the path decides.
    const specific = gateway([listener('shop', { hostname: 'shop.example.com' })]);
    const routes = [route('inherits', [[prefix('/')]]), route('wildcard', [[exact('/')]], { hostnames: ['*.example.com'] })];
    expect(resolve('shop.example.com/', { gateways: [specific], routes })).toEqual(['wildcard@shop 0.0', 'inherits@shop 0.0']);
    // On listener *.example.com, the route without hostnames serves *.example.com, after an exact route hostname.
    const wildcard = gateway([listener('any', { hostname: '*.example.com' })]);
    const exactRoute = route('exact-host', [[prefix('/')]], { hostnames: ['shop.example.com'] });
    expect(resolve('shop.example.com/', { gateways: [wildcard], routes: [route('inherits', [[exact('/')]]), exactRoute] })).toEqual(['exact-host@any 0.0', 'inherits@any 0.0']);
  });

  it('matches Gateway wildcards across several labels', () => {
    const wildcard = gateway([listener('http', { hostname: '*.example.com' })]);
    expect(resolve('a.shop.example.com/', { gateways: [wildcard], routes: [route('web', [[prefix('/')]])] })).toEqual(['web@http 0.0']);
    expect(resolve('example.com/', { gateways: [wildcard], routes: [route('web', [[prefix('/')]])] })).toEqual([]);
  });
});

describe('resolveUrl: listeners', () => {
  const ports = gateway([listener('http'), listener('https', { port: 443, protocol: 'HTTPS' }), listener('alt', { port: 8080 }), listener('tls', { port: 8443, protocol: 'TLS', kinds: ['HTTPRoute'] })]);
  const routes = [route('web', [[prefix('/')]])];

  it('takes the listener on the URL port, or the scheme default port, or any HTTP(S) port without either', () => {
    expect(resolve('shop.example.com:8080/', { gateways: [ports], routes })).toEqual(['web@alt 0.0']);
    expect(resolve('http://shop.example.com/', { gateways: [ports], routes })).toEqual(['web@http 0.0']);
    expect(resolve('https://shop.example.com/', { gateways: [ports], routes })).toEqual(['web@https 0.0']);
    expect(resolve('shop.example.com/', { gateways: [ports], routes })).toEqual(['web@alt 0.0', 'web@http 0.0', 'web@https 0.0']);
    expect(resolve('shop.example.com:9090/', { gateways: [ports], routes })).toEqual([]);
  });

  it('sends the host only to the most specific listener hostname of a port, even when its routes do not match the path', () => {
    const split = gateway([listener('specific', { hostname: 'shop.example.com' }), listener('wildcard', { hostname: '*.example.com' })]);
    const parent = (sectionName: string) => [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'main', sectionName }];
    const onBoth = [route('specific', [[exact('/specific')]], { parentRefs: parent('specific') }), route('catch-all', [[prefix('/')]], { parentRefs: parent('wildcard') })];
    expect(resolve('shop.example.com/other', { gateways: [split], routes: onBoth })).toEqual([]);
    expect(resolve('shop.example.com/specific', { gateways: [split], routes: onBoth })).toEqual(['specific@specific 0.0']);
    expect(resolve('cart.example.com/other', { gateways: [split], routes: onBoth })).toEqual(['catch-all@wildcard 0.0']);
  });

  it('skips routes the listener does not admit, and routes of other Gateways', () => {
    const sameOnly = gateway([listener('http', { from: 'Same' })]);
    const elsewhere = route('elsewhere', [[prefix('/')]], { namespace: 'shop' });
    const otherGateway = route('other', [[prefix('/')]], { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'edge' }] });
    expect(resolve('shop.example.com/', { gateways: [sameOnly], routes: [elsewhere, otherGateway, route('home', [[prefix('/')]])] })).toEqual(['home@http 0.0']);
  });

  it('reports a route attached to two Gateways once per Gateway', () => {
    const parents = ['main', 'edge'].map((name) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name }));
    const matches = resolveUrl(parseUrlQuery('shop.example.com/')!, input({ gateways: [web, gateway([listener('http')], 'edge')], routes: [route('web', [[prefix('/')]], { parentRefs: parents })] }));
    expect(matches.map((found) => (found.via === 'Gateway' ? found.gateway.name : ''))).toEqual(['edge', 'main']);
  });

  it('ignores TLS, TCP and UDP routes', () => {
    const tls = route('tls', [[]], { kind: 'TLSRoute' });
    expect(resolve('shop.example.com/', { gateways: [web], routes: [tls, { ...route('tcp', [[]]), kind: 'TCPRoute' }] })).toEqual([]);
  });
});

describe('resolveUrl: GRPCRoute', () => {
  const grpc = (name: string, rules: RouteMatch[][]) => route(name, rules, { kind: 'GRPCRoute' });
  const method = (service?: string, name?: string, type = 'Exact') => match({ grpcMethod: { type, ...(service ? { service } : {}), ...(name ? { method: name } : {}) } });

  it('matches a /service/method path by grpcMethod, service and method before service only before any method', () => {
    const routes = [grpc('any', [[]]), grpc('service', [[method('shop.Cart')]]), grpc('exact', [[method('shop.Cart', 'Get')]]), grpc('other', [[method('shop.Cart', 'Put')]])];
    expect(resolve('grpc.example.com/shop.Cart/Get', { gateways: [web], routes })).toEqual(['exact@http 0.0', 'service@http 0.0', 'any@http 0.-1']);
  });

  it('flags a RegularExpression grpcMethod as undecided instead of running it', () => {
    expect(resolve('grpc.example.com/shop.Cart/GetItem', { gateways: [web], routes: [grpc('pattern', [[method('shop\\..*', 'Get.*', 'RegularExpression')]])] })).toEqual([
      'pattern@http 0.0 [gRPC method shop\\..*/Get.* (a regular expression: svcmap does not evaluate it)]',
    ]);
  });

  it('flags a grpcMethod match when the path is not /service/method', () => {
    expect(resolve('grpc.example.com/', { gateways: [web], routes: [grpc('exact', [[method('shop.Cart', 'Get')]])] })).toEqual(['exact@http 0.0 [gRPC method shop.Cart/Get]']);
  });
});

describe('ingressHostMatches', () => {
  it('an Ingress wildcard matches exactly one label, unlike a Gateway wildcard', () => {
    expect(ingressHostMatches('*.example.com', 'shop.example.com')).toBe(true);
    expect(ingressHostMatches('*.example.com', 'a.shop.example.com')).toBe(false);
    expect(ingressHostMatches('*.example.com', 'example.com')).toBe(false);
    expect(ingressHostMatches('*.example.com', '.example.com')).toBe(false);
  });

  it('an exact host matches itself, and a rule without host every host', () => {
    expect(ingressHostMatches('shop.example.com', 'shop.example.com')).toBe(true);
    expect(ingressHostMatches('shop.example.com', 'cart.example.com')).toBe(false);
    expect(ingressHostMatches(undefined, 'anything.example')).toBe(true);
  });
});

describe('resolveUrl: Ingress', () => {
  it('puts host-specific rules before host-less ones, an exact host before a wildcard', () => {
    const ingresses = [
      ingress('any', { rules: [{ paths: [path('/checkout')] }] }),
      ingress('wildcard', { rules: [{ host: '*.example.com', paths: [path('/')] }] }),
      ingress('exact', { rules: [{ host: 'shop.example.com', paths: [path('/')] }] }),
    ];
    expect(resolve('shop.example.com/checkout', { ingresses })).toEqual(['exact 0.0', 'wildcard 0.0', 'any 0.0']);
  });

  it('does not match a wildcard rule two labels deep', () => {
    expect(resolve('a.shop.example.com/', { ingresses: [ingress('wildcard', { rules: [{ host: '*.example.com', paths: [path('/')] }] })] })).toEqual([]);
  });

  it('puts the longest path first, and Exact before Prefix at equal length', () => {
    const paths = [path('/'), path('/api'), path('/api/v1', 'Prefix'), path('/api/v1', 'ImplementationSpecific'), path('/api/v1', 'Exact')];
    expect(resolve('shop.example.com/api/v1', { ingresses: [ingress('web', { rules: [{ paths }] })] })).toEqual(['web 0.4', 'web 0.2', 'web 0.3', 'web 0.1', 'web 0.0']);
  });

  it('matches Prefix element-wise, Exact case-sensitively and ImplementationSpecific as Prefix', () => {
    const paths = [path('/foo'), path('/Bar', 'Exact'), path('/baz/', 'ImplementationSpecific')];
    const resolveIn = (text: string) => resolve(text, { ingresses: [ingress('web', { rules: [{ paths }] })] });
    expect(resolveIn('shop.example.com/foobar')).toEqual([]);
    expect(resolveIn('shop.example.com/foo/bar')).toEqual(['web 0.0']);
    expect(resolveIn('shop.example.com/bar')).toEqual([]);
    expect(resolveIn('shop.example.com/Bar')).toEqual(['web 0.1']);
    expect(resolveIn('shop.example.com/baz')).toEqual(['web 0.2']);
  });

  it('sends a URL no path matches to the defaultBackend, after every path match of other Ingresses', () => {
    const withDefault = ingress('with-default', { defaultBackend: backend, rules: [{ host: 'shop.example.com', paths: [path('/api')] }] });
    const catchAll = ingress('catch-all', { rules: [{ paths: [path('/')] }] });
    expect(resolve('shop.example.com/checkout', { ingresses: [withDefault, catchAll] })).toEqual(['catch-all 0.0', 'with-default -1.-1']);
    expect(resolve('shop.example.com/api', { ingresses: [withDefault, catchAll] })).toEqual(['with-default 0.0', 'catch-all 0.0']);
    expect(resolve('other.example.com/', { ingresses: [ingress('only-default', { defaultBackend: backend })] })).toEqual(['only-default -1.-1']);
  });

  it('breaks ties across Ingresses by the oldest, then namespace/name', () => {
    const rules = [{ host: 'shop.example.com', paths: [path('/')] }];
    const ingresses = [
      ingress('c', { rules, creationTimestamp: '2025-03-01T00:00:00Z' }),
      ingress('b', { rules, creationTimestamp: '2025-03-01T00:00:00Z' }),
      ingress('a', { rules, creationTimestamp: '2025-05-01T00:00:00Z' }),
      ingress('old', { rules, creationTimestamp: '2024-01-01T00:00:00Z' }),
    ];
    expect(resolve('shop.example.com/', { ingresses })).toEqual(['old 0.0', 'b 0.0', 'c 0.0', 'a 0.0']);
  });
});

describe('resolveUrl: Gateway API and Ingress together', () => {
  it('orders by hostname specificity across both, Gateway API first on equal hostnames', () => {
    const routes = [route('any-host', [[prefix('/')]]), route('exact-host', [[prefix('/')]], { hostnames: ['shop.example.com'] })];
    const ingresses = [ingress('exact-ingress', { rules: [{ host: 'shop.example.com', paths: [path('/')] }] }), ingress('any-ingress', { rules: [{ paths: [path('/')] }] })];
    expect(resolve('shop.example.com/', { gateways: [web], routes, ingresses })).toEqual(['exact-host@http 0.0', 'exact-ingress 0.0', 'any-host@http 0.0', 'any-ingress 0.0']);
  });
});

describe('describeMatch and describeIngressPath', () => {
  it.each<[RouteMatch, string]>([
    [prefix('/checkout'), 'PathPrefix /checkout'],
    [exact('/api', { headers: [header('x-canary', 'true')], method: 'GET' }), 'Exact /api · header x-canary=true · GET'],
    [match(), 'PathPrefix /'],
    [regex('/v[0-9]+'), 'RegularExpression /v[0-9]+'],
    [match({ headers: [{ type: 'RegularExpression', name: 'x-user', value: '^a' }], queryParams: [{ type: 'Exact', name: 'q', value: '1' }] }), 'PathPrefix / · header x-user~^a · query q=1'],
    [match({ grpcMethod: { type: 'Exact', service: 'shop.Cart', method: 'Get' } }), 'gRPC shop.Cart/Get'],
    [match({ grpcMethod: { type: 'Exact', service: 'shop.Cart' } }), 'gRPC shop.Cart/*'],
    [match({ grpcMethod: { type: 'RegularExpression', method: 'Get.*' } }), 'gRPC ~*/Get.*'],
  ])('describes %j as %s', (routeMatch, text) => {
    expect(describeMatch(routeMatch)).toBe(text);
  });

  it('describes an Ingress path by type and path', () => {
    expect(describeIngressPath(path('/checkout'))).toBe('Prefix /checkout');
    expect(describeIngressPath(path('/api', 'Exact'))).toBe('Exact /api');
  });
});

describe('rulePrecedence', () => {
  it('orders a route\'s rules as the spec applies them: Exact, longer PathPrefix, RegularExpression, then more headers; a rule by its most specific match', () => {
    const rules: [string, RouteMatch[]][] = [
      ['catch-all', []],
      ['regex', [regex('/v[0-9]+/.*')]],
      ['short prefix', [prefix('/api')]],
      ['long prefix or catch-all', [prefix('/'), prefix('/api/orders')]],
      ['exact', [exact('/api/login')]],
      ['short prefix with a header', [prefix('/api', { headers: [header('x-canary', 'true')] })]],
    ];
    const ordered = [...rules].sort((a, b) => compareKeys(rulePrecedence('HTTPRoute', a[1]), rulePrecedence('HTTPRoute', b[1]))).map(([name]) => name);
    expect(ordered).toEqual(['exact', 'long prefix or catch-all', 'short prefix with a header', 'short prefix', 'catch-all', 'regex']);
  });
});
