// The browser side of the stream: one EventSource per view, validated with the shared
// schemas, folded into the current graph. EventSource reconnects by itself and sends
// Last-Event-ID, so the server answers with just the missed patches or a new snapshot.
import { applyPatch } from '@/lib/graph/diff';
import {
  type ClusterStatus,
  type Graph,
  patchEventSchema,
  snapshotEventSchema,
  statusEventSchema,
} from './protocol';

export type ConnectionState = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'error';

export interface GraphStreamState {
  graph: Graph;
  seq: number;
  status: ClusterStatus | null;
  connection: ConnectionState;
  /** Why the connection is not live, in words for a person. */
  problem?: string;
  /** When the last event (of any kind) arrived, ms since the epoch. */
  lastEventAt?: number;
}

export const initialStreamState: GraphStreamState = { graph: { nodes: [], edges: [] }, seq: 0, status: null, connection: 'connecting' };

export function streamUrl(cluster: string, namespaces: readonly string[]): string {
  const query = namespaces.length > 0 ? `?namespace=${encodeURIComponent(namespaces.join(','))}` : '';
  return `/api/clusters/${encodeURIComponent(cluster)}/stream${query}`;
}

/** Opens the stream and reports every new state; returns a function that closes it. */
export function openGraphStream(url: string, onState: (state: GraphStreamState) => void): () => void {
  let state: GraphStreamState = initialStreamState;
  let open = false;
  const update = (next: Partial<GraphStreamState>) => {
    state = { ...state, ...next };
    state = { ...state, ...connectionOf(state, open) };
    onState(state);
  };

  const source = new EventSource(url);
  source.onopen = () => {
    open = true;
    update({});
  };
  source.onerror = () => {
    open = false;
    // CLOSED means the server refused the stream (e.g. unknown cluster): EventSource gives up.
    if (source.readyState === EventSource.CLOSED) update({ connection: 'error', problem: 'The server refused the stream. Check that the context exists.' });
    else update({});
  };
  source.addEventListener('snapshot', (message) => {
    const parsed = snapshotEventSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
    if (parsed.success) update({ graph: parsed.data.graph, seq: parsed.data.seq, lastEventAt: Date.now() });
  });
  source.addEventListener('patch', (message) => {
    const parsed = patchEventSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
    if (parsed.success) update({ graph: applyPatch(state.graph, parsed.data.patch), seq: parsed.data.seq, lastEventAt: Date.now() });
  });
  source.addEventListener('status', (message) => {
    const parsed = statusEventSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
    if (parsed.success) update({ status: parsed.data, lastEventAt: Date.now() });
  });
  return () => source.close();
}

/** The one-word state a person sees, from the stream's and the watches' health. */
function connectionOf(state: GraphStreamState, open: boolean): Pick<GraphStreamState, 'connection' | 'problem'> {
  if (state.connection === 'error' && !open) return { connection: 'error', problem: state.problem };
  if (!open) return { connection: state.status ? 'reconnecting' : 'connecting', problem: state.status ? 'Lost the connection to the svcmap server; retrying.' : undefined };
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
