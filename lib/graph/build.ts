// Builds the routing graph from a cluster store: Service → its EndpointSlices → the Pod
// (or bare address) behind each endpoint, plus the pods a selector matches that are not
// endpoints (and why), an ExternalName's DNS target, and each Service's diagnostics.
// Built per unit — a Service with what hangs off it directly, or one EndpointSlice with its
// endpoints' backends — so a change rebuilds what it touches: an endpoint flipping in a
// Service of 10,000 endpoints rebuilds its slice (at most ~100 endpoints) and the Service's
// card, not 10,000 pods and edges. Gateways, routes and Ingresses are units too (front.ts).
// Pure: no I/O, no React.
import type { EndpointSliceNode, Graph, GraphEdge, GraphNode, PodNode, ServiceNode } from './model';
import { byId } from './diff';
import { edgeId, nodeId, parseNodeId } from './ids';
import { slicePortFor } from './ports';
import { routingSummary, serviceRoutes } from './routing';
import { diagnoseService, type ServiceContext } from './service-diagnostics';
import { notEndpointReason, notReadyReason, portMappings } from './endpoint-reasons';
import { type ClusterStore, countEndpoints, type EndpointSlice, isPodReady, objectKey, type Pod, type Service } from './objects';
import { relations, type RelationIndex } from './relations';
import { buildFrontUnit, frontUnitKeys } from './front';
import { isFrontNodeKind } from './gateway-objects';

/**
 * What one part of the graph contributes: a Service (its card, its edges to its slices, the
 * pods its selector matches that are no endpoint, an ExternalName's target), or an
 * EndpointSlice (its card and the backend of each endpoint). The graph is the union of all
 * units, so a change needs only the units it touches recomputed (incremental.ts).
 */
export interface Unit {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Pods (namespace/name) the unit drew or looked for: a change to them may change the unit. */
  pods: string[];
  /** Addresses drawn as bare addresses or joined to pods by IP. */
  addresses: string[];
  /** Namespaces whose every pod matters: a selector that matches nothing names its nearest miss. */
  namespacesWatched: string[];
  /** Namespaces of the objects drawn (a pod found by IP may live in another namespace). */
  namespaces: string[];
  /** What a Gateway, route or Ingress reads besides its own object (front.ts frontRef keys). */
  refs?: string[];
}

/** The keys of all units of a store: one per Service, one per EndpointSlice, one per Gateway, route and Ingress. */
export function unitKeys(store: ClusterStore): string[] {
  return [
    ...[...store.services.values()].map((service) => nodeId('Service', service.namespace, service.name)),
    ...[...store.endpointslices.values()].map((slice) => nodeId('EndpointSlice', slice.namespace, slice.name)),
    ...frontUnitKeys(store),
  ];
}

/** Builds one unit, or returns null when the store no longer has it. */
export function buildUnit(key: string, store: ClusterStore, index: RelationIndex): Unit | null {
  const { kind, namespace, name } = parseNodeId(key);
  if (isFrontNodeKind(kind)) {
    const front = buildFrontUnit(kind, namespace, name, store, index);
    return front && { nodes: [front.node], edges: front.edges, pods: [], addresses: [], namespacesWatched: [], namespaces: [namespace], refs: front.refs };
  }
  const unit = new UnitBuilder(store, index);
  if (kind === 'Service') {
    const service = store.services.get(objectKey({ namespace, name }));
    if (!service) return null;
    unit.addService(service);
  } else {
    const slice = store.endpointslices.get(objectKey({ namespace, name }));
    if (!slice) return null;
    unit.addSlice(slice, index.serviceOfSlice(slice));
  }
  return unit.result();
}

export function buildGraph(store: ClusterStore): Graph {
  const index = relations.index(store);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const key of unitKeys(store)) {
    const unit = buildUnit(key, store, index)!;
    for (const node of unit.nodes) nodes.set(node.id, node);
    for (const edge of unit.edges) edges.set(edge.id, edge);
  }
  return { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId) };
}

class UnitBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();
  private readonly pods = new Set<string>();
  private readonly addresses = new Set<string>();
  private readonly namespacesWatched = new Set<string>();
  private readonly namespaces = new Set<string>();

  private readonly store: ClusterStore;
  private readonly index: RelationIndex;

  constructor(store: ClusterStore, index: RelationIndex) {
    this.store = store;
    this.index = index;
  }

  result(): Unit {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()], pods: [...this.pods], addresses: [...this.addresses], namespacesWatched: [...this.namespacesWatched], namespaces: [...this.namespaces] };
  }

  addService(service: Service): void {
    const context = serviceContext(service, this.index, this.store);
    this.namespaces.add(service.namespace);
    if (service.selector && context.selectedPods.length === 0) this.namespacesWatched.add(service.namespace);
    const serviceId = nodeId('Service', service.namespace, service.name);
    this.nodes.set(serviceId, serviceNode(service, context));
    // The slices themselves are units of their own.
    for (const slice of context.slices) {
      const sliceId = nodeId('EndpointSlice', slice.namespace, slice.name);
      this.addEdge({ id: edgeId(serviceId, sliceId), namespace: slice.namespace, source: serviceId, target: sliceId, relation: 'slice' });
    }
    const endpointPods = new Set(context.endpoints.flatMap((endpoint) => (endpoint.pod ? [endpoint.pod.uid] : [])));
    for (const pod of context.selectedPods) {
      if (endpointPods.has(pod.uid)) continue;
      const podId = this.addPod(pod);
      this.addEdge({ id: edgeId(serviceId, podId), namespace: service.namespace, source: serviceId, target: podId, relation: 'selected', reason: notEndpointReason(pod, this.store.nodes) });
    }
    if (service.type === 'ExternalName' && service.externalName) {
      const targetId = nodeId('Address', service.namespace, service.externalName);
      this.nodes.set(targetId, { id: targetId, kind: 'Address', namespace: service.namespace, name: service.externalName, address: service.externalName, source: 'externalName' });
      this.addEdge({ id: edgeId(serviceId, targetId), namespace: service.namespace, source: serviceId, target: targetId, relation: 'externalName' });
    }
  }

  /** Adds a slice and the backend of each of its endpoints. */
  addSlice(slice: EndpointSlice, service: Service | undefined): void {
    const sliceId = nodeId('EndpointSlice', slice.namespace, slice.name);
    this.namespaces.add(slice.namespace);
    this.nodes.set(sliceId, endpointSliceNode(slice));
    for (const endpoint of slice.endpoints) {
      const backend = this.index.podOfEndpoint(slice, endpoint);
      const conditions = { ready: endpoint.ready, serving: endpoint.serving, terminating: endpoint.terminating };
      if (endpoint.targetRef?.kind === 'Pod') this.pods.add(objectKey({ namespace: endpoint.targetRef.namespace ?? slice.namespace, name: endpoint.targetRef.name }));
      if (backend && 'pod' in backend) {
        if (backend.matchedBy === 'ip') for (const address of endpoint.addresses) this.addresses.add(address);
        const podId = this.addPod(backend.pod);
        this.addEdge({
          id: edgeId(sliceId, podId), namespace: slice.namespace, source: sliceId, target: podId, relation: 'endpoint', conditions,
          matchedBy: backend.matchedBy,
          ports: service ? portMappings(service, backend.pod) : undefined,
          ...portlessOf(service, slice),
          hostname: endpoint.hostname,
          nodeName: endpoint.nodeName,
          zone: endpoint.zone,
          hintsForZones: endpoint.hintsForZones.length > 0 ? endpoint.hintsForZones : undefined,
          reason: endpoint.ready ? undefined : notReadyReason(backend.pod, this.store.nodes),
        });
        continue;
      }
      for (const address of endpoint.addresses) {
        this.addresses.add(address);
        const addressId = nodeId('Address', slice.namespace, address);
        this.nodes.set(addressId, { id: addressId, kind: 'Address', namespace: slice.namespace, name: address, address, source: 'endpoint' });
        this.addEdge({
          id: edgeId(sliceId, addressId), namespace: slice.namespace, source: sliceId, target: addressId, relation: 'endpoint', conditions,
          reason: backend ? `targetRef names pod ${backend.missing}, which does not exist` : undefined,
        });
      }
    }
  }

  private addPod(pod: Pod): string {
    const id = nodeId('Pod', pod.namespace, pod.name);
    this.pods.add(objectKey(pod));
    this.namespaces.add(pod.namespace);
    if (!this.nodes.has(id)) this.nodes.set(id, podNode(pod, this.index, this.store));
    return id;
  }

  private addEdge(edge: GraphEdge): void {
    this.edges.set(edge.id, edge);
  }
}

