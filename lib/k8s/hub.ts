// Hub: one per kubeconfig context. Runs the context's watches (watches.ts: one reflector per
// watched kind, per namespace when told to watch only some, the kinds in front of Services
// only while API discovery finds them served), all writing the context's one store; starts
// them on the first subscriber and stops them a while after the last one leaves. Follows the
// store with the incremental graph and hands subscribers numbered patches (patch-log.ts),
// keeps the change timeline and tells the observer (change-tracker.ts), and reports the
// watches' state.
import { isEmptyPatch } from '@/lib/graph/diff';
import { IncrementalGraph } from '@/lib/graph/incremental';
import type { Graph, GraphPatch, TimelineEvent } from '@/lib/graph/model';
import { type ClusterStore, coreKinds, type FrontKind, type WatchedKind, watchedKinds } from '@/lib/graph/objects';
import type { RelationIndex } from '@/lib/graph/relations';
import { applyWatchEvent, emptyStore, isCurrent, setScope, type StoreChange, type WatchEvent, type WritableStore } from '@/lib/graph/store';
import type { ContextStatus } from '@/lib/stream/protocol';
import { ChangeTracker, type HubObserver } from './change-tracker';
import { log } from './log';
import { PatchLog } from './patch-log';
import type { BackoffOptions } from './clock';
import type { ReflectorState } from './reflector';
import type { ObjectReader, ObjectRef } from './transport';
import { type ListerWatcherFor, Watches } from './watches';

export interface HubListener {
  onPatch(seq: number, patch: GraphPatch): void;
  onStatus(status: ContextStatus): void;
}

export interface HubOptions {
  /** How long watches keep running after the last subscriber left. */
  idleStopMs?: number;
  /** How many recent patches are kept for clients resuming with Last-Event-ID. */
  patchBufferSize?: number;
  /** And how many nodes and edges they may hold in all (see patch-log.ts). */
  patchBufferItems?: number;
  /** Changes arriving within this window are folded into one rebuild and one patch. */
  coalesceMs?: number;
  inactivityTimeoutMs?: number;
  /** A cheap request to the apiserver (GET /livez), see health.ts. */
  probe?: (signal: AbortSignal) => Promise<void>;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** The reflectors' retry backoff (client-go's by default). */
  backoff?: Partial<BackoffOptions>;
  /** Reads one whole object on demand (the details panel's YAML); none: every read finds nothing. */
  read?: ObjectReader;
  /** Told of every published patch and how long its oldest change waited since it arrived (for metrics). */
  onPublish?: (patch: GraphPatch, lagMs: number) => void;
  /** Told of every list a reflector makes (for metrics). */
  onList?: (kind: WatchedKind) => void;
  /** API discovery: the kinds in front of Services the cluster serves, each with its API path prefix. None: only the core kinds are watched. */
  discover?: (signal: AbortSignal) => Promise<ReadonlyMap<FrontKind, string>>;
  discoveryIntervalMs?: number;
  observer?: HubObserver;
}

export class ContextHub {
  private store: WritableStore = emptyStore();
  private graph = new IncrementalGraph(this.store);
  private snapshotCache: Graph | undefined;
  private pendingChanges: StoreChange[] = [];
  // Kinds whose scope (the namespaces they are read in) changed since the last flush.
  private rescoped = new Set<WatchedKind>();
  private pendingSince = 0;
  // The coalescing window now: twice what the last rebuild took (at least coalesceMs, at most
  // a second), so a Service of 10,000 endpoints under constant churn gets a patch every few
  // hundred ms and leaves the CPU two thirds free, while small changes still go out in ~10 ms.
  private windowMs: number;
  private readonly listeners = new Set<HubListener>();
  private readonly log: PatchLog;
  private readonly watches: Watches;
  private readonly changes: ChangeTracker;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly kindVersions = Object.fromEntries(watchedKinds.map((kind) => [kind, 0])) as Record<WatchedKind, number>;
  private resets = 0;
  private readonly options: Required<Pick<HubOptions, 'idleStopMs' | 'coalesceMs' | 'read'>> & Pick<HubOptions, 'onPublish'>;

  readonly context: string;

  /** `listerWatcherFor`: one source per kind, or one per watched namespace (SVCMAP_NAMESPACE=a,b). */
  constructor(context: string, listerWatcherFor: ListerWatcherFor, options: HubOptions = {}) {
    this.context = context;
    this.options = {
      idleStopMs: options.idleStopMs ?? 60_000,
      coalesceMs: options.coalesceMs ?? 10,
      read: options.read ?? (async () => null),
      onPublish: options.onPublish,
    };
    this.windowMs = this.options.coalesceMs;
    this.log = new PatchLog({ patches: options.patchBufferSize ?? 1024, items: options.patchBufferItems ?? 20_000 });
    this.changes = new ChangeTracker(options.observer);
    this.watches = new Watches({
      context,
      listerWatcherFor,
      inactivityTimeoutMs: options.inactivityTimeoutMs ?? 90_000,
      backoff: options.backoff ?? {},
      probe: options.probe ?? (async () => undefined),
      probeIntervalMs: options.probeIntervalMs ?? 10_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
      discover: options.discover,
      discoveryIntervalMs: options.discoveryIntervalMs ?? 30_000,
      onList: options.onList,
      isCurrent: (kind, object) => isCurrent(this.store, kind, object),
      size: (kind) => this.store[kind].size,
      write: (kind, event) => this.write(kind, event),
      rescope: (kind, namespaces) => this.rescope(kind, namespaces),
      onState: (kind, state, message) => this.stateChanged(kind, state, message),
      onStatus: () => this.publishStatus(),
    });
  }

  /** Changes with every start of the watches, so sequence numbers of an old run are never mistaken for this one's. */
  get epoch(): string {
    return this.log.epoch;
  }

