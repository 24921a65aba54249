// Hub: one per kubeconfig context. Runs one reflector per watched kind (per namespace when
// told to watch only some), all writing the context's one store; starts them on the first
// subscriber and stops them a while after the last one leaves. Follows the store with the
// incremental graph and hands subscribers numbered patches (patch-log.ts), records the
// change timeline, and reports the watches' health (health.ts) and state (watch-status.ts).
// The kinds in front of Services (Ingress, Gateway API) are watched only while API discovery
// (discovery.ts) finds the cluster serving them: CRDs installed meanwhile are picked up.
import { isEmptyPatch } from '@/lib/graph/diff';
import { IncrementalGraph } from '@/lib/graph/incremental';
import type { Graph, GraphPatch, TimelineEvent } from '@/lib/graph/model';
import { type ClusterStore, coreKinds, type FrontKind, type KubeObject, type WatchedKind, watchedKindOf, watchedKinds } from '@/lib/graph/objects';
import type { RelationIndex } from '@/lib/graph/relations';
import { applyWatchEvent, emptyStore, isCurrent, setScope, type StoreChange, type WatchEvent, type WritableStore } from '@/lib/graph/store';
import { Timeline, timelineEvents } from '@/lib/graph/timeline';
import type { ContextStatus } from '@/lib/stream/protocol';
import { KindDiscovery } from './discovery';
import { ReadScope } from './read-scope';
import { HealthProbe } from './health';
import { log } from './log';
import { PatchLog } from './patch-log';
import type { BackoffOptions } from './clock';
import type { ListerWatcher } from './list-watch';
import { Reflector, type ReflectorState } from './reflector';
import type { ObjectReader, ObjectRef } from './transport';
import { trimmers } from './trimmers';
import { WatchStatus } from './watch-status';

export interface HubListener {
  onPatch(seq: number, patch: GraphPatch): void;
  onStatus(status: ContextStatus): void;
}

/** Told of what the store goes through (the history's recorder). */
export interface HubObserver {
  /** The watches synced (again): the store is the cluster as it is (lists are not changes). */
  synced(): void;
  /** Changes applied since the last call (while synced), with the endpoint events they made; `rescoped`: a kind's read scope changed too. */
  changed(changes: readonly StoreChange[], events: readonly TimelineEvent[], rescoped: boolean): void;
  /** The watches stopped, or lost the cluster (a kind reconnecting): what happens now is not known. */
  stopped(): void;
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

/** The sources of a kind's objects: one, or one per watched namespace; `prefix` is where discovery found the kind. */
export type ListerWatcherFor = (kind: WatchedKind, prefix?: string) => ListerWatcher | ListerWatcher[];

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
  private readonly watchStatus = new WatchStatus<Reflector<KubeObject>>();
  private readonly health: HealthProbe;
  private readonly changes = new Timeline();
  // The first lists are the cluster as it is, not changes: the timeline starts once synced.
  private recordingChanges = false;
  // The observer hears of changes while every kind is synced: not while one reconnects (nobody knows what happens then).
  private observing = false;
  private reflectors = new Map<Reflector<KubeObject>, WatchedKind>();
  private readonly scope = new ReadScope<Reflector<KubeObject>>();
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly kindVersions = Object.fromEntries(watchedKinds.map((kind) => [kind, 0])) as Record<WatchedKind, number>;
  private resets = 0;
  private readonly options: Required<Omit<HubOptions, 'probe' | 'onPublish' | 'onList' | 'discover' | 'observer'>> & Pick<HubOptions, 'onPublish' | 'onList' | 'discover' | 'observer'>;
  private discovery: KindDiscovery | undefined;

  readonly context: string;
  /** One source per kind, or one per watched namespace (SVCMAP_NAMESPACE=a,b). */
  private readonly listerWatcherFor: ListerWatcherFor;

