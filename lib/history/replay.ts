// The past, rebuilt: the store at a time is the latest snapshot of the session that was
// watching then, plus that session's changes up to the time; the graph is then built by the
// same pure code as the live one (lib/http/history.ts builds it, timing each part). A time no
// session covers is a gap: unknown, never filled.
import type { KubeObject, WatchedKind } from '@/lib/graph/objects';
import { emptyStore, type WritableStore } from '@/lib/graph/store';
import { decodeStore, unpackObject } from './snapshot';
import type { HistoryStore, Session } from './store';

type Gap = { known: false; gap: { from?: number; to?: number } };
/** What svcmap knows of a time: the store as it was, or the gap around it (bounds absent: no history on that side). */
export type PastStore = { known: true; store: WritableStore; session: Session } | Gap;

// A running session writes every second: its last write may lag the present by that much (more on a
// replica that reads another's writes). One that wrote this recently covers the time up to now.
const runningSlackMs = 5_000;

/** The store at `at`; `now` tells a running session (known up to now) from one that stopped. */
export async function storeAt(history: HistoryStore, context: string, at: number, now = at): Promise<PastStore> {
  const covering = (session: Session) => session.started <= at && (session.lastSeen >= at || (session.ended === undefined && session.lastSeen >= now - runningSlackMs && at <= now));
  const session = (await history.sessions(context, at - runningSlackMs, at)).filter(covering).at(-1);
  const snapshot = session && (await history.snapshotBefore(session.id, at));
  if (!session || !snapshot) return { known: false, gap: await gapAround(history, context, at) };
  const store = await decodeStore(snapshot.data);
  for (const change of await history.changes(session.id, snapshot.lastChange, at)) apply(store, change.kind as WatchedKind, change.key, change.object);
  return { known: true, store, session };
}

function apply(store: WritableStore, kind: WatchedKind, key: string, object: Uint8Array | undefined): void {
  const objects = (store[kind] ?? emptyStore()[kind]) as Map<string, KubeObject>;
  if (object === undefined) objects.delete(key);
  else objects.set(key, unpackObject(object));
}

/** The last moment watched before `at` and the first after it. */
async function gapAround(history: HistoryStore, context: string, at: number): Promise<{ from?: number; to?: number }> {
  const before = (await history.sessions(context, 0, at)).filter((session) => session.lastSeen < at).at(-1);
  const after = (await history.sessions(context, at, Number.MAX_SAFE_INTEGER)).find((session) => session.started > at);
  return { ...(before ? { from: before.lastSeen } : {}), ...(after ? { to: after.started } : {}) };
}
