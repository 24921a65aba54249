import { describe, expect, it } from 'vitest';
import { frontTrimmers, trimGateway, trimGatewayClass, trimIngress, trimIngressClass, trimReferenceGrant, trimRoute } from './trim-front';

// Raw objects as the apiserver sends them; only the fields under test are set, as a client may send them.
const metadata = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '7', ...extra });
const trimHTTPRoute = trimRoute('HTTPRoute');

describe('trimming Gateway API objects', () => {
  it('route: parentRef and backendRef take the API defaults (Gateway of the API group, Service of core, own namespace, weight 1)', () => {
    const route = trimHTTPRoute({
      metadata: metadata('checkout'),
      spec: {
        parentRefs: [{ name: 'main', namespace: 'infra', sectionName: 'http' }, { name: 'local' }],
        hostnames: ['Shop.Example.com'],
        rules: [{ backendRefs: [{ name: 'checkout', port: 80 }, { name: 'ledger', namespace: 'payments', port: 80, weight: 0 }] }],
      },
    });
    expect(route?.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'main', sectionName: 'http' },
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop', name: 'local' },
    ]);
    expect(route?.hostnames).toEqual(['shop.example.com']);
    expect(route?.rules[0]?.backendRefs).toEqual([
      { group: '', kind: 'Service', namespace: 'shop', name: 'checkout', port: 80, weight: 1 },
      // An explicit weight 0 is kept: that backend gets no traffic.
      { group: '', kind: 'Service', namespace: 'payments', name: 'ledger', port: 80, weight: 0 },
    ]);
  });

  it('route: matches take their defaults (PathPrefix, Exact headers), an HTTP method stays a method, status parents are defaulted too', () => {
    const route = trimHTTPRoute({
      metadata: metadata('api'),
      spec: {
        rules: [
          { name: 'read', matches: [{ path: { value: '/api' }, method: 'GET', headers: [{ name: 'x-canary', value: 'true' }], queryParams: [{ type: 'RegularExpression', name: 'v', value: '[0-9]+' }] }], filters: [{ type: 'URLRewrite' }] },
          {},
        ],
      },
      status: { parents: [{ parentRef: { name: 'main', namespace: 'infra' }, controllerName: 'example.com/gateway-controller', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: '', lastTransitionTime: '2026-11-30T02:10:02Z' }] }] },
    });
    expect(route?.rules).toEqual([
      {
        name: 'read',
        matches: [{ path: { type: 'PathPrefix', value: '/api' }, method: 'GET', headers: [{ type: 'Exact', name: 'x-canary', value: 'true' }], queryParams: [{ type: 'RegularExpression', name: 'v', value: '[0-9]+' }] }],
        filters: ['URLRewrite'],
        backendRefs: [],
      },
      { matches: [], filters: [], backendRefs: [] },
    ]);
    expect(route?.parents).toEqual([
      { parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'main' }, controllerName: 'example.com/gateway-controller', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] },
    ]);
  });

  it('GRPCRoute: a method match becomes grpcMethod (type Exact by default), never an HTTP method', () => {
    const route = trimRoute('GRPCRoute')({
      metadata: metadata('cart'),
      spec: { rules: [{ matches: [{ method: { service: 'shop.Cart', method: 'AddItem' } }, { method: { type: 'RegularExpression', service: 'shop\\..*' } }] }] },
    });
    expect(route?.kind).toBe('GRPCRoute');
    expect(route?.rules[0]?.matches).toEqual([
      { grpcMethod: { type: 'Exact', service: 'shop.Cart', method: 'AddItem' }, headers: [], queryParams: [] },
      { grpcMethod: { type: 'RegularExpression', service: 'shop\\..*' }, headers: [], queryParams: [] },
    ]);
    expect(frontTrimmers.grpcroutes({ metadata: metadata('cart') })).toMatchObject({ kind: 'GRPCRoute' });
  });

  it('Gateway: a listener without allowedRoutes admits its own namespace only (Same); status joins listeners by name', () => {
    const gateway = trimGateway({
      metadata: metadata('main', { namespace: 'infra' }),
      spec: {
        gatewayClassName: 'example',
        listeners: [
          { name: 'http', hostname: '*.Example.com', port: 80, protocol: 'HTTP' },
          { name: 'teams', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'infra' } } }, kinds: [{ kind: 'HTTPRoute' }] } },
          { name: 'all', port: 8443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from: 'All' } }, tls: { certificateRefs: [{ name: 'wildcard-tls' }, { namespace: 'certs', name: 'shared-tls' }] } },
        ],
      },
      status: {
        addresses: [{ type: 'IPAddress', value: '192.0.2.10' }],
        conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed' }],
        listeners: [{ name: 'teams', attachedRoutes: 3, conditions: [{ type: 'Accepted', status: 'True' }] }],
      },
    });
    expect(gateway).toMatchObject({ kind: 'Gateway', namespace: 'infra', gatewayClassName: 'example', addresses: ['192.0.2.10'], conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed' }] });
    expect(gateway?.listeners).toEqual([
      { name: 'http', hostname: '*.example.com', port: 80, protocol: 'HTTP', from: 'Same', kinds: [], conditions: [] },
      { name: 'teams', port: 8080, protocol: 'HTTP', from: 'Selector', selector: { matchLabels: { team: 'infra' }, matchExpressions: [] }, kinds: ['HTTPRoute'], attachedRoutes: 3, conditions: [{ type: 'Accepted', status: 'True' }] },
      // TLS certificates (Secrets) by name, in the Gateway's namespace unless another is given: never read.
      { name: 'all', port: 8443, protocol: 'HTTPS', from: 'All', kinds: [], certificates: ['infra/wildcard-tls', 'certs/shared-tls'], conditions: [] },
    ]);
  });

  it('GatewayClass is cluster-scoped; ReferenceGrant keeps a `to` without name (every object of the kind)', () => {
    expect(trimGatewayClass({ metadata: { name: 'example', uid: 'u', resourceVersion: '1' }, spec: { controllerName: 'example.com/gateway-controller' }, status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: '' }] } })).toMatchObject({
      kind: 'GatewayClass',
      namespace: '',
      name: 'example',
      controllerName: 'example.com/gateway-controller',
      conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }],
    });
    expect(trimReferenceGrant({ metadata: metadata('from-shop', { namespace: 'payments' }), spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service' }] } })).toMatchObject({
      kind: 'ReferenceGrant',
      namespace: 'payments',
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service' }],
    });
  });
});

