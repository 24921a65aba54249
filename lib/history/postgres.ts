// The history in a PostgreSQL database that several svcmap replicas share: every replica reads
// it; a context's history is written by one — the one holding that context's writers' advisory
// lock (a replica may write one context and read another). The locks are session-level, on
// a connection of its own, so PostgreSQL hands it to another replica once the writer's process
// dies or its connection breaks (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS).
import { Client, type ClientConfig, Pool, type PoolClient } from 'pg';
import { cutOf, cutPoints, cutStatements, expiredStatements, snapshotsQuery } from './prune';
import { type ChangeRow, type EventRow, type HistoryStore, type IpSpan, liveSession, schema, type Session, sessionOf, settledSpans, type SnapshotRow, spansQuery, type WriteBatch } from './store';
import { insertRows } from './postgres-batch';
import { type Address, addressOf, type BigintText, lockKey, numbered, readableError } from './postgres-words';

export class PostgresStore implements HistoryStore {
  readonly engine = 'postgres';
  private readonly pool: Pool;
  private readonly config: ClientConfig;
  private readonly address: Address;
  /** The schema's name in lock keys. */
  private readonly lockName: string;
  /** The connection that holds (or tries to take) the writers' locks. */
  private election: Promise<Client> | undefined;
  /** The contexts whose writers' lock this process holds. */
  private readonly writing = new Set<string>();
  private closed = false;

  private constructor(config: ClientConfig, address: Address, lockName: string) {
    this.config = config;
    this.address = address;
    this.lockName = lockName;
    this.pool = new Pool(config);
    // A pooled connection that breaks while idle is dropped by the pool, and the next query
    // opens another (and reports it if it cannot): nothing to do here but not crash.
    this.pool.on('error', () => undefined);
  }

