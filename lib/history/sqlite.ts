// The history in one SQLite file, through Node's built-in node:sqlite (no native addon to
// download). One server process owns the file: it is opened in exclusive locking mode, so a
// second process (a second replica on a shared volume) gets "in use" and runs without history
// rather than interleaving sessions. Several replicas share a PostgreSQL database instead.
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { cutOf, cutPoints, cutStatements, expiredStatements, snapshotsQuery } from './prune';
import { type ChangeRow, type EventRow, type HistoryStore, type IpSpan, liveSession, schema, type Session, sessionOf, settledSpans, type SnapshotRow, spansQuery, type WriteBatch } from './store';

export class SqliteStore implements HistoryStore {
  readonly engine = 'sqlite';
  private readonly db: DatabaseSync;

  /** Opens (or creates) the database file; throws a readable error when it is corrupt or in use. */
  constructor(file: string, options: { maxPages?: number } = {}) {
    this.db = new DatabaseSync(file, { timeout: 0 });
    try {
      // Before any table exists, so deleted pages can be given back (incremental_vacuum).
      this.db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      this.db.exec('PRAGMA locking_mode = EXCLUSIVE');
      this.db.exec('PRAGMA journal_mode = WAL');
      this.db.exec('PRAGMA synchronous = NORMAL');
      if (options.maxPages) this.db.exec(`PRAGMA max_page_count = ${Math.floor(options.maxPages)}`);
      // Takes the exclusive lock now, not at the first write.
      this.db.exec('BEGIN EXCLUSIVE');
      for (const statement of schema({ id: 'INTEGER PRIMARY KEY AUTOINCREMENT', blob: 'BLOB' })) this.db.exec(statement);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.close();
      throw readable(error, file);
    }
  }

  /** The file is this process's alone (it was opened exclusively): it writes every context. */
  async isWriter(): Promise<boolean> {
    return true;
  }

  async openSession(context: string, at: number): Promise<number> {
    return this.transaction(() => {
      for (const row of this.all('SELECT * FROM sessions WHERE context = ? AND ended IS NULL', context)) {
        const session = sessionOf(row as never);
        this.run('UPDATE ip_spans SET ended = ?, end_unknown = 1 WHERE session = ? AND ended IS NULL', session.lastSeen, session.id);
        this.run('UPDATE sessions SET ended = last_seen WHERE id = ?', session.id);
      }
      return Number(this.db.prepare('INSERT INTO sessions (context, started, last_seen) VALUES (?, ?, ?)').run(context, at, at).lastInsertRowid);
    });
  }

  async endSession(session: number, at: number): Promise<void> {
    this.transaction(() => {
      this.run('UPDATE ip_spans SET ended = ?, end_unknown = 1 WHERE session = ? AND ended IS NULL', at, session);
      this.run('UPDATE sessions SET ended = ?, last_seen = ? WHERE id = ?', at, at, session);
    });
  }

  async write(batch: WriteBatch): Promise<void> {
    this.transaction(() => {
      const owner = this.db.prepare('SELECT context, ended FROM sessions WHERE id = ?').get(batch.session) as { context: string; ended: number | null } | undefined;
      const context = liveSession(batch.session, owner);
      const change = this.db.prepare('INSERT INTO changes (session, ts, kind, key, object) VALUES (?, ?, ?, ?, ?)');
      let lastChange = 0;
      for (const row of batch.changes) lastChange = Number(change.run(batch.session, row.ts, row.kind, row.key, row.object ?? null).lastInsertRowid);
      const event = this.db.prepare('INSERT INTO events (session, context, ts, service, event) VALUES (?, ?, ?, ?, ?)');
      for (const row of batch.events) event.run(batch.session, context, row.ts, row.service ?? null, row.event);
      const close = this.db.prepare('UPDATE ip_spans SET ended = ? WHERE session = ? AND ip = ? AND owner_kind = ? AND namespace = ? AND name = ? AND ended IS NULL');
      for (const span of batch.spans.close) close.run(span.ended, batch.session, span.ip, span.ownerKind, span.namespace, span.name);
      const open = this.db.prepare(
        'INSERT INTO ip_spans (session, context, ip, owner_kind, namespace, name, service, started, start_unknown, ended, end_unknown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
      );
      for (const span of batch.spans.open) {
        open.run(batch.session, context, span.ip, span.ownerKind, span.namespace, span.name, span.service ?? null, span.started, span.startUnknown ? 1 : 0, span.ended ?? null);
      }
      if (batch.snapshot) {
        if (lastChange === 0) lastChange = Number((this.db.prepare('SELECT coalesce(max(id), 0) AS id FROM changes WHERE session = ?').get(batch.session) as { id: number }).id);
        this.run('INSERT INTO snapshots (session, ts, last_change, data) VALUES (?, ?, ?, ?)', batch.session, batch.snapshot.ts, lastChange, batch.snapshot.data);
      }
      this.run('UPDATE sessions SET last_seen = ? WHERE id = ?', batch.lastSeen, batch.session);
    });
  }

