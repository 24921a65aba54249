import { describe, expect, it } from 'vitest';
import type { ContextStatus, GraphNode } from './protocol';
import { type GraphStreamState, initialStreamState, reduceStream, shownState, type StreamMessage } from './client';

const pod = (name: string, ready = true): GraphNode => ({
  id: `Pod/a/${name}`, kind: 'Pod', namespace: 'a', name, phase: 'Running', ready, terminating: false, restarts: 0,
  containers: { ready: ready ? 1 : 0, total: 1 }, policies: [], isolated: false,
});
const status = (state: 'synced' | 'syncing' | 'reconnecting' | 'forbidden' | 'error', message?: string): ContextStatus => ({
  context: 'c', kinds: ['services', 'pods'].map((kind) => ({ kind, state, objects: 0, lists: 1, since: '2026-11-30T03:00:00Z', message })),
});
const run = (...messages: StreamMessage[]) => messages.reduce((state, message) => reduceStream(state, message, 1), initialStreamState);

describe('reduceStream', () => {
  it('connecting → syncing → live as the stream opens and the watches sync', () => {
    expect(run().connection).toBe('connecting');
    expect(run({ type: 'open' }, { type: 'status', status: status('syncing') }).connection).toBe('syncing');
    expect(run({ type: 'open' }, { type: 'status', status: status('synced') }).connection).toBe('live');
  });

  it('applies field updates, and asks for a fresh snapshot when an update names a node it does not have', () => {
    const base = run({ type: 'open' }, { type: 'snapshot', seq: 1, graph: { nodes: [pod('p1')], edges: [] } });
    const empty = { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [] };
    const updated = reduceStream(base, { type: 'patch', seq: 2, patch: { ...empty, updateNodes: [{ id: 'Pod/a/p1', set: { ready: false } }] } }, 2);
    expect(updated.graph.nodes[0]).toMatchObject({ name: 'p1', ready: false, phase: 'Running' });
    const lost = reduceStream(updated, { type: 'patch', seq: 3, patch: { ...empty, updateNodes: [{ id: 'Pod/a/gone', set: { ready: true } }] } }, 3);
    expect(lost).toMatchObject({ resync: true, seq: 2 });
    expect(lost.graph).toBe(updated.graph);
    expect(reduceStream(lost, { type: 'snapshot', seq: 9, graph: { nodes: [], edges: [] } }, 4).resync).toBe(false);
  });

  it('applies a snapshot, then later patches, and ignores patches it already has', () => {
    const state = run(
      { type: 'open' },
      { type: 'snapshot', seq: 5, graph: { nodes: [pod('p1')], edges: [] } },
      { type: 'patch', seq: 5, patch: { upsertNodes: [pod('stale')], removeNodes: [], upsertEdges: [], removeEdges: [] } },
      { type: 'patch', seq: 6, patch: { upsertNodes: [pod('p1', false)], removeNodes: [], upsertEdges: [], removeEdges: [] } },
    );
    expect(state.seq).toBe(6);
    expect(state.graph.nodes).toEqual([pod('p1', false)]);
  });

  it('reconnecting when the server connection drops or a watch fails, with the reason', () => {
    expect(run({ type: 'open' }, { type: 'status', status: status('synced') }, { type: 'closed', refused: false })).toMatchObject({ connection: 'reconnecting', problem: expect.stringMatching(/Lost the connection/) });
    expect(run({ type: 'open' }, { type: 'status', status: status('reconnecting', 'Cannot reach the apiserver') })).toMatchObject({ connection: 'reconnecting', problem: 'Cannot reach the apiserver' });
  });

  it('error when the server refuses the stream or the credentials are rejected', () => {
    expect(run({ type: 'closed', refused: true }).connection).toBe('error');
    // The server's own message, once read, replaces the generic one (and a later bare "closed" keeps it).
    const message = 'Namespace "<script>" must be lowercase letters, digits and "-".';
    const refused = { type: 'closed', refused: true } as const;
    expect(run(refused, { ...refused, reason: message }, refused)).toMatchObject({ connection: 'error', problem: message });
    expect(run({ type: 'open' }, { type: 'status', status: status('error', 'Unauthorized: …') })).toMatchObject({ connection: 'error', problem: 'Unauthorized: …' });
  });

  it('live with a notice when some kinds are forbidden', () => {
    expect(run({ type: 'open' }, { type: 'status', status: status('forbidden', 'Forbidden: nodes') })).toMatchObject({ connection: 'live', problem: 'Forbidden: nodes' });
  });
});

describe('shownState', () => {
  const node = (namespace: string, name: string, ready = true) => ({ id: `Pod/${namespace}/${name}`, kind: 'Pod' as const, namespace, name, phase: 'Running', ready, terminating: false, restarts: 0, containers: { ready: 1, total: 1 }, policies: [], isolated: false });
  const at = (seq: number, nodes: ReturnType<typeof node>[]): GraphStreamState => ({ ...initialStreamState, connection: 'live', seq, graph: { nodes, edges: [] } });

  it('keeps the tab\'s graph and seq when only another namespace changed, and moves on when its own did', () => {
    const shop = node('shop', 'a');
    const shown = shownState(at(1, [shop, node('data', 'b')]), new Set(['shop']));
    expect(shown.graph.nodes.map((n) => n.id)).toEqual(['Pod/shop/a']);
    const elsewhere = shownState(at(2, [shop, node('data', 'b', false)]), new Set(['shop']), shown);
    expect(elsewhere.graph).toBe(shown.graph);
    expect(elsewhere.seq).toBe(1);
    const own = shownState(at(3, [node('shop', 'a', false), node('data', 'b', false)]), new Set(['shop']), elsewhere);
    expect(own.graph).not.toBe(shown.graph);
    expect(own.seq).toBe(3);
  });

  it('shows everything when no namespace is chosen', () => {
    const state = at(4, [node('shop', 'a'), node('data', 'b')]);
    expect(shownState(state, null)).toBe(state);
  });
});
