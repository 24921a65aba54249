import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode, GraphPatch } from './model';
import { applyPatch, applyPatches, fieldUpdate, filterPatch, isEmptyPatch } from './diff';

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

  it('gives what a rebuild by id would, for random patches, keeping unchanged items as the same objects', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    let current: Graph = { nodes: Array.from({ length: 50 }, (_, i) => pod('a', `p${String(i).padStart(3, '0')}`)), edges: [] };
    // Every few rounds, the same patches applied in one pass must give the same graph.
    let batchStart = current;
    let batch: GraphPatch[] = [];
    for (let round = 0; round < 200; round++) {
      const ids = current.nodes.map((node) => node.id);
      const removeNodes = Array.from({ length: random(3) }, () => ids[random(ids.length)]!);
      const upsertNodes = Array.from({ length: random(3) }, () => pod('a', `p${String(random(80)).padStart(3, '0')}`, random(2) === 0));
      const kept = ids.filter((id) => !removeNodes.includes(id) && !upsertNodes.some((node) => node.id === id));
      const updateNodes = kept.length > 0 && random(2) === 0 ? [{ id: kept[random(kept.length)]!, set: { restarts: round } }] : undefined;
      const patch = { upsertNodes, removeNodes, upsertEdges: [], removeEdges: [], ...(updateNodes ? { updateNodes } : {}) };
      // The rebuild: a Map by id, then sorted.
      const byId = new Map(current.nodes.map((node) => [node.id, node]));
      for (const id of removeNodes) byId.delete(id);
      for (const node of upsertNodes) byId.set(node.id, node);
      for (const update of updateNodes ?? []) byId.set(update.id, { ...byId.get(update.id)!, ...update.set } as GraphNode);
      const expected = [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      const next = applyPatch(current, patch);
      expect(next.nodes).toEqual(expected);
      const untouched = current.nodes.filter((node) => !removeNodes.includes(node.id) && !upsertNodes.some((n) => n.id === node.id) && node.id !== updateNodes?.[0]?.id);
      for (const node of untouched) expect(next.nodes).toContain(node);
      current = next;
      batch.push(patch);
      if (round % 7 === 6) {
        expect(applyPatches(batchStart, batch)).toEqual(current);
        batchStart = current;
        batch = [];
      }
    }
  });

  it('in one pass: a node added then removed, removed then added again, or updated twice', () => {
    const empty = { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [] };
    const patches: GraphPatch[] = [
      { ...empty, upsertNodes: [pod('a', 'new')], removeNodes: ['Pod/a/p1'] },
      { ...empty, removeNodes: ['Pod/a/new'], upsertNodes: [pod('a', 'p1', false)] },
      { ...empty, updateNodes: [{ id: 'Pod/a/p1', set: { restarts: 1 } }] },
      { ...empty, updateNodes: [{ id: 'Pod/a/p1', set: { restarts: 2 } }] },
    ];
    const sequential = patches.reduce(applyPatch, graph);
    expect(applyPatches(graph, patches)).toEqual(sequential);
    expect(sequential.nodes.find((node) => node.id === 'Pod/a/p1')).toMatchObject({ ready: false, restarts: 2 });
    expect(() => applyPatches(graph, [{ ...empty, removeNodes: ['Pod/a/p1'] }, { ...empty, updateNodes: [{ id: 'Pod/a/p1', set: {} }] }])).toThrow(/does not have/);
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
