// What the page shows of the graph: the whole of it, or the part a person asked for —
// a search (name, label k=v, IP address), one Service in focus, only what has problems,
// some Service types. Pure, so the same URL always shows the same view.
import type { Graph, GraphEdge, GraphNode } from '@/lib/graph/model';
import { isFrontNodeKind } from '@/lib/graph/gateway-objects';
import { addTo } from '@/lib/graph/maps';
import { hasProblem } from './namespaces';

export interface ViewOptions {
  /** A name fragment, a label "key=value", or an IP address. */
  search?: string;
  /** A node id: a Service (its routing subgraph) or a Pod (the Services routing to it). */
  focus?: string;
  /**
   * Only what has an error or warning diagnostic: Services with their slices and backends;
   * routes and Ingresses with their Gateway and what they route to; Gateways alone.
   */
  onlyProblems?: boolean;
  /** Only Services of these types (ClusterIP, NodePort, LoadBalancer, ExternalName). */
  serviceTypes?: ReadonlySet<string>;
  /** A URL's path (GET …/resolve): exactly these nodes, in place of the search's name matching. */
  path?: ReadonlySet<string>;
}

const ipAddress = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+:[0-9a-f:]*$/i;

export function isActive(options: ViewOptions): boolean {
  return Boolean(options.search?.trim() || options.focus || options.onlyProblems || options.serviceTypes?.size || options.path);
}

export function viewGraph(graph: Graph, options: ViewOptions): Graph {
  if (!isActive(options)) return graph;
  const links = adjacency(graph);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  let keep: Set<string> | undefined;

  const services = graph.nodes.filter((node) => node.kind === 'Service');
  const chosen = services.filter(
    (service) =>
      (!options.serviceTypes?.size || options.serviceTypes.has(service.type)) &&
      (!options.onlyProblems || hasProblem(service)),
  );
  if (options.serviceTypes?.size || options.onlyProblems) keep = downstream(chosen.map((service) => service.id), links);
  // A Gateway's, route's or Ingress's problem is an incident's answer as much as a Service's
  // (a route not attached, a backend port that does not exist): a route or Ingress comes with
  // its Gateway and what it sends to; a Gateway alone (its healthy routes are no problem). With
  // a type filter, only Services of those types are asked for.
  if (options.onlyProblems && !options.serviceTypes?.size) {
    const fronts = graph.nodes.filter((node) => isFrontNodeKind(node.kind) && 'diagnostics' in node && hasProblem(node));
    const routes = fronts.filter((node) => node.kind !== 'Gateway').map((node) => node.id);
    for (const id of [...fronts.map((node) => node.id), ...downstream(routes, links), ...routesTo(routes, links)]) keep!.add(id);
  }

  if (options.focus) {
    const focused = byId.get(options.focus);
    const part = !focused ? new Set<string>() : focused.kind === 'Service' ? downstream([focused.id], links) : routesTo([focused.id], links);
    keep = intersect(keep, part);
  }

  const query = options.search?.trim();
  if (options.path) keep = intersect(keep, new Set(options.path));
  else if (query) keep = intersect(keep, searchMatches(graph.nodes, query, links));

  const kept = keep ?? new Set(byId.keys());
  return {
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: graph.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)),
  };
}

/** Nodes matching the query, with what routes to them (for backends) or from them (for Services). */
function searchMatches(nodes: GraphNode[], query: string, links: Links): Set<string> {
  const text = query.toLowerCase();
  const label = /^([^=\s]+)=(\S*)$/.exec(query);
  const matches = nodes.filter((node) => {
    if (ipAddress.test(query)) {
      return (node.kind === 'Pod' && node.ip === query) || (node.kind === 'Address' && node.address === query) || (node.kind === 'Service' && node.clusterIP === query);
    }
    if (label) {
      const [, key, value] = label;
      if (node.kind === 'Pod') return node.labels?.[key!] === value;
      if (node.kind === 'Service') return node.selector?.[key!] === value;
      return false;
    }
    return `${node.namespace}/${node.name}`.toLowerCase().includes(text);
  });
  const services = matches.filter((node) => node.kind === 'Service').map((node) => node.id);
  const others = matches.filter((node) => node.kind !== 'Service').map((node) => node.id);
  return new Set([...downstream(services, links), ...routesTo(others, links)]);
}

export interface Links {
  out: Map<string, GraphEdge[]>;
  in: Map<string, GraphEdge[]>;
}

export function adjacency(graph: Graph): Links {
  const links: Links = { out: new Map(), in: new Map() };
  for (const edge of graph.edges) {
    addTo(links.out, edge.source, edge);
    addTo(links.in, edge.target, edge);
  }
  return links;
}

/** The ids and everything reachable from them: a Service's slices, backends and addresses. */
function downstream(ids: string[], links: Links): Set<string> {
  return walk(ids, links.out, (edge) => edge.target);
}

/** The ids and everything that leads to them (along the edges `follow` accepts): the slices and Services routing to a backend. */
export function routesTo(ids: string[], links: Links, follow: (edge: GraphEdge) => boolean = () => true): Set<string> {
  return walk(ids, links.in, (edge) => edge.source, follow);
}

function walk(start: string[], next: Map<string, GraphEdge[]>, step: (edge: GraphEdge) => string, follow: (edge: GraphEdge) => boolean = () => true): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    for (const edge of next.get(queue.pop()!) ?? []) {
      const id = step(edge);
      if (seen.has(id) || !follow(edge)) continue;
      seen.add(id);
      queue.push(id);
    }
  }
  return seen;
}

function intersect(a: Set<string> | undefined, b: Set<string>): Set<string> {
  return a ? new Set([...a].filter((id) => b.has(id))) : b;
}
