// The watch state of a context, one entry per reflector (a kind watched in several
// namespaces has several), combined per kind for the page: a kind is as well off as its
// worst-off namespace, and while it lists, its progress is the sum of its lists'.
import type { WatchedKind } from '@/lib/graph/objects';
import type { ContextStatus, KindStatus } from '@/lib/stream/protocol';
import type { ReflectorState } from './reflector';

// Worst first.
const stateRank: ReflectorState[] = ['error', 'reconnecting', 'syncing', 'forbidden', 'synced'];

export class WatchStatus<R> {
  private readonly entries = new Map<R, KindStatus>();
  private readonly kinds = new Map<R, WatchedKind>();
  private readonly lists = new Map<R, () => number>();

  /** A reflector of a kind; `lists` counts its LIST requests. */
  add(reflector: R, kind: WatchedKind, lists: () => number): void {
    this.kinds.set(reflector, kind);
    this.lists.set(reflector, lists);
  }

  /** A reflector stopped for good (its kind is no longer served). */
  remove(reflector: R): void {
    this.entries.delete(reflector);
    this.kinds.delete(reflector);
    this.lists.delete(reflector);
  }

  clear(): void {
    this.entries.clear();
    this.kinds.clear();
    this.lists.clear();
  }

  /** The reflector's state changed; `objects` is how many of its kind the store holds. */
  set(reflector: R, state: ReflectorState, objects: number, message?: string): void {
    const kind = this.kinds.get(reflector);
    if (!kind) return;
    const previous = this.entries.get(reflector);
    const since = previous?.state === state ? previous.since : new Date().toISOString();
    this.entries.set(reflector, { kind, state, objects, lists: 0, message, since });
  }

  /** A page of a list arrived: "pods 3,500 / 10,000". False when not shown (a relist of a synced kind). */
  setProgress(reflector: R, listed: number, total?: number): boolean {
    const kind = this.kinds.get(reflector);
    const current = this.entries.get(reflector);
    if (!kind || (current && current.state !== 'syncing')) return false;
    this.entries.set(reflector, { kind, state: 'syncing', objects: 0, lists: 0, listed, total, since: current?.since ?? new Date().toISOString() });
    return true;
  }

  /** The status of each of `watched` (the kinds watched now, in order). */
  status(context: string, watched: readonly WatchedKind[], objects: (kind: WatchedKind) => number): ContextStatus {
    const kinds = watched.map((kind): KindStatus => {
      const reflectors = [...this.kinds].filter(([, reflectorKind]) => reflectorKind === kind).map(([reflector]) => reflector);
      const syncing: KindStatus = { kind, state: 'syncing', objects: 0, lists: 0, since: new Date().toISOString() };
      const statuses = reflectors.map((reflector) => this.entries.get(reflector) ?? syncing);
      const worst = [...statuses].sort((a, b) => stateRank.indexOf(a.state) - stateRank.indexOf(b.state))[0] ?? syncing;
      const lists = reflectors.reduce((sum, reflector) => sum + this.lists.get(reflector)!(), 0);
      const listing = worst.state === 'syncing' ? statuses : [];
      const listed = listing.reduce((sum, status) => sum + (status.listed ?? 0), 0) || undefined;
      const total = listed && listing.every((status) => status.total !== undefined) ? listing.reduce((sum, status) => sum + status.total!, 0) : undefined;
      return { ...worst, objects: objects(kind), lists, listed, total };
    });
    return { context, kinds };
  }
}
