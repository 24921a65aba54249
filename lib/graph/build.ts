// Builds the routing graph from a cluster store: Service → its EndpointSlices →
// the Pod (or bare address) behind each endpoint. Pure: no I/O, no React.
import type { EndpointSliceNode, Graph, GraphEdge, GraphNode, PodNode, ServiceNode } from '@/lib/stream/protocol';
import { type ClusterStore, type Endpoint, type EndpointSlice, isPodReady, type Pod, type Service } from './objects';
import { relations } from './relations';

export function nodeId(kind: GraphNode['kind'], namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function edgeId(source: string, target: string): string {
  return `${source}>${target}`;
}

/** The namespace a node or edge id belongs to (ids are `Kind/namespace/...`). */
export function namespaceOfId(id: string): string {
  return id.split('/', 2)[1] ?? '';
}

export function buildGraph(store: ClusterStore): Graph {
  const index = relations.index(store);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];

  for (const service of store.services.values()) {
    const slices = index.slicesOfService(service);
    nodes.set(nodeId('Service', service.namespace, service.name), serviceNode(service, slices));
  }

  for (const slice of store.endpointslices.values()) {
    const sliceId = nodeId('EndpointSlice', slice.namespace, slice.name);
    nodes.set(sliceId, endpointSliceNode(slice));
    const service = index.serviceOfSlice(slice);
    if (service) {
      const serviceId = nodeId('Service', service.namespace, service.name);
      edges.push({ id: edgeId(serviceId, sliceId), namespace: slice.namespace, source: serviceId, target: sliceId });
    }
    for (const endpoint of slice.endpoints) {
      const backend = index.podOfEndpoint(slice, endpoint);
      const conditions = { ready: endpoint.ready, serving: endpoint.serving, terminating: endpoint.terminating };
      if (backend) {
        const podId = nodeId('Pod', backend.pod.namespace, backend.pod.name);
        nodes.set(podId, podNode(backend.pod));
        edges.push({ id: edgeId(sliceId, podId), namespace: slice.namespace, source: sliceId, target: podId, conditions, matchedBy: backend.matchedBy });
        continue;
      }
      for (const address of endpoint.addresses) {
        const addressId = nodeId('Address', slice.namespace, address);
        nodes.set(addressId, { id: addressId, kind: 'Address', namespace: slice.namespace, name: address, address });
        edges.push({ id: edgeId(sliceId, addressId), namespace: slice.namespace, source: sliceId, target: addressId, conditions });
      }
    }
  }

  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { nodes: [...nodes.values()].sort(byId), edges: dedupeEdges(edges).sort(byId) };
}

/** Keeps only the nodes and edges of the given namespaces (all when the set is empty). */
export function filterGraph(graph: Graph, namespaces: ReadonlySet<string>): Graph {
  if (namespaces.size === 0) return graph;
  return {
    nodes: graph.nodes.filter((node) => namespaces.has(node.namespace)),
    edges: graph.edges.filter((edge) => namespaces.has(edge.namespace)),
  };
}

function serviceNode(service: Service, slices: EndpointSlice[]): ServiceNode {
  return {
    id: nodeId('Service', service.namespace, service.name),
    kind: 'Service',
    namespace: service.namespace,
    name: service.name,
    type: service.type,
    clusterIP: service.clusterIP,
    externalName: service.externalName,
    selector: service.selector,
    ports: service.ports.map((port) => `${port.port}→${port.targetPort}/${port.protocol}`),
    endpoints: countEndpoints(slices.flatMap((slice) => slice.endpoints)),
  };
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

function podNode(pod: Pod): PodNode {
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
  };
}

function countEndpoints(endpoints: Endpoint[]): { ready: number; total: number } {
  return { ready: endpoints.filter((endpoint) => endpoint.ready).length, total: endpoints.length };
}

// A Pod listed twice in one slice (one endpoint per address family) is one edge.
function dedupeEdges(edges: GraphEdge[]): GraphEdge[] {
  return [...new Map(edges.map((edge) => [edge.id, edge])).values()];
}
