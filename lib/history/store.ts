// What a history database holds and answers, whatever the engine: the SQLite file of one
// server (sqlite.ts, node:sqlite) or a PostgreSQL database shared by replicas (postgres.ts).
// Both pass the same test suite (store-suite.ts). Times are milliseconds since the epoch.
//
// A *session* is a stretch of time when svcmap watched a context: it starts with a full
// snapshot of the store once the watches synced and ends when they stop (or, after a crash,
// at its last heartbeat). Between sessions nothing is known: a gap, never filled.

export interface Session {
  id: number;
  context: string;
  started: number;
  /** The last moment the session is known to have been watching (heartbeats, then its end). */
  lastSeen: number;
  /** Set when it ended cleanly; absent while running or when the process died. */
  ended?: number;
}

/** One object written or deleted (object absent) at `ts`: kind is the watched kind ("pods"). */
export interface ChangeRow {
  id?: number;
  ts: number;
  kind: string;
  key: string;
  /** The trimmed object's JSON, deflated (snapshot.ts packObject); absent when it was deleted. */
  object?: Uint8Array;
}

/** A compact copy of the whole store at `ts`, holding every change up to `lastChange`. */
export interface SnapshotRow {
  ts: number;
  lastChange: number;
  /** gzip of the store's JSON (see snapshot.ts). */
  data: Uint8Array;
}

/** One endpoint event of the change timeline (the TimelineEvent's JSON). */
export interface EventRow {
  ts: number;
  service?: string;
  event: string;
}

/**
 * An address held by an owner over a period: a Pod holding the IP, or an EndpointSlice
 * listing it as an endpoint address (then `service` is the slice's Service). `ended` absent:
 * still held; `endUnknown`: svcmap stopped watching while it was held, so when it really
 * ended is not known — it ended no earlier than `ended`.
 */
export interface IpSpan {
  ip: string;
  ownerKind: 'Pod' | 'EndpointSlice';
  namespace: string;
  name: string;
  service?: string;
  started: number;
  /** True when the span began with the session's first snapshot: held since before svcmap watched. */
  startUnknown: boolean;
  ended?: number;
  endUnknown: boolean;
}

/** What to open and close in one write. */
export interface SpanOps {
  /** `ended`: opened and closed again within the batch. */
  open: (Omit<IpSpan, 'ended' | 'endUnknown'> & { ended?: number })[];
  close: { ip: string; ownerKind: IpSpan['ownerKind']; namespace: string; name: string; ended: number }[];
}

/** One transaction: everything the recorder gathered since its last write. */
export interface WriteBatch {
  session: number;
  /** Heartbeat: the session is known to be watching until then. */
  lastSeen: number;
  changes: ChangeRow[];
  events: EventRow[];
  spans: SpanOps;
  /** Taken after the batch's changes: lastChange is filled in by the store. */
  snapshot?: Omit<SnapshotRow, 'lastChange'>;
}

export interface HistoryStore {
  readonly engine: 'sqlite' | 'postgres';
  /** True when this process may write the context's history (PostgreSQL: it holds that context's writers' advisory lock). */
  isWriter(context: string): Promise<boolean>;
  /** Starts a session; first ends any session of the context left running (a crash) at its last heartbeat, closing its spans there as unknown. */
  openSession(context: string, at: number): Promise<number>;
  endSession(session: number, at: number): Promise<void>;
  write(batch: WriteBatch): Promise<void>;

  /** Sessions overlapping [since, until], oldest first. */
  sessions(context: string, since: number, until: number): Promise<Session[]>;
  /** The latest snapshot of the session taken at or before `at`. */
  snapshotBefore(session: number, at: number): Promise<SnapshotRow | null>;
  /** The session's changes after change `afterId` up to time `until` (inclusive), in order. */
  changes(session: number, afterId: number, until: number): Promise<ChangeRow[]>;
  /** Endpoint events in [since, until], newest first, at most `limit`; of one Service when given. */
  events(context: string, since: number, until: number, limit: number, service?: string): Promise<EventRow[]>;
  /** The spans of an IP that overlap [since, until], oldest first; one left open by a session that stopped writing before `now` - 30 s (a dead process) ends, unknown, at its last write. */
  ipSpans(context: string, ip: string, since: number, until: number, now: number): Promise<IpSpan[]>;

  /** Deletes what is older than `before` (keeping a snapshot to start from), then oldest sessions' data while over `maxBytes`. */
  prune(before: number, maxBytes: number): Promise<void>;
  /** The database's size in bytes. */
  size(): Promise<number>;
  close(): Promise<void>;
}

