// Graph patches (made by incremental.ts): applying them, filtering them to what a
// client shows. What travels to the browser after each change instead of the whole graph. Pure.
import type { FieldUpdate, Graph, GraphPatch } from './model';

interface Identified {
  id: string;
}

/** How many nodes and edges a patch touches (upserted, updated or removed). */
export function patchItems(patch: GraphPatch): number {
  return (
    patch.upsertNodes.length +
    patch.removeNodes.length +
    patch.upsertEdges.length +
    patch.removeEdges.length +
    (patch.updateNodes?.length ?? 0) +
    (patch.updateEdges?.length ?? 0)
  );
}

export function isEmptyPatch(patch: GraphPatch): boolean {
  return patchItems(patch) === 0;
}

/** The top-level fields of `now` that differ from `before`: what a client holding `before` needs. */
export function fieldUpdate<T extends Identified>(before: T, now: T): FieldUpdate | null {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const old = before as unknown as Record<string, unknown>;
  const current = now as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(old), ...Object.keys(current)])) {
    if (current[key] === undefined) {
      if (old[key] !== undefined) unset.push(key);
    } else if (JSON.stringify(old[key]) !== JSON.stringify(current[key])) set[key] = current[key];
  }
  if (Object.keys(set).length === 0 && unset.length === 0) return null;
  return unset.length > 0 ? { id: now.id, set, unset } : { id: now.id, set };
}

export function applyPatch(graph: Graph, patch: GraphPatch): Graph {
  return applyPatches(graph, [patch]);
}

/**
 * Several patches in a row, in one pass over the graph: what the page does with the patches
 * that arrived since it last drew (a pass per patch over 12,000 nodes kept it busy during a
 * rollout). The same graph as applying them one by one.
 */
export function applyPatches(graph: Graph, patches: readonly GraphPatch[]): Graph {
  return {
    nodes: applyById(graph.nodes, patches.map((patch) => ({ upserts: patch.upsertNodes, removals: patch.removeNodes, updates: patch.updateNodes }))),
    edges: applyById(graph.edges, patches.map((patch) => ({ upserts: patch.upsertEdges, removals: patch.removeEdges, updates: patch.updateEdges }))),
  };
}

/** Restricts a patch to the ids a filter keeps (e.g. one namespace). */
/** Keeps only the nodes and edges of the given namespaces (all when the set is empty). */
export function filterGraph(graph: Graph, namespaces: ReadonlySet<string>): Graph {
  if (namespaces.size === 0) return graph;
  return {
    nodes: graph.nodes.filter((node) => namespaces.has(node.namespace)),
    edges: graph.edges.filter((edge) => namespaces.has(edge.namespace)),
  };
}

/** The very same items in the same order (patches keep unchanged items by reference). */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

export function filterPatch(patch: GraphPatch, keep: (id: string) => boolean): GraphPatch {
  const filtered: GraphPatch = {
    upsertNodes: patch.upsertNodes.filter((node) => keep(node.id)),
    removeNodes: patch.removeNodes.filter(keep),
    upsertEdges: patch.upsertEdges.filter((edge) => keep(edge.id)),
    removeEdges: patch.removeEdges.filter(keep),
  };
  const updateNodes = patch.updateNodes?.filter((update) => keep(update.id));
  const updateEdges = patch.updateEdges?.filter((update) => keep(update.id));
  if (updateNodes?.length) filtered.updateNodes = updateNodes;
  if (updateEdges?.length) filtered.updateEdges = updateEdges;
  return filtered;
}

/** Graphs keep nodes and edges sorted by id, so the same graph is always the same JSON. */
export function byId(a: Identified, b: Identified): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** By name, in code-point order as byId (not the locale's): the same everywhere it runs. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface Changes<T> {
  upserts: T[];
  removals: string[];
  updates?: FieldUpdate[];
}

// Runs on the page for every delivery, over graphs of 10,000+ items: one pass over the
// (sorted) items, a binary search per update, and a merge for new ids — no Map of every
// item and no full sort, which showed in the page's profile during a rollout.
function applyById<T extends Identified>(items: T[], patches: Changes<T>[]): T[] {
  // Per id the patches touch: the item after them, or null once removed.
  const changed = new Map<string, T | null>();
  for (const { upserts, removals, updates = [] } of patches) {
    const replaced = new Set<string>();
    for (const item of upserts) {
      changed.set(item.id, item);
      replaced.add(item.id);
    }
    for (const { id, set, unset } of updates) {
      const existing = changed.has(id) ? changed.get(id) : findById(items, id);
      // The server sends updates only for what the client's graph at the previous seq has.
      if (!existing) throw new Error(`patch updates ${id}, which this graph does not have`);
      const updated = { ...existing, ...set } as Record<string, unknown>;
      for (const key of unset ?? []) delete updated[key];
      changed.set(id, updated as unknown as T);
      replaced.add(id);
    }
    // Within one patch, an item upserted or updated stays even if also named for removal.
    for (const id of removals) if (!replaced.has(id)) changed.set(id, null);
  }
  if (changed.size === 0) return items;
  const kept: T[] = [];
  for (const item of items) {
    if (!changed.has(item.id)) kept.push(item);
    else {
      const replacement = changed.get(item.id);
      if (replacement) kept.push(replacement);
      changed.delete(item.id);
    }
  }
  const added = [...changed.values()].filter((item): item is T => item !== null);
  return added.length === 0 ? kept : mergeById(kept, added.sort(byId));
}

/** Binary search in items sorted by id. */
function findById<T extends Identified>(items: T[], id: string): T | undefined {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = items[middle]!;
    if (candidate.id === id) return candidate;
    if (candidate.id < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

function mergeById<T extends Identified>(a: T[], b: T[]): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(byId(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}