  constructor(context: string, listerWatcherFor: ListerWatcherFor, options: HubOptions = {}) {
    this.context = context;
    this.listerWatcherFor = listerWatcherFor;
    this.options = {
      idleStopMs: options.idleStopMs ?? 60_000,
      patchBufferSize: options.patchBufferSize ?? 1024,
      patchBufferItems: options.patchBufferItems ?? 20_000,
      coalesceMs: options.coalesceMs ?? 10,
      inactivityTimeoutMs: options.inactivityTimeoutMs ?? 90_000,
      probeIntervalMs: options.probeIntervalMs ?? 10_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
      backoff: options.backoff ?? {},
      read: options.read ?? (async () => null),
      onPublish: options.onPublish,
      onList: options.onList,
      discover: options.discover,
      discoveryIntervalMs: options.discoveryIntervalMs ?? 30_000,
      observer: options.observer,
    };
    this.windowMs = this.options.coalesceMs;
    this.log = new PatchLog({ patches: this.options.patchBufferSize, items: this.options.patchBufferItems });
    this.health = new HealthProbe({
      probe: options.probe ?? (async () => undefined),
      intervalMs: this.options.probeIntervalMs,
      timeoutMs: this.options.probeTimeoutMs,
      onUnresponsive: () => log('warn', 'apiserver unresponsive', { context: this.context }),
    });
  }

  /** Changes with every start of the watches, so sequence numbers of an old run are never mistaken for this one's. */
  get epoch(): string {
    return this.log.epoch;
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
    const kind = watchedKindOf(ref.kind);
    const prefix = kind && this.discovery?.served?.get(kind as FrontKind);
    return this.options.read(prefix ? { ...ref, prefix } : ref, signal);
  }

  /** The kinds watched now: the core kinds and the front kinds discovery found served. */
  watchedKinds(): WatchedKind[] {
    return watchedKinds.filter((kind) => (coreKinds as readonly string[]).includes(kind) || this.discovery?.served?.has(kind as FrontKind));
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
    return this.watchStatus.status(this.context, this.watchedKinds(), (kind) => this.store[kind].size);
  }

  /** True once discovery answered and every watched kind has been listed at least once, or is forbidden (nothing more will come). */
  isSynced(): boolean {
    if (this.options.discover && !this.discovery?.served) return false;
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
    // What arrived last goes to the observer before it hears of the stop, and before the store is emptied.
    this.flush();
    this.unobserve();
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    this.health.stop();
    this.discovery?.stop();
    this.discovery = undefined;
    // Everything is reset before the old reflectors have ended: a subscriber arriving
    // meanwhile starts new ones on a clean hub, and whatever the old ones still report is
    // ignored (they are no longer in this.reflectors).
    const reflectors = [...this.reflectors.keys()];
    this.reflectors = new Map();
    this.store = emptyStore();
    this.resets++;
    this.graph = new IncrementalGraph(this.store);
    this.snapshotCache = undefined;
    this.pendingChanges = [];
    this.rescoped.clear();
    this.log.restart();
    this.watchStatus.clear();
    this.scope.clear();
    this.changes.clear();
    this.recordingChanges = false;
    await Promise.all(reflectors.map((reflector) => reflector.stop()));
    log('info', 'watches stopped', { context: this.context });
  }

  private start(): void {
    this.log.restart();
    log('info', 'starting watches', { context: this.context, kinds: coreKinds });
    for (const kind of coreKinds) this.startKind(kind);
    if (this.options.discover) {
      this.discovery = new KindDiscovery({
        discover: this.options.discover,
        intervalMs: this.options.discoveryIntervalMs,
        onChange: (kind, prefix, previous) => this.kindServed(kind, prefix, previous),
        onAnswer: (error) => {
          if (error) log('warn', 'API discovery failed', { context: this.context, message: error instanceof Error ? error.message : String(error) });
          this.publishStatus();
        },
      });
      this.discovery.start();
    }
    this.health.start(() => this.reflectors.keys());
  }

