// The recorder of one context: told by the hub of every change it applies, it queues them
// (references to the immutable trimmed objects; nothing is serialized on the hot path) and
// writes them in one transaction a second, with the endpoint events and the IP spans they
// open and close. A session starts with a snapshot once the watches synced, takes another
// every few minutes (or many changes, or when what svcmap may read changed), and ends when
// the watches stop or lose the cluster. A failed write (full disk, a database gone) ends the
// session where it was last written: the page shows the error, live mode goes on, and a new
// session with a fresh snapshot starts once writing works again.
import type { TimelineEvent } from '@/lib/graph/model';
import { type ClusterStore, objectKey } from '@/lib/graph/objects';
import type { StoreChange } from '@/lib/graph/store';
import { encodeStore, packObject } from './snapshot';
import { initialSpans, spanOps } from './spans';
import type { EventRow, HistoryStore, WriteBatch } from './store';

export interface RecorderOptions {
  flushMs?: number;
  snapshotEveryMs?: number;
  snapshotEveryChanges?: number;
  /** After a failed write, or while another process writes, try again this often. */
  retryMs?: number;
  /** More changes than this waiting for one write (a database that does not answer): they are dropped, and the time is a gap. */
  maxQueuedChanges?: number;
  now?: () => number;
  /** Told of every write: the changes and snapshot bytes it held and how long it took (for metrics). */
  onWrite?: (changes: number, snapshotBytes: number, ms: number) => void;
  /** Told when recording fails (for the log). */
  onError?: (message: string) => void;
}

export type RecorderState =
  | { state: 'idle' } // not watching: nothing to record
  | { state: 'recording'; since: number }
  | { state: 'reading'; message: string } // another process writes (PostgreSQL)
  | { state: 'error'; message: string };

interface Queued {
  at: number;
  changes: readonly StoreChange[];
  events: readonly TimelineEvent[];
}

type Options = Required<Omit<RecorderOptions, 'onWrite' | 'onError'>> & Pick<RecorderOptions, 'onWrite' | 'onError'>;

export class Recorder {
  private session: number | undefined;
  private queue: Queued[] = [];
  private queuedChanges = 0;
  /** Taken from the queue and being written: still pending for a reader until the write ends. */
  private writingQueue: Queued[] = [];
  private changesSinceSnapshot = 0;
  private lastSnapshot = 0;
  private snapshotSoon = false;
  // Times never go back, whatever the clock does (replay reads changes in order up to a time).
  private lastTime = 0;
  // Opening a session: changes arriving meanwhile are queued for its first write (they are not in its snapshot).
  private opening = false;
  private watching = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private writing: Promise<void> = Promise.resolve();
  // A flush asked for while one waits to run is the same flush: a slow database does not pile them up.
  private nextFlush: Promise<void> | undefined;
  private current: RecorderState = { state: 'idle' };
  private notBefore = Number.NEGATIVE_INFINITY;
  private readonly options: Options;
  private readonly history: () => Promise<HistoryStore>;
  readonly context: string;
  /** The hub's store now (flushing the hub first, so it matches what was handed over). */
  private readonly storeNow: () => ClusterStore;

  /** `history` gives the database, which may still be opening (PostgreSQL) or have failed to: then the recorder says why. */
  constructor(history: () => Promise<HistoryStore>, context: string, storeNow: () => ClusterStore, options: RecorderOptions = {}) {
    this.history = history;
    this.context = context;
    this.storeNow = storeNow;
    this.options = {
      flushMs: options.flushMs ?? 1_000,
      snapshotEveryMs: options.snapshotEveryMs ?? 5 * 60_000,
      snapshotEveryChanges: options.snapshotEveryChanges ?? 50_000,
      retryMs: options.retryMs ?? 15_000,
      maxQueuedChanges: options.maxQueuedChanges ?? 200_000,
      now: options.now ?? Date.now,
      onWrite: options.onWrite,
      onError: options.onError,
    };
  }

