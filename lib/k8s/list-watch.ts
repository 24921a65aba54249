// What a reflector reads from: the two (or three) API calls of one kind's source (the real
// one is in transport.ts; the demo (lib/demo) and tests script their own), and how to read
// what a watch brings: resourceVersions, the end of a WatchList's initial events, errors.
import { ApiError } from './errors';

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

/** Whether a WatchList's bookmark marks the end of its initial events. */
export function isInitialEventsEnd(object: unknown): boolean {
  const annotations = (object as { metadata?: { annotations?: Record<string, string> } } | null)?.metadata?.annotations;
  return annotations?.[initialEventsEnd] === 'true';
}

export function readResourceVersion(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const metadata = (object as { metadata?: { resourceVersion?: unknown } }).metadata;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
}

/** An in-stream ERROR event carries a metav1.Status; 410 there means "expired", as over HTTP. */
export function statusToError(object: unknown): ApiError {
  const status = (typeof object === 'object' && object !== null ? object : {}) as { code?: unknown; reason?: unknown; message?: unknown };
  return new ApiError(
    typeof status.code === 'number' ? status.code : 500,
    typeof status.reason === 'string' ? status.reason : 'Unknown',
    typeof status.message === 'string' ? status.message : 'watch error',
  );
}
