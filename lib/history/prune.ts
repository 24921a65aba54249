// Retention: where the journal may be cut, and the SQL that cuts it (both engines run the same
// statements). History must start at a snapshot (the graph at a time is a snapshot plus the
// changes after it), so a context's history is cut only at one of its snapshots — at most at
// its newest, which is always kept — and a cut never touches another context's sessions.

export interface Cut {
  context: string;
  session: number;
  ts: number;
  lastChange: number;
}

/**
 * The cuts to make, in order, given every snapshot oldest first: per context the newest
 * snapshot not after `before` (age), then every later one, oldest first whatever its context,
 * for the caller to take while the database is still over its size limit.
 */
export function cutPoints(snapshots: readonly Cut[], before: number): Cut[] {
  const aged = new Map<string, Cut>();
  for (const cut of snapshots) if (cut.ts <= before) aged.set(cut.context, cut);
  return [...aged.values(), ...snapshots.filter((cut) => cut.ts > before)];
}

type Statement = [sql: string, values: (string | number)[]];

const tables = ['changes', 'snapshots', 'events', 'ip_spans'];

/** Sessions that ended before `before` go whole. */
export function expiredStatements(before: number): Statement[] {
  const old = 'SELECT id FROM sessions WHERE ended IS NOT NULL AND last_seen < ?';
  return [...tables.map((table): Statement => [`DELETE FROM ${table} WHERE session IN (${old})`, [before]]), [`DELETE FROM sessions WHERE id IN (${old})`, [before]]];
}

/** Cutting at a snapshot: its context's earlier sessions go, and what its own session holds before it. */
export function cutStatements(cut: Cut): Statement[] {
  const earlier = 'SELECT id FROM sessions WHERE context = ? AND id < ?';
  return [
    ...tables.map((table): Statement => [`DELETE FROM ${table} WHERE session IN (${earlier})`, [cut.context, cut.session]]),
    ['DELETE FROM sessions WHERE context = ? AND id < ?', [cut.context, cut.session]],
    ['DELETE FROM changes WHERE session = ? AND id <= ?', [cut.session, cut.lastChange]],
    ['DELETE FROM snapshots WHERE session = ? AND ts < ?', [cut.session, cut.ts]],
    ['DELETE FROM events WHERE session = ? AND ts < ?', [cut.session, cut.ts]],
    ['DELETE FROM ip_spans WHERE session = ? AND ended < ?', [cut.session, cut.ts]],
    ['UPDATE sessions SET started = ? WHERE id = ? AND started < ?', [cut.ts, cut.session, cut.ts]],
  ];
}

/** Every snapshot with its context, oldest first. */
export const snapshotsQuery = 'SELECT snapshots.session, snapshots.ts, snapshots.last_change, sessions.context FROM snapshots JOIN sessions ON sessions.id = snapshots.session ORDER BY snapshots.ts, snapshots.id';

export function cutOf(row: { session: number | string; ts: number | string; last_change: number | string; context: string }): Cut {
  return { context: row.context, session: Number(row.session), ts: Number(row.ts), lastChange: Number(row.last_change) };
}
