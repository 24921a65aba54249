// Graph patches (made by incremental.ts): applying them, filtering them to what a
// client shows. What travels to the browser after each change instead of the whole graph. Pure.
import type { Graph, GraphPatch } from '@/lib/stream/protocol';

interface Identified {
  id: string;
}

export function isEmptyPatch(patch: GraphPatch): boolean {
  return (
    patch.upsertNodes.length === 0 &&
    patch.removeNodes.length === 0 &&
    patch.upsertEdges.length === 0 &&
    patch.removeEdges.length === 0
  );
}

export function applyPatch(graph: Graph, patch: GraphPatch): Graph {
  return {
    nodes: applyById(graph.nodes, patch.upsertNodes, patch.removeNodes),
    edges: applyById(graph.edges, patch.upsertEdges, patch.removeEdges),
  };
}

/** Restricts a patch to the ids a filter keeps (e.g. one namespace). */
export function filterPatch(patch: GraphPatch, keep: (id: string) => boolean): GraphPatch {
  return {
    upsertNodes: patch.upsertNodes.filter((node) => keep(node.id)),
    removeNodes: patch.removeNodes.filter(keep),
    upsertEdges: patch.upsertEdges.filter((edge) => keep(edge.id)),
    removeEdges: patch.removeEdges.filter(keep),
  };
}

/** Graphs keep nodes and edges sorted by id, so the same graph is always the same JSON. */
export function byId(a: Identified, b: Identified): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function applyById<T extends Identified>(items: T[], upserts: T[], removals: string[]): T[] {
  const itemsById = new Map(items.map((item) => [item.id, item]));
  for (const id of removals) itemsById.delete(id);
  for (const item of upserts) itemsById.set(item.id, item);
  return [...itemsById.values()].sort(byId);
}