  private startKind(kind: WatchedKind, prefix?: string): void {
    for (const listerWatcher of [this.listerWatcherFor(kind, prefix)].flat()) {
      const reflector: Reflector<KubeObject> = new Reflector<KubeObject>({
        kind,
        listerWatcher,
        trim: trimmers[kind],
        inactivityTimeoutMs: this.options.inactivityTimeoutMs,
        backoff: this.options.backoff,
        write: (event) => this.reflectors.has(reflector) && this.write(kind, event),
        isCurrent: (object) => isCurrent(this.store, kind, object),
        onStatus: (state, message) => this.reflectors.has(reflector) && this.setReflectorStatus(reflector, kind, state, message),
        onWatchListRefused: (message) => log('info', 'listing instead of a WatchList', { context: this.context, kind, message }),
        onInvalidObject: () => log('warn', 'dropped a malformed object', { context: this.context, kind }),
        onExpired: (message) => log('warn', 'watch expired; relisting', { context: this.context, kind, message }),
        onSilentWatch: (message) => log('info', 'silent watch re-opened', { context: this.context, kind, message }),
        onListProgress: (listed, total) => this.watchStatus.setProgress(reflector, listed, total) && this.publishStatus(),
        onList: () => this.options.onList?.(kind),
      });
      this.reflectors.set(reflector, kind);
      this.scope.add(reflector, kind, listerWatcher);
      this.watchStatus.add(reflector, kind, () => reflector.lists);
      reflector.start();
    }
  }

  /**
   * Discovery found a front kind served at `prefix` (or no longer served). A kind that moved to
   * another version keeps its objects: the new reflector's list replaces them, and nothing on
   * the map blinks; a kind no longer served leaves with its objects.
   */
  private kindServed(kind: FrontKind, prefix: string | undefined, previous: string | undefined): void {
    log('info', prefix ? 'watching a served kind' : 'kind no longer served', { context: this.context, kind, prefix });
    const old = [...this.reflectors].filter(([, reflectorKind]) => reflectorKind === kind).map(([reflector]) => reflector);
    for (const reflector of old) {
      this.reflectors.delete(reflector);
      this.scope.remove(reflector);
      this.watchStatus.remove(reflector);
      void reflector.stop();
    }
    if (prefix !== undefined) this.startKind(kind, prefix);
    else if (previous !== undefined) this.write(kind, { type: 'REPLACE', objects: [] });
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
    const events = this.recordingChanges && !isEmptyPatch(patch) ? timelineEvents(patch, (id) => this.graph.node(id), new Date().toISOString()) : [];
    if (this.observing && (changes.length > 0 || rescoped)) this.options.observer?.changed(changes, events, rescoped);
    if (isEmptyPatch(patch)) return;
    this.changes.add(events);
    this.snapshotCache = undefined;
    const seq = this.log.append(patch);
    for (const listener of this.listeners) listener.onPatch(seq, patch);
    this.options.onPublish?.(patch, performance.now() - this.pendingSince);
  }

  private unobserve(): void {
    if (!this.observing) return;
    this.observing = false;
    this.options.observer?.stopped();
  }

  private publishStatus(): void {
    const status = this.status();
    for (const listener of this.listeners) listener.onStatus(status);
  }

  private setReflectorStatus(reflector: Reflector<KubeObject>, kind: WatchedKind, state: ReflectorState, message?: string): void {
    this.watchStatus.set(reflector, state, this.store[kind].size, message);
    // Which namespaces the kind is read in now: the graph says "not visible" rather than "missing".
    const scope = this.scope.after(reflector, state);
    if (scope && setScope(this.store, scope.kind, scope.namespaces)) {
      this.rescoped.add(scope.kind);
      this.rebuildTimer ??= setTimeout(() => this.flush(), this.windowMs);
    }
    log(state === 'synced' || state === 'syncing' ? 'info' : 'warn', 'watch state changed', { context: this.context, kind, state, message });
    // Let subscribers see the objects of a fresh list before they hear "synced".
    this.flush();
    if (this.isSynced()) {
      this.recordingChanges = true;
      if (!this.observing) {
        this.observing = true;
        this.options.observer?.synced();
      }
    } else if (state === 'reconnecting' || state === 'error') this.unobserve();
    this.publishStatus();
  }
}
