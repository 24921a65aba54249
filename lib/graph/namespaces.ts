// Namespaces in the graph: what each holds (for the namespace picker), and a heading node
// per namespace that can collapse the namespace into itself, so a cluster of many
// namespaces reads as a list first and as a map where the user opens it. Pure.
import type { Graph, GraphNode, NamespaceNode, NamespaceSummary } from '@/lib/stream/protocol';

export function namespaceId(namespace: string): string {
  return `Namespace/${namespace}`;
}

/** The namespace of a heading node id. */
export function namespaceOf(id: string): string {
  return id.slice('Namespace/'.length);
}

/** Every namespace with a Service, slice or Pod in the graph, by name. */
export function namespaceSummaries(graph: Graph): NamespaceSummary[] {
  const summaries = new Map<string, NamespaceSummary>();
  for (const node of graph.nodes) {
    let summary = summaries.get(node.namespace);
    if (!summary) summaries.set(node.namespace, (summary = { name: node.namespace, services: 0, problems: 0, pods: 0, readyPods: 0 }));
    count(summary, node);
  }
  return [...summaries.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function count(summary: NamespaceSummary, node: GraphNode): void {
  if (node.kind === 'Service') {
    summary.services++;
    if (node.diagnostics.some((diagnostic) => diagnostic.severity !== 'info')) summary.problems++;
  } else if (node.kind === 'Pod') {
    summary.pods++;
    if (node.ready && !node.terminating) summary.readyPods++;
  }
}

/** Adds a heading per namespace; a collapsed namespace keeps only its heading. */
export function withNamespaceHeadings(graph: Graph, collapsed: ReadonlySet<string>): Graph {
  const headings = namespaceSummaries(graph).map(
    (summary): NamespaceNode => ({ id: namespaceId(summary.name), kind: 'Namespace', namespace: summary.name, name: summary.name, summary, collapsed: collapsed.has(summary.name) }),
  );
  if (collapsed.size === 0) return { nodes: [...headings, ...graph.nodes], edges: graph.edges };
  return {
    nodes: [...headings, ...graph.nodes.filter((node) => !collapsed.has(node.namespace))],
    edges: graph.edges.filter((edge) => !collapsed.has(edge.namespace)),
  };
}
