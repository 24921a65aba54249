// The PostgreSQL history store against a real server (bash scripts/postgres.sh start, whose URL
// is SVCMAP_TEST_POSTGRES_URL): the suite every engine passes, each test in a fresh schema,
// then what only PostgreSQL does — one writer among replicas, handed over when it goes.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { PostgresStore } from '@/lib/history/postgres';
import { storeSuite } from '@/lib/history/store-suite';

const url = process.env.SVCMAP_TEST_POSTGRES_URL;
if (!url) throw new Error('SVCMAP_TEST_POSTGRES_URL is not set: start a test database with URL=$(bash scripts/postgres.sh start) and pass it as SVCMAP_TEST_POSTGRES_URL=$URL.');

const schemas: string[] = [];
function freshSchema(): string {
  const schema = `svcmap_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

/** Runs SQL as an outside observer (an operator with psql). */
async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
});

storeSuite('PostgreSQL', () => PostgresStore.open(url, { schema: freshSchema() }));

const nothing = { changes: [], events: [], spans: { open: [], close: [] } };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Two stores on one fresh schema, as two replicas would open it: the first holds the writers' lock. */
async function twoReplicas(): Promise<{ first: PostgresStore; second: PostgresStore }> {
  if (!url) throw new Error('SVCMAP_TEST_POSTGRES_URL is not set');
  const schema = freshSchema();
  const first = await PostgresStore.open(url, { schema });
  const second = await PostgresStore.open(url, { schema });
  const writers = [await first.isWriter('ctx'), await second.isWriter('ctx')];
  if (writers[0] !== true || writers[1] !== false) {
    await Promise.all([first.close(), second.close()]);
    throw new Error(`expected only the first replica to hold the writers' lock, got ${writers.join(', ')}`);
  }
  return { first, second };
}

describe('PostgreSQL history store, shared by replicas', () => {
  test('one store writes; a second on the same schema reads, is refused writes, and takes over when the first closes', async () => {
    const { first, second } = await twoReplicas();
    try {
      const session = await first.openSession('ctx', 1_000);
      await first.write({ session, lastSeen: 2_000, ...nothing });

      await expect(second.write({ session, lastSeen: 3_000, ...nothing })).rejects.toThrow(/cannot write the history: another process holds the history's writers' lock/);
      await expect(second.openSession('ctx', 3_000)).rejects.toThrow(/writers' lock/);
      // The refused write changed nothing; the reader sees the writer's history.
      expect(await second.sessions('ctx', 0, 10_000)).toEqual([{ id: session, context: 'ctx', started: 1_000, lastSeen: 2_000 }]);

      await first.close();
      await expect.poll(() => second.isWriter('ctx'), { timeout: 10_000 }).toBe(true);
      // The new writer ends the session the old one left running, at its last heartbeat.
      const next = await second.openSession('ctx', 5_000);
      expect(await second.sessions('ctx', 0, 10_000)).toEqual([
        { id: session, context: 'ctx', started: 1_000, lastSeen: 2_000, ended: 2_000 },
        { id: next, context: 'ctx', started: 5_000, lastSeen: 5_000 },
      ]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('a writer whose connection is cut loses the lock to another replica', async () => {
    const { first, second } = await twoReplicas();
    try {
      // As when the writer's host vanishes or an operator ends its backend.
      const terminated = await admin(async (client) => {
        const { rows } = await client.query<{ terminated: boolean }>("SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks WHERE locktype = 'advisory' AND granted");
        return rows;
      });
      expect(terminated).toEqual([{ terminated: true }]);
      await expect.poll(() => second.isWriter('ctx'), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => first.isWriter('ctx'), { timeout: 10_000 }).toBe(false);
      await expect(first.openSession('ctx', 0)).rejects.toThrow(/writers' lock/);
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('each context has a writer of its own: a replica may write one context and read another', async () => {
    const { first, second } = await twoReplicas();
    try {
      expect(await second.isWriter('other')).toBe(true);
      expect(await first.isWriter('other')).toBe(false);
      const session = await second.openSession('other', 1_000);
      await second.write({ session, lastSeen: 2_000, ...nothing });
      await expect(first.write({ session, lastSeen: 3_000, ...nothing })).rejects.toThrow(/writers' lock of context "other"/);
      // Pruning is anyone's, one at a time: it cuts nothing a context still needs.
      await first.prune(0, 0);
      expect(await first.sessions('other', 0, 10_000)).toEqual([{ id: session, context: 'other', started: 1_000, lastSeen: 2_000 }]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('each schema has a writer of its own', async () => {
    const first = await PostgresStore.open(url, { schema: freshSchema() });
    const other = await PostgresStore.open(url, { schema: freshSchema() });
    try {
      expect(await first.isWriter('ctx')).toBe(true);
      expect(await other.isWriter('ctx')).toBe(true);
    } finally {
      await first.close();
      await other.close();
    }
  });

  test('an unreachable server is reported with where and what to do, never the password', async () => {
    const port = await closedPort();
    const opening = PostgresStore.open(`postgres://svcmap:s3cret-Pa55@127.0.0.1:${port}/svcmap_test`);
    await expect(opening).rejects.toThrow(`Cannot reach the history database at 127.0.0.1:${port} (SVCMAP_HISTORY_URL)`);
    const message = await opening.catch((error: Error) => error.message);
    expect(message).toMatch(/Check that PostgreSQL runs there/);
    expect(message).not.toContain('s3cret-Pa55');
  });

  test('a database that does not exist is reported with what to do', async () => {
    const missing = new URL(url);
    missing.pathname = '/svcmap_missing';
    await expect(PostgresStore.open(missing.toString())).rejects.toThrow(/has no such history database: .*Create it \(createdb\) or fix the database name in SVCMAP_HISTORY_URL/);
  });

  test('a libpq connection string instead of a URL is refused without repeating it', async () => {
    const opening = PostgresStore.open('host=db.example user=svcmap password=s3cret-Pa55');
    await expect(opening).rejects.toThrow(/SVCMAP_HISTORY_URL is not a URL: write it as postgres:\/\//);
    expect(await opening.catch((error: Error) => error.message)).not.toContain('s3cret-Pa55');
  });
});
