// The text drawn on each edge, the same on screen and in exports. A slice's endpoints
// usually share one port mapping, which its card already shows; drawn on every edge it
// piled up over the pod cards. So an endpoint edge is labelled only where its mapping
// differs from its siblings' (a named targetPort that resolves differently on one pod).
// The dotted edge to a pod the selector matches but that is no endpoint carries no label:
// it would sit behind the slice cards it crosses; its reason is in the edge's accessible
// name and in the Service's diagnostic. Pure.
import type { GraphEdge } from '@/lib/graph/model';

function fullText(edge: GraphEdge): string {
  // A port-less endpoint says so: "ready" on the card, but no traffic for these ports.
  return [edge.label, edge.hostname, edge.noTrafficFor && `no traffic for ${edge.noTrafficFor.join(', ')}`, edge.ports?.join(', ')].filter(Boolean).join(' · ');
}

export function edgeLabels(edges: readonly GraphEdge[]): Map<string, string> {
  const bySource = new Map<string, Map<string, number>>();
  for (const edge of edges) {
    if (edge.relation !== 'endpoint') continue;
    const counts = bySource.get(edge.source) ?? new Map<string, number>();
    counts.set(fullText(edge), (counts.get(fullText(edge)) ?? 0) + 1);
    bySource.set(edge.source, counts);
  }
  const labels = new Map<string, string>();
  for (const edge of edges) {
    const text = fullText(edge);
    if (edge.relation === 'selected' || !text) continue;
    else if (edge.relation !== 'endpoint') labels.set(edge.id, text);
    else {
      const counts = bySource.get(edge.source)!;
      const siblings = [...counts.values()].reduce((sum, count) => sum + count, 0);
      const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      if (siblings === 1 || text !== common) labels.set(edge.id, text);
    }
  }
  return labels;
}
