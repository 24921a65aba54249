// The trimmed Kubernetes objects svcmap keeps in memory: only the fields the graph
// and its details use (no managedFields, no full pod spec). The zod schemas are the
// contract for every source of objects: a real cluster (lib/k8s/trim) and the demo.
import { z } from 'zod';
import type { Gateway, GatewayClass, GatewayObject, Ingress, IngressClass, ReferenceGrant, Route } from './gateway-objects';
import { labelSelectorSchema } from './selectors';

const meta = {
  uid: z.string(),
  namespace: z.string(),
  name: z.string(),
  resourceVersion: z.string(),
  creationTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()),
};

export const servicePortSchema = z.object({
  name: z.string().optional(),
  protocol: z.string(),
  port: z.number().int(),
  // A number, or the name of a container port (IANA_SVC_NAME).
  targetPort: z.union([z.number().int(), z.string()]),
  nodePort: z.number().int().optional(),
});

export const serviceSchema = z.object({
  kind: z.literal('Service'),
  ...meta,
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()),
  externalName: z.string().optional(),
  // null = no selector: the Service's endpoints are managed by hand.
  selector: z.record(z.string(), z.string()).nullable(),
  ports: z.array(servicePortSchema),
  publishNotReadyAddresses: z.boolean(),
  sessionAffinity: z.string().optional(),
  externalTrafficPolicy: z.string().optional(),
  internalTrafficPolicy: z.string().optional(),
  trafficDistribution: z.string().optional(),
  ipFamilies: z.array(z.string()),
  loadBalancerIngress: z.array(z.string()),
  // status.loadBalancer.ingress IPs in VIP mode (ipMode unset or VIP): kube-proxy makes rules for these.
  loadBalancerVIPs: z.array(z.string()),
  externalIPs: z.array(z.string()),
});

export const endpointSchema = z.object({
  addresses: z.array(z.string()),
  // EndpointSlice v1 semantics: a nil condition means "unknown"; ready nil is
  // interpreted as ready by consumers (kube-proxy), serving/terminating as false.
  ready: z.boolean(),
  serving: z.boolean(),
  terminating: z.boolean(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  hintsForZones: z.array(z.string()),
  hintsForNodes: z.array(z.string()).optional(),
  // conditions.serving was not set: kube-proxy then reads it as true, where the API says "defer to ready".
  servingUnset: z.boolean().optional(),
  targetRef: z
    .object({ kind: z.string(), namespace: z.string().optional(), name: z.string(), uid: z.string().optional() })
    .optional(),
});

export const endpointSliceSchema = z.object({
  kind: z.literal('EndpointSlice'),
  ...meta,
  // Label kubernetes.io/service-name; absent on slices that belong to no Service.
  serviceName: z.string().optional(),
  // Label endpointslice.kubernetes.io/managed-by.
  managedBy: z.string().optional(),
  addressType: z.string(),
  ports: z.array(z.object({ name: z.string().optional(), protocol: z.string(), port: z.number().int().optional() })),
  endpoints: z.array(endpointSchema),
});

export const podSchema = z.object({
  kind: z.literal('Pod'),
  ...meta,
  nodeName: z.string().optional(),
  // The pod shares its node's network: NetworkPolicies do not select it (see lib/graph/policy).
  hostNetwork: z.boolean().optional(),
  // The workload that runs it: its controller owner, a ReplicaSet named as its Deployment.
  workload: z.object({ kind: z.string(), name: z.string() }).optional(),
  phase: z.string(),
  podIPs: z.array(z.string()),
  hostname: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() })),
  containers: z.array(
    z.object({
      name: z.string(),
      ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number().int(), protocol: z.string() })),
    }),
  ),
  containerStatuses: z.array(
    z.object({ name: z.string(), ready: z.boolean(), restartCount: z.number().int(), state: z.string() }),
  ),
});

// One NetworkPolicyPeer: podSelector and/or namespaceSelector (absent = the policy's own
// namespace / every pod), or an ipBlock.
export const policyPeerSchema = z.object({
  podSelector: labelSelectorSchema.optional(),
  namespaceSelector: labelSelectorSchema.optional(),
  ipBlock: z.object({ cidr: z.string(), except: z.array(z.string()) }).optional(),
});
// A port entry: protocol (default TCP), a number or a container port's name (absent = every
// port of the protocol), and endPort for a numeric range.
export const policyPortSchema = z.object({
  protocol: z.string(),
  port: z.union([z.number().int(), z.string()]).optional(),
  endPort: z.number().int().optional(),
});
// A rule: `peers` is `from` (ingress) or `to` (egress); an empty list means every peer,
// empty `ports` every port.
export const policyRuleSchema = z.object({ peers: z.array(policyPeerSchema), ports: z.array(policyPortSchema) });

export const networkPolicySchema = z.object({
  kind: z.literal('NetworkPolicy'),
  ...meta,
  podSelector: labelSelectorSchema,
  // Ingress in policyTypes isolates the selected pods for ingress: only the rules' sources get in.
  policyTypes: z.array(z.string()),
  ingressRules: z.number().int(),
  ingress: z.array(policyRuleSchema),
  egress: z.array(policyRuleSchema),
});

// Namespaces matter for their labels (NetworkPolicy namespaceSelectors). Cluster-scoped: namespace is "".
export const namespaceSchema = z.object({ kind: z.literal('Namespace'), ...meta });

// Nodes are cluster-scoped: namespace is "".
export const nodeSchema = z.object({
  kind: z.literal('Node'),
  ...meta,
  ready: z.boolean(),
  unschedulable: z.boolean(),
  zone: z.string().optional(),
});

