// Many pods behind one Service are drawn as one group node ("240 pods: 236 ready, 4 not
// ready") until it is expanded: React Flow stays fluid around a thousand DOM nodes, not
// ten thousand, and a person reads a count faster than 240 boxes. Pure.
import type { Graph, GraphEdge, GraphNode, PodGroupNode, PodNode } from '@/lib/graph/model';
import { edgeId, groupId } from '@/lib/graph/ids';
import { addTo } from '@/lib/graph/maps';

/** Services with more pods than this are grouped unless expanded. */
export const groupAbove = 30;

export function aggregatePods(graph: Graph, expanded: ReadonlySet<string>, threshold = groupAbove): Graph {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const outgoing = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) addTo(outgoing, edge.source, edge);

  // Each Service's slices and pods (endpoints, and pods it selects that are no endpoint).
  const groups = new Map<string, { slices: string[]; pods: Set<string> }>();
  for (const service of graph.nodes) {
    if (service.kind !== 'Service' || expanded.has(service.id)) continue;
    const slices: string[] = [];
    const pods = new Set<string>();
    for (const edge of outgoing.get(service.id) ?? []) {
      if (edge.relation === 'slice') {
        slices.push(edge.target);
        for (const endpoint of outgoing.get(edge.target) ?? []) if (byId.get(endpoint.target)?.kind === 'Pod') pods.add(endpoint.target);
      } else if (edge.relation === 'selected') pods.add(edge.target);
    }
    if (pods.size > threshold) groups.set(service.id, { slices, pods });
  }
  if (groups.size === 0) return graph;

  // A pod hides only if every edge to it comes from a grouped Service or its slices.
  const groupedSources = new Set([...groups].flatMap(([service, group]) => [service, ...group.slices]));
  const grouped = new Set([...groups.values()].flatMap((group) => [...group.pods]));
  const hidden = new Set(grouped);
  for (const edge of graph.edges) if (hidden.has(edge.target) && !groupedSources.has(edge.source)) hidden.delete(edge.target);

  const nodes: GraphNode[] = graph.nodes.filter((node) => !hidden.has(node.id));
  // The group stands for its pods: their edges from the grouped Service and slices go.
  const edges: GraphEdge[] = graph.edges.filter((edge) => !hidden.has(edge.target) && !(groupedSources.has(edge.source) && grouped.has(edge.target)));
  for (const [serviceId, group] of groups) {
    const pods = [...group.pods].map((id) => byId.get(id) as PodNode);
    const service = byId.get(serviceId)!;
    const node: PodGroupNode = {
      id: groupId(serviceId),
      kind: 'PodGroup',
      namespace: service.namespace,
      name: `${service.name} pods`,
      service: serviceId,
      pods: pods.length,
      ready: pods.filter((pod) => pod.ready && !pod.terminating).length,
      notReady: pods.filter((pod) => !pod.ready && !pod.terminating).length,
      terminating: pods.filter((pod) => pod.terminating).length,
    };
    nodes.push(node);
    for (const slice of group.slices.length > 0 ? group.slices : [serviceId]) {
      edges.push({ id: edgeId(slice, node.id), namespace: service.namespace, source: slice, target: node.id, relation: 'group' });
    }
  }
  return { nodes, edges };
}