  subscribe(listener: HubListener): () => void {
    clearTimeout(this.stopTimer);
    this.listeners.add(listener);
    if (!this.watches.running) this.start();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopTimer = setTimeout(() => void this.stop(), this.options.idleStopMs);
        this.stopTimer.unref?.();
      }
    };
  }

  /** How many listeners (stream clients, API requests) are subscribed. */
  get subscribers(): number {
    return this.listeners.size;
  }

  snapshot(): { seq: number; graph: Graph } {
    this.flush();
    this.snapshotCache ??= this.graph.graph();
    return { seq: this.log.seq, graph: this.snapshotCache };
  }

  /** The trimmed objects as they are now, for answers computed on demand (reachability). Read only. */
  objects(): ClusterStore {
    this.flush();
    return this.store;
  }

  /** The relation indexes (slices of a Service, the pod of an endpoint) the graph keeps, as of the store now. */
  relations(): RelationIndex {
    this.flush();
    return this.graph.relations;
  }

  /** Changes whenever the store's objects of this kind do (or the store is replaced). */
  kindVersion(kind: WatchedKind): number {
    return this.kindVersions[kind] + this.resets;
  }

  /** One whole object, read from the cluster now (not from the trimmed store); null when it does not exist. */
  readObject(ref: ObjectRef, signal: AbortSignal): Promise<unknown> {
    const prefix = this.watches.prefixOf(ref.kind);
    return this.options.read(prefix ? { ...ref, prefix } : ref, signal);
  }

  /** The kinds watched now: the core kinds and the front kinds discovery found served. */
  watchedKinds(): WatchedKind[] {
    return this.watches.kinds();
  }

  /** Recent changes to endpoints, newest first: of one Service (its node id) or of all. */
  timeline(service?: string): TimelineEvent[] {
    return this.changes.recent(service);
  }

  /** The patches after `seq`, or null when they are no longer kept (the client must resnapshot). */
  patchesSince(seq: number): { seq: number; patch: GraphPatch }[] | null {
    this.flush();
    return this.log.since(seq);
  }

  status(): ContextStatus {
    return this.watches.status();
  }

  /** True once discovery answered and every watched kind has been listed at least once, or is forbidden (nothing more will come). */
  isSynced(): boolean {
    return this.watches.synced();
  }

  /** Keeps the watches running until every kind has synced (or the timeout passes). */
  whenSynced(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        unsubscribe();
        resolve(this.isSynced());
      };
      const unsubscribe = this.subscribe({ onPatch: () => undefined, onStatus: () => this.isSynced() && finish() });
      const timer = setTimeout(finish, timeoutMs);
      signal?.addEventListener('abort', finish, { once: true });
      if (this.isSynced()) finish();
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.stopTimer);
    // What arrived last goes to the observer before it hears of the stop, and before the store is emptied.
    this.flush();
    this.changes.unsynced();
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    // Everything is reset before the old reflectors have ended: a subscriber arriving
    // meanwhile starts new ones on a clean hub, and whatever the old ones still report is
    // ignored (the watches have forgotten them).
    const stopped = this.watches.stop();
    this.store = emptyStore();
    this.resets++;
    this.graph = new IncrementalGraph(this.store);
    this.snapshotCache = undefined;
    this.pendingChanges = [];
    this.rescoped.clear();
    this.log.restart();
    this.changes.clear();
    await stopped;
    log('info', 'watches stopped', { context: this.context });
  }

  private start(): void {
    this.log.restart();
    log('info', 'starting watches', { context: this.context, kinds: coreKinds });
    this.watches.start();
  }

  /** A reflector writes into the store; the graph follows within the coalescing window. */
  private write(kind: WatchedKind, event: WatchEvent): void {
    const changes = applyWatchEvent(this.store, kind, event);
    if (changes.length === 0) return;
    this.kindVersions[kind]++;
    if (this.pendingChanges.length === 0) this.pendingSince = performance.now();
    for (const change of changes) this.pendingChanges.push(change);
    this.rebuildTimer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Which namespaces a kind is read in now: the graph says "not visible" rather than "missing". */
  private rescope(kind: WatchedKind, namespaces: Set<string> | undefined): void {
    if (!setScope(this.store, kind, namespaces)) return;
    this.rescoped.add(kind);
    this.rebuildTimer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Applies pending changes to the graph now, and publishes the patch. */
  private flush(): void {
    if (this.rebuildTimer === undefined) return;
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    const began = performance.now();
    const changes = this.pendingChanges;
    const rescoped = this.rescoped.size > 0;
    const patch = this.graph.apply(changes, [...this.rescoped]);
    this.pendingChanges = [];
    this.rescoped.clear();
    this.windowMs = Math.min(1_000, Math.max(this.options.coalesceMs, 2 * (performance.now() - began)));
    this.changes.applied(changes, patch, rescoped, (id) => this.graph.node(id));
    if (isEmptyPatch(patch)) return;
    this.snapshotCache = undefined;
    const seq = this.log.append(patch);
    for (const listener of this.listeners) listener.onPatch(seq, patch);
    this.options.onPublish?.(patch, performance.now() - this.pendingSince);
  }

  private publishStatus(): void {
    const status = this.status();
    for (const listener of this.listeners) listener.onStatus(status);
  }

  private stateChanged(kind: WatchedKind, state: ReflectorState, message?: string): void {
    log(state === 'synced' || state === 'syncing' ? 'info' : 'warn', 'watch state changed', { context: this.context, kind, state, message });
    // Let subscribers see the objects of a fresh list before they hear "synced".
    this.flush();
    if (this.isSynced()) this.changes.synced();
    else if (state === 'reconnecting' || state === 'error') this.changes.unsynced();
    this.publishStatus();
  }
}
