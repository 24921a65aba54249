// Retention: where the journal may be cut. History must start at a snapshot (the graph at a
// time is a snapshot plus the changes after it), so it is cut only at snapshots — at most at
// the newest, which is always kept. Pure.

export interface Cut {
  session: number;
  ts: number;
  lastChange: number;
}

/**
 * The cuts to make, in order, given every snapshot oldest first: the newest snapshot not
 * after `before` (age), then each later one, for the caller to take while the database is
 * still over its size limit. Cutting at a snapshot deletes every earlier session and what its
 * own session holds before it.
 */
export function cutPoints(snapshots: readonly Cut[], before: number): Cut[] {
  const aged = snapshots.filter((cut) => cut.ts <= before).at(-1);
  return [...(aged ? [aged] : []), ...snapshots.filter((cut) => cut.ts > before)];
}
