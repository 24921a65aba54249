import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import type { TimelineEvent } from '@/lib/graph/model';
import type { Pod } from '@/lib/graph/objects';
import { applyWatchEvent, type WatchEvent, type WritableStore } from '@/lib/graph/store';
import { loadFixture } from '@/test/fixtures/load';
import { mergeJournal, Recorder } from './recorder';
import { storeAt } from './replay';
import { SqliteStore } from './sqlite';
import type { HistoryStore } from './store';

const opened: HistoryStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

function setup(file = join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db')) {
  const history = new SqliteStore(file);
  opened.push(history);
  const store = loadFixture('frontend.yaml') as WritableStore;
  const clock = { now: 1_000 };
  const recorder = new Recorder(async () => history, 'ctx', () => store, { now: () => clock.now, snapshotEveryChanges: 3 });
  /** What the hub does: writes the store, then tells the recorder. */
  const write = (kind: 'pods' | 'endpointslices', event: WatchEvent) => recorder.changed(applyWatchEvent(store, kind, event), []);
  return { history, store, clock, recorder, write, file };
}

const pod = (store: WritableStore, name: string) => store.pods.get(`shop/${name}`) as Pod;

describe('recorder and replay', () => {
  test('the graph at each past time is the graph the store made then', async () => {
    const { history, store, clock, recorder, write } = setup();
    recorder.synced();
    await recorder.flush();
    const graphs: { at: number; graph: ReturnType<typeof buildGraph> }[] = [{ at: 1_000, graph: buildGraph(store) }];
    const names = [...store.pods.values()].map((object) => object.name);
    for (const [step, name] of names.entries()) {
      clock.now = 2_000 + step * 1_000;
      const before = pod(store, name);
      write('pods', { type: 'MODIFIED', object: { ...before, resourceVersion: `${step}0`, deletionTimestamp: '2026-12-02T00:00:00Z' } });
      await recorder.flush();
      graphs.push({ at: clock.now, graph: buildGraph(store) });
      clock.now += 500;
      write('pods', { type: 'DELETED', object: pod(store, name) });
      await recorder.flush();
      graphs.push({ at: clock.now, graph: buildGraph(store) });
    }
    for (const { at, graph } of graphs) {
      const past = await storeAt(history, 'ctx', at);
      expect(past.known && buildGraph(past.store), `graph at ${at}`).toEqual(graph);
    }
    expect(graphs.at(0)!.graph).not.toEqual(graphs.at(-1)!.graph);
    expect(await storeAt(history, 'ctx', 999)).toEqual({ known: false, gap: { to: 1_000 } });
  });

  test('a stop and a restart leave a gap that is unknown, not the last state carried on', async () => {
    const { file, clock, recorder } = setup();
    recorder.synced();
    await recorder.flush();
    clock.now = 5_000;
    await recorder.stopped();
    await opened.pop()!.close();

    // Another process, later, on the same file.
    const next = setup(file);
    next.clock.now = 60_000;
    next.recorder.synced();
    await next.recorder.flush();
    expect(await storeAt(next.history, 'ctx', 30_000)).toEqual({ known: false, gap: { from: 5_000, to: 60_000 } });
    expect((await storeAt(next.history, 'ctx', 4_000)).known).toBe(true);
    expect((await storeAt(next.history, 'ctx', 60_000)).known).toBe(true);
    // After its last write: known while the session runs (it writes every second), not once it went silent.
    expect((await storeAt(next.history, 'ctx', 61_000, 61_000)).known).toBe(true);
    expect((await storeAt(next.history, 'ctx', 61_000, 120_000)).known).toBe(false);
  });

  test('who held an IP: a pod, the Services it was an endpoint of, and the pod that got the IP after it', async () => {
    const { history, store, clock, recorder, write } = setup();
    recorder.synced();
    await recorder.flush();
    const first = [...store.pods.values()][0] as Pod;
    const ip = first.podIPs[0]!;
    clock.now = 2_000;
    write('pods', { type: 'DELETED', object: first });
    for (const slice of store.endpointslices.values()) {
      const endpoints = slice.endpoints.filter((endpoint) => !endpoint.addresses.includes(ip));
      write('endpointslices', { type: 'MODIFIED', object: { ...slice, resourceVersion: 'x', endpoints } });
    }
    await recorder.flush();
    clock.now = 3_000;
    write('pods', { type: 'ADDED', object: { ...first, name: 'newcomer', uid: 'u-new', resourceVersion: 'y' } });
    await recorder.flush();

    const spans = await history.ipSpans('ctx', ip, 0, 10_000, 10_000);
    expect(spans.map((span) => [span.ownerKind, span.name, span.service, span.started, span.startUnknown, span.ended])).toEqual([
      ['Pod', first.name, undefined, 1_000, true, 2_000],
      ['EndpointSlice', 'frontend-x7k2p', 'frontend', 1_000, true, 2_000],
      ['Pod', 'newcomer', undefined, 3_000, false, undefined],
    ]);
  });

  test('a failed write is an error the recorder reports; it starts again with a fresh snapshot, the lost time a gap', async () => {
    const { history, clock, recorder, write, store } = setup();
    recorder.synced();
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'recording', since: 1_000 });
    const failing = history.write.bind(history);
    history.write = async () => {
      throw new Error('The history database cannot grow: the disk or its size limit is full.');
    };
    clock.now = 2_000;
    write('pods', { type: 'DELETED', object: [...store.pods.values()][0]! });
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'error', message: expect.stringContaining('disk or its size limit is full') });
    history.write = failing;
    clock.now = 30_000;
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'recording', since: 30_000 });
    expect(await storeAt(history, 'ctx', 10_000)).toEqual({ known: false, gap: { from: 1_000, to: 30_000 } });
    const now = await storeAt(history, 'ctx', 30_000);
    expect(now.known && buildGraph(now.store)).toEqual(buildGraph(store));
  });

  test('the endpoint events of a write still running are pending until it ends: a reader meanwhile misses none', async () => {
    const { history, clock, recorder } = setup();
    recorder.synced();
    await recorder.flush();
    const event: TimelineEvent = { at: '2026-12-02T00:00:02Z', service: 'Service/shop/web', slice: 'EndpointSlice/shop/web-1', target: 'Pod/shop/web-1', change: 'left' };
    clock.now = 2_000;
    recorder.changed([], [event]);
    const write = history.write.bind(history);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing = () => {};
    const started = new Promise<void>((resolve) => (writing = resolve));
    history.write = async (batch) => {
      writing();
      await held;
      return write(batch);
    };
    const flushing = recorder.flush();
    await started;
    expect(recorder.pendingEvents().map((row) => JSON.parse(row.event))).toEqual([event]);
    expect(await history.events('ctx', 0, 10_000, 10)).toEqual([]);
    release();
    await flushing;
    expect(recorder.pendingEvents()).toEqual([]);
    expect((await history.events('ctx', 0, 10_000, 10)).map((row) => JSON.parse(row.event))).toEqual([event]);
  });
});

test('pending and journal events merge newest first, a row in both counted once, identical rows kept apart', () => {
  const row = (ts: number, event: string) => ({ ts, event });
  // A write ended while the journal was read: its rows (3, 2) are pending and stored; 2 happened twice.
  const pending = [row(4, 'd'), row(3, 'c'), row(2, 'b'), row(2, 'b')];
  const stored = [row(3, 'c'), row(2, 'b'), row(1, 'a')];
  expect(mergeJournal(pending, stored)).toEqual([row(4, 'd'), row(3, 'c'), row(2, 'b'), row(2, 'b'), row(1, 'a')]);
  // The journal's newest rows are newer than a pending row left from an older write: time decides the order.
  expect(mergeJournal([row(1, 'x')], [row(5, 'e')]).map((each) => each.ts)).toEqual([5, 1]);
});
