import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { History, historyConfig } from './index';

const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

const opened: History[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map(async (history) => (await history.store()).close()));
});

test('the configuration: off, PostgreSQL by URL, else an SQLite file in the state directory, with retention', () => {
  expect(historyConfig(env({ SVCMAP_HISTORY: 'off' }))).toEqual({ engine: 'off' });
  expect(historyConfig(env({ SVCMAP_HISTORY_URL: 'postgres://db/svcmap' }))).toMatchObject({ engine: 'postgres', url: 'postgres://db/svcmap' });
  expect(historyConfig(env({ XDG_STATE_HOME: '/state' }))).toEqual({ engine: 'sqlite', file: '/state/svcmap/history.db', maxAgeMs: 7 * 24 * 3_600_000, maxBytes: 1024 ** 3 });
  expect(historyConfig(env({ SVCMAP_HISTORY_DIR: '/data', SVCMAP_HISTORY_RETENTION_HOURS: '2', SVCMAP_HISTORY_MAX_BYTES: '5000000' }))).toEqual({
    engine: 'sqlite',
    file: '/data/history.db',
    maxAgeMs: 2 * 3_600_000,
    maxBytes: 5_000_000,
  });
  // Settings that cannot be meant are said, and keep the history closed until fixed.
  expect(historyConfig(env({ SVCMAP_HISTORY_RETENTION_HOURS: '-3' }))).toMatchObject({ problem: 'SVCMAP_HISTORY_RETENTION_HOURS must be a positive number, not "-3": no history is kept until it is fixed.' });
  expect(historyConfig(env({ SVCMAP_HISTORY_MAX_BYTES: 'lots' }))).toMatchObject({ problem: expect.stringContaining('SVCMAP_HISTORY_MAX_BYTES must be a positive number') });
  expect(historyConfig(env({ SVCMAP_HISTORY: '/var/lib/svcmap/history.db' }))).toMatchObject({ problem: expect.stringContaining('SVCMAP_HISTORY_DIR') });
});

test('a database that failed to open is opened again later, not given up on', async () => {
  const history = new History({ engine: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db'), maxAgeMs: 1, maxBytes: 1, problem: 'not yet' });
  const first = history.store();
  await expect(first).rejects.toThrow('not yet');
  expect(history.store()).toBe(first);
  const later = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 16_000);
  try {
    expect(history.store()).not.toBe(first);
    await expect(history.store()).rejects.toThrow('not yet');
  } finally {
    later.mockRestore();
  }
});

test('retention: the server’s pruning deletes sessions older than the retention, keeping the recent ones', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db');
  const history = new History({ engine: 'sqlite', file, maxAgeMs: 3_600_000, maxBytes: 1024 ** 3 });
  opened.push(history);
  const store = await history.store();
  const day = 86_400_000;
  for (const started of [0, day]) {
    const session = await store.openSession('ctx', started);
    await store.write({ session, lastSeen: started + 1_000, changes: [], events: [], spans: { open: [], close: [] }, snapshot: { ts: started, data: new Uint8Array([1]) } });
    await store.endSession(session, started + 2_000);
  }
  await history.prune(day + 30 * 60_000);
  expect((await store.sessions('ctx', 0, 2 * day)).map((session) => session.started)).toEqual([day]);
});
