// The recorder of one context: told by the hub of every change it applies, it queues them
// (references to the immutable trimmed objects; nothing is serialized on the hot path) and
// writes them in one transaction a second, with the endpoint events and the IP spans they
// open and close. A session starts with a snapshot once the watches synced, takes another
// every few minutes (or many changes), and ends when the watches stop. A failed write (full
// disk, a database gone) ends the session where it was last written: the page shows the error,
// live mode goes on, and a new session with a fresh snapshot starts once writing works again.
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
  now?: () => number;
  /** Told of every write: the changes and snapshot bytes it held and how long it took (for metrics). */
  onWrite?: (changes: number, snapshotBytes: number, ms: number) => void;
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

export class Recorder {
  private session: number | undefined;
  private queue: Queued[] = [];
  private queuedChanges = 0;
  private changesSinceSnapshot = 0;
  private lastSnapshot = 0;
  // Opening a session: changes arriving meanwhile are queued for its first write (they are not in its snapshot).
  private opening = false;
  private watching = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private current: RecorderState = { state: 'idle' };
  private readonly options: Required<Omit<RecorderOptions, 'onWrite'>> & Pick<RecorderOptions, 'onWrite'>;
  private failedAt = Number.NEGATIVE_INFINITY;
  private readonly history: Promise<HistoryStore>;
  readonly context: string;
  /** The hub's store now (flushing the hub first, so it matches what was handed over). */
  private readonly storeNow: () => ClusterStore;

  /** `history` may still be opening (PostgreSQL), or have failed to open: then the recorder says why. */
  constructor(history: Promise<HistoryStore>, context: string, storeNow: () => ClusterStore, options: RecorderOptions = {}) {
    this.history = history;
    this.context = context;
    this.storeNow = storeNow;
    this.options = {
      flushMs: options.flushMs ?? 1_000,
      snapshotEveryMs: options.snapshotEveryMs ?? 5 * 60_000,
      snapshotEveryChanges: options.snapshotEveryChanges ?? 50_000,
      retryMs: options.retryMs ?? 15_000,
      now: options.now ?? Date.now,
      onWrite: options.onWrite,
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
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref?.();
    void this.flush();
  }

  /** Changes the hub applied (after sync), with the endpoint events they made. */
  changed(changes: readonly StoreChange[], events: readonly TimelineEvent[]): void {
    if (!this.watching || (this.session === undefined && !this.opening)) return;
    this.queue.push({ at: this.options.now(), changes, events });
    this.queuedChanges += changes.length;
    if (this.queuedChanges >= 20_000) void this.flush();
  }

  /** The watches stopped: what is queued is written and the session ends now. */
  stopped(): Promise<void> {
    if (!this.watching) return this.writing;
    this.watching = false;
    clearInterval(this.timer);
    const at = this.options.now();
    return this.serial(async () => {
      await this.writeQueued();
      if (this.session !== undefined) await (await this.history).endSession(this.session, at);
      this.session = undefined;
      this.current = { state: 'idle' };
    });
  }

  /** Writes what is queued now (an answer about the recent past must include it). */
  flush(): Promise<void> {
    return this.serial(async () => {
      if (!this.watching) return;
      if (this.session === undefined && (this.options.now() - this.failedAt < this.options.retryMs || !(await this.begin()))) return;
      await this.writeQueued();
    });
  }

  /** Events not yet written, newest first (the journal has the rest). */
  pendingEvents(): EventRow[] {
    return this.queue.flatMap((queued) => queued.events.map((event) => eventRow(event, queued.at))).reverse();
  }

  private serial(work: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(work).catch((error: unknown) => this.failed(error));
    return this.writing;
  }

  /** Opens a session from the store as it is now (when this process may write). */
  private async begin(): Promise<boolean> {
    const history = await this.history;
    if (!(await history.isWriter())) {
      this.current = { state: 'reading', message: 'Another svcmap replica writes the history; this one reads it.' };
      return false;
    }
    // The session starts with the store as it is now: its snapshot and the addresses held, at one moment
    // (storeNow flushes the hub; the snapshot's JSON is made before anything can change the store).
    const at = this.options.now();
    const store = this.storeNow();
    this.queue = [];
    this.queuedChanges = 0;
    const data = encodeStore(store);
    const held = initialSpans(store, at);
    this.opening = true;
    try {
      const session = await history.openSession(this.context, at);
      await history.write({ session, lastSeen: at, changes: [], events: [], spans: { open: held, close: [] }, snapshot: { ts: at, data: await data } });
      this.session = session;
    } finally {
      this.opening = false;
    }
    this.lastSnapshot = at;
    this.changesSinceSnapshot = 0;
    this.current = { state: 'recording', since: at };
    return true;
  }

  private async writeQueued(): Promise<void> {
    if (this.session === undefined) return;
    const now = this.options.now();
    const snapshotDue = this.changesSinceSnapshot >= this.options.snapshotEveryChanges || (this.changesSinceSnapshot > 0 && now - this.lastSnapshot >= this.options.snapshotEveryMs);
    // Taken together: the store now holds exactly the queued changes (storeNow flushes the hub first).
    const store = snapshotDue ? this.storeNow() : undefined;
    const queue = this.queue;
    this.queue = [];
    this.queuedChanges = 0;
    // Started now: the snapshot's JSON is made at once, before anything else can change the store.
    const snapshot = store && encodeStore(store);
    const batch: WriteBatch = { session: this.session, lastSeen: now, changes: [], events: [], spans: { open: [], close: [] } };
    const packing: Promise<void>[] = [];
    for (const { at, changes, events } of queue) {
      for (const change of changes) {
        const object = change.after ?? change.before;
        if (!object) continue;
        const row: WriteBatch['changes'][number] = { ts: at, kind: change.kind, key: objectKey(object) };
        batch.changes.push(row);
        if (change.after) packing.push(packObject(change.after).then((packed) => void (row.object = packed)));
      }
      for (const event of events) batch.events.push(eventRow(event, at));
    }
    await Promise.all(packing);
    batch.spans = spanOps(queue);
    if (store) batch.snapshot = { ts: now, data: await snapshot! };
    const began = performance.now();
    await (await this.history).write(batch);
    this.options.onWrite?.(batch.changes.length, batch.snapshot?.data.length ?? 0, performance.now() - began);
    this.changesSinceSnapshot = store ? 0 : this.changesSinceSnapshot + batch.changes.length;
    if (store) this.lastSnapshot = now;
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // The session ends where it was last written: what was lost is a gap, never continuity.
    this.session = undefined;
    this.queue = [];
    this.queuedChanges = 0;
    this.failedAt = this.options.now();
    this.current = { state: 'error', message };
  }
}

function eventRow(event: TimelineEvent, at: number): EventRow {
  return { ts: at, ...(event.service ? { service: event.service } : {}), event: JSON.stringify(event) };
}
