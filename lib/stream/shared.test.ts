import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GraphNode } from '@/lib/stream/protocol';
import { initialStreamState, type GraphStreamState } from './client';
import { bigGraphIntervalMs, type FrameClock, oncePerFrame } from './shared';

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
