// The browser side of the stream: an EventSource whose events are validated with the
// shared schemas and folded into the current graph by a pure reducer. EventSource
// reconnects by itself and sends Last-Event-ID, so the server answers with just the
// missed patches or a new snapshot. Tabs share one stream: see shared.ts.
import { applyPatches, filterGraph, sameElements } from '@/lib/graph/diff';
import {
  type ContextStatus,
  type Graph,
  type GraphPatch,
  patchEventSchema,
  snapshotEventSchema,
  statusEventSchema,
} from './protocol';

export type ConnectionState = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'error';

export interface GraphStreamState {
  graph: Graph;
  seq: number;
  status: ContextStatus | null;
  /** Whether the EventSource is connected to the svcmap server. */
  open: boolean;
  /** The server refused the stream (e.g. unknown context); EventSource gave up. */
  refused: boolean;
  /** The server's own message for the refusal (its JSON error), when it could be read. */
  refusal?: string;
  connection: ConnectionState;
  /** Why the connection is not live, in words for a person. */
  problem?: string;
  /** When the last event (of any kind) arrived, ms since the epoch. */
  lastEventAt?: number;
  /** A patch did not fit the graph held here: the stream must start over from a snapshot. */
  resync?: boolean;
}

/** What the stream says, once parsed: the unit that tabs pass to each other too. */
export type StreamMessage =
  | { type: 'open' }
  | { type: 'closed'; refused: boolean; reason?: string }
  | { type: 'snapshot'; seq: number; graph: Graph }
  | { type: 'patch'; seq: number; patch: GraphPatch }
  /** Patches in a row, folded into the graph in one pass (see batchedStreamState in shared.ts). */
  | { type: 'patches'; patches: { seq: number; patch: GraphPatch }[] }
  | { type: 'status'; status: ContextStatus };

export const initialStreamState: GraphStreamState = { graph: { nodes: [], edges: [] }, seq: 0, status: null, open: false, refused: false, connection: 'connecting' };

export function streamUrl(context: string, namespaces: readonly string[]): string {
  const query = namespaces.length > 0 ? `?namespace=${encodeURIComponent(namespaces.join(','))}` : '';
  return `/api/clusters/${encodeURIComponent(context)}/stream${query}`;
}

/**
 * What a tab showing some namespaces sees of the context's stream: the graph filtered to
 * them. A change elsewhere leaves its graph (the same object) and its seq as they were, so
 * nothing of the page redraws or refetches for it. `previous`: what this returned last. Pure.
 */
export function shownState(state: GraphStreamState, namespaces: ReadonlySet<string> | null, previous?: GraphStreamState): GraphStreamState {
  if (!namespaces) return state;
  const graph = filterGraph(state.graph, namespaces);
  if (previous && sameElements(previous.graph.nodes, graph.nodes) && sameElements(previous.graph.edges, graph.edges)) return { ...state, graph: previous.graph, seq: previous.seq };
  return { ...state, graph };
}

/** Folds one message into the state. Pure. */
export function reduceStream(state: GraphStreamState, message: StreamMessage, now: number): GraphStreamState {
  let next: GraphStreamState;
  switch (message.type) {
    case 'open':
      next = { ...state, open: true, refused: false };
      break;
    case 'closed':
      next = { ...state, open: false, refused: message.refused, refusal: message.reason ?? (message.refused ? state.refusal : undefined) };
      break;
    case 'snapshot':
      next = { ...state, graph: message.graph, seq: message.seq, lastEventAt: now, resync: false };
      break;
    case 'patch':
      return reduceStream(state, { type: 'patches', patches: [message] }, now);
    case 'patches': {
      // A patch at or before what we have is already in the graph (a tab that joined late).
      const fresh: typeof message.patches = [];
      for (const entry of message.patches) if (entry.seq > (fresh.at(-1)?.seq ?? state.seq)) fresh.push(entry);
      if (fresh.length === 0) return state;
      try {
        next = { ...state, graph: applyPatches(state.graph, fresh.map((entry) => entry.patch)), seq: fresh.at(-1)!.seq, lastEventAt: now };
      } catch {
        return { ...state, resync: true };
      }
      break;
    }
    case 'status':
      next = { ...state, status: message.status, lastEventAt: now };
      break;
  }
  return { ...next, ...connectionOf(next) };
}