  async sessions(context: string, since: number, until: number): Promise<Session[]> {
    return this.all('SELECT * FROM sessions WHERE context = ? AND started <= ? AND last_seen >= ? ORDER BY started', context, until, since).map((row) => sessionOf(row as never));
  }

  async snapshotBefore(session: number, at: number): Promise<SnapshotRow | null> {
    const row = this.db.prepare('SELECT ts, last_change, data FROM snapshots WHERE session = ? AND ts <= ? ORDER BY ts DESC, id DESC LIMIT 1').get(session, at) as
      | { ts: number; last_change: number; data: Uint8Array }
      | undefined;
    return row ? { ts: Number(row.ts), lastChange: Number(row.last_change), data: row.data } : null;
  }

  async changes(session: number, afterId: number, until: number): Promise<ChangeRow[]> {
    return this.all('SELECT id, ts, kind, key, object FROM changes WHERE session = ? AND id > ? AND ts <= ? ORDER BY id', session, afterId, until).map((row) => {
      const { id, ts, kind, key, object } = row as { id: number; ts: number; kind: string; key: string; object: Uint8Array | null };
      return { id: Number(id), ts: Number(ts), kind, key, ...(object !== null ? { object } : {}) };
    });
  }

  async events(context: string, since: number, until: number, limit: number, service?: string): Promise<EventRow[]> {
    const rows =
      service === undefined
        ? this.all('SELECT ts, service, event FROM events WHERE context = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC, id DESC LIMIT ?', context, since, until, limit)
        : this.all('SELECT ts, service, event FROM events WHERE context = ? AND service = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC, id DESC LIMIT ?', context, service, since, until, limit);
    return rows.map((row) => {
      const { ts, service: owner, event } = row as { ts: number; service: string | null; event: string };
      return { ts: Number(ts), ...(owner !== null ? { service: owner } : {}), event };
    });
  }

  async ipSpans(context: string, ip: string, since: number, until: number, now: number): Promise<IpSpan[]> {
    return settledSpans(this.all(spansQuery, context, ip, until) as never, since, now);
  }

  async prune(before: number, maxBytes: number): Promise<void> {
    this.transaction(() => {
      for (const [sql, values] of expiredStatements(before)) this.run(sql, ...values);
    });
    const snapshots = this.all(snapshotsQuery).map((row) => cutOf(row as never));
    for (const cut of cutPoints(snapshots, before)) {
      if (cut.ts > before && (await this.size()) <= maxBytes) break;
      this.transaction(() => {
        for (const [sql, values] of cutStatements(cut)) this.run(sql, ...values);
      });
    }
    // Gives freed pages back to the file system, a bounded number each time (the rest next minute; new writes reuse them meanwhile).
    this.db.exec('PRAGMA incremental_vacuum(4096)');
  }

  async size(): Promise<number> {
    const pages = (pragma: string) => Number((this.db.prepare(`PRAGMA ${pragma}`).get() as Record<string, number>)[pragma]);
    return (pages('page_count') - pages('freelist_count')) * pages('page_size');
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private all(sql: string, ...values: SQLInputValue[]): unknown[] {
    return this.db.prepare(sql).all(...values);
  }

  private run(sql: string, ...values: SQLInputValue[]): void {
    this.db.prepare(sql).run(...values);
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw readable(error);
    }
  }
}

/** SQLite's errors, said so a person knows what to do. */
function readable(error: unknown, file?: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const where = file ? ` (${file})` : '';
  if (/locked|busy/i.test(message)) return new Error(`The history database${where} is in use by another svcmap process; only one process may write it (several replicas share a PostgreSQL database: SVCMAP_HISTORY_URL).`);
  if (/not a database|malformed|corrupt/i.test(message)) return new Error(`The history database${where} is corrupt (${message}); move the file away and svcmap starts a new one.`);
  if (/full/i.test(message)) return new Error(`The history database${where} cannot grow: the disk or its size limit is full (${message}). Free space or lower SVCMAP_HISTORY_MAX_BYTES.`);
  return new Error(`The history database${where} failed: ${message}`);
}
