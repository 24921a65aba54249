// One browser tab's Server-Sent Events stream: a snapshot (or, for a client resuming
// with Last-Event-ID inside the hub's buffer, just the patches it missed), then patches
// and watch status as they happen, and a heartbeat comment so proxies keep it open.
// A client that stops reading is cut off once its queue passes a bound in bytes or in
// time (and its queue is freed); it reconnects and resnapshots, and the server never
// buffers without limit.
import { namespaceOfId } from '@/lib/graph/ids';
import { filterGraph, filterPatch, isEmptyPatch } from '@/lib/graph/diff';
import type { Graph, GraphPatch } from '@/lib/stream/protocol';
import type { ContextHub } from '@/lib/k8s/hub';
import { metrics } from './metrics';

const heartbeatMs = 15_000;
const defaultLimits: StreamLimits = { maxQueuedBytes: 8 * 1024 * 1024, maxLagMs: 60_000 };
// EventSource reconnects after this long when the stream drops.
const retryMs = 2_000;

/** How far a client may fall behind before it is dropped: queued bytes, and age of the oldest unread event. */
export interface StreamLimits {
  maxQueuedBytes: number;
  maxLagMs: number;
}

export function graphEventStream(
  hub: ContextHub,
  namespaces: ReadonlySet<string>,
  lastEventId: string | null,
  signal: AbortSignal,
  limits: Partial<StreamLimits> = {},
): ReadableStream<Uint8Array> {
  const { maxQueuedBytes, maxLagMs } = { ...defaultLimits, ...limits };
  const keep = (id: string) => namespaces.size === 0 || namespaces.has(namespaceOfId(id));
  // Tabs showing the same namespaces get the same bytes: each patch (and snapshot) is
  // filtered, serialised and encoded once for all of them, not once per tab.
  const view = [...namespaces].sort().join(',');
  // The stream's own queue: the runtime's holds nothing (high-water mark 0) and asks for the
  // next chunk only when the client reads, so this queue's size and age are how far behind
  // the client is, and dropping a client frees its queue at once.
  const queue: { bytes: Uint8Array; at: number; snapshot: boolean }[] = [];
  let queuedBytes = 0;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let waiting = false; // the client asked for a chunk and none was queued
  let closed = false;
  let started = false;
  let cleanup = () => {};

  const close = () => {
    if (closed) return;
    if (started) metrics.streamsOpen.dec();
    cleanup();
    closed = true;
    queue.length = 0;
    queuedBytes = 0;
    try {
      controller.close();
    } catch {
      // already closed by the runtime
    }
  };
  const deliver = () => {
    const next = queue.shift();
    if (!next) return;
    waiting = false;
    if (!next.snapshot) queuedBytes -= next.bytes.byteLength;
    controller.enqueue(next.bytes);
  };
  const send = (type: 'retry' | 'status' | 'snapshot' | 'patch' | 'heartbeat', data: string | Uint8Array) => {
    const snapshot = type === 'snapshot';
    if (closed) return;
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (bytes.byteLength === 0) return;
    queue.push({ bytes, at: Date.now(), snapshot });
    metrics.bytesSent.inc(bytes.byteLength);
    metrics.eventsSent.inc({ type });
    // The first snapshot may itself be bigger than the bound (8 MB at 10,000 pods): only
    // what queues up beside it counts against the client.
    if (!snapshot) queuedBytes += bytes.byteLength;
    if (waiting) deliver();
    const oldest = queue[0]?.at ?? Date.now();
    if (queuedBytes > maxQueuedBytes || Date.now() - oldest > maxLagMs) {
      metrics.dropped.inc(); // not reading: drop it
      close();
    }
  };

  // Subscribes when the client first reads, so a response whose body is never read
  // (HEAD, a client gone before the first byte) holds nothing in the hub.
  const begin = () => {
    started = true;
    metrics.streamsOpen.inc();
    const sendPatch = (seq: number, patch: GraphPatch) =>
      send(
        'patch',
        encodedOnce(encodedPatches, patch, view, () => {
          const visible = filterPatch(patch, keep);
          // Empty lists are left out: most patches change a field or two of one pod.
          const wire = Object.fromEntries(Object.entries(visible).filter(([, list]) => list.length > 0));
          return isEmptyPatch(visible) ? '' : event('patch', JSON.stringify({ seq, patch: wire }), `${hub.epoch}-${seq}`);
        }),
      );

    let sentSeq = Number.POSITIVE_INFINITY; // patches up to here are covered by what was sent
    const unsubscribe = hub.subscribe({
      onPatch: (seq, patch) => {
        if (seq > sentSeq) sendPatch(seq, patch);
      },
      onStatus: (status) => send('status', event('status', JSON.stringify(status))),
    });
    const heartbeat = setInterval(() => send('heartbeat', ': heartbeat\n\n'), heartbeatMs);
    cleanup = () => {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      signal.removeEventListener('abort', close);
    };
    signal.addEventListener('abort', close, { once: true });

    send('retry', `retry: ${retryMs}\n\n`);
    send('status', event('status', JSON.stringify(hub.status())));
    const missed = resumePoint(lastEventId, hub.epoch);
    const patches = missed === null ? null : hub.patchesSince(missed);
    if (patches) {
      for (const { seq, patch } of patches) sendPatch(seq, patch);
      sentSeq = missed! + patches.length;
    } else {
      const { seq, graph } = hub.snapshot();
      send(
        'snapshot',
        encodedOnce(encodedSnapshots, graph, view, () => event('snapshot', JSON.stringify({ seq, graph: filterGraph(graph, namespaces) }), `${hub.epoch}-${seq}`)),
      );
      sentSeq = seq;
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (signal.aborted) close();
      },
      pull() {
        if (signal.aborted) close();
        if (closed) return;
        if (!started) begin();
        if (queue.length > 0) deliver();
        else waiting = true;
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: 0 },
  );
}

const encoder = new TextEncoder();
// Per patch or snapshot graph (the hub hands every subscriber the same object, and a new
// one for each change), the event's bytes per set of namespaces; gone with the object.
const encodedPatches = new WeakMap<GraphPatch, Map<string, Uint8Array>>();
const encodedSnapshots = new WeakMap<Graph, Map<string, Uint8Array>>();

function encodedOnce<K extends object>(cache: WeakMap<K, Map<string, Uint8Array>>, key: K, view: string, text: () => string): Uint8Array {
  let byView = cache.get(key);
  if (!byView) cache.set(key, (byView = new Map()));
  let bytes = byView.get(view);
  if (!bytes) byView.set(view, (bytes = encoder.encode(text())));
  return bytes;
}

function event(name: string, data: string, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${data}\n\n`;
}

/** The seq a client has seen, if its Last-Event-ID belongs to this run of the hub. */
function resumePoint(lastEventId: string | null, epoch: string): number | null {
  const match = /^([a-z0-9]{1,16})-(\d{1,15})$/.exec(lastEventId ?? '');
  if (!match || match[1] !== epoch) return null;
  return Number(match[2]);
}
