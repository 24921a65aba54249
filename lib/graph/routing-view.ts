// The routing model (lib/graph/routing) as the page and the API show it: per Service, how
// many nodes reach how many backends and which nodes reach none; and, as seen from a node
// or a zone, which endpoint edges a client there would use, with the reason for the others.
import type { ClusterStore, EndpointSlice, Node, Service } from './objects';
import { drawnEndpoint, type RelationIndex } from './relations';
import { internalEndpoints, type PortRoutes, serviceRoutes } from './routing';

/** Where a client is: one node, or every node of a zone. */
export type Viewpoint = { kind: 'node'; name: string } | { kind: 'zone'; name: string };

export function parseViewpoint(text: string): { ok: true; value: Viewpoint } | { ok: false; message: string } {
  const match = /^(node|zone):([A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?)$/.exec(text);
  if (!match) return { ok: false, message: `"${text.slice(0, 80)}" is not a node or zone. Use node:NAME or zone:NAME.` };
  return { ok: true, value: { kind: match[1] as 'node' | 'zone', name: match[2]! } };
}

/** The nodes a viewpoint stands for; an error message when there are none. */
export function viewpointNodes(store: ClusterStore, viewpoint: Viewpoint): Node[] | string {
  const nodes = [...store.nodes.values()];
  if (viewpoint.kind === 'node') {
    const node = store.nodes.get(`/${viewpoint.name}`);
    return node ? [node] : `Node ${viewpoint.name} does not exist (or nodes are not readable with these credentials).`;
  }
  const inZone = nodes.filter((node) => node.zone === viewpoint.name);
  return inZone.length > 0 ? inZone : `No node is in zone ${viewpoint.name}; zones: ${[...new Set(nodes.flatMap((node) => node.zone ?? []))].sort().join(', ') || 'none (no node has a topology.kubernetes.io/zone label)'}.`;
}

export interface EdgeRoute {
  used: boolean;
  reason: string;
}

/**
 * For a client at the viewpoint, each endpoint edge (slice → pod or address) of the Services
 * given: used for internal traffic on some port, or not and why.
 */
export function routingEdges(relations: RelationIndex, viewpoint: Node[], services: Iterable<Service>): Record<string, EdgeRoute> {
  const edges: Record<string, EdgeRoute> = {};
  const names = viewpoint.map((node) => node.name);
  const where = names.length === 1 ? `node ${names[0]}` : `zone ${viewpoint[0]?.zone}`;
  for (const service of services) {
    const slices = relations.slicesOfService(service);
    const routes = serviceRoutes(service, slices, viewpoint);
    if (routes.length === 0) continue;
    for (const slice of slices) {
      for (const endpoint of slice.endpoints) {
        // The graph's own join, so the id is the edge it draws.
        const drawn = drawnEndpoint(relations, slice, endpoint);
        if (drawn) edges[drawn.edge] = explainEdge(routes, drawn.address, slice, endpoint.ready, where);
      }
    }
  }
  return edges;
}

function explainEdge(routes: PortRoutes[], ip: string, slice: EndpointSlice, ready: boolean, where: string): EdgeRoute {
  const reasons: string[] = [];
  for (const route of routes) {
    const endpoint = route.endpoints.find((candidate) => candidate.ip === ip);
    const portName = `port ${route.servicePort}${route.port ? ` (${route.port})` : ''}`;
    if (!endpoint) {
      if (slice.addressType === route.family) reasons.push(`its slice has no ${portName}: no traffic for it reaches this endpoint`);
      continue;
    }
    for (const node of route.nodes) {
      const used = internalEndpoints(route, node);
      if (used.includes(endpoint.key)) return { used: true, reason: `${where} sends ${portName} traffic here${node.terminatingFallback ? ' (no endpoint is ready: serving-but-terminating endpoints take the traffic)' : node.topology ? ` (${node.topology === 'PreferSameZone' ? 'zone' : 'node'} hints in force)` : ''}` };
      if (route.internalPolicyLocal) reasons.push(used.length === 0 ? `internalTrafficPolicy Local: no endpoint on ${node.node}, its clients' traffic is dropped` : `internalTrafficPolicy Local: ${node.node}'s clients use only its own endpoints`);
      else if (!ready && !endpoint.terminating) reasons.push('not ready');
      else if (node.topology === 'PreferSameZone') reasons.push(`not in ${node.zone ?? 'this zone'}'s hints`);
      else if (node.topology === 'PreferSameNode') reasons.push(`not hinted for ${node.node}`);
      else if (endpoint.terminating) reasons.push('terminating: used only when no endpoint is ready');
      else reasons.push(`not used from ${node.node}`);
    }
  }
  return { used: false, reason: [...new Set(reasons)].join('; ') || `no traffic from ${where}` };
}