/**
 * openEventSource, started over without Last-Event-ID (so from a fresh snapshot) whenever
 * onMessage answers true or `restart` is called: the state it folds messages into says it
 * needs a resync.
 */
export function openResyncingEventSource(url: string, onMessage: (message: StreamMessage) => boolean): { close: () => void; restart: () => void } {
  let close = () => {};
  const open = () => {
    close = openEventSource(url, (message) => {
      if (onMessage(message)) restart();
    });
  };
  const restart = () => {
    close();
    open();
  };
  open();
  return { close: () => close(), restart };
}

/** Opens an EventSource and reports each parsed message; returns a function that closes it. */
export function openEventSource(url: string, onMessage: (message: StreamMessage) => void): () => void {
  const source = new EventSource(url);
  source.onopen = () => onMessage({ type: 'open' });
  // CLOSED means the server refused the stream: EventSource will not retry, and hides the
  // answer; the same request made with fetch gets the server's JSON error to show.
  source.onerror = () => {
    const refused = source.readyState === EventSource.CLOSED;
    onMessage({ type: 'closed', refused });
    if (refused) void refusalReason(url).then((reason) => reason && onMessage({ type: 'closed', refused, reason }));
  };
  const parse = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, data: string): T | undefined => {
    const parsed = schema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  };
  source.addEventListener('snapshot', (event) => {
    const data = parse(snapshotEventSchema, (event as MessageEvent<string>).data);
    if (data) onMessage({ type: 'snapshot', ...data });
  });
  source.addEventListener('patch', (event) => {
    const data = parse(patchEventSchema, (event as MessageEvent<string>).data);
    if (data) onMessage({ type: 'patch', ...data });
  });
  source.addEventListener('status', (event) => {
    const status = parse(statusEventSchema, (event as MessageEvent<string>).data);
    if (status) onMessage({ type: 'status', status });
  });
  return () => source.close();
}

/** The message of the server's JSON error for this URL; undefined when it answers otherwise. */
async function refusalReason(url: string): Promise<string | undefined> {
  const abort = new AbortController();
  try {
    const response = await fetch(url, { signal: abort.signal });
    if (response.ok) return undefined;
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : undefined;
  } catch {
    return undefined;
  } finally {
    abort.abort(); // a stream that did open is not read
  }
}

/** The one-word state a person sees, from the stream's and the watches' health. */
function connectionOf(state: GraphStreamState): Pick<GraphStreamState, 'connection' | 'problem'> {
  if (state.refused) return { connection: 'error', problem: state.refusal ?? 'The server refused the stream. Check that the context exists.' };
  if (!state.open) return { connection: state.status ? 'reconnecting' : 'connecting', problem: state.status ? 'Lost the connection to the svcmap server; retrying.' : undefined };
  const kinds = state.status?.kinds ?? [];
  const failing = kinds.find((kind) => kind.state === 'error');
  if (failing) return { connection: 'error', problem: failing.message };
  const reconnecting = kinds.find((kind) => kind.state === 'reconnecting');
  if (reconnecting) return { connection: 'reconnecting', problem: reconnecting.message };
  if (kinds.length === 0 || kinds.some((kind) => kind.state === 'syncing')) return { connection: 'syncing', problem: undefined };
  // Live, but maybe not everything: forbidden kinds, and kinds watched in one namespace only.
  const notices = kinds.filter((kind) => kind.state === 'forbidden' || kind.message).map((kind) => kind.message ?? `${kind.kind}: forbidden`);
  return { connection: 'live', problem: notices.length > 0 ? [...new Set(notices)].join(' ') : undefined };
}