export type Service = z.infer<typeof serviceSchema>;
export type NetworkPolicy = z.infer<typeof networkPolicySchema>;
export type PolicyRule = z.infer<typeof policyRuleSchema>;
export type PolicyPeer = z.infer<typeof policyPeerSchema>;
export type PolicyPort = z.infer<typeof policyPortSchema>;
export type Namespace = z.infer<typeof namespaceSchema>;
export type Node = z.infer<typeof nodeSchema>;
export type ServicePort = z.infer<typeof servicePortSchema>;
export type EndpointSlice = z.infer<typeof endpointSliceSchema>;
export type Endpoint = z.infer<typeof endpointSchema>;
export type Pod = z.infer<typeof podSchema>;
export type KubeObject = Service | EndpointSlice | Pod | NetworkPolicy | Node | Namespace | GatewayObject;

/** The kinds svcmap always watches, by the name their API resource has. Nodes and Namespaces
 * only add detail (NotReady nodes, traffic policy Local; namespace labels for NetworkPolicy
 * namespaceSelectors): without them the graph is still exact. */
export const coreKinds = ['services', 'endpointslices', 'pods', 'networkpolicies', 'nodes', 'namespaces'] as const;
/** What stands in front of Services: watched only where the cluster serves them (API discovery),
 * so a cluster without the Gateway API CRDs shows no error and no empty column. */
export const frontKinds = ['ingressclasses', 'ingresses', 'gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes', 'referencegrants'] as const;
export const watchedKinds = [...coreKinds, ...frontKinds] as const;
export type WatchedKind = (typeof watchedKinds)[number];
export type FrontKind = (typeof frontKinds)[number];
export type CoreKind = (typeof coreKinds)[number];

export function isFrontKind(kind: WatchedKind): kind is FrontKind {
  return (frontKinds as readonly string[]).includes(kind);
}

/** The watched kind of an object kind ("Pod" → "pods"); undefined for kinds svcmap does not watch. */
export function watchedKindOf(kind: string): WatchedKind | undefined {
  return Object.hasOwn(watchedKindsByName, kind) ? watchedKindsByName[kind as KubeObject['kind']] : undefined;
}
export const watchedKindsByName: Record<KubeObject['kind'], WatchedKind> = {
  Service: 'services',
  EndpointSlice: 'endpointslices',
  Pod: 'pods',
  NetworkPolicy: 'networkpolicies',
  Node: 'nodes',
  Namespace: 'namespaces',
  IngressClass: 'ingressclasses',
  Ingress: 'ingresses',
  GatewayClass: 'gatewayclasses',
  Gateway: 'gateways',
  HTTPRoute: 'httproutes',
  GRPCRoute: 'grpcroutes',
  TLSRoute: 'tlsroutes',
  TCPRoute: 'tcproutes',
  UDPRoute: 'udproutes',
  ReferenceGrant: 'referencegrants',
};

export function objectKey(object: { namespace: string; name: string }): string {
  return `${object.namespace}/${object.name}`;
}

/** The in-memory view of one cluster: every watched object by namespace/name. */
export interface ClusterStore {
  services: ReadonlyMap<string, Service>;
  endpointslices: ReadonlyMap<string, EndpointSlice>;
  pods: ReadonlyMap<string, Pod>;
  networkpolicies: ReadonlyMap<string, NetworkPolicy>;
  nodes: ReadonlyMap<string, Node>;
  namespaces: ReadonlyMap<string, Namespace>;
  ingressclasses: ReadonlyMap<string, IngressClass>;
  ingresses: ReadonlyMap<string, Ingress>;
  gatewayclasses: ReadonlyMap<string, GatewayClass>;
  gateways: ReadonlyMap<string, Gateway>;
  httproutes: ReadonlyMap<string, Route>;
  grpcroutes: ReadonlyMap<string, Route>;
  tlsroutes: ReadonlyMap<string, Route>;
  tcproutes: ReadonlyMap<string, Route>;
  udproutes: ReadonlyMap<string, Route>;
  referencegrants: ReadonlyMap<string, ReferenceGrant>;
  /**
   * Kinds read in some namespaces only (the credentials may not list them across the cluster, or
   * SVCMAP_NAMESPACE): an object of such a kind absent elsewhere is unknown, not missing.
   */
  scope?: ReadonlyMap<WatchedKind, ReadonlySet<string>>;
}

/** Whether the store would hold an object of `kind` in `namespace` if it existed. */
export function visibleIn(store: ClusterStore, kind: WatchedKind, namespace: string): boolean {
  const namespaces = store.scope?.get(kind);
  return namespaces === undefined || namespaces.has(namespace);
}

/** "namespace shop only", for messages about what svcmap may not read. */
export function scopeText(store: ClusterStore, kind: WatchedKind): string {
  const namespaces = [...(store.scope?.get(kind) ?? [])].sort();
  return namespaces.length === 0 ? 'in no namespace' : `in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')} only`;
}

/** Every route of the store, of all route kinds. */
export function allRoutes(store: ClusterStore): Route[] {
  return [store.httproutes, store.grpcroutes, store.tlsroutes, store.tcproutes, store.udproutes].flatMap((routes) => [...routes.values()]);
}

/** Ready and all endpoints of a set of endpoints (a slice's, a Service's). */
export function countEndpoints(endpoints: Endpoint[]): { ready: number; total: number } {
  let ready = 0;
  for (const endpoint of endpoints) if (endpoint.ready) ready++;
  return { ready, total: endpoints.length };
}

export function isPodReady(pod: Pod): boolean {
  return pod.conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}