/** The SQL both engines run (types chosen to mean the same in each). */
export function schema(types: { id: string; blob: string }): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS sessions (id ${types.id}, context TEXT NOT NULL, started BIGINT NOT NULL, last_seen BIGINT NOT NULL, ended BIGINT)`,
    'CREATE INDEX IF NOT EXISTS sessions_context ON sessions (context, started)',
    `CREATE TABLE IF NOT EXISTS changes (id ${types.id}, session BIGINT NOT NULL, ts BIGINT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, object ${types.blob})`,
    'CREATE INDEX IF NOT EXISTS changes_session ON changes (session, id)',
    `CREATE TABLE IF NOT EXISTS snapshots (id ${types.id}, session BIGINT NOT NULL, ts BIGINT NOT NULL, last_change BIGINT NOT NULL, data ${types.blob} NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS snapshots_session ON snapshots (session, ts)',
    `CREATE TABLE IF NOT EXISTS events (id ${types.id}, session BIGINT NOT NULL, context TEXT NOT NULL, ts BIGINT NOT NULL, service TEXT, event TEXT NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS events_context ON events (context, ts)',
    'CREATE INDEX IF NOT EXISTS events_service ON events (context, service, ts)',
    `CREATE TABLE IF NOT EXISTS ip_spans (id ${types.id}, session BIGINT NOT NULL, context TEXT NOT NULL, ip TEXT NOT NULL, owner_kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, service TEXT, started BIGINT NOT NULL, start_unknown INTEGER NOT NULL, ended BIGINT, end_unknown INTEGER NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS ip_spans_ip ON ip_spans (context, ip, started)',
    'CREATE INDEX IF NOT EXISTS ip_spans_open ON ip_spans (session, ended)',
  ];
}

interface SessionRecord {
  id: number | bigint;
  context: string;
  started: number | bigint | string;
  last_seen: number | bigint | string;
  ended: number | bigint | string | null;
}

/** A session from its row (PostgreSQL returns BIGINT as text). */
export function sessionOf(row: SessionRecord): Session {
  return {
    id: Number(row.id),
    context: row.context,
    started: Number(row.started),
    lastSeen: Number(row.last_seen),
    ...(row.ended !== null ? { ended: Number(row.ended) } : {}),
  };
}

interface SpanRecord {
  ip: string;
  owner_kind: string;
  namespace: string;
  name: string;
  service: string | null;
  started: number | bigint | string;
  start_unknown: number | bigint | string;
  ended: number | bigint | string | null;
  end_unknown: number | bigint | string;
}

/** Rows of ip_spans joined with their session's last write (session_seen). */
export const spansQuery =
  'SELECT ip_spans.*, sessions.last_seen AS session_seen FROM ip_spans JOIN sessions ON sessions.id = ip_spans.session WHERE ip_spans.context = ? AND ip_spans.ip = ? AND ip_spans.started <= ? ORDER BY ip_spans.started, ip_spans.id';

// A running session writes every second; one silent this long is a process that died.
const deadAfterMs = 30_000;

/** The spans of `spansQuery`'s rows that overlap [since, until] (the caller gave `until`), a dead session's open ones ended at its last write. */
export function settledSpans(rows: (SpanRecord & { session_seen: number | bigint | string })[], since: number, now: number): IpSpan[] {
  return rows
    .map((row) => {
      const span = spanOf(row);
      const seen = Number(row.session_seen);
      return span.ended === undefined && seen < now - deadAfterMs ? { ...span, ended: seen, endUnknown: true } : span;
    })
    .filter((span) => span.ended === undefined || span.ended >= since);
}

export function spanOf(row: SpanRecord): IpSpan {
  return {
    ip: row.ip,
    ownerKind: row.owner_kind as IpSpan['ownerKind'],
    namespace: row.namespace,
    name: row.name,
    ...(row.service !== null ? { service: row.service } : {}),
    started: Number(row.started),
    startUnknown: Number(row.start_unknown) === 1,
    ...(row.ended !== null ? { ended: Number(row.ended) } : {}),
    endUnknown: Number(row.end_unknown) === 1,
  };
}

/** The context of a session that may still be written: it exists (not pruned) and has not ended. */
export function liveSession(session: number, owner: { context: string; ended: unknown } | undefined): string {
  if (!owner) throw new Error(`History session ${session} does not exist any more (pruned?): a new one starts.`);
  if (owner.ended !== null && owner.ended !== undefined) throw new Error(`History session ${session} was ended (by another writer?): a new one starts.`);
  return owner.context;
}
