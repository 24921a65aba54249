// The tests every history store passes, SQLite and PostgreSQL alike: each engine's test
// file calls storeSuite with a way to open a fresh, empty store.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HistoryStore, WriteBatch } from './store';

const none = { open: [], close: [] };
const bytes = (text: string) => new TextEncoder().encode(text);

function batch(session: number, lastSeen: number, rest: Partial<WriteBatch> = {}): WriteBatch {
  return { session, lastSeen, changes: [], events: [], spans: none, ...rest };
}

export function storeSuite(name: string, open: () => Promise<HistoryStore>): void {
  describe(`${name} history store`, () => {
    let store: HistoryStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    test('a session holds a snapshot and the changes after it, read up to a time', async () => {
      const session = await store.openSession('ctx', 1_000);
      await store.write(batch(session, 1_000, { snapshot: { ts: 1_000, data: bytes('first') } }));
      await store.write(batch(session, 2_000, { changes: [{ ts: 1_500, kind: 'pods', key: 'a/p', object: bytes('{"v":1}') }, { ts: 1_900, kind: 'pods', key: 'a/p' }] }));
      await store.write(batch(session, 3_000, { changes: [{ ts: 2_500, kind: 'services', key: 'a/s', object: bytes('{}') }], snapshot: { ts: 2_600, data: bytes('second') } }));

      const first = await store.snapshotBefore(session, 2_000);
      expect(new TextDecoder().decode(first?.data)).toBe('first');
      expect(first?.lastChange).toBe(0);
      const after = await store.changes(session, first!.lastChange, 1_900);
      expect(after.map(({ ts, key, object }) => ({ ts, key, object: object && new TextDecoder().decode(object) }))).toEqual([
        { ts: 1_500, key: 'a/p', object: '{"v":1}' },
        { ts: 1_900, key: 'a/p', object: undefined },
      ]);
      const second = await store.snapshotBefore(session, 5_000);
      expect(new TextDecoder().decode(second?.data)).toBe('second');
      expect(await store.changes(session, second!.lastChange, 5_000)).toEqual([]);
      expect(await store.snapshotBefore(session, 999)).toBeNull();
      expect(await store.sessions('ctx', 0, 10_000)).toEqual([{ id: session, context: 'ctx', started: 1_000, lastSeen: 3_000 }]);
      expect(await store.sessions('other', 0, 10_000)).toEqual([]);
    });

    test('a session left running by a dead process ends at its last heartbeat, its addresses closed as unknown', async () => {
      const dead = await store.openSession('ctx', 1_000);
      await store.write(
        batch(dead, 4_000, { spans: { open: [{ ip: '10.0.0.5', ownerKind: 'Pod', namespace: 'a', name: 'p', started: 1_000, startUnknown: true }], close: [] } }),
      );
      const next = await store.openSession('ctx', 9_000);
      expect(await store.sessions('ctx', 0, 10_000)).toEqual([
        { id: dead, context: 'ctx', started: 1_000, lastSeen: 4_000, ended: 4_000 },
        { id: next, context: 'ctx', started: 9_000, lastSeen: 9_000 },
      ]);
      expect(await store.ipSpans('ctx', '10.0.0.5', 0, 10_000, 10_000)).toEqual([
        { ip: '10.0.0.5', ownerKind: 'Pod', namespace: 'a', name: 'p', started: 1_000, startUnknown: true, ended: 4_000, endUnknown: true },
      ]);
      await store.endSession(next, 9_500);
      expect((await store.sessions('ctx', 9_000, 9_000))[0]).toEqual({ id: next, context: 'ctx', started: 9_000, lastSeen: 9_500, ended: 9_500 });
    });

    test('an IP reused by a second pod is answered for each period', async () => {
      const session = await store.openSession('ctx', 0);
      const pod = (name: string, started: number) => ({ ip: '10.244.3.17', ownerKind: 'Pod' as const, namespace: 'shop', name, started, startUnknown: false });
      // A pod that held it for a moment, opened and closed within one write.
      await store.write(batch(session, 50, { spans: { open: [{ ...pod('flash', 10), ended: 20 }], close: [] } }));
      await store.write(batch(session, 100, { spans: { open: [pod('a', 100), { ...pod('slice-x', 120), ownerKind: 'EndpointSlice', service: 'checkout' }], close: [] } }));
      await store.write(
        batch(session, 200, {
          spans: {
            open: [],
            close: [
              { ip: '10.244.3.17', ownerKind: 'Pod', namespace: 'shop', name: 'a', ended: 200 },
              { ip: '10.244.3.17', ownerKind: 'EndpointSlice', namespace: 'shop', name: 'slice-x', ended: 190 },
            ],
          },
        }),
      );
      await store.write(batch(session, 300, { spans: { open: [pod('b', 250)], close: [] } }));

      const at = async (time: number) => (await store.ipSpans('ctx', '10.244.3.17', time, time, 400)).map((span) => `${span.ownerKind} ${span.name} ${span.started}-${span.ended ?? 'now'}`);
      expect(await at(150)).toEqual(['Pod a 100-200', 'EndpointSlice slice-x 120-190']);
      expect(await at(300)).toEqual(['Pod b 250-now']);
      expect(await at(220)).toEqual([]);
      expect(await at(15)).toEqual(['Pod flash 10-20']);
      expect(await at(30)).toEqual([]);
      expect(await store.ipSpans('ctx', '10.244.3.17', 0, 1_000, 400)).toHaveLength(4);
      expect((await store.ipSpans('ctx', '10.244.3.17', 150, 150, 400))[1]?.service).toBe('checkout');
      expect(await store.ipSpans('other', '10.244.3.17', 0, 1_000, 400)).toEqual([]);
      // Read much later, with the session silent since 300 (its process died): b's address ended, unknown, at its last write.
      expect(await store.ipSpans('ctx', '10.244.3.17', 0, 100_000, 100_000)).toContainEqual(expect.objectContaining({ name: 'b', ended: 300, endUnknown: true }));
      expect(await store.ipSpans('ctx', '10.244.3.17', 50_000, 50_000, 100_000)).toEqual([]);
    });

    test('events come newest first, of one Service or all, within the interval and the limit', async () => {
      const session = await store.openSession('ctx', 0);
      const events = [1, 2, 3, 4].map((ts) => ({ ts: ts * 100, service: ts % 2 ? 'Service/a/one' : 'Service/a/two', event: `e${ts}` }));
      await store.write(batch(session, 500, { events }));
      expect((await store.events('ctx', 0, 1_000, 10)).map((row) => row.event)).toEqual(['e4', 'e3', 'e2', 'e1']);
      expect((await store.events('ctx', 0, 1_000, 10, 'Service/a/one')).map((row) => row.event)).toEqual(['e3', 'e1']);
      expect((await store.events('ctx', 150, 350, 10)).map((row) => row.event)).toEqual(['e3', 'e2']);
      expect((await store.events('ctx', 0, 1_000, 1)).map((row) => row.event)).toEqual(['e4']);
      expect(await store.events('other', 0, 1_000, 10)).toEqual([]);
    });

    test('retention cuts at a snapshot: older sessions go whole, the newest snapshot stays', async () => {
      const old = await store.openSession('ctx', 0);
      await store.write(batch(old, 50, { snapshot: { ts: 0, data: bytes('old') }, events: [{ ts: 40, event: 'old' }] }));
      await store.endSession(old, 100);
      const live = await store.openSession('ctx', 1_000);
      await store.write(batch(live, 1_000, { snapshot: { ts: 1_000, data: bytes('s1') } }));
      await store.write(batch(live, 2_000, { changes: [{ ts: 1_500, kind: 'pods', key: 'a/p', object: bytes('{}') }], events: [{ ts: 1_500, event: 'e' }] }));
      await store.write(batch(live, 2_000, { snapshot: { ts: 2_000, data: bytes('s2') } }));
      await store.write(batch(live, 3_000, { changes: [{ ts: 2_500, kind: 'pods', key: 'a/q', object: bytes('{}') }] }));

      await store.prune(500, Number.MAX_SAFE_INTEGER);
      expect((await store.sessions('ctx', 0, 10_000)).map((session) => session.id)).toEqual([live]);
      expect(await store.events('ctx', 0, 10_000, 10)).toHaveLength(1);

      await store.prune(2_200, Number.MAX_SAFE_INTEGER);
      expect((await store.sessions('ctx', 0, 10_000))[0]?.started).toBe(2_000);
      expect(await store.snapshotBefore(live, 1_999)).toBeNull();
      expect(await store.events('ctx', 0, 10_000, 10)).toEqual([]);
      expect((await store.changes(live, 0, 10_000)).map((row) => row.key)).toEqual(['a/q']);

      // The newest snapshot is never cut, whatever the limits.
      await store.prune(10_000, 0);
      expect(new TextDecoder().decode((await store.snapshotBefore(live, 10_000))?.data)).toBe('s2');
    });

    test('retention cuts each context at its own snapshots: a long session of one is kept whole beside another’s', async () => {
      // Context a watches from 0 on; b's session starts later and gets its snapshot first past the cut.
      const a = await store.openSession('a', 0);
      await store.write(batch(a, 100, { snapshot: { ts: 0, data: bytes('a0') } }));
      const b = await store.openSession('b', 500);
      await store.write(batch(b, 600, { snapshot: { ts: 500, data: bytes('b0') } }));
      await store.write(batch(a, 3_000, { changes: [{ ts: 2_000, kind: 'pods', key: 'x/p', object: bytes('{}') }] }));
      await store.write(batch(b, 3_000, { snapshot: { ts: 2_500, data: bytes('b1') } }));
      await store.prune(2_800, Number.MAX_SAFE_INTEGER);
      expect((await store.sessions('a', 0, 10_000)).map((session) => session.started)).toEqual([0]);
      expect(new TextDecoder().decode((await store.snapshotBefore(a, 10_000))?.data)).toBe('a0');
      expect(await store.changes(a, 0, 10_000)).toHaveLength(1);
      expect((await store.sessions('b', 0, 10_000)).map((session) => session.started)).toEqual([2_500]);
    });

    test('over its size limit, the oldest history goes first', async () => {
      const session = await store.openSession('ctx', 0);
      // Random bytes: no engine can compress them away.
      for (let step = 0; step < 6; step++) {
        await store.write(batch(session, step * 1_000 + 500, { snapshot: { ts: step * 1_000, data: new Uint8Array([step, ...randomBytes(200_000)]) } }));
      }
      const before = await store.size();
      await store.prune(0, before / 2);
      expect(await store.size()).toBeLessThanOrEqual(before / 2);
      expect((await store.sessions('ctx', 0, 10_000))[0]?.started).toBeGreaterThan(0);
      expect((await store.snapshotBefore(session, 10_000))?.data[0]).toBe(5);
    });
  });
}
