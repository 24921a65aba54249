// Hub: one per cluster context. Runs one reflector per watched kind, shared by every
// subscriber (browser tab, API request); starts them on the first subscriber and stops
// them a while after the last one leaves. Updates the graph incrementally when objects
// change and hands subscribers numbered patches, keeping the latest ones for resuming clients.
import { isEmptyPatch, patchItems } from '@/lib/graph/diff';
import { IncrementalGraph, type StoreChange } from '@/lib/graph/incremental';
import type { RelationIndex } from '@/lib/graph/relations';
import { type ClusterStore, type KubeObject, objectKey, type WatchedKind, watchedKinds } from '@/lib/graph/objects';
import { Timeline, timelineEvents } from '@/lib/graph/timeline';
import type { ClusterStatus, Graph, GraphPatch, KindStatus, TimelineEvent } from '@/lib/stream/protocol';
import { log } from './log';
import { type BackoffOptions, type Change, type ListerWatcher, Reflector, type ReflectorState } from './reflector';
import type { ObjectReader, ObjectRef } from './transport';
import { trimmers } from './trim';

export interface HubListener {
  onPatch(seq: number, patch: GraphPatch): void;
  onStatus(status: ClusterStatus): void;
}

export interface HubOptions {
  /** How long watches keep running after the last subscriber left. */
  idleStopMs?: number;
  /** How many recent patches are kept for clients resuming with Last-Event-ID. */
  patchBufferSize?: number;
  /**
   * And how many nodes and edges they may hold in all: the patches of a first sync carry
   * the whole cluster, and keeping them would double the server's memory for nothing
   * (a client that far behind gets a snapshot anyway).
   */
  patchBufferItems?: number;
  /** Changes arriving within this window are folded into one rebuild and one patch. */
  coalesceMs?: number;
  inactivityTimeoutMs?: number;
  /**
   * A cheap request to the apiserver (GET /livez). A frozen apiserver keeps watch
   * connections open but silent; bookmarks arrive only about once a minute, so the
   * hub asks every probeIntervalMs instead and treats no answer as a dead connection.
   */
  probe?: (signal: AbortSignal) => Promise<void>;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** The reflectors' retry backoff (client-go's by default). */
  backoff?: Partial<BackoffOptions>;
  /** Reads one whole object on demand (the details panel's YAML); none: every read finds nothing. */
  read?: ObjectReader;
}

type Stores = { [K in WatchedKind]: Map<string, KubeObject> };

export class ContextHub {
  /** Changes with every start of the watches, so sequence numbers of an old run are never mistaken for this one's. */
  epoch = '';
  private seq = 0;
  private stores: Stores = emptyStores();
  private graph = new IncrementalGraph(this.stores as ClusterStore);
  private snapshotCache: Graph | undefined;
  private pendingChanges: StoreChange[] = [];
  // One entry per reflector: a kind watched in several namespaces has several.
  private readonly reflectorStatus = new Map<Reflector<KubeObject>, KindStatus>();
  private readonly listeners = new Set<HubListener>();
  private readonly recentPatches: { seq: number; patch: GraphPatch; items: number }[] = [];
  private bufferedItems = 0;
  private readonly changes = new Timeline();
  // The first lists are the cluster as it is, not changes: the timeline starts once synced.
  private recordingChanges = false;
  private reflectors = new Map<Reflector<KubeObject>, WatchedKind>();
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private probeTimer: ReturnType<typeof setInterval> | undefined;
  private readonly options: Required<HubOptions>;

  readonly context: string;
  /** One source per kind, or one per watched namespace (SVCMAP_NAMESPACE=a,b). */
  private readonly listerWatcherFor: (kind: WatchedKind) => ListerWatcher | ListerWatcher[];

  constructor(context: string, listerWatcherFor: (kind: WatchedKind) => ListerWatcher | ListerWatcher[], options: HubOptions = {}) {
    this.context = context;
    this.listerWatcherFor = listerWatcherFor;
    this.options = {
      idleStopMs: options.idleStopMs ?? 60_000,
      patchBufferSize: options.patchBufferSize ?? 1024,
      patchBufferItems: options.patchBufferItems ?? 20_000,
      coalesceMs: options.coalesceMs ?? 10,
      inactivityTimeoutMs: options.inactivityTimeoutMs ?? 90_000,
      probe: options.probe ?? (async () => undefined),
      probeIntervalMs: options.probeIntervalMs ?? 10_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
      backoff: options.backoff ?? {},
      read: options.read ?? (async () => null),
    };
  }

