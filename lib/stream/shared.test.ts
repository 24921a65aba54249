import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GraphNode } from '@/lib/stream/protocol';
import { initialStreamState, type GraphStreamState, reduceStream, type StreamMessage } from './client';
import { batchedStreamState, bigGraphIntervalMs, type FrameClock, oncePerFrame } from './shared';

const withNodes = (count: number, seq: number): GraphStreamState => ({
  ...initialStreamState,
  seq,
  graph: { nodes: Array.from({ length: count }, (_, index) => ({ id: `Pod/a/p${index}` }) as GraphNode), edges: [] },
});

describe('oncePerFrame', () => {
  let frames: (() => void)[] = [];
  const clock: FrameClock = {
    now: () => Date.now(),
    requestFrame: (callback) => frames.push(callback),
    cancelFrame: () => undefined,
  };
  beforeEach(() => {
    vi.useFakeTimers();
    frames = [];
  });
  afterEach(() => vi.useRealTimers());

  it('folds the states of one frame into one delivery of the latest', () => {
    const delivered: number[] = [];
    const onState = oncePerFrame((state) => delivered.push(state.seq), clock);
    onState(withNodes(10, 1));
    onState(withNodes(10, 2));
    onState(withNodes(10, 3));
    frames.forEach((callback) => callback());
    expect(delivered).toEqual([3]);
  });

  it('hands on a big graph at most every 250 ms, however fast patches come', () => {
    const delivered: number[] = [];
    const onState = oncePerFrame((state) => delivered.push(state.seq), clock);
    for (let seq = 1; seq <= 100; seq++) {
      onState(withNodes(3_000, seq));
      vi.advanceTimersByTime(10); // a patch every 10 ms for a second
      frames.splice(0).forEach((callback) => callback());
    }
    vi.advanceTimersByTime(bigGraphIntervalMs);
    expect(delivered.length).toBeLessThanOrEqual(1000 / bigGraphIntervalMs + 1);
    expect(delivered.at(-1)).toBe(100); // the latest state always arrives
  });
});

describe('batchedStreamState', () => {
  const pod = (name: string, ready = true) => ({ id: `Pod/a/${name}`, kind: 'Pod', namespace: 'a', name, phase: 'Running', ready, terminating: false, restarts: 0, containers: { ready: 1, total: 1 }, policies: [], isolated: false }) as GraphNode;
  const empty = { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [] };
  const messages: StreamMessage[] = [
    { type: 'open' },
    { type: 'snapshot', seq: 1, graph: { nodes: [pod('p1'), pod('p2')], edges: [] } },
    { type: 'patch', seq: 2, patch: { ...empty, upsertNodes: [pod('p3')] } },
    { type: 'patch', seq: 3, patch: { ...empty, removeNodes: ['Pod/a/p1'] } },
    { type: 'patch', seq: 4, patch: { ...empty, updateNodes: [{ id: 'Pod/a/p3', set: { ready: false } }] } },
  ];

  it('folds the patches into the graph when read, in one go, to what applying each gives', () => {
    const stream = batchedStreamState();
    messages.forEach(stream.add);
    const oneByOne = messages.reduce((state, message) => reduceStream(state, message, 1), initialStreamState);
    const read = stream.current();
    expect(read.seq).toBe(4);
    expect(read.graph).toEqual(oneByOne.graph);
    expect(read.graph.nodes.map((node) => node.id)).toEqual(['Pod/a/p2', 'Pod/a/p3']);
    expect(stream.current()).toBe(read); // nothing new: the same state
  });

  it('a non-patch message applies the patches before it (order kept); a patch that does not fit asks for a resync', () => {
    const stream = batchedStreamState();
    messages.slice(0, 3).forEach(stream.add);
    // A snapshot after a waiting patch replaces what the patch did: applied after it, the patch would add p3.
    stream.add({ type: 'snapshot', seq: 3, graph: { nodes: [pod('p9')], edges: [] } });
    expect(stream.current().graph.nodes.map((node) => node.id)).toEqual(['Pod/a/p9']);
    stream.add({ type: 'patch', seq: 2, patch: { ...empty, upsertNodes: [pod('old')] } }); // already had: ignored
    stream.add({ type: 'patch', seq: 4, patch: { ...empty, upsertNodes: [pod('p3')] } });
    stream.add({ type: 'patch', seq: 3, patch: { ...empty, upsertNodes: [pod('stale')] } }); // out of order: ignored
    stream.add({ type: 'status', status: { context: 'c', kinds: [] } });
    expect(stream.current()).toMatchObject({ seq: 4 });
    expect(stream.current().graph.nodes.map((node) => node.id)).toEqual(['Pod/a/p3', 'Pod/a/p9']);
    stream.add({ type: 'patch', seq: 5, patch: { ...empty, updateNodes: [{ id: 'Pod/a/gone', set: {} }] } });
    expect(stream.current()).toMatchObject({ resync: true, seq: 4 });
  });
});
