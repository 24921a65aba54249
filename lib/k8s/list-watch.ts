// What a reflector reads from: the two (or three) API calls of one kind's source. The real
// one is in transport.ts; the demo (lib/demo) and tests script their own.
export interface ListResult {
  items: unknown[];
  resourceVersion: string;
}

export interface RawWatchEvent {
  type: string;
  object: unknown;
}

/** The two API calls a reflector needs; the real one is in transport.ts, tests script their own. */
export interface ListerWatcher {
  /** Something a person should know about what is watched (e.g. "only namespace shop"). */
  readonly note?: string;
  /**
   * The one namespace this source lists and watches (as of its last request), or undefined
   * for all namespaces or a cluster-scoped kind. Required, so no source forgets it: a list's
   * Replace deletes what the store holds in this scope and the list lacks.
   */
  readonly namespace: string | undefined;
  /** onProgress: after each page of a paged list, the objects so far and (if the apiserver says) in all. */
  list(options: { resourceVersion: string; signal: AbortSignal; onProgress?: (listed: number, total?: number) => void }): Promise<ListResult>;
  /** Resolves once the apiserver accepted the watch (HTTP 200), then yields its events. */
  watch(options: { resourceVersion: string; timeoutSeconds: number; signal: AbortSignal }): Promise<AsyncIterable<RawWatchEvent>>;
  /**
   * A WatchList (sendInitialEvents=true, resourceVersionMatch=NotOlderThan): every object as
   * ADDED, then a bookmark annotated k8s.io/initial-events-end, then the watch goes on.
   * Absent where the source does not offer it; the reflector then lists.
   */
  watchList?(options: { timeoutSeconds: number; signal: AbortSignal }): Promise<AsyncIterable<RawWatchEvent>>;
}

/** The annotation on the bookmark that ends a WatchList's initial events. */
export const initialEventsEnd = 'k8s.io/initial-events-end';
