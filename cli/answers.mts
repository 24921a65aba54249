// The CLI's and the MCP server's answers as data: the same JSON the page's API gives, built
// by the same lib/ code from a cluster read once (cli/cluster.mts).
import { buildGraph } from '@/lib/graph/build';
import { endpointRows, servicesRoutingTo } from '@/lib/view/details';
import { serviceId } from '@/lib/graph/ids';
import { hasProblem } from '@/lib/view/namespaces';
import { type ClusterStore, objectKey, type Service } from '@/lib/graph/objects';
import { reachability, whoMayReach } from '@/lib/graph/reachability';
import type { SourceSpec } from '@/lib/graph/reachability-source';
import { LiveRelationIndex } from '@/lib/graph/relations';
import { serviceRoutes } from '@/lib/graph/routing';
import type { Graph, ServiceNode } from '@/lib/stream/protocol';
import { UsageError } from './cluster.mts';

export const serviceNodes = (graph: Graph) => graph.nodes.filter((node): node is ServiceNode => node.kind === 'Service');


/** Services with a problem (or every Service), as the graph API draws them. */
export function services(store: ClusterStore, problemsOnly: boolean): ServiceNode[] {
  const list = serviceNodes(buildGraph(store));
  return problemsOnly ? list.filter(hasProblem) : list;
}

export function serviceIn(store: ClusterStore, namespace: string, name: string): Service {
  const service = store.services.get(objectKey({ namespace, name }));
  if (!service) throw new UsageError(`Service ${namespace}/${name} does not exist (kubectl get service -n ${namespace} lists them)`);
  return service;
}

/** A Service's node (counts, routing, diagnostics with their kubectl commands) and its endpoints by slice. */
export function explain(store: ClusterStore, namespace: string, name: string) {
  serviceIn(store, namespace, name);
  const graph = buildGraph(store);
  const service = serviceNodes(graph).find((node) => node.id === serviceId(namespace, name))!;
  return { service, endpoints: endpointRows(graph, service.id) };
}

/** Which pod (or endpoint address) holds an address, and which Services route to it. */
export function ipOwners(store: ClusterStore, address: string) {
  const graph = buildGraph(store);
  const owners = graph.nodes.filter((node) => (node.kind === 'Pod' && node.ip === address) || (node.kind === 'Address' && node.address === address));
  const routing = [...new Set(owners.flatMap((owner) => servicesRoutingTo(graph, owner.id).map((service) => `${service.namespace}/${service.name}`)))];
  return { address, owners, services: routing };
}

/** NetworkPolicy from a source to a Service's endpoints (one port or all), and who may reach it. */
export function canReach(store: ClusterStore, source: SourceSpec, service: Service, port?: string) {
  if (port !== undefined && !service.ports.some((candidate) => String(candidate.port) === port || candidate.name === port)) throw new UsageError(`Service ${service.namespace}/${service.name} has no port "${port}"`);
  const answer = reachability(store, source, [service], port);
  const endpoints = answer.services.flatMap((entry) => entry.ports.flatMap((servicePort) => servicePort.endpoints));
  return { ...answer, allowed: endpoints.length > 0 && endpoints.every((endpoint) => endpoint.state === 'allowed'), whoMayReach: whoMayReach(store, service), note: 'svcmap evaluates the NetworkPolicy objects; whether they are enforced is up to the network plugin.' };
}

/** kube-proxy's choice per port, family and node (or one node). */
export function routes(store: ClusterStore, service: Service, node?: string) {
  const slices = new LiveRelationIndex(store).slicesOfService(service);
  const nodes = [...store.nodes.values()].filter((candidate) => !node || candidate.name === node);
  if (node && nodes.length === 0) throw new UsageError(`no node "${node}"`);
  return serviceRoutes(service, slices, nodes);
}
