// What the demo cluster holds: four zones' worth of nodes (one NotReady), workloads with
// a life of their own, and Services of every shape — each chosen so that, within a minute,
// every diagnostic svcmap knows appears at least once (lib/demo/demo.test.ts checks).
import type { RawObject } from './cluster';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Workload {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  replicas: number;
  containerPorts: ContainerPort[];
  /** Schedule only onto these nodes (a nodeSelector / affinity). */
  nodes?: string[];
  /** Asks for a resource no node has: stays Pending with no IP. */
  unschedulable?: boolean;
  /** The readiness probe never passes. */
  neverReady?: boolean;
  /** StatefulSet-style pods: stable hostnames for a headless Service. */
  hostnames?: boolean;
  life?: {
    rolloutEverySeconds?: number;
    /** Scale to zero and back, alternately, this often. */
    scaleEverySeconds?: number;
    /** The container exits this long after each start (CrashLoopBackOff, never ready). */
    crashEverySeconds?: number;
    /** The readiness probe fails for this long, then passes for this long, and so on. */
    flapEverySeconds?: number;
    flapFirstPodOnly?: boolean;
  };
}

export const nodes = [
  { name: 'demo-node-a1', zone: 'eu-west-1a', ready: true },
  { name: 'demo-node-a2', zone: 'eu-west-1a', ready: true },
  { name: 'demo-node-b1', zone: 'eu-west-1b', ready: true },
  { name: 'demo-node-b2', zone: 'eu-west-1b', ready: false },
];

const http = [{ name: 'http', containerPort: 8080 }];
const app = (name: string) => ({ app: name });

export const deployments: Workload[] = [
  // shop: the storefront
  { namespace: 'shop', name: 'frontend', labels: app('frontend'), replicas: 3, containerPorts: http, life: { rolloutEverySeconds: 40 } },
  { namespace: 'shop', name: 'cart', labels: app('cart'), replicas: 2, containerPorts: http, nodes: ['demo-node-a1', 'demo-node-a2'] },
  { namespace: 'shop', name: 'checkout', labels: app('checkout'), replicas: 2, containerPorts: http, life: { flapEverySeconds: 20 } },
  { namespace: 'shop', name: 'recommendations', labels: app('recommendations'), replicas: 1, containerPorts: http },
  { namespace: 'shop', name: 'catalog', labels: app('catalog'), replicas: 3, containerPorts: [...http, { name: 'grpc', containerPort: 9090 }], life: { rolloutEverySeconds: 45 } },
  { namespace: 'shop', name: 'search', labels: { app: 'search', track: 'stable' }, replicas: 2, containerPorts: http },
  { namespace: 'shop', name: 'search-canary', labels: { app: 'search', track: 'canary' }, replicas: 1, containerPorts: http, life: { crashEverySeconds: 10 } },
  { namespace: 'shop', name: 'reviews', labels: app('reviews'), replicas: 1, containerPorts: http, unschedulable: true },
  { namespace: 'shop', name: 'email', labels: app('email'), replicas: 2, containerPorts: http, life: { scaleEverySeconds: 20 } },
  { namespace: 'shop', name: 'ads', labels: app('ads'), replicas: 2, containerPorts: http },
  { namespace: 'shop', name: 'ads-legacy', labels: app('ads'), replicas: 1, containerPorts: [{ containerPort: 8080 }] },
  // data: stateful backends
  { namespace: 'data', name: 'postgres', labels: app('postgres'), replicas: 3, containerPorts: [{ name: 'postgres', containerPort: 5432 }], hostnames: true },
  { namespace: 'data', name: 'redis', labels: app('redis'), replicas: 2, containerPorts: [{ name: 'redis', containerPort: 6379 }] },
  { namespace: 'data', name: 'kafka', labels: app('kafka'), replicas: 3, containerPorts: [{ name: 'kafka', containerPort: 9092 }], hostnames: true },
  // edge: what the internet reaches
  { namespace: 'edge', name: 'gateway', labels: app('gateway'), replicas: 2, containerPorts: http, nodes: ['demo-node-a1', 'demo-node-b1'] },
  { namespace: 'edge', name: 'cdn-origin', labels: app('cdn-origin'), replicas: 2, containerPorts: http, nodes: ['demo-node-a2', 'demo-node-b2'] },
  // platform: the cluster's own services
  { namespace: 'platform', name: 'prometheus', labels: app('prometheus'), replicas: 1, containerPorts: [{ name: 'web', containerPort: 9090 }] },
  { namespace: 'platform', name: 'grafana', labels: app('grafana'), replicas: 1, containerPorts: [{ name: 'http', containerPort: 3000 }] },
  { namespace: 'platform', name: 'alertmanager', labels: app('alertmanager'), replicas: 2, containerPorts: [{ name: 'web', containerPort: 9093 }], life: { flapEverySeconds: 15, flapFirstPodOnly: true } },
  { namespace: 'platform', name: 'metrics-api', labels: app('metrics-api'), replicas: 2, containerPorts: [{ name: 'https', containerPort: 6443 }] },
  {
    namespace: 'platform',
    name: 'dns',
    labels: app('dns'),
    replicas: 2,
    containerPorts: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }, { name: 'metrics', containerPort: 9153 }],
  },
  // batch: one Service over 1,000 endpoints (the v1 Endpoints object truncates there)
  { namespace: 'batch', name: 'render-farm', labels: app('render-farm'), replicas: 1001, containerPorts: [{ name: 'work', containerPort: 7000 }] },
];