  /** The session being written, if any. */
  get activeSession(): number | undefined {
    return this.session;
  }

  get state(): RecorderState {
    return this.current;
  }

  /** The watches synced: the store is the cluster as it is; a session starts from it. */
  synced(): void {
    if (this.watching) return;
    this.watching = true;
    this.notBefore = Number.NEGATIVE_INFINITY;
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref?.();
    void this.flush();
  }

  /** Changes the hub applied (while synced), with the endpoint events they made; `rescoped`: what svcmap may read changed. */
  changed(changes: readonly StoreChange[], events: readonly TimelineEvent[], rescoped = false): void {
    if (!this.watching || (this.session === undefined && !this.opening)) return;
    // Which namespaces a kind is read in is kept in snapshots only: take one with the next write.
    if (rescoped) this.snapshotSoon = true;
    this.queue.push({ at: this.time(), changes, events });
    this.queuedChanges += changes.length;
    if (this.queuedChanges > this.options.maxQueuedChanges) this.overflowed();
    else if (this.queuedChanges >= 20_000) void this.flush();
  }

  /** The watches stopped or lost the cluster: what is queued is written, and the session ends now. */
  stopped(): Promise<void> {
    if (!this.watching) return this.writing;
    this.watching = false;
    clearInterval(this.timer);
    const at = this.time();
    return this.serial(async () => {
      await this.writeQueued(false);
      if (this.session !== undefined) await (await this.history()).endSession(this.session, at);
      this.session = undefined;
      this.current = { state: 'idle' };
    });
  }

  /** Writes what is queued now (an answer about the recent past must include it). */
  flush(): Promise<void> {
    this.nextFlush ??= this.serial(async () => {
      this.nextFlush = undefined;
      if (!this.watching) return;
      if (this.session === undefined && (this.options.now() < this.notBefore || !(await this.begin()))) return;
      await this.writeQueued(true);
    });
    return this.nextFlush;
  }

  /** Events not yet written (queued, or in a write that has not ended), newest first: the journal has the rest, and may have them too by the time it is read. */
  pendingEvents(): EventRow[] {
    return [...this.writingQueue, ...this.queue].flatMap((queued) => queued.events.map((event) => eventRow(event, queued.at))).reverse();
  }

  private time(): number {
    this.lastTime = Math.max(this.lastTime, this.options.now());
    return this.lastTime;
  }

  private serial(work: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(work).catch((error: unknown) => this.failed(error));
    return this.writing;
  }

  /** Opens a session from the store as it is now (when this process may write). */
  private async begin(): Promise<boolean> {
    const history = await this.history();
    if (!(await history.isWriter(this.context))) {
      this.current = { state: 'reading', message: 'Another svcmap replica writes this context’s history; this one reads it.' };
      this.notBefore = this.options.now() + this.options.retryMs;
      return false;
    }
    // The watches may have stopped while the database answered: then there is nothing to start from.
    if (!this.watching) return false;
    // The session starts with the store as it is now: its snapshot and the addresses held, at one moment
    // (storeNow flushes the hub; the snapshot's JSON is made before anything can change the store).
    const store = this.storeNow();
    const at = this.time();
    this.queue = [];
    this.queuedChanges = 0;
    const data = encodeStore(store);
    const held = initialSpans(store, at);
    this.opening = true;
    try {
      const session = await history.openSession(this.context, at);
      const began = performance.now();
      const snapshot = { ts: at, data: await data };
      await history.write({ session, lastSeen: at, changes: [], events: [], spans: { open: held, close: [] }, snapshot });
      this.options.onWrite?.(0, snapshot.data.length, performance.now() - began);
      this.session = session;
    } finally {
      this.opening = false;
    }
    this.lastSnapshot = at;
    this.changesSinceSnapshot = 0;
    this.snapshotSoon = false;
    this.current = { state: 'recording', since: at };
    return true;
  }

