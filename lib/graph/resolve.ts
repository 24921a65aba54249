// A URL's whole path through the cluster: which Gateway listener and route rule (or Ingress
// path) serve it, in the Gateway API's precedence (gateway-match.ts), and from there the
// Services with their share of the traffic, their EndpointSlices and the endpoints behind
// them, read from the graph as drawn. Pure.
import { forwardsNowhere } from './front-diagnostics';
import { resolveUrl, type UrlMatch } from './gateway-match';
import { nodeId } from './ids';
import { addTo } from './maps';
import type { Backend, Graph, GraphEdge, GraphNode } from './model';
import { allRoutes, type ClusterStore } from './objects';
import { namespaceLabels } from './policy';
import type { UrlQuery } from './url-query';

export interface ResolvedEndpoint {
  target: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ResolvedBackend extends Backend {
  slices: { id: string; endpoints: ResolvedEndpoint[] }[];
}

export interface ResolvedPath {
  via: 'Gateway' | 'Ingress';
  /** The first match a URL alone decides: where the request goes. Others may, with the conditions they name. */
  best: boolean;
  conditions: string[];
  /** The Gateway or Ingress, and the listener name. */
  entry: string;
  listener?: string;
  /** The route (Gateway API), its rule (1-based) and the match that applies, in words. */
  route?: string;
  rule?: number;
  match: string;
  backends: ResolvedBackend[];
  /** Every node on the path, for the page to show: entry, route, Services, slices, backends. */
  nodes: string[];
  /** The rule gives every backend weight 0: the request is forwarded nowhere (diagnostic NoBackendWeight). */
  forwardsNowhere: boolean;
}

export function resolvePaths(url: UrlQuery, store: ClusterStore, graph: Graph): ResolvedPath[] {
  const matches = resolveUrl(url, {
    gateways: [...store.gateways.values()],
    routes: allRoutes(store),
    ingresses: [...store.ingresses.values()],
    namespaceLabels: (namespace) => namespaceLabels(store, namespace),
  });
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const out = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) addTo(out, edge.source, edge);
  let decided = false;
  return matches.map((match) => {
    const path = resolveMatch(match, nodes, out);
    const best = !decided && match.conditions.length === 0;
    if (best) decided = true;
    return { ...path, best };
  });
}

function resolveMatch(match: UrlMatch, nodes: Map<string, GraphNode>, out: Map<string, GraphEdge[]>): Omit<ResolvedPath, 'best'> {
  let backends: Backend[] = [];
  let entry: string;
  let route: string | undefined;
  let text: string;
  if (match.via === 'Gateway') {
    entry = nodeId('Gateway', match.gateway.namespace, match.gateway.name);
    route = nodeId(match.route.kind, match.route.namespace, match.route.name);
    const node = nodes.get(route);
    // The node lists rules most specific first; `number` is the rule's place as written.
    const rule = node && 'rules' in node && node.kind !== 'Ingress' ? node.rules.find((candidate) => candidate.number === match.ruleIndex + 1) : undefined;
    backends = rule?.backends ?? [];
    text = rule ? (match.matchIndex < 0 ? (rule.matches[0] ?? 'PathPrefix /') : (rule.matches[match.matchIndex] ?? '')) : '';
  } else {
    entry = nodeId('Ingress', match.ingress.namespace, match.ingress.name);
    const node = nodes.get(entry);
    // The node lists every rule's paths in order, then the defaultBackend.
    const flat = match.ruleIndex < 0 ? -1 : match.ingress.rules.slice(0, match.ruleIndex).reduce((sum, rule) => sum + rule.paths.length, 0) + match.pathIndex;
    const rules = node?.kind === 'Ingress' ? node.rules : [];
    const rule = flat < 0 ? rules.at(-1) : rules[flat];
    backends = rule ? [rule.backend] : [];
    text = rule ? (rule.pathType === 'default' ? 'defaultBackend' : `${rule.pathType} ${rule.host ?? '*'}${rule.path}`) : '';
  }
  const resolved = backends.map((backend): ResolvedBackend => ({
    ...backend,
    slices: backend.exists
      ? (out.get(backend.service) ?? [])
          .filter((edge) => edge.relation === 'slice')
          .map((edge) => ({
            id: edge.target,
            endpoints: (out.get(edge.target) ?? [])
              .filter((endpoint) => endpoint.relation === 'endpoint')
              .map((endpoint) => ({ target: endpoint.target, ready: endpoint.conditions?.ready ?? true, serving: endpoint.conditions?.serving ?? true, terminating: endpoint.conditions?.terminating ?? false })),
          }))
      : [],
  }));
  // A backend of weight 0 gets none of the request: it is named in the answer, not drawn on the path.
  const onPath = [entry, ...(route ? [route] : []), ...resolved.flatMap((backend) => (backend.exists && backend.weight !== 0 ? [backend.service, ...backend.slices.flatMap((slice) => [slice.id, ...slice.endpoints.map((endpoint) => endpoint.target)])] : []))];
  return {
    via: match.via,
    conditions: match.conditions,
    entry,
    ...(match.via === 'Gateway' ? { listener: match.listener.name, route, rule: match.ruleIndex + 1 } : {}),
    match: text,
    backends: resolved,
    nodes: [...new Set(onPath)].filter((id) => nodes.has(id)),
    forwardsNowhere: forwardsNowhere(resolved),
  };
}
