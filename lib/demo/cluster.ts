// The demo cluster's "apiserver": raw Kubernetes objects by kind with a resourceVersion
// counter, and the same ListerWatcher interface lib/k8s/transport.ts gives a real
// cluster (list with a resourceVersion, watch from it with bookmarks, 410 Gone when the
// version is older than the kept history). Everything above it runs unchanged.
import type { WatchedKind } from '@/lib/graph/objects';
import { watchedKinds } from '@/lib/graph/objects';
import { ApiError } from '@/lib/k8s/errors';
import type { Clock } from '@/lib/k8s/clock';
import type { ListerWatcher, RawWatchEvent } from '@/lib/k8s/list-watch';

export interface RawObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string; deletionTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  [field: string]: unknown;
}

interface LoggedEvent {
  resourceVersion: number;
  kind: WatchedKind;
  event: RawWatchEvent;
}

// Watch events kept for watchers that fall behind; older resourceVersions get 410 Gone.
const defaultHistorySize = 1_000;
// Like the apiserver, tell idle watchers how far they are about once a minute.
const bookmarkIntervalMs = 30_000;

export class DemoApiServer {
  private resourceVersion = 1;
  private uids = 0;
  private readonly objects = Object.fromEntries(watchedKinds.map((kind) => [kind, new Map<string, RawObject>()])) as Record<WatchedKind, Map<string, RawObject>>;
  private readonly history: LoggedEvent[] = [];
  private readonly watchers = new Set<() => void>();

  private readonly clock: Pick<Clock, 'now' | 'setTimeout'>;
  private readonly historySize: number;

  constructor(clock: Pick<Clock, 'now' | 'setTimeout'>, historySize = defaultHistorySize) {
    this.clock = clock;
    this.historySize = historySize;
  }

  get(kind: WatchedKind, namespace: string, name: string): RawObject | undefined {
    return this.objects[kind].get(`${namespace}/${name}`);
  }

  all(kind: WatchedKind): RawObject[] {
    return [...this.objects[kind].values()];
  }

  /** Creates or replaces an object (unless nothing but its metadata would change). */
  put(kind: WatchedKind, object: RawObject): void {
    const key = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const existing = this.objects[kind].get(key);
    if (existing && sameContent(existing, object)) return;
    const stored: RawObject = structuredClone(object);
    stored.metadata.uid = existing?.metadata.uid ?? `demo-${(++this.uids).toString(16).padStart(8, '0')}`;
    stored.metadata.creationTimestamp = existing?.metadata.creationTimestamp ?? new Date(this.clock.now()).toISOString();
    stored.metadata.resourceVersion = String(++this.resourceVersion);
    this.objects[kind].set(key, stored);
    this.record(kind, { type: existing ? 'MODIFIED' : 'ADDED', object: stored });
  }

  delete(kind: WatchedKind, namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const existing = this.objects[kind].get(key);
    if (!existing) return;
    this.objects[kind].delete(key);
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = String(++this.resourceVersion);
    this.record(kind, { type: 'DELETED', object: gone });
  }

  listerWatcher(kind: WatchedKind): ListerWatcher {
    return {
      namespace: undefined, // the whole simulated cluster
      list: async () => ({ items: structuredClone(this.all(kind)), resourceVersion: String(this.resourceVersion) }),
      watch: async ({ resourceVersion, signal }) => {
        const from = Number(resourceVersion);
        const oldest = this.history[0]?.resourceVersion ?? this.resourceVersion + 1;
        if (from + 1 < oldest && from < this.resourceVersion) {
          throw new ApiError(410, 'Expired', `too old resource version: ${from} (${oldest - 1})`);
        }
        return this.stream(kind, from, signal);
      },
    };
  }

  private async *stream(kind: WatchedKind, from: number, signal: AbortSignal): AsyncIterable<RawWatchEvent> {
    let seen = from;
    let lastSent = this.clock.now();
    while (!signal.aborted) {
      const pending = this.history.filter((entry) => entry.resourceVersion > seen && entry.kind === kind);
      seen = Math.max(seen, this.resourceVersion);
      for (const entry of pending) yield structuredClone(entry.event);
      if (pending.length > 0) lastSent = this.clock.now();
      else if (this.clock.now() - lastSent >= bookmarkIntervalMs) {
        lastSent = this.clock.now();
        yield { type: 'BOOKMARK', object: { kind: 'Bookmark', metadata: { resourceVersion: String(seen) } } };
      }
      await this.nextChange(signal);
    }
  }

  /** Resolves on the next recorded event, the next bookmark time, or abort. */
  private nextChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.watchers.delete(done);
        timer.cancel();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.clock.setTimeout(done, bookmarkIntervalMs);
      this.watchers.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private record(kind: WatchedKind, event: RawWatchEvent): void {
    this.history.push({ resourceVersion: this.resourceVersion, kind, event });
    if (this.history.length > this.historySize) this.history.splice(0, this.history.length - this.historySize);
    for (const wake of [...this.watchers]) wake();
  }
}

function sameContent(a: RawObject, b: RawObject): boolean {
  const strip = ({ metadata, ...rest }: RawObject) => JSON.stringify([{ ...metadata, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined }, rest]);
  return strip(a) === strip(b);
}