  /** Writes the queued changes; with a snapshot when one is due and `snapshots` allows (not while stopping: the store may be gone). */
  private async writeQueued(snapshots: boolean): Promise<void> {
    if (this.session === undefined) return;
    const due = this.snapshotSoon || this.changesSinceSnapshot >= this.options.snapshotEveryChanges || (this.changesSinceSnapshot > 0 && this.options.now() - this.lastSnapshot >= this.options.snapshotEveryMs);
    // Taken together: the store now holds exactly the queued changes (storeNow flushes the hub first,
    // queueing what it held back), and the time is read after that.
    const store = snapshots && due ? this.storeNow() : undefined;
    const now = this.time();
    const queue = this.queue;
    this.queue = [];
    this.queuedChanges = 0;
    // Until written, a reader finds the queue's events among the pending ones.
    this.writingQueue = queue;
    try {
      await this.writeBatch(queue, store, now);
    } finally {
      this.writingQueue = [];
    }
  }

  private async writeBatch(queue: readonly Queued[], store: ClusterStore | undefined, now: number): Promise<void> {
    if (this.session === undefined) return;
    // Started now: the snapshot takes the store's objects at once, before anything else can change it.
    const snapshot = store && encodeStore(store);
    const batch: WriteBatch = { session: this.session, lastSeen: now, changes: [], events: [], spans: spanOps(queue) };
    for (const { at, changes, events } of queue) {
      for (const change of changes) {
        const object = change.after ?? change.before;
        if (!object) continue;
        batch.changes.push({ ts: at, kind: change.kind, key: objectKey(object), ...(change.after && { object: packObject(change.after) }) });
      }
      for (const event of events) batch.events.push(eventRow(event, at));
    }
    if (snapshot) batch.snapshot = { ts: now, data: await snapshot };
    const began = performance.now();
    await (await this.history()).write(batch);
    this.options.onWrite?.(batch.changes.length, batch.snapshot?.data.length ?? 0, performance.now() - began);
    this.changesSinceSnapshot = store ? 0 : this.changesSinceSnapshot + batch.changes.length;
    if (store) {
      this.lastSnapshot = now;
      this.snapshotSoon = false;
    }
  }

  /** Writes fall so far behind that the changes waiting for them would not fit: drop them; the session ends where it was last written. */
  private overflowed(): void {
    this.failed(new Error(`History writes fell behind by more than ${this.options.maxQueuedChanges.toLocaleString('en')} changes (is the database answering?); the changes since the last write are not kept.`));
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // The session ends where it was last written: what was lost is a gap, never continuity.
    this.session = undefined;
    this.queue = [];
    this.queuedChanges = 0;
    this.notBefore = this.options.now() + this.options.retryMs;
    this.current = { state: 'error', message };
    this.options.onError?.(message);
  }
}

function eventRow(event: TimelineEvent, at: number): EventRow {
  return { ts: at, ...(event.service ? { service: event.service } : {}), event: JSON.stringify(event) };
}

/**
 * The events not yet written and those read from the journal, newest first. A write that
 * ended while the journal was read has its events in both: each row read stands for one
 * pending row (identical rows are counted, not collapsed).
 */
export function mergeJournal(pending: readonly EventRow[], stored: readonly EventRow[]): EventRow[] {
  const key = (row: EventRow) => `${row.ts} ${row.event}`;
  const written = new Map<string, number>();
  for (const row of stored) written.set(key(row), (written.get(key(row)) ?? 0) + 1);
  const unwritten = pending.filter((row) => {
    const count = written.get(key(row)) ?? 0;
    if (count > 0) written.set(key(row), count - 1);
    return count === 0;
  });
  // Both newest first; the sort is stable, so each keeps its order within one time.
  return [...unwritten, ...stored].sort((a, b) => b.ts - a.ts);
}
