import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '@/lib/graph/objects';
import { applyWatchEvent, emptyStore, type WatchEvent } from '@/lib/graph/store';
import { ApiError } from './errors';
import { bookmark, event, pod, ScriptedApi } from '@/test/scripted-api';
import { Backoff, type Clock } from './clock';
import { initialEventsEnd, type ListerWatcher, type RawWatchEvent } from './list-watch';
import { Reflector, type ReflectorState } from './reflector';
import { trimPod } from './trim';

// --- a store the reflector writes, and the changes it made, as upsert/delete ------

type Change = { type: 'upsert' | 'delete'; object: Pod };

function recordingStore() {
  const store = emptyStore();
  const changes: Change[] = [];
  const write = (event: WatchEvent) => {
    for (const change of applyWatchEvent(store, 'pods', event)) {
      changes.push(change.after ? { type: 'upsert', object: change.after as Pod } : { type: 'delete', object: change.before as Pod });
    }
  };
  return { store, changes, write };
}

// --- a clock the test controls -------------------------------------------------

class ManualClock implements Clock {
  time = 1_000_000;
  sleeps: number[] = [];
  private timers = new Set<{ at: number; callback: () => void }>();
  now = () => this.time;
  random = () => 0.5;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.time += ms;
  };
  /** Timers set so far (a watch arms its watchdog when it opens, and again once it is being read). */
  armed = 0;
  setTimeout(callback: () => void, ms: number) {
    this.armed++;
    const timer = { at: this.time + ms, callback };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }
  /** Moves time forward, firing the timers that fall due. */
  advance(ms: number) {
    this.time += ms;
    for (const timer of [...this.timers]) {
      if (timer.at <= this.time) {
        this.timers.delete(timer);
        timer.callback();
      }
    }
  }
}

/** Lets the reflector's promise chain run until the condition holds. */
async function until(condition: () => boolean) {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

const running: Reflector<Pod>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((reflector) => reflector.stop()));
});

function startReflector(api: ScriptedApi, clock = new ManualClock(), inactivityTimeoutMs = 90_000) {
  const { store, changes, write } = recordingStore();
  const states: { state: ReflectorState; message?: string }[] = [];
  const reflector = new Reflector<Pod>({
    kind: 'pods',
    listerWatcher: api,
    trim: trimPod,
    clock,
    inactivityTimeoutMs,
    write,
    onStatus: (state, message) => states.push({ state, message }),
  });
  running.push(reflector);
  reflector.start();
  return { reflector, store, changes, states, clock };
}

// --- behaviour ------------------------------------------------------------------