function serviceContext(service: Service, index: RelationIndex, store: ClusterStore): ServiceContext {
  const slices = index.slicesOfService(service);
  return {
    service,
    slices,
    endpoints: slices.flatMap((slice) =>
      slice.endpoints.map((endpoint) => {
        const backend = index.podOfEndpoint(slice, endpoint);
        return {
          slice,
          address: endpoint.addresses[0] ?? '',
          ready: endpoint.ready,
          serving: endpoint.serving,
          terminating: endpoint.terminating,
          nodeName: endpoint.nodeName ?? (backend && 'pod' in backend ? backend.pod.nodeName : undefined),
          pod: backend && 'pod' in backend ? backend.pod : undefined,
          missingPod: backend && 'missing' in backend ? backend.missing : undefined,
        };
      }),
    ),
    selectedPods: service.selector ? index.podsSelectedBy(service) : [],
    namespacePods: index.podsInNamespace(service.namespace),
    nodes: store.nodes,
    policiesOf: (pod) => index.policiesSelecting(pod),
    // kube-proxy's choice per node (lib/graph/routing); nothing to say without nodes.
    routes: store.nodes.size > 0 ? serviceRoutes(service, slices, [...store.nodes.values()]) : [],
  };
}

function serviceNode(service: Service, context: ServiceContext): ServiceNode {
  return {
    id: nodeId('Service', service.namespace, service.name),
    kind: 'Service',
    namespace: service.namespace,
    name: service.name,
    type: service.type,
    clusterIP: service.clusterIP,
    externalName: service.externalName,
    selector: service.selector,
    headless: service.clusterIP === 'None',
    ports: service.ports.map((port) => `${port.port}→${port.targetPort}/${port.protocol}${port.nodePort ? ` (node ${port.nodePort})` : ''}`),
    endpoints: countEndpoints(context.slices.flatMap((slice) => slice.endpoints)),
    traits: serviceTraits(service),
    diagnostics: diagnoseService(context),
    ...routingOf(context),
  };
}

/** The Service ports a slice carries no traffic for: it lists no number for them (kube-proxy skips such ports). */
function portlessOf(service: Service | undefined, slice: EndpointSlice): { noTrafficFor?: string[] } {
  if (!service) return {};
  const missing = service.ports.filter((port) => !slicePortFor(slice, port)).map((port) => String(port.port));
  return missing.length > 0 ? { noTrafficFor: missing } : {};
}

/**
 * The card's routing line: nodes reaching backends, blackholes, and what is really routable —
 * only when it says more than "endpoints x/y ready" (some node reaches fewer than every
 * routable endpoint, or some ready endpoints are not routable). A plain Service's card stays
 * as it was, and its readiness flips send no routing update.
 */
