// The watches of one context: a reflector per watched kind (per namespace when told to watch
// only some), for the core kinds from the start and for the kinds in front of Services while
// API discovery (discovery.ts) finds the cluster serving them, under one health probe
// (health.ts). Keeps each reflector's state (watch-status.ts) and read scope (read-scope.ts).
// A reflector stopped or replaced is forgotten at once: whatever it still reports is ignored.
import { coreKinds, type FrontKind, type KubeObject, type WatchedKind, watchedKindOf, watchedKinds } from '@/lib/graph/objects';
import type { WatchEvent } from '@/lib/graph/store';
import type { ContextStatus } from '@/lib/stream/protocol';
import type { BackoffOptions } from './clock';
import { KindDiscovery } from './discovery';
import { HealthProbe } from './health';
import type { ListerWatcher } from './list-watch';
import { log } from './log';
import { ReadScope } from './read-scope';
import { Reflector, type ReflectorState } from './reflector';
import { trimmers } from './trimmers';
import { WatchStatus } from './watch-status';

/** The sources of a kind's objects: one, or one per watched namespace; `prefix` is where discovery found the kind. */
export type ListerWatcherFor = (kind: WatchedKind, prefix?: string) => ListerWatcher | ListerWatcher[];

/** The hub's options for its watches (see HubOptions), defaults applied, and the store they fill. */
export interface WatchesOptions {
  context: string;
  listerWatcherFor: ListerWatcherFor;
  inactivityTimeoutMs: number;
  backoff: Partial<BackoffOptions>;
  probe: (signal: AbortSignal) => Promise<void>;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  discover?: (signal: AbortSignal) => Promise<ReadonlyMap<FrontKind, string>>;
  discoveryIntervalMs: number;
  onList?: (kind: WatchedKind) => void;
  isCurrent: (kind: WatchedKind, object: KubeObject) => boolean;
  size: (kind: WatchedKind) => number;
  write: (kind: WatchedKind, event: WatchEvent) => void;
  /** The namespaces a kind is read in changed (undefined: every one). */
  rescope: (kind: WatchedKind, namespaces: Set<string> | undefined) => void;
  /** A reflector of the kind reached `state` (after any rescope it caused). */
  onState: (kind: WatchedKind, state: ReflectorState, message?: string) => void;
  /** The status changed otherwise: a list's progress, an answer of discovery. */
  onStatus: () => void;
}

export class Watches {
  private reflectors = new Map<Reflector<KubeObject>, WatchedKind>();
  private readonly scope = new ReadScope<Reflector<KubeObject>>();
  private readonly states = new WatchStatus<Reflector<KubeObject>>();
  private readonly health: HealthProbe;
  private discovery: KindDiscovery | undefined;
  private readonly options: WatchesOptions;

  constructor(options: WatchesOptions) {
    this.options = options;
    this.health = new HealthProbe({
      probe: options.probe,
      intervalMs: options.probeIntervalMs,
      timeoutMs: options.probeTimeoutMs,
      onUnresponsive: () => log('warn', 'apiserver unresponsive', { context: options.context }),
    });
  }

  get running(): boolean {
    return this.reflectors.size > 0;
  }

  start(): void {
    for (const kind of coreKinds) this.startKind(kind);
    if (this.options.discover) {
      this.discovery = new KindDiscovery({
        discover: this.options.discover,
        intervalMs: this.options.discoveryIntervalMs,
        onChange: (kind, prefix, previous) => this.kindServed(kind, prefix, previous),
        onAnswer: (error) => {
          if (error) log('warn', 'API discovery failed', { context: this.options.context, message: error instanceof Error ? error.message : String(error) });
          this.options.onStatus();
        },
      });
      this.discovery.start();
    }
    this.health.start(() => this.reflectors.keys());
  }

