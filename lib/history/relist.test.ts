// A watch that expired (410 Gone) relists: what the relist finds different is journalled as
// changes at the relist's time — through the real hub and reflector, over a scripted apiserver.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { ContextHub } from '@/lib/k8s/hub';
import { event, ScriptedApi } from '@/test/scripted-api';
import { Recorder } from './recorder';
import { storeAt } from './replay';
import { SqliteStore } from './sqlite';

const pod = (name: string, resourceVersion: string, ip: string) => ({
  kind: 'Pod',
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

test('after 410 Gone the relist’s differences are journalled at the relist’s time, not before', async () => {
  const history = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db'));
  cleanup.push(() => history.close());
  const pods = new ScriptedApi(
    [
      { items: [pod('a', '1', '10.0.0.1'), pod('b', '2', '10.0.0.2')], resourceVersion: '10' },
      // The relist: a changed, b gone, c new.
      { items: [pod('a', '11', '10.0.0.9'), pod('c', '12', '10.0.0.3')], resourceVersion: '20' },
    ],
    [{}, {}],
  );
  const empty = () => new ScriptedApi([{ items: [], resourceVersion: '1' }], [{}]);
  const recorder: Recorder = new Recorder(async () => history, 'test', () => hub.objects());
  const hub: ContextHub = new ContextHub('test', (kind) => (kind === 'pods' ? pods : empty()), { observer: recorder });
  cleanup.push(() => hub.stop());
  hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
  await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
  await recorder.flush();
  expect(recorder.state.state).toBe('recording');
  const beforeRelist = Date.now();

  pods.emit(event('ERROR', { code: 410, reason: 'Expired', message: 'too old resource version' }));
  await vi.waitFor(() => expect(pods.lists).toHaveLength(2));
  await vi.waitFor(() => expect([...hub.objects().pods.keys()].sort()).toEqual(['shop/a', 'shop/c']));
  // Known up to the write: a session is known to be watching until its last write.
  const written = Date.now();
  await recorder.flush();

  const session = (await history.sessions('test', 0, Date.now()))[0]!;
  const changes = await history.changes(session.id, 0, Date.now());
  expect(changes.map((change) => `${change.key} ${change.object ? 'written' : 'deleted'}`).sort()).toEqual(['shop/a written', 'shop/b deleted', 'shop/c written']);
  expect(changes.every((change) => change.ts >= beforeRelist)).toBe(true);

  const then = await storeAt(history, 'test', beforeRelist);
  expect(then.known && [...then.store.pods.keys()].sort()).toEqual(['shop/a', 'shop/b']);
  const now = await storeAt(history, 'test', written);
  expect(now.known && now.store.pods.get('shop/a')?.podIPs).toEqual(['10.0.0.9']);
  // And who held the addresses: b's ended at the relist, a's old one too.
  expect((await history.ipSpans('test', '10.0.0.2', 0, Date.now(), Date.now()))[0]?.ended).toBeGreaterThanOrEqual(beforeRelist);
  expect(await history.ipSpans('test', '10.0.0.1', written, written, written)).toEqual([]);
});

test('a watch that loses the cluster ends the session there; back in sync, a new session starts from a fresh snapshot', async () => {
  const history = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db'));
  cleanup.push(() => history.close());
  // The watch fails; after the backoff the reflector watches again from where it was.
  const pods = new ScriptedApi([{ items: [pod('a', '1', '10.0.0.1')], resourceVersion: '10' }], [{}, {}]);
  const empty = () => new ScriptedApi([{ items: [], resourceVersion: '1' }], [{}]);
  const recorder: Recorder = new Recorder(async () => history, 'test', () => hub.objects());
  const hub: ContextHub = new ContextHub('test', (kind) => (kind === 'pods' ? pods : empty()), { observer: recorder, backoff: { initialMs: 50, capMs: 50, jitter: 0 } });
  cleanup.push(() => hub.stop());
  hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
  await vi.waitFor(() => expect(recorder.state.state).toBe('recording'));
  await recorder.flush();

  const lost = Date.now();
  pods.emit(event('ERROR', { code: 500, reason: 'InternalError', message: 'etcdserver: request timed out' }));
  await vi.waitFor(() => expect(pods.watches).toHaveLength(2));
  await vi.waitFor(async () => expect(await history.sessions('test', 0, Date.now() + 1_000)).toHaveLength(2));
  const [first, second] = await history.sessions('test', 0, Date.now() + 1_000);
  expect(first!.ended).toBeGreaterThanOrEqual(lost);
  expect(second!.started).toBeGreaterThanOrEqual(first!.ended!);
  // Between them nothing is known; the new session starts from its own snapshot and records what follows.
  expect(await storeAt(history, 'test', first!.ended! + 1, Date.now())).toMatchObject({ known: second!.started <= first!.ended! + 1 });
  pods.emit(event('ADDED', pod('d', '13', '10.0.0.4')));
  await vi.waitFor(() => expect(hub.objects().pods.has('shop/d')).toBe(true));
  await recorder.flush();
  expect((await history.changes(second!.id, 0, Date.now())).map((change) => change.key)).toEqual(['shop/d']);
  expect(await history.changes(first!.id, 0, Date.now())).toEqual([]);
});

test('stopping the watches writes what came last and ends the session, never an emptied store', async () => {
  const history = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db'));
  cleanup.push(() => history.close());
  const pods = new ScriptedApi([{ items: [pod('a', '1', '10.0.0.1')], resourceVersion: '10' }], [{}]);
  const empty = () => new ScriptedApi([{ items: [], resourceVersion: '1' }], [{}]);
  const recorder: Recorder = new Recorder(async () => history, 'test', () => hub.objects(), { snapshotEveryChanges: 1 });
  const hub: ContextHub = new ContextHub('test', (kind) => (kind === 'pods' ? pods : empty()), { observer: recorder, coalesceMs: 60_000 });
  hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
  await vi.waitFor(() => expect(recorder.state.state).toBe('recording'));
  await recorder.flush();
  // Held back by the hub's coalescing window when the stop comes.
  pods.emit(event('ADDED', pod('b', '11', '10.0.0.2')));
  await vi.waitFor(() => expect(hub.objects().pods.has('shop/b')).toBe(true));
  await hub.stop();
  await recorder.stopped();
  const [session] = await history.sessions('test', 0, Date.now() + 1_000);
  expect(session!.ended).toBeDefined();
  const last = await storeAt(history, 'test', session!.ended!);
  expect(last.known && [...last.store.pods.keys()].sort()).toEqual(['shop/a', 'shop/b']);
});