let clusterIp = 10;
function service(namespace: string, name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): RawObject {
  const headless = spec.clusterIP === 'None';
  const ip = headless || spec.type === 'ExternalName' ? undefined : `10.96.${Math.floor(clusterIp / 250)}.${(clusterIp++ % 250) + 2}`;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': namespace } },
    spec: {
      type: 'ClusterIP',
      ...(ip ? { clusterIP: ip, clusterIPs: [ip] } : {}),
      ipFamilies: ['IPv4'],
      sessionAffinity: 'None',
      ...spec,
    },
    status: { loadBalancer: {}, ...status },
  };
}

const web = (name: string, extra: Record<string, unknown> = {}) => ({ selector: app(name), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], ...extra });

export const services: RawObject[] = [
  service('shop', 'frontend', web('frontend')),
  // Topology-aware: hinted to its endpoints' zone, but cart runs only in eu-west-1a.
  service('shop', 'cart', web('cart', { trafficDistribution: 'PreferClose' })),
  service('shop', 'checkout', web('checkout')),
  service('shop', 'recommendations', web('recommendation')), // the typo: pods say "recommendations"
  service('shop', 'catalog', { selector: app('catalog'), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }, { name: 'grpc', port: 9090, protocol: 'TCP', targetPort: 'grpc' }] }),
  service('shop', 'search', web('search')),
  // The canary alone, for the storefront route's weighted split (lib/demo/front.ts).
  service('shop', 'search-canary', web('search', { selector: { app: 'search', track: 'canary' } })),
  service('shop', 'reviews', web('reviews')),
  service('shop', 'email', web('email')),
  service('shop', 'ads', web('ads')),
  service('data', 'postgres', { clusterIP: 'None', clusterIPs: ['None'], selector: app('postgres'), ports: [{ name: 'postgres', port: 5432, protocol: 'TCP', targetPort: 5432 }], publishNotReadyAddresses: true }),
  service('data', 'redis', { selector: app('redis'), ports: [{ name: 'redis', port: 6379, protocol: 'TCP', targetPort: 'redis' }] }),
  service('data', 'kafka', { clusterIP: 'None', clusterIPs: ['None'], selector: app('kafka'), ports: [{ name: 'kafka', port: 9092, protocol: 'TCP', targetPort: 9092 }] }),
  service('data', 'legacy-db', { ports: [{ name: 'mysql', port: 3306, protocol: 'TCP', targetPort: 3306 }] }),
  service('data', 'payments-api', { type: 'ExternalName', externalName: 'payments.example.com' }),
  service('edge', 'gateway', web('gateway', { type: 'NodePort', externalTrafficPolicy: 'Cluster', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080 }] })),
  service('edge', 'gateway-lb', web('gateway', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30443 }] }), {
    loadBalancer: { ingress: [{ ip: '203.0.113.10' }] },
  }),
  // Node-local: clients on nodes without a cdn-origin pod get nothing.
  service('edge', 'cdn-origin', web('cdn-origin', { internalTrafficPolicy: 'Local' })),
  service('platform', 'prometheus', { selector: app('prometheus'), ports: [{ name: 'web', port: 9090, protocol: 'TCP', targetPort: 'web' }] }),
  service('platform', 'grafana', { selector: app('grafana'), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] }),
  service('platform', 'alertmanager', { selector: app('alertmanager'), ports: [{ name: 'web', port: 9093, protocol: 'TCP', targetPort: 'web' }] }),
  service('platform', 'metrics-api', { selector: app('metrics-api'), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }] }), // pods listen on 6443
  service('platform', 'dns', {
    selector: app('dns'),
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 'metrics' },
    ],
  }),
  service('batch', 'render-farm', { clusterIP: 'None', clusterIPs: ['None'], selector: app('render-farm'), ports: [{ name: 'work', port: 7000, protocol: 'TCP', targetPort: 'work' }] }),
];

/** The slice the EndpointSlice mirroring controller makes from legacy-db's hand-written Endpoints. */
export const manualEndpoints: RawObject[] = [
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'legacy-db-mirror',
      namespace: 'data',
      labels: { 'kubernetes.io/service-name': 'legacy-db', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' },
    },
    addressType: 'IPv4',
    ports: [{ name: 'mysql', protocol: 'TCP', port: 3306 }],
    endpoints: ['192.0.2.10', '192.0.2.11'].map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
  },
];

export const networkPolicies: RawObject[] = [
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'cart-from-frontend', namespace: 'shop' },
    spec: { podSelector: { matchLabels: app('cart') }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: app('frontend') } }] }] },
  },
  // The data namespace denies ingress by default; the storefront team's namespaces may use
  // postgres and redis by port name, platform (team=platform) only kafka.
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-ingress', namespace: 'data' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'stores-from-storefront', namespace: 'data' },
    spec: {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['postgres', 'redis'] }] },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'storefront' } } }], ports: [{ protocol: 'TCP', port: 'postgres' }, { protocol: 'TCP', port: 'redis' }] }],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'kafka-from-platform', namespace: 'data' },
    spec: { podSelector: { matchLabels: app('kafka') }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'platform' } } }], ports: [{ protocol: 'TCP', port: 9092 }] }] },
  },
  // A port name grafana does not declare (it serves "http"): nothing in the cluster gets in.
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'grafana-from-anywhere', namespace: 'platform' },
    spec: { podSelector: { matchLabels: app('grafana') }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 'https' }] }] },
  },
  // Left behind when api-v1 was retired: it selects no pod.
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'api-v1-ingress', namespace: 'shop' }, spec: { podSelector: { matchLabels: app('api-v1') }, policyTypes: ['Ingress'], ingress: [{}] } },
];
