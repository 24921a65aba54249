import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SqliteStore } from './sqlite';
import { storeSuite } from './store-suite';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'svcmap-history-')), 'history.db');

storeSuite('SQLite', async () => new SqliteStore(freshFile()));

test('a second process cannot open the file one server writes', async () => {
  const file = freshFile();
  const first = new SqliteStore(file);
  expect(() => new SqliteStore(file)).toThrow(/in use by another svcmap process/);
  await first.close();
  const again = new SqliteStore(file);
  await again.close();
});

test('a corrupt file is refused with what to do', () => {
  const file = freshFile();
  writeFileSync(file, 'this is not a database, it is a text file that happens to be long enough to have a header');
  expect(() => new SqliteStore(file)).toThrow(/is corrupt .*move the file away/);
});

test('a full database refuses the write and says so, keeping what it had', async () => {
  const store = new SqliteStore(freshFile(), { maxPages: 40 });
  const session = await store.openSession('ctx', 0);
  const write = store.write({ session, lastSeen: 1, changes: [{ ts: 1, kind: 'pods', key: 'a/p', object: new Uint8Array(400_000).fill(7) }], events: [], spans: { open: [], close: [] } });
  await expect(write).rejects.toThrow(/cannot grow: the disk or its size limit is full/);
  expect(await store.changes(session, 0, 10)).toEqual([]);
  expect((await store.sessions('ctx', 0, 10))[0]?.lastSeen).toBe(0);
  await store.close();
});
