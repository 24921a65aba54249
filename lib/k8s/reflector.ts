// Reflector: keeps one kind of object (in one namespace, or all) of the context's store in
// sync with the apiserver by list + watch, writing every event into the store it is given
// (a Replace after each list), with the semantics of client-go's tools/cache/reflector.go:
// watch from the list's resourceVersion with bookmarks and a random 5–10 min server
// timeout; relist on 410 Gone (HTTP status or in-stream ERROR event); exponential
// backoff with jitter that resets after a quiet period; an inactivity watchdog for
// silent connections. Where the apiserver offers it, the (re)list is a WatchList — a watch
// with sendInitialEvents=true that streams every object, then a bookmark marking the end —
// so the objects arrive one by one and are trimmed as they come (the raw list is never held
// whole, and objects the store already has as they are are kept by key only); elsewhere, or
// when a WatchList breaks off, a paged LIST. It holds no objects of its own.
import { type KubeObject, objectKey } from '@/lib/graph/objects';
import type { WatchEvent } from '@/lib/graph/store';
import { Backoff, type BackoffOptions, type Clock, systemClock } from './clock';
import { ApiError, describeError, InactivityError, isExpired, isForbidden, isUnauthorized, WatchListRefused } from './errors';
import { isInitialEventsEnd, type ListerWatcher, type RawWatchEvent, readResourceVersion, statusToError } from './list-watch';

export type ReflectorState = 'syncing' | 'synced' | 'reconnecting' | 'forbidden' | 'error';

export interface ReflectorOptions<T extends KubeObject> {
  kind: string;
  listerWatcher: ListerWatcher;
  trim: (raw: unknown) => T | null;
  /** Writes into the store (applyWatchEvent): each watch event, and a Replace after each list. */
  write: (event: WatchEvent) => void;
  /** Whether the store holds this object as it is: a relist passes such objects by key only. */
  isCurrent?: (object: T) => boolean;
  onStatus: (state: ReflectorState, message?: string) => void;
  onInvalidObject?: (raw: unknown) => void;
  /** The watch's resourceVersion expired (410): a relist follows. */
  onExpired?: (message: string) => void;
  /** The watch was silent for the inactivity timeout and is being re-opened. */
  onSilentWatch?: (message: string) => void;
  /** A page of a list arrived: objects so far, and in all when the apiserver says. */
  onListProgress?: (listed: number, total?: number) => void;
  /** A LIST request (or WatchList) starts: the first list, or a relist. */
  onList?: () => void;
  /** The apiserver refused a WatchList: from now on this reflector lists. */
  onWatchListRefused?: (message: string) => void;
  clock?: Clock;
  /** A watch with no event (bookmarks included) for this long is treated as dead. */
  inactivityTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
}

// The apiserver sends a bookmark to idle watchers about once a minute, so a healthy
// watch is never silent for much longer than that.
const defaultInactivityTimeoutMs = 90_000;
// client-go: defaultMinWatchTimeout = 5 min, timeout = min × (1 + rand) "to spread the load".
const minWatchTimeoutSeconds = 300;
// client-go treats a watch that ends within 1 s with no events as an error ("very short watch").
const shortWatchMs = 1_000;

export class Reflector<T extends KubeObject> {
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly abort = new AbortController();
  private lastSyncResourceVersion = '';
  // The first list, and a relist after an expired watch, are consistent reads (RV ""),
  // paged like kubectl's: apiservers from 1.34 serve them from the watch cache
  // (ConsistentListFromCache, ListFromCacheSnapshot), and pages let the page show progress
  // ("pods 3,500 / 10,000"). RV "0" would be one unpaged answer with no progress at all.
  private listResourceVersion = '';
  private needsList = true;
  // Set when the apiserver refused a WatchList (an older one, or the feature turned off): list from then on.
  private watchListRefused = false;
  // Set when a WatchList broke off before its end bookmark: the next (re)list is a LIST; later ones stream again.
  private listNext = false;
  private state: ReflectorState | undefined;
  private running: Promise<void> | undefined;
  private interruptWatch: ((reason: string) => void) | undefined;
  private cutBackoffShort: (() => void) | undefined;

  private readonly options: ReflectorOptions<T>;

