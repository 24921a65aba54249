// Namespaces in the graph: what each holds (for the namespace picker), and a heading node
// per namespace that can collapse the namespace into itself, so a cluster of many
// namespaces reads as a list first and as a map where the user opens it. Pure.
import { isFrontNodeKind } from '@/lib/graph/gateway-objects';
import { namespaceId } from '@/lib/graph/ids';
import type { Diagnostic, Graph, GraphNode, NamespaceNode, NamespaceSummary } from '@/lib/graph/model';

/** "1 route", "2 routes": a count with its noun. */
export const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What a namespace's heading says it holds, in words: "1 Gateway · 2 routes · 10 Services · …". */
export function namespaceFacts({ gateways, routes, services, problems, pods, readyPods }: NamespaceSummary): string[] {
  return [
    ...(gateways ? [count(gateways, 'Gateway', 'Gateways')] : []),
    ...(routes ? [count(routes, 'route', 'routes')] : []),
    count(services, 'Service', 'Services'),
    // Problems are counted over Gateways and routes too: "15 with problems" after "4 Services"
    // read as 15 of the 4, so with them it says of how many.
    ...(problems > 0 ? [gateways || routes ? `${problems} of ${services + (gateways ?? 0) + (routes ?? 0)} with problems` : `${problems} with problems`] : []),
    `${count(pods, 'pod', 'pods')}, ${readyPods} ready`,
  ];
}

/** Every namespace with a Service, slice or Pod in the graph, by name. */
export function namespaceSummaries(graph: Graph): NamespaceSummary[] {
  const summaries = new Map<string, NamespaceSummary>();
  for (const node of graph.nodes) {
    let summary = summaries.get(node.namespace);
    if (!summary) summaries.set(node.namespace, (summary = { name: node.namespace, services: 0, problems: 0, pods: 0, readyPods: 0 }));
    tally(summary, node);
  }
  return [...summaries.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A problem is an error or warning diagnostic (info is not): what "only problems" keeps and headings count. */
export const hasProblem = (card: { diagnostics: Diagnostic[] }) => card.diagnostics.some((diagnostic) => diagnostic.severity !== 'info');

function tally(summary: NamespaceSummary, node: GraphNode): void {
  if (node.kind === 'Service') {
    summary.services++;
    if (hasProblem(node)) summary.problems++;
  } else if (node.kind === 'Pod') {
    summary.pods++;
    if (node.ready && !node.terminating) summary.readyPods++;
  } else if (isFrontNodeKind(node.kind)) {
    if (node.kind === 'Gateway') summary.gateways = (summary.gateways ?? 0) + 1;
    else summary.routes = (summary.routes ?? 0) + 1;
    if ('diagnostics' in node && hasProblem(node)) summary.problems++;
  }
}

/**
 * Which namespaces are collapsed: those named (`collapsed=a,b` in the URL), or all but
 * those named (`collapsed=*&open=a,b`).
 */
export type Folding = { collapsed: ReadonlySet<string> } | { open: ReadonlySet<string> };

/** Above this many nodes in more than one namespace, a graph opens with its namespaces collapsed. */
export const collapseAbove = 2000;

const list = (value: string | null) => new Set((value ?? '').split(',').filter(Boolean));

/**
 * The folding the URL asks for. Without a `collapsed` parameter: a graph too big to read
 * as one map (and too big for React Flow to stay fluid) starts as a list of namespace
 * headings, the user opens what they need; a smaller one starts open.
 */
export function foldingOf(graph: Graph, collapsed: string | null, open: string | null): Folding {
  if (collapsed === '*') return { open: list(open) };
  if (collapsed !== null) return { collapsed: list(collapsed) };
  if (graph.nodes.length <= collapseAbove) return { collapsed: new Set() };
  const first = graph.nodes[0]?.namespace;
  return graph.nodes.some((node) => node.namespace !== first) ? { open: new Set() } : { collapsed: new Set() };
}

export function isCollapsed(folding: Folding, namespace: string): boolean {
  return 'open' in folding ? !folding.open.has(namespace) : folding.collapsed.has(namespace);
}

/** The URL parameters after a click on one namespace's heading (always explicit, so a link keeps the view). */
export function toggleNamespace(folding: Folding, namespace: string): { collapsed: string; open: string | null } {
  const flip = (names: ReadonlySet<string>) => [...names].filter((name) => name !== namespace).concat(names.has(namespace) ? [] : [namespace]).join(',');
  return 'open' in folding ? { collapsed: '*', open: flip(folding.open) || null } : { collapsed: flip(folding.collapsed), open: null };
}

/** Adds a heading per namespace; a collapsed namespace keeps only its heading. */
export function withNamespaceHeadings(graph: Graph, folding: Folding): Graph {
  const headings = namespaceSummaries(graph).map(
    (summary): NamespaceNode => ({ id: namespaceId(summary.name), kind: 'Namespace', namespace: summary.name, name: summary.name, summary, collapsed: isCollapsed(folding, summary.name) }),
  );
  if (headings.every((heading) => !heading.collapsed)) return { nodes: [...headings, ...graph.nodes], edges: graph.edges };
  const hidden = new Set(headings.filter((heading) => heading.collapsed).map((heading) => heading.namespace));
  return {
    nodes: [...headings, ...graph.nodes.filter((node) => !hidden.has(node.namespace))],
    edges: graph.edges.filter((edge) => !hidden.has(edge.namespace)),
  };
}