describe('Reflector', () => {
  it('lists consistently (RV "", paged by the transport), then watches from the list RV with bookmarks and a 5–10 min timeout', async () => {
    const api = new ScriptedApi([{ items: [pod('a', '10')], resourceVersion: '42' }], [{}]);
    const { changes, states } = startReflector(api);
    await until(() => api.watches.length === 1);
    expect(api.lists).toEqual([{ resourceVersion: '' }]);
    expect(api.watches[0]!.resourceVersion).toBe('42');
    expect(api.watches[0]!.timeoutSeconds).toBeGreaterThanOrEqual(300);
    expect(api.watches[0]!.timeoutSeconds).toBeLessThan(600);
    expect(changes.map((c) => [c.type, c.object.name])).toEqual([['upsert', 'a']]);
    expect(states.map((s) => s.state)).toEqual(['syncing', 'synced']);
  });

  it('a bookmark advances the resourceVersion the next watch starts from', async () => {
    const api = new ScriptedApi([{ items: [], resourceVersion: '42' }], [{ events: [bookmark('77')], end: true }, {}]);
    const { changes } = startReflector(api);
    await until(() => api.watches.length === 2);
    expect(api.watches[1]!.resourceVersion).toBe('77');
    expect(api.lists).toHaveLength(1);
    expect(changes).toEqual([]);
  });

  it('applies ADDED, MODIFIED and DELETED events and tracks their resourceVersions', async () => {
    const api = new ScriptedApi(
      [{ items: [], resourceVersion: '1' }],
      [{ events: [event('ADDED', pod('a', '2')), event('MODIFIED', pod('a', '3')), event('DELETED', pod('a', '4'))], end: true }, {}],
    );
    const { changes, store } = startReflector(api);
    await until(() => api.watches.length === 2);
    expect(changes.map((c) => `${c.type} ${c.object.resourceVersion}`)).toEqual(['upsert 2', 'upsert 3', 'delete 3']);
    expect(api.watches[1]!.resourceVersion).toBe('4');
    expect(store.pods.size).toBe(0);
  });

  it('relists once, consistently (RV ""), when the watch answers HTTP 410 Gone', async () => {
    const api = new ScriptedApi(
      [{ items: [pod('a', '5')], resourceVersion: '5' }, { items: [pod('a', '5'), pod('b', '9')], resourceVersion: '9' }],
      [{ fail: new ApiError(410, 'Expired', 'too old resource version: 5 (8)') }, {}],
    );
    const { changes, clock } = startReflector(api);
    await until(() => api.watches.length === 2);
    expect(api.lists).toEqual([{ resourceVersion: '' }, { resourceVersion: '' }]);
    expect(api.watches[1]!.resourceVersion).toBe('9');
    expect(changes.map((c) => `${c.type} ${c.object.name}`)).toEqual(['upsert a', 'upsert b']);
    expect(clock.sleeps).toEqual([]); // an expired watch is not a failure to back off from
  });

  it('relists once when the watch stream carries an ERROR event with code 410', async () => {
    const gone = event('ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 });
    const api = new ScriptedApi(
      [{ items: [pod('a', '5')], resourceVersion: '5' }, { items: [], resourceVersion: '12' }],
      [{ events: [gone] }, {}],
    );
    const { changes } = startReflector(api);
    await until(() => api.watches.length === 2);
    expect(api.lists).toEqual([{ resourceVersion: '' }, { resourceVersion: '' }]);
    // a was deleted while the watch was behind: the relist notices
    expect(changes.map((c) => `${c.type} ${c.object.name}`)).toEqual(['upsert a', 'delete a']);
  });

  it('a relist that finds objects unchanged (same resourceVersion) emits nothing', async () => {
    const items = [pod('a', '5'), pod('b', '6')];
    const api = new ScriptedApi(
      [{ items, resourceVersion: '6' }, { items, resourceVersion: '6' }],
      [{ fail: new ApiError(410, 'Gone', 'gone') }, {}],
    );
    const { changes } = startReflector(api);
    await until(() => api.watches.length === 2);
    expect(api.lists).toHaveLength(2);
    expect(changes).toHaveLength(2); // from the first list only
  });

  it('backs off with growing delays while the apiserver is unreachable, and says so', async () => {
    const down = () => ({ fail: new ApiError(0, 'Unreachable', 'connect ECONNREFUSED 127.0.0.1:6443') });
    const api = new ScriptedApi([{ items: [], resourceVersion: '1' }], [down(), down(), down(), down(), {}]);
    const { clock, states } = startReflector(api);
    await until(() => api.watches.length === 5);
    // 0.8 s doubling, each with the clock's fixed +50 % jitter
    expect(clock.sleeps).toEqual([1200, 2400, 4800, 9600]);
    expect(states.filter((s) => s.state === 'reconnecting')).toHaveLength(4);
    expect(states.at(-1)?.state).toBe('synced');
    expect(api.lists).toHaveLength(1); // a dropped connection re-watches from the last RV
  });

  it('keeps a 2-minute outage to a few requests per 30 s, even with no jitter at all', async () => {
    const down = () => ({ fail: new ApiError(0, 'Unreachable', 'connect ECONNREFUSED') });
    const api = new ScriptedApi([{ items: [], resourceVersion: '1' }], Array.from({ length: 30 }, down));
    const clock = new ManualClock();
    clock.random = () => 0; // the shortest waits backoff can produce
    startReflector(api, clock);
    await until(() => clock.sleeps.reduce((sum, ms) => sum + ms, 0) >= 120_000);
    // Attempt k starts after the first k sleeps.
    const startedAt = clock.sleeps.map((_, k) => clock.sleeps.slice(0, k).reduce((sum, ms) => sum + ms, 0)).filter((t) => t < 120_000);
    const perWindow = [0, 1, 2, 3].map((window) => startedAt.filter((t) => t >= window * 30_000 && t < (window + 1) * 30_000).length);
    expect(perWindow[0]).toBeLessThanOrEqual(6);
    for (const count of perWindow.slice(1)) expect(count).toBeLessThanOrEqual(2);
    expect(api.lists).toHaveLength(1);
  });

  it('cuts a backoff wait short on retryNow after a lost connection, but not for a forbidden kind', async () => {
    // Waits last until their time passes (endWait) or the reflector's signal cuts them short.
    const clock = new ManualClock();
    let endWait = () => {};
    clock.sleep = (ms: number, signal?: AbortSignal) => {
      clock.sleeps.push(ms);
      return new Promise<void>((resolve) => {
        endWait = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    };
    const forbidden = new ApiError(403, 'Forbidden', 'pods is forbidden');
    const down = { fail: new ApiError(0, 'Unreachable', 'connect ECONNREFUSED') };
    const api = new ScriptedApi([forbidden, { items: [], resourceVersion: '1' }], [down, {}]);
    const { reflector, states } = startReflector(api, clock);
    await until(() => clock.sleeps.length === 1);
    reflector.retryNow();
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(api.lists).toHaveLength(1); // forbidden: the apiserver answering changes nothing
    endWait();
    await until(() => clock.sleeps.length === 2);
    expect(states.at(-1)?.state).toBe('reconnecting');
    reflector.retryNow();
    await until(() => api.watches.length === 2);
    expect(states.at(-1)?.state).toBe('synced');
  });

  it('treats a watch that ends at once with no events as a failure (no hot loop)', async () => {
    const api = new ScriptedApi([{ items: [], resourceVersion: '1' }], [{ end: true }, { end: true }, {}]);
    const { clock } = startReflector(api);
    await until(() => api.watches.length === 3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('re-opens a silent watch from where it was, at once and without reporting trouble', async () => {
    const api = new ScriptedApi([{ items: [], resourceVersion: '1' }], [{ events: [bookmark('7')] }, {}]);
    const { clock, states } = startReflector(api, new ManualClock(), 60_000);
    await until(() => api.watches.length === 1);
    clock.advance(59_000);
    await until(() => true);
    expect(api.watches).toHaveLength(1);
    clock.advance(2_000);
    await until(() => api.watches.length === 2);
    expect(api.watches[1]!.resourceVersion).toBe('7'); // no relist, no gap
    expect(api.lists).toHaveLength(1);
    expect(clock.sleeps).toEqual([]); // no backoff
    expect(states.map((s) => s.state)).toEqual(['syncing', 'synced']); // a quiet kind is not a broken one
  });

  it('reports a forbidden kind as a state, not a crash, and keeps retrying slowly', async () => {
    const forbidden = new ApiError(403, 'Forbidden', 'pods is forbidden: User "viewer" cannot list resource "pods" at the cluster scope');
    const api = new ScriptedApi([forbidden, forbidden, { items: [], resourceVersion: '3' }], [{}]);
    const { states, clock } = startReflector(api);
    await until(() => api.watches.length === 1);
    expect(api.lists).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(states.map((s) => s.state)).toEqual(['syncing', 'forbidden', 'synced']);
    expect(states[1]!.message).toMatch(/Forbidden: .*cannot list resource "pods"/);
  });
});

describe('Reflector with odd input', () => {
  it('drops malformed objects (and reports them) but keeps the rest and keeps watching', async () => {
    const broken = { kind: 'Pod', metadata: { name: 'no-uid' } };
    const weird = { ...pod('weird', '3'), status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'Maybe' }], podIPs: [{ ip: 'not-an-ip' }] } };
    const api = new ScriptedApi([{ items: [broken, pod('a', '2'), weird], resourceVersion: '3' }], [{ events: [event('MODIFIED', 42), event('ADDED', pod('b', '4'))] }]);
    const invalid: unknown[] = [];
    const { changes, write } = recordingStore();
    const reflector = new Reflector<Pod>({
      kind: 'pods', listerWatcher: api, trim: trimPod, clock: new ManualClock(),
      write, onStatus: () => undefined, onInvalidObject: (raw) => invalid.push(raw),
    });
    running.push(reflector);
    reflector.start();
    await until(() => changes.length === 3);
    expect(changes.map((c) => c.object.name)).toEqual(['a', 'weird', 'b']);
    expect(invalid).toEqual([broken, 42]);
  });

  it('reports rejected credentials (401) as an error state that says what to do', async () => {
    const api = new ScriptedApi([new ApiError(401, 'Unauthorized', 'Unauthorized'), { items: [], resourceVersion: '1' }], [{}]);
    const { states } = startReflector(api);
    await until(() => api.watches.length === 1);
    expect(states[1]).toEqual({ state: 'error', message: expect.stringMatching(/^Unauthorized: the apiserver rejected the credentials\. Refresh or replace/) });
    expect(states.at(-1)?.state).toBe('synced'); // and recovers by itself once they work again
  });
});

describe('Reflector with a WatchList', () => {
  /** The scripted api, offering WatchLists that yield `events` (and end there when told). */
  function streamingApi(api: ScriptedApi, events: RawWatchEvent[], end: boolean) {
    const opened: number[] = [];
    const lister: ListerWatcher = {
      namespace: undefined,
      list: (options) => api.list(options),
      watch: (options) => api.watch(options),
      watchList: async ({ signal }) => {
        opened.push(opened.length);
        return (async function* () {
          yield* events;
          if (end) return;
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        })();
      },
    };
    return { lister, opened };
  }
  const endBookmark = (resourceVersion: string) => event('BOOKMARK', { kind: 'Pod', metadata: { resourceVersion, annotations: { [initialEventsEnd]: 'true' } } });

  it('syncs from the initial events at the end bookmark, with no LIST, and goes on watching on the same stream', async () => {
    const api = new ScriptedApi([], []);
    const { lister, opened } = streamingApi(api, [event('ADDED', pod('a', '2')), event('ADDED', pod('b', '3')), endBookmark('5'), event('MODIFIED', pod('a', '6'))], false);
    const { store, changes, write } = recordingStore();
    const states: ReflectorState[] = [];
    const reflector = new Reflector<Pod>({ kind: 'pods', listerWatcher: lister, trim: trimPod, clock: new ManualClock(), write, onStatus: (state) => states.push(state) });
    running.push(reflector);
    reflector.start();
    await until(() => changes.length === 3);
    expect(changes.map((c) => `${c.type} ${c.object.name} ${c.object.resourceVersion}`)).toEqual(['upsert a 2', 'upsert b 3', 'upsert a 6']);
    expect(store.pods.get('shop/a')?.resourceVersion).toBe('6');
    expect(api.lists).toEqual([]);
    expect(opened).toHaveLength(1);
    expect(states).toEqual(['syncing', 'synced']);
    expect(reflector.lists).toBe(1);
  });

  it('passes objects the store holds as they are by key only (no second copy of an unchanged relist)', async () => {
    const api = new ScriptedApi([], []);
    const { lister } = streamingApi(api, [event('ADDED', pod('a', '2')), event('ADDED', pod('b', '3')), endBookmark('5')], false);
    const written: WatchEvent[] = [];
    const reflector = new Reflector<Pod>({
      kind: 'pods', listerWatcher: lister, trim: trimPod, clock: new ManualClock(), write: (event) => written.push(event), onStatus: () => undefined,
      isCurrent: (object) => object.name === 'a',
    });
    running.push(reflector);
    reflector.start();
    await until(() => written.length === 1);
    expect(written[0]).toMatchObject({ type: 'REPLACE', unchanged: ['shop/a'], objects: [{ name: 'b' }] });
  });

  it('lists instead, this once, when a WatchList goes silent before its end bookmark, and streams the next relist again', async () => {
    const api = new ScriptedApi([{ items: [pod('a', '2')], resourceVersion: '2' }], [{ events: [event('ERROR', { code: 410, reason: 'Expired' })], end: true }]);
    const { lister, opened } = streamingApi(api, [event('ADDED', pod('a', '1'))], false);
    const { store, write } = recordingStore();
    const refused: string[] = [];
    const clock = new ManualClock();
    const reflector = new Reflector<Pod>({ kind: 'pods', listerWatcher: lister, trim: trimPod, clock, inactivityTimeoutMs: 60_000, write, onStatus: () => undefined, onWatchListRefused: (message) => refused.push(message) });
    running.push(reflector);
    reflector.start();
    await until(() => opened.length === 1 && clock.armed >= 2); // the stream is being read, its watchdog armed
    clock.advance(61_000);
    // Listed this once, then watched; the watch expired (410), and the relist streams again.
    await until(() => opened.length === 2);
    expect(refused).toEqual(['the WatchList sent nothing for 61 s before its initial events were complete']);
    expect(api.lists).toHaveLength(1);
    expect(store.pods.get('shop/a')?.resourceVersion).toBe('2');
  });

  it('lists instead, this once, when a WatchList ends before its initial events are complete', async () => {
    const api = new ScriptedApi([{ items: [pod('a', '2'), pod('b', '2')], resourceVersion: '2' }], [{}]);
    const { lister, opened } = streamingApi(api, [event('ADDED', pod('a', '1'))], true);
    const { store, write } = recordingStore();
    const refused: string[] = [];
    const reflector = new Reflector<Pod>({ kind: 'pods', listerWatcher: lister, trim: trimPod, clock: new ManualClock(), write, onStatus: () => undefined, onWatchListRefused: (message) => refused.push(message) });
    running.push(reflector);
    reflector.start();
    await until(() => api.watches.length === 1);
    expect(opened).toHaveLength(1);
    expect(refused).toEqual(['the WatchList ended before its initial events were complete']);
    expect(api.lists).toHaveLength(1);
    // The half-streamed objects were never written: the store holds the list's.
    expect([...store.pods.values()].map((p) => `${p.name} ${p.resourceVersion}`)).toEqual(['a 2', 'b 2']);
  });
});

describe('Backoff', () => {
  it('doubles from 0.8 s, caps at 30 s plus jitter, and resets after two quiet minutes', () => {
    let now = 0;
    const backoff = new Backoff({ now: () => now, random: () => 0 });
    const delays = Array.from({ length: 8 }, () => {
      now += 1000;
      return backoff.next();
    });
    expect(delays).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
    now += 120_001;
    expect(backoff.next()).toBe(800);
  });

  it('adds up to 100 % jitter', () => {
    const backoff = new Backoff({ now: () => 0, random: () => 0.999 });
    expect(backoff.next()).toBeCloseTo(1599.2);
  });
});