describe('trimming Ingress and IngressClass', () => {
  const paths = { paths: [{ path: '/checkout', pathType: 'Prefix', backend: { service: { name: 'checkout', port: { number: 80 } } } }, { pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] };

  it('Ingress: spec.ingressClassName names an IngressClass; the old kubernetes.io/ingress.class annotation is kept apart', () => {
    const annotated = trimIngress({ metadata: metadata('legacy', { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }), spec: { rules: [{ http: paths }] } });
    expect([annotated?.ingressClassName, annotated?.classAnnotation]).toEqual([undefined, 'traefik']);
    const both = trimIngress({ metadata: metadata('both', { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }), spec: { ingressClassName: 'nginx' } });
    expect([both?.ingressClassName, both?.classAnnotation]).toEqual(['nginx', 'traefik']);
    expect(trimIngress({ metadata: metadata('none'), spec: {} })).not.toHaveProperty('ingressClassName');
  });

  it('Ingress: a Service port by name stays a name, by number a number; a missing path is "/"', () => {
    const ingress = trimIngress({
      metadata: metadata('storefront'),
      spec: { defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } }, rules: [{ host: 'Shop.Example.com', http: paths }], tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.20' }, { hostname: 'lb.example.net' }] } },
    });
    expect(ingress?.rules).toEqual([
      {
        host: 'shop.example.com',
        paths: [
          { path: '/checkout', pathType: 'Prefix', backend: { service: { name: 'checkout', port: 80 } } },
          { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: 'http' } } },
        ],
      },
    ]);
    expect(ingress).toMatchObject({ defaultBackend: { resource: { kind: 'StorageBucket', name: 'static' } }, tlsHosts: ['shop.example.com'], tlsSecrets: [`${ingress?.namespace}/shop-tls`], addresses: ['192.0.2.20', 'lb.example.net'] });
  });

  it('IngressClass: default from ingressclass.kubernetes.io/is-default-class "true", and cluster-scoped', () => {
    const nginx = trimIngressClass({ metadata: { name: 'nginx', uid: 'u1', resourceVersion: '1', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } });
    expect(nginx).toMatchObject({ kind: 'IngressClass', namespace: '', name: 'nginx', controller: 'k8s.io/ingress-nginx', isDefault: true });
    expect(trimIngressClass({ metadata: { name: 'traefik', uid: 'u2', resourceVersion: '1', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'false' } }, spec: { controller: 'traefik.io/ingress-controller' } })?.isDefault).toBe(false);
    expect(trimIngressClass({ metadata: { name: 'plain', uid: 'u3', resourceVersion: '1' }, spec: {} })?.isDefault).toBe(false);
  });
});

describe('dropping malformed objects', () => {
  it('returns null for what is not an object of its kind', () => {
    expect(trimHTTPRoute(null)).toBeNull();
    expect(trimHTTPRoute({ metadata: { name: 'no-uid' } })).toBeNull();
    expect(trimHTTPRoute({ metadata: metadata('r'), spec: { rules: [{ backendRefs: [{ port: 80 }] }] } })).toBeNull(); // backendRef without a name
    expect(trimHTTPRoute({ metadata: metadata('r'), spec: { parentRefs: 'main' } })).toBeNull();
    expect(trimGateway({ metadata: metadata('g') })).toBeNull(); // no spec.gatewayClassName
    expect(trimGateway({ metadata: metadata('g'), spec: { gatewayClassName: 'example', listeners: [{ name: 'http', port: '80', protocol: 'HTTP' }] } })).toBeNull();
    expect(trimGateway({ metadata: metadata('g'), spec: { gatewayClassName: 'example', listeners: [{ name: 'http', port: 80.5, protocol: 'HTTP' }] } })).toBeNull();
    expect(trimGatewayClass('example')).toBeNull();
    expect(trimReferenceGrant({ metadata: metadata('rg'), spec: { from: [{ kind: 'HTTPRoute', namespace: 'shop' }] } })).toBeNull(); // from without group
    expect(trimIngress({ metadata: metadata('i'), spec: { rules: [{ http: { paths: [{ path: '/' }] } }] } })).toBeNull(); // path without backend
    expect(trimIngressClass({ metadata: { name: 'no-uid' } })).toBeNull();
  });
});