  /** Forgets every reflector at once (a start meanwhile begins afresh); resolves when they have ended. */
  async stop(): Promise<void> {
    this.health.stop();
    this.discovery?.stop();
    this.discovery = undefined;
    const reflectors = [...this.reflectors.keys()];
    this.reflectors = new Map();
    this.states.clear();
    this.scope.clear();
    await Promise.all(reflectors.map((reflector) => reflector.stop()));
  }

  /** The kinds watched now: the core kinds and the front kinds discovery found served. */
  kinds(): WatchedKind[] {
    return watchedKinds.filter((kind) => (coreKinds as readonly string[]).includes(kind) || this.discovery?.served?.has(kind as FrontKind));
  }

  /** Where discovery found a kind served (its API path prefix), if it is a front kind it found. */
  prefixOf(kind: string): string | undefined {
    const watched = watchedKindOf(kind);
    return watched && this.discovery?.served?.get(watched as FrontKind);
  }

  status(): ContextStatus {
    return this.states.status(this.options.context, this.kinds(), this.options.size);
  }

  /** True once discovery answered and every watched kind has been listed at least once, or is forbidden (nothing more will come). */
  synced(): boolean {
    if (this.options.discover && !this.discovery?.served) return false;
    return this.status().kinds.every((kind) => kind.state === 'synced' || kind.state === 'forbidden');
  }

  private startKind(kind: WatchedKind, prefix?: string): void {
    const { context } = this.options;
    for (const listerWatcher of [this.options.listerWatcherFor(kind, prefix)].flat()) {
      const reflector: Reflector<KubeObject> = new Reflector<KubeObject>({
        kind,
        listerWatcher,
        trim: trimmers[kind],
        inactivityTimeoutMs: this.options.inactivityTimeoutMs,
        backoff: this.options.backoff,
        write: (event) => this.reflectors.has(reflector) && this.options.write(kind, event),
        isCurrent: (object) => this.options.isCurrent(kind, object),
        onStatus: (state, message) => this.reflectors.has(reflector) && this.stateChanged(reflector, kind, state, message),
        onWatchListRefused: (message) => log('info', 'listing instead of a WatchList', { context, kind, message }),
        onInvalidObject: () => log('warn', 'dropped a malformed object', { context, kind }),
        onExpired: (message) => log('warn', 'watch expired; relisting', { context, kind, message }),
        onSilentWatch: (message) => log('info', 'silent watch re-opened', { context, kind, message }),
        onListProgress: (listed, total) => this.states.setProgress(reflector, listed, total) && this.options.onStatus(),
        onList: () => this.options.onList?.(kind),
      });
      this.reflectors.set(reflector, kind);
      this.scope.add(reflector, kind, listerWatcher);
      this.states.add(reflector, kind, () => reflector.lists);
      reflector.start();
    }
  }

  /**
   * Discovery found a front kind served at `prefix` (or no longer served). A kind that moved to
   * another version keeps its objects: the new reflector's list replaces them, and nothing on
   * the map blinks; a kind no longer served leaves with its objects.
   */
  private kindServed(kind: FrontKind, prefix: string | undefined, previous: string | undefined): void {
    log('info', prefix ? 'watching a served kind' : 'kind no longer served', { context: this.options.context, kind, prefix });
    const old = [...this.reflectors].filter(([, reflectorKind]) => reflectorKind === kind).map(([reflector]) => reflector);
    for (const reflector of old) {
      this.reflectors.delete(reflector);
      this.scope.remove(reflector);
      this.states.remove(reflector);
      void reflector.stop();
    }
    if (prefix !== undefined) this.startKind(kind, prefix);
    else if (previous !== undefined) this.options.write(kind, { type: 'REPLACE', objects: [] });
  }

  private stateChanged(reflector: Reflector<KubeObject>, kind: WatchedKind, state: ReflectorState, message?: string): void {
    this.states.set(reflector, state, this.options.size(kind), message);
    const scope = this.scope.after(reflector, state);
    if (scope) this.options.rescope(scope.kind, scope.namespaces);
    this.options.onState(kind, state, message);
  }
}