  constructor(options: ReflectorOptions<T>) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff(this.clock, options.backoff);
  }

  /** Lists made so far (LIST requests, and WatchLists that reached their end): 1 after the first sync, +1 for every relist (410, or a failed list). */
  lists = 0;

  start(): void {
    this.running ??= this.run();
  }

  /**
   * Drops the current watch as dead (the hub's health probe found the apiserver silent):
   * the reflector reports reconnecting with the reason and re-watches after its backoff.
   */
  interrupt(reason: string): void {
    this.interruptWatch?.(reason);
  }

  /**
   * Ends a backoff wait now if the last attempt failed to reach the apiserver (the hub's
   * health probe just got an answer): recovery takes one probe interval, not up to a
   * minute of backoff. A forbidden or rejected kind keeps waiting.
   */
  retryNow(): void {
    if (this.state === 'reconnecting') this.cutBackoffShort?.();
  }

  /** Stops watching; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    this.setState('syncing');
    while (!signal.aborted) {
      try {
        const streaming = this.needsList && !this.watchListRefused && !this.listNext && this.options.listerWatcher.watchList !== undefined;
        this.listNext = false;
        if (this.needsList && !streaming) await this.relist(signal);
        const started = this.clock.now();
        const events = await this.watchOnce(signal, streaming);
        if (!signal.aborted && events === 0 && this.clock.now() - started < shortWatchMs) {
          throw new ApiError(0, 'ShortWatch', 'the watch closed immediately with no events');
        }
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof InactivityError) {
          // Quiet kinds (nodes, network policies) can go minutes without an event, and the
          // apiserver sends bookmarks only when its cache's resourceVersion moves. So a
          // silent watch is re-opened at once from where it was, without a word: a dead
          // apiserver is the hub's health probe's to report; a failing re-watch is reported below.
          this.options.onSilentWatch?.(error.message);
          continue;
        }
        if (error instanceof WatchListRefused) {
          this.options.onWatchListRefused?.(error.message);
          if (error.permanent) this.watchListRefused = true;
          else this.listNext = true;
          continue;
        }
        if (isExpired(error)) {
          // The resourceVersion was compacted away: relist at once, consistently (RV "").
          this.options.onExpired?.(error instanceof Error ? error.message : String(error));
          this.needsList = true;
          this.listResourceVersion = '';
          continue;
        }
        this.setState(isForbidden(error) ? 'forbidden' : isUnauthorized(error) ? 'error' : 'reconnecting', describeError(error, this.options.kind));
        const wait = new AbortController();
        this.cutBackoffShort = () => wait.abort();
        await this.clock.sleep(this.backoff.next(), AbortSignal.any([signal, wait.signal]));
        this.cutBackoffShort = undefined;
      }
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    this.lists++;
    this.options.onList?.();
    const list = await this.options.listerWatcher.list({ resourceVersion: this.listResourceVersion, signal, onProgress: this.options.onListProgress });
    const listed: Listed<T> = { objects: [], unchanged: [], namespace: this.options.listerWatcher.namespace };
    for (const raw of list.items) {
      const object = this.trim(raw);
      if (object) this.addListed(listed, object);
    }
    this.listed(listed, list.resourceVersion);
  }

  /**
   * One watch request; returns the number of events seen when it ends normally. Streaming:
   * a WatchList, whose events up to the end bookmark are the (re)list, written as one Replace.
   */
  private async watchOnce(parentSignal: AbortSignal, streaming = false): Promise<number> {
    const watchAbort = new AbortController();
    const onParentAbort = () => watchAbort.abort();
    parentSignal.addEventListener('abort', onParentAbort, { once: true });
    const inactivityMs = this.options.inactivityTimeoutMs ?? defaultInactivityTimeoutMs;
    let silentSince = this.clock.now();
    let watchdog: { cancel(): void } | undefined;
    let timedOut = false;
    let interrupted: string | undefined;
    this.interruptWatch = (reason) => {
      interrupted = reason;
      watchAbort.abort();
    };
    const armWatchdog = () => {
      watchdog?.cancel();
      silentSince = this.clock.now();
      watchdog = this.clock.setTimeout(() => {
        timedOut = true;
        watchAbort.abort();
      }, inactivityMs);
    };

    let events = 0;
    let initial: Listed<T> | undefined;
    try {
      armWatchdog();
      const timeoutSeconds = Math.floor(minWatchTimeoutSeconds * (1 + this.clock.random()));
      let stream: AsyncIterable<RawWatchEvent>;
      if (streaming) {
        stream = await this.openWatchList(timeoutSeconds, watchAbort.signal);
        initial = { objects: [], unchanged: [], namespace: this.options.listerWatcher.namespace };
      } else {
        stream = await this.options.listerWatcher.watch({ resourceVersion: this.lastSyncResourceVersion, timeoutSeconds, signal: watchAbort.signal });
        this.setState('synced', this.options.listerWatcher.note);
      }
      armWatchdog();
      for await (const event of stream) {
        armWatchdog();
        events++;
        if (!initial) {
          this.handleWatchEvent(event);
        } else if (this.collectInitialEvent(event, initial)) {
          initial = undefined;
        }
      }
      // The WatchList ended, or went silent, before it said its initial events were complete.
      if (initial && !parentSignal.aborted && !interrupted) throw this.brokenOff(timedOut, silentSince);
    } catch (error) {
      if (interrupted) throw new ApiError(0, 'Unresponsive', interrupted);
      if (timedOut && initial) throw this.brokenOff(true, silentSince);
      if (timedOut) throw new InactivityError(this.clock.now() - silentSince);
      throw error;
    } finally {
      this.interruptWatch = undefined;
      watchdog?.cancel();
      parentSignal.removeEventListener('abort', onParentAbort);
      watchAbort.abort();
    }
    if (interrupted) throw new ApiError(0, 'Unresponsive', interrupted);
    if (timedOut) throw new InactivityError(this.clock.now() - silentSince);
    return events;
  }

  /** A WatchList that broke off before its end bookmark: the next (re)list is a LIST, rather than waiting on it again. */
  private brokenOff(silent: boolean, silentSince: number): WatchListRefused {
    const how = silent ? `sent nothing for ${Math.round((this.clock.now() - silentSince) / 1000)} s` : 'ended';
    return new WatchListRefused(`the WatchList ${how} before its initial events were complete`, false);
  }

  /** Opens a WatchList; a refusal the apiserver answers (4xx other than 410/429) means: list instead. */
  private async openWatchList(timeoutSeconds: number, signal: AbortSignal): Promise<AsyncIterable<RawWatchEvent>> {
    try {
      return await this.options.listerWatcher.watchList!({ timeoutSeconds, signal });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 403, 410, 429].includes(error.status)) throw new WatchListRefused(error.message, true);
      throw error;
    }
  }

  /** One event of a WatchList's initial part; true once it is complete (the objects are then in the store). */
  private collectInitialEvent(event: RawWatchEvent, initial: Listed<T>): boolean {
    if (event.type === 'ERROR') throw statusToError(event.object);
    if (event.type === 'BOOKMARK') {
      if (!isInitialEventsEnd(event.object)) return false;
      const resourceVersion = readResourceVersion(event.object) ?? '';
      this.lists++;
      this.options.onList?.();
      this.listed(initial, resourceVersion);
      return true;
    }
    const object = event.type === 'ADDED' || event.type === 'MODIFIED' ? this.trim(event.object) : null;
    if (!object) return false;
    this.addListed(initial, object);
    const listed = initial.objects.length + initial.unchanged.length;
    if (listed % 500 === 0) this.options.onListProgress?.(listed);
    return false;
  }

  /** A (re)list is complete, at this resourceVersion: its objects replace the store's, and the watch goes on from there. */
  private listed(listed: Listed<T>, resourceVersion: string): void {
    this.lastSyncResourceVersion = resourceVersion;
    this.listResourceVersion = resourceVersion;
    this.needsList = false;
    this.options.write({ type: 'REPLACE', ...listed });
    this.setState('synced', this.options.listerWatcher.note);
  }

  /** One listed object: kept whole when it is news to the store, by key when the store has it as it is. */
  private addListed(listed: Listed<T>, object: T): void {
    if (this.options.isCurrent?.(object)) listed.unchanged.push(objectKey(object));
    else listed.objects.push(object);
  }

  private handleWatchEvent(event: RawWatchEvent): void {
    if (event.type === 'ERROR') throw statusToError(event.object);
    const resourceVersion = readResourceVersion(event.object);
    if (event.type === 'BOOKMARK') {
      if (resourceVersion) this.lastSyncResourceVersion = resourceVersion;
      return;
    }
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return;
    const object = this.trim(event.object);
    if (resourceVersion) this.lastSyncResourceVersion = resourceVersion;
    if (object) this.options.write({ type: event.type, object });
  }

  private trim(raw: unknown): T | null {
    const object = this.options.trim(raw);
    if (!object) this.options.onInvalidObject?.(raw);
    return object;
  }

  private setState(state: ReflectorState, message?: string): void {
    if (state === this.state && state !== 'reconnecting') return;
    this.state = state;
    this.options.onStatus(state, message);
  }
}

/** What a list or a WatchList's initial events brought, on its way to the store as one Replace. */
interface Listed<T> {
  objects: T[];
  unchanged: string[];
  namespace?: string;
}