function routingOf(context: ServiceContext): { routing?: ServiceNode['routing'] } {
  const summary = routingSummary(context.routes, [...context.nodes.values()]);
  if (!summary) return {};
  const uniform = context.routes.every((route) => {
    const ready = route.endpoints.filter((endpoint) => endpoint.ready).length;
    return route.nodes.every((node) => (route.internalPolicyLocal ? node.local : node.cluster).length === ready);
  });
  // Ready endpoints that every port's traffic can reach (a port-less slice leaves some out).
  const routable = new Set(context.routes.flatMap((route) => route.endpoints.filter((endpoint) => endpoint.ready).map((endpoint) => endpoint.ip)));
  const perPort = context.service.ports.map((port) => new Set(context.routes.filter((route) => route.port === (port.name ?? '') && route.protocol === port.protocol).flatMap((route) => route.endpoints.filter((endpoint) => endpoint.ready).map((endpoint) => endpoint.ip))));
  const everyPort = [...routable].filter((ip) => perPort.every((set) => set.has(ip))).length;
  const ready = context.endpoints.filter((endpoint) => endpoint.ready).length;
  if (uniform && summary.blackholes.length === 0 && everyPort === ready) return {};
  return { routing: { nodes: summary.nodes, reaching: summary.reaching, backends: summary.backends, blackholes: summary.blackholes, routable: everyPort } };
}

/** The routing settings that differ from the defaults, in kubectl's words. */
function serviceTraits(service: Service): string[] {
  const traits: string[] = [];
  if (service.clusterIP === 'None') traits.push('headless');
  if (!service.selector && service.type !== 'ExternalName') traits.push('no selector');
  if (service.publishNotReadyAddresses) traits.push('publishNotReadyAddresses');
  if (service.externalTrafficPolicy === 'Local') traits.push('externalTrafficPolicy: Local');
  if (service.internalTrafficPolicy === 'Local') traits.push('internalTrafficPolicy: Local');
  if (service.sessionAffinity === 'ClientIP') traits.push('sessionAffinity: ClientIP');
  if (service.trafficDistribution) traits.push(`trafficDistribution: ${service.trafficDistribution}`);
  if (service.ipFamilies.length > 1) traits.push(`dual-stack: ${service.ipFamilies.join(', ')}`);
  if (service.loadBalancerIngress.length > 0) traits.push(`ingress: ${service.loadBalancerIngress.join(', ')}`);
  else if (service.type === 'LoadBalancer') traits.push('load balancer: pending');
  return traits;
}

function endpointSliceNode(slice: EndpointSlice): EndpointSliceNode {
  return {
    id: nodeId('EndpointSlice', slice.namespace, slice.name),
    kind: 'EndpointSlice',
    namespace: slice.namespace,
    name: slice.name,
    service: slice.serviceName,
    managedBy: slice.managedBy,
    addressType: slice.addressType,
    ports: slice.ports.map((port) => `${port.name ? `${port.name}:` : ''}${port.port ?? '*'}/${port.protocol}`),
    endpoints: countEndpoints(slice.endpoints),
  };
}

function podNode(pod: Pod, index: RelationIndex, store: ClusterStore): PodNode {
  const policies = index.policiesSelecting(pod);
  return {
    id: nodeId('Pod', pod.namespace, pod.name),
    kind: 'Pod',
    namespace: pod.namespace,
    name: pod.name,
    ip: pod.podIPs[0],
    nodeName: pod.nodeName,
    phase: pod.phase,
    ready: isPodReady(pod),
    terminating: pod.deletionTimestamp !== undefined,
    restarts: pod.containerStatuses.reduce((sum, status) => sum + status.restartCount, 0),
    zone: pod.nodeName ? store.nodes.get(`/${pod.nodeName}`)?.zone : undefined,
    containers: { ready: pod.containerStatuses.filter((status) => status.ready).length, total: pod.containers.length },
    policies: policies.map((policy) => policy.name).sort(),
    isolated: policies.some((policy) => policy.policyTypes.includes('Ingress')),
    labels: pod.labels,
    ...(pod.workload ? { workload: `${pod.workload.kind}/${pod.workload.name}` } : {}),
  };
}

