import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '@/lib/stream/protocol';
import { applyPatch, fieldUpdate, filterPatch, isEmptyPatch } from './diff';

const pod = (namespace: string, name: string, ready = true): GraphNode => ({
  id: `Pod/${namespace}/${name}`, kind: 'Pod', namespace, name, phase: 'Running', ready, terminating: false, restarts: 0,
  containers: { ready: ready ? 1 : 0, total: 1 }, policies: [], isolated: false,
});

describe('applyPatch', () => {
  const graph: Graph = { nodes: [pod('a', 'p1'), pod('a', 'p2')], edges: [] };

  it('replaces upserted nodes, adds new ones, drops removed ones, and keeps ids sorted', () => {
    const next = applyPatch(graph, { upsertNodes: [pod('a', 'p2', false), pod('a', 'p0')], removeNodes: ['Pod/a/p1'], upsertEdges: [], removeEdges: [] });
    expect(next.nodes).toEqual([pod('a', 'p0'), pod('a', 'p2', false)]);
    expect(graph.nodes).toHaveLength(2); // the old graph is left as it was
  });

  it('applies field updates: changed fields set, vanished ones removed, the rest kept', () => {
    const before = { ...pod('a', 'p1'), ip: '10.0.0.1' } as GraphNode;
    const after = { ...pod('a', 'p1', false) } as GraphNode;
    const update = fieldUpdate(before, after)!;
    expect(update).toEqual({ id: 'Pod/a/p1', set: { ready: false, containers: { ready: 0, total: 1 } }, unset: ['ip'] });
    const next = applyPatch({ nodes: [before], edges: [] }, { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [], updateNodes: [update] });
    expect(next.nodes).toEqual([after]);
    expect(fieldUpdate(after, after)).toBeNull();
    expect(() => applyPatch(graph, { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [], updateNodes: [{ id: 'Pod/a/zzz', set: {} }] })).toThrow(/does not have/);
  });

  it('ignores removals of ids it does not have', () => {
    expect(applyPatch(graph, { upsertNodes: [], removeNodes: ['Pod/a/zzz'], upsertEdges: [], removeEdges: ['x'] })).toEqual(graph);
  });
});

describe('filterPatch / isEmptyPatch', () => {
  it('keeps only the ids a client shows, and an all-filtered patch is empty', () => {
    const patch = { upsertNodes: [pod('a', 'p1'), pod('b', 'p2')], removeNodes: ['Pod/b/p3'], upsertEdges: [], removeEdges: [] };
    const onlyA = filterPatch(patch, (id) => id.split('/')[1] === 'a');
    expect(onlyA).toEqual({ upsertNodes: [pod('a', 'p1')], removeNodes: [], upsertEdges: [], removeEdges: [] });
    expect(isEmptyPatch(onlyA)).toBe(false);
    expect(isEmptyPatch(filterPatch(patch, () => false))).toBe(true);
    const updates = { ...patch, updateNodes: [{ id: 'Pod/a/p1', set: { ready: false } }, { id: 'Pod/b/p2', set: { ready: false } }] };
    expect(filterPatch(updates, (id) => id.split('/')[1] === 'b').updateNodes).toEqual([{ id: 'Pod/b/p2', set: { ready: false } }]);
    expect(filterPatch(updates, () => false)).not.toHaveProperty('updateNodes');
  });
});