  subscribe(listener: HubListener): () => void {
    clearTimeout(this.stopTimer);
    this.listeners.add(listener);
    if (this.reflectors.size === 0) this.start();
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
    return { seq: this.seq, graph: this.snapshotCache };
  }

  /** The trimmed objects as they are now, for answers computed on demand (reachability). Read only. */
  store(): ClusterStore {
    this.flush();
    return this.stores as ClusterStore;
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
  private readonly kindVersions = Object.fromEntries(watchedKinds.map((kind) => [kind, 0])) as Record<WatchedKind, number>;
  private resets = 0;

  /** One whole object, read from the cluster now (not from the trimmed store); null when it does not exist. */
  readObject(ref: ObjectRef, signal: AbortSignal): Promise<unknown> {
    return this.options.read(ref, signal);
  }

  /** Recent changes to endpoints, newest first: of one Service (id "Service/ns/name") or of all. */
  timeline(service?: string): TimelineEvent[] {
    return this.changes.recent(service);
  }

  /** The patches after `seq`, or null when they are no longer buffered (the client must resnapshot). */
  patchesSince(seq: number): { seq: number; patch: GraphPatch }[] | null {
    this.flush();
    if (seq === this.seq) return [];
    const first = this.recentPatches[0];
    if (seq > this.seq || !first || seq < first.seq - 1) return null;
    return this.recentPatches.filter((entry) => entry.seq > seq).map(({ seq: entrySeq, patch }) => ({ seq: entrySeq, patch }));
  }

  status(): ClusterStatus {
    const kinds = watchedKinds.map((kind): KindStatus => {
      const reflectors = [...this.reflectors].filter(([, reflectorKind]) => reflectorKind === kind).map(([reflector]) => reflector);
      const syncing: KindStatus = { kind, state: 'syncing', objects: 0, lists: 0, since: new Date().toISOString() };
      const statuses = reflectors.map((reflector) => this.reflectorStatus.get(reflector) ?? syncing);
      // The kind is as well off as its worst-off namespace.
      const worst = statuses.sort((a, b) => stateRank.indexOf(a.state) - stateRank.indexOf(b.state))[0] ?? syncing;
      const lists = reflectors.reduce((sum, reflector) => sum + reflector.lists, 0);
      // Progress of a kind still listing (in several namespaces: the sum of their lists).
      const listing = worst.state === 'syncing' ? statuses : [];
      const listed = listing.reduce((sum, status) => sum + (status.listed ?? 0), 0) || undefined;
      const total = listed && listing.every((status) => status.total !== undefined) ? listing.reduce((sum, status) => sum + status.total!, 0) : undefined;
      return { ...worst, objects: this.stores[kind].size, lists, listed, total };
    });
    return { context: this.context, kinds };
  }

  /** True once every kind has been listed at least once, or is forbidden (nothing more will come). */
  isSynced(): boolean {
    return this.status().kinds.every((kind) => kind.state === 'synced' || kind.state === 'forbidden');
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
    clearTimeout(this.rebuildTimer);
    clearInterval(this.probeTimer);
    const reflectors = [...this.reflectors.keys()];
    this.reflectors = new Map();
    await Promise.all(reflectors.map((reflector) => reflector.stop()));
    this.stores = emptyStores();
    this.resets++;
    this.graph = new IncrementalGraph(this.stores as ClusterStore);
    this.snapshotCache = undefined;
    this.pendingChanges = [];
    this.recentPatches.length = 0;
    this.bufferedItems = 0;
    this.reflectorStatus.clear();
    this.changes.clear();
    this.recordingChanges = false;
    log('info', 'watches stopped', { context: this.context });
  }

  private start(): void {
    this.epoch = Math.random().toString(36).slice(2, 10);
    this.seq = 0;
    log('info', 'starting watches', { context: this.context, kinds: watchedKinds });
    for (const kind of watchedKinds) {
      for (const listerWatcher of [this.listerWatcherFor(kind)].flat()) {
        const reflector: Reflector<KubeObject> = new Reflector<KubeObject>({
          kind,
          listerWatcher,
          trim: trimmers[kind],
          inactivityTimeoutMs: this.options.inactivityTimeoutMs,
          backoff: this.options.backoff,
          onChanges: (changes) => this.applyChanges(kind, changes),
          onStatus: (state, message) => this.setReflectorStatus(reflector, kind, state, message),
          onInvalidObject: () => log('warn', 'dropped a malformed object', { context: this.context, kind }),
          onExpired: (message) => log('warn', 'watch expired; relisting', { context: this.context, kind, message }),
          onSilentWatch: (message) => log('info', 'silent watch re-opened', { context: this.context, kind, message }),
          onListProgress: (listed, total) => this.setListProgress(reflector, listed, total),
        });
        this.reflectors.set(reflector, kind);
        reflector.start();
      }
    }
    this.probeTimer = setInterval(() => void this.checkHealth(), this.options.probeIntervalMs);
    this.probeTimer.unref?.();
  }

  private async checkHealth(): Promise<void> {
    const { probe, probeTimeoutMs } = this.options;
    try {
      await probe(AbortSignal.timeout(probeTimeoutMs));
    } catch {
      const reason = `no answer to a health check within ${probeTimeoutMs / 1000} s`;
      log('warn', 'apiserver unresponsive', { context: this.context });
      for (const reflector of this.reflectors.keys()) reflector.interrupt(reason);
      return;
    }
    // The apiserver answers: kinds that lost their connection need not wait out their backoff
    // (after a few failures it reaches 30–60 s; client-go would wait, we need not).
    for (const reflector of this.reflectors.keys()) reflector.retryNow();
  }

  private applyChanges(kind: WatchedKind, changes: Change<KubeObject>[]): void {
    this.kindVersions[kind]++;
    const store = this.stores[kind];
    for (const change of changes) {
      const key = objectKey(change.object);
      const before = store.get(key);
      if (change.type === 'delete') store.delete(key);
      else store.set(key, change.object);
      this.pendingChanges.push({ kind, before, after: change.type === 'delete' ? undefined : change.object });
    }
    this.rebuildTimer ??= setTimeout(() => this.flush(), this.options.coalesceMs);
  }

  /** Applies pending changes to the graph now, and publishes the patch. */
  private flush(): void {
    if (this.rebuildTimer === undefined) return;
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    const patch = this.graph.apply(this.pendingChanges);
    this.pendingChanges = [];
    if (isEmptyPatch(patch)) return;
    if (this.recordingChanges) this.changes.add(timelineEvents(patch, (id) => this.graph.node(id), new Date().toISOString()));
    this.snapshotCache = undefined;
    this.seq++;
    const items = patchItems(patch);
    this.recentPatches.push({ seq: this.seq, patch, items });
    this.bufferedItems += items;
    while (this.recentPatches.length > this.options.patchBufferSize || this.bufferedItems > this.options.patchBufferItems) {
      this.bufferedItems -= this.recentPatches.shift()!.items;
    }
    for (const listener of this.listeners) listener.onPatch(this.seq, patch);
  }

  /** A page of a reflector's list arrived: subscribers see "pods 3,500 / 10,000". */
  private setListProgress(reflector: Reflector<KubeObject>, listed: number, total?: number): void {
    const current = this.reflectorStatus.get(reflector);
    if (current && current.state !== 'syncing') return; // a relist of a synced kind is not shown as progress
    const kind = this.reflectors.get(reflector)!;
    const since = current?.since ?? new Date().toISOString();
    this.reflectorStatus.set(reflector, { kind, state: 'syncing', objects: 0, lists: 0, listed, total, since });
    const status = this.status();
    for (const listener of this.listeners) listener.onStatus(status);
  }

  private setReflectorStatus(reflector: Reflector<KubeObject>, kind: WatchedKind, state: ReflectorState, message?: string): void {
    const previous = this.reflectorStatus.get(reflector);
    const since = previous?.state === state ? previous.since : new Date().toISOString();
    this.reflectorStatus.set(reflector, { kind, state, objects: this.stores[kind].size, lists: 0, message, since });
    log(state === 'synced' || state === 'syncing' ? 'info' : 'warn', 'watch state changed', { context: this.context, kind, state, message });
    // Let subscribers see the objects of a fresh list before they hear "synced".
    this.flush();
    if (this.isSynced()) this.recordingChanges = true;
    const status = this.status();
    for (const listener of this.listeners) listener.onStatus(status);
  }
}

// Worst first: what a kind watched in several namespaces reports.
const stateRank: ReflectorState[] = ['error', 'reconnecting', 'syncing', 'forbidden', 'synced'];

function emptyStores(): Stores {
  return { services: new Map(), endpointslices: new Map(), pods: new Map(), networkpolicies: new Map(), nodes: new Map(), namespaces: new Map() };
}