  /**
   * Connects and creates the tables (in `options.schema`, created when missing, else the
   * search_path's first schema); throws a readable error when the database cannot be used.
   */
  static async open(url: string, options: { schema?: string } = {}): Promise<PostgresStore> {
    const address = addressOf(url);
    const name = options.schema;
    if (name !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
      throw new Error(`The history schema "${name}" is not a plain PostgreSQL name: use lower-case letters, digits and _.`);
    }
    const config: ClientConfig = {
      connectionString: url,
      // Without a timeout an unreachable host (a dropped packet, not a refusal) hangs svcmap's start.
      connectionTimeoutMillis: 10_000,
      // A database that stops answering (a half-open connection) fails a query instead of hanging the recorder.
      query_timeout: 30_000,
      statement_timeout: 30_000,
      keepAlive: true,
      ...(name !== undefined ? { options: `-c search_path=${name}` } : {}),
    };
    const store = new PostgresStore(config, address, name ?? '');
    try {
      await store.transaction(async (client) => {
        // Replicas starting together would race on CREATE ... IF NOT EXISTS (a unique violation
        // in the catalog): one at a time. A key of its own: the writers' lock may be held for days.
        await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey(`svcmap-history-schema ${name ?? ''}`)]);
        if (name !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${name}`);
        for (const statement of schema({ id: 'BIGSERIAL PRIMARY KEY', blob: 'BYTEA' })) await client.query(statement);
      });
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async isWriter(context: string): Promise<boolean> {
    if (this.writing.has(context)) return true;
    try {
      const client = await this.electionClient();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [lockKey(`svcmap-history ${this.lockName} ${context}`)]);
      // Taken twice by two concurrent calls, the lock is still given back at once: when the connection ends.
      if (rows[0]?.locked === true) this.writing.add(context);
      return this.writing.has(context);
    } catch (error) {
      throw this.readable(error);
    }
  }

  async openSession(context: string, at: number): Promise<number> {
    await this.mustWrite(context, 'open a history session');
    return this.transaction(async (client) => {
      const running = await client.query('SELECT * FROM sessions WHERE context = $1 AND ended IS NULL', [context]);
      for (const row of running.rows) {
        const session = sessionOf(row);
        await client.query('UPDATE ip_spans SET ended = $1, end_unknown = 1 WHERE session = $2 AND ended IS NULL', [session.lastSeen, session.id]);
        await client.query('UPDATE sessions SET ended = last_seen WHERE id = $1', [session.id]);
      }
      const { rows } = await client.query<{ id: BigintText }>('INSERT INTO sessions (context, started, last_seen) VALUES ($1, $2, $2) RETURNING id', [context, at]);
      return Number(rows[0]!.id);
    });
  }

  async endSession(session: number, at: number): Promise<void> {
    await this.transaction(async (client) => {
      await this.ownSession(client, session, 'end a history session');
      await client.query('UPDATE ip_spans SET ended = $1, end_unknown = 1 WHERE session = $2 AND ended IS NULL', [at, session]);
      await client.query('UPDATE sessions SET ended = $1, last_seen = $1 WHERE id = $2', [at, session]);
    });
  }

  /** One write: its rows (postgres-batch.ts), the snapshot, and the session's last-seen time, in one transaction. */
  async write(batch: WriteBatch): Promise<void> {
    const { session } = batch;
    await this.transaction(async (client) => {
      const context = await this.ownSession(client, session, 'write the history');
      let lastChange = await insertRows(client, session, context, batch);
      if (batch.snapshot) {
        if (lastChange === 0) {
          const latest = await client.query<{ id: BigintText }>('SELECT coalesce(max(id), 0) AS id FROM changes WHERE session = $1', [session]);
          lastChange = Number(latest.rows[0]!.id);
        }
        await client.query('INSERT INTO snapshots (session, ts, last_change, data) VALUES ($1, $2, $3, $4)', [session, batch.snapshot.ts, lastChange, batch.snapshot.data]);
      }
      await client.query('UPDATE sessions SET last_seen = $1 WHERE id = $2', [batch.lastSeen, session]);
    });
  }

  async sessions(context: string, since: number, until: number): Promise<Session[]> {
    const rows = await this.query('SELECT * FROM sessions WHERE context = $1 AND started <= $2 AND last_seen >= $3 ORDER BY started', [context, until, since]);
    return rows.map((row) => sessionOf(row as never));
  }

  async snapshotBefore(session: number, at: number): Promise<SnapshotRow | null> {
    const rows = await this.query('SELECT ts, last_change, data FROM snapshots WHERE session = $1 AND ts <= $2 ORDER BY ts DESC, id DESC LIMIT 1', [session, at]);
    const row = rows[0] as { ts: BigintText; last_change: BigintText; data: Uint8Array } | undefined;
    return row ? { ts: Number(row.ts), lastChange: Number(row.last_change), data: row.data } : null;
  }

  async changes(session: number, afterId: number, until: number): Promise<ChangeRow[]> {
    const rows = await this.query('SELECT id, ts, kind, key, object FROM changes WHERE session = $1 AND id > $2 AND ts <= $3 ORDER BY id', [session, afterId, until]);
    return rows.map((row) => {
      const { id, ts, kind, key, object } = row as { id: BigintText; ts: BigintText; kind: string; key: string; object: Buffer | null };
      return { id: Number(id), ts: Number(ts), kind, key, ...(object !== null ? { object: new Uint8Array(object) } : {}) };
    });
  }

  async events(context: string, since: number, until: number, limit: number, service?: string): Promise<EventRow[]> {
    const rows =
      service === undefined
        ? await this.query('SELECT ts, service, event FROM events WHERE context = $1 AND ts >= $2 AND ts <= $3 ORDER BY ts DESC, id DESC LIMIT $4', [context, since, until, limit])
        : await this.query('SELECT ts, service, event FROM events WHERE context = $1 AND service = $2 AND ts >= $3 AND ts <= $4 ORDER BY ts DESC, id DESC LIMIT $5', [
            context,
            service,
            since,
            until,
            limit,
          ]);
    return rows.map((row) => {
      const { ts, service: owner, event } = row as { ts: BigintText; service: string | null; event: string };
      return { ts: Number(ts), ...(owner !== null ? { service: owner } : {}), event };
    });
  }

  async ipSpans(context: string, ip: string, since: number, until: number, now: number): Promise<IpSpan[]> {
    return settledSpans((await this.query(numbered(spansQuery), [context, ip, until])) as never, since, now);
  }

  /** Any replica may prune, one at a time (a transaction-level lock of its own: a replica that finds it taken leaves the work to the other). */
  async prune(before: number, maxBytes: number): Promise<void> {
    const pruneLock = lockKey(`svcmap-history-prune ${this.lockName}`);
    const exclusively = (statements: [string, (string | number)[]][]) =>
      this.transaction(async (client) => {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [pruneLock]);
        if (rows[0]?.locked !== true) return false;
        for (const [sql, values] of statements) await client.query(numbered(sql), values);
        return true;
      });
    if (!(await exclusively(expiredStatements(before)))) return;
    const snapshots = (await this.query(snapshotsQuery)).map((row) => cutOf(row as never));
    for (const cut of cutPoints(snapshots, before)) {
      if (cut.ts > before && (await this.size()) <= maxBytes) break;
      if (!(await exclusively(cutStatements(cut)))) return;
    }
    // No VACUUM: autovacuum makes the deleted rows' space reusable, and size() does not count it.
  }

  /**
   * The bytes the journal's live rows take as stored (after compression and TOAST), not the
   * files' size. PostgreSQL keeps a table's files at their largest: a DELETE leaves dead rows
   * that only (auto)vacuum makes reusable, and a plain VACUUM gives back only empty pages at a
   * file's end — the oldest snapshots, which pruning deletes first, sit at its start. Measured
   * on files, pruning would never bring the size under the limit and would cut down to the
   * newest snapshot every time. pg_column_size reads a large value's stored size from its TOAST
   * pointer without fetching it, so the big columns (a change's object, a snapshot's data) are
   * measured on their own (a whole-row value, `table.*`, would be detoasted: used only for the
   * tables of small rows). Indexes and dead space not yet reused come on top: the files are
   * larger than this by a roughly constant share.
   */
  async size(): Promise<number> {
    const rows = await this.query(
      `SELECT (SELECT coalesce(sum(pg_column_size(sessions.*)), 0) FROM sessions)
            + (SELECT coalesce(sum(pg_column_size(ROW(id, session, ts, kind, key)) + coalesce(pg_column_size(object), 0)), 0) FROM changes)
            + (SELECT coalesce(sum(pg_column_size(ROW(id, session, ts, last_change)) + pg_column_size(data)), 0) FROM snapshots)
            + (SELECT coalesce(sum(pg_column_size(events.*)), 0) FROM events)
            + (SELECT coalesce(sum(pg_column_size(ip_spans.*)), 0) FROM ip_spans) AS bytes`,
    );
    return Number((rows[0] as { bytes: BigintText }).bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writing.clear();
    const election = this.election;
    this.election = undefined;
    await Promise.allSettled([this.pool.end(), election?.then((client) => client.end())]);
  }

  /** The election's connection, opened when there is none (first use, or the last one broke). */
  private electionClient(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the history store is closed'));
    if (this.election) return this.election;
    const client = new Client({ ...this.config, query_timeout: 10_000 });
    const connected = client.connect().then(() => client);
    // The lock lives and dies with this connection.
    const lost = () => {
      if (this.election !== connected) return;
      this.election = undefined;
      this.writing.clear();
      client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    connected.catch(lost);
    this.election = connected;
    return connected;
  }

  private async mustWrite(context: string, what: string): Promise<void> {
    if (await this.isWriter(context)) return;
    throw new Error(
      `This svcmap process cannot ${what}: another process holds the history's writers' lock of context "${context}" in the PostgreSQL database at ${this.address.where}. One replica writes, the others read; this one takes over when the writer stops.`,
    );
  }

  /**
   * Fencing: a session is written only by the process holding its context's lock, and only
   * while it runs — a replica that lost the lock (a network split) and had its session ended
   * by the new writer is refused, and starts over. The row stays locked until the commit.
   */
  private async ownSession(client: PoolClient, session: number, what: string): Promise<string> {
    const { rows } = await client.query<{ context: string; ended: BigintText | null }>('SELECT context, ended FROM sessions WHERE id = $1 FOR UPDATE', [session]);
    const context = liveSession(session, rows[0]);
    await this.mustWrite(context, what);
    return context;
  }

  private async query(sql: string, values: unknown[] = []): Promise<unknown[]> {
    try {
      return (await this.pool.query(sql, values)).rows;
    } catch (error) {
      throw this.readable(error);
    }
  }

  /** Runs `work` in one transaction on one pooled connection: all of it is written, or none. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.readable(error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool drops it instead of reusing it.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackFailed: Error) => client.release(rollbackFailed),
      );
      throw this.readable(error);
    }
  }

  private readable(error: unknown): Error {
    return readableError(error, this.address);
  }
}
