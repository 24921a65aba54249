// What stands in front of the demo's Services: a Gateway with two HTTPRoutes (a weighted
// canary split whose canary crashes, and a route whose backendRef names a Service that
// does not exist) and an Ingress. Their backends live (rollouts, flapping probes), so the
// routes' ready counts and diagnostics change as the demo runs. Status is written as a
// Gateway controller would (there is none in the demo).
import type { FrontKind } from '@/lib/graph/objects';
import type { RawObject } from './cluster';

const gatewayApi = 'gateway.networking.k8s.io/v1';
const accepted = (generation = 1) => [
  { type: 'Accepted', status: 'True', reason: 'Accepted', message: '', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: generation },
  { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: '', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: generation },
];
const parent = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge', name: 'public' };
const controllerName = 'demo.svcmap.dev/gateway-controller';

export const frontObjects: { kind: FrontKind; object: RawObject }[] = [
  {
    kind: 'gatewayclasses',
    object: { apiVersion: gatewayApi, kind: 'GatewayClass', metadata: { name: 'demo' }, spec: { controllerName }, status: { conditions: [accepted()[0]] } },
  },
  {
    kind: 'gateways',
    object: {
      apiVersion: gatewayApi,
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'edge' },
      spec: {
        gatewayClassName: 'demo',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } }, tls: { certificateRefs: [{ name: 'example-com-tls' }] } },
        ],
      },
      status: {
        addresses: [{ type: 'IPAddress', value: '203.0.113.10' }],
        conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }],
        listeners: [
          { name: 'http', attachedRoutes: 2, supportedKinds: [{ kind: 'HTTPRoute' }], conditions: [] },
          { name: 'https', attachedRoutes: 2, supportedKinds: [{ kind: 'HTTPRoute' }], conditions: [] },
        ],
      },
    },
  },
  {
    kind: 'httproutes',
    object: {
      apiVersion: gatewayApi,
      kind: 'HTTPRoute',
      metadata: { name: 'storefront', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'public', namespace: 'edge' }],
        hostnames: ['shop.example.com'],
        rules: [
          { matches: [{ path: { type: 'PathPrefix', value: '/checkout' } }], backendRefs: [{ name: 'checkout', port: 80 }] },
          // The search canary: 20 % of searches go to pods that crash.
          { matches: [{ path: { type: 'PathPrefix', value: '/search' } }], backendRefs: [{ name: 'search', port: 80, weight: 80 }, { name: 'search-canary', port: 80, weight: 20 }] },
          { backendRefs: [{ name: 'frontend', port: 80 }] },
        ],
      },
      status: { parents: [{ parentRef: parent, controllerName, conditions: accepted() }] },
    },
  },
  {
    kind: 'httproutes',
    object: {
      apiVersion: gatewayApi,
      kind: 'HTTPRoute',
      metadata: { name: 'reviews-beta', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'public', namespace: 'edge', sectionName: 'https' }],
        hostnames: ['reviews.example.com'],
        // reviews-v2 was never deployed.
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'reviews-v2', port: 80 }] }],
      },
      status: {
        parents: [
          {
            parentRef: { ...parent, sectionName: 'https' },
            controllerName,
            conditions: [accepted()[0], { type: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound', message: 'service "reviews-v2" not found', lastTransitionTime: '2026-01-01T00:00:00Z' }],
          },
        ],
      },
    },
  },
  {
    kind: 'ingressclasses',
    object: { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } },
  },
  {
    kind: 'ingresses',
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'dashboards', namespace: 'platform' },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'ops.example.com',
            http: {
              paths: [
                { path: '/grafana', pathType: 'Prefix', backend: { service: { name: 'grafana', port: { name: 'http' } } } },
                { path: '/alerts', pathType: 'Prefix', backend: { service: { name: 'alertmanager', port: { number: 9093 } } } },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.20' }] } },
    },
  },
];
