// One browser tab's Server-Sent Events stream: a snapshot (or, for a client resuming
// with Last-Event-ID inside the hub's buffer, just the patches it missed), then patches
// and watch status as they happen, and a heartbeat comment so proxies keep it open.
// A client that stops reading is cut off once its queue passes a bound; it reconnects
// and resnapshots, and the server never buffers without limit.
import { filterGraph, namespaceOfId } from '@/lib/graph/build';
import { filterPatch, isEmptyPatch } from '@/lib/graph/diff';
import type { Graph, GraphPatch } from '@/lib/stream/protocol';
import type { ClusterHub } from './hub';

const heartbeatMs = 15_000;
const defaultMaxQueuedBytes = 8 * 1024 * 1024;
// EventSource reconnects after this long when the stream drops.
const retryMs = 2_000;

export function graphEventStream(
  hub: ClusterHub,
  namespaces: ReadonlySet<string>,
  lastEventId: string | null,
  signal: AbortSignal,
  maxQueuedBytes = defaultMaxQueuedBytes,
): ReadableStream<Uint8Array> {
  const keep = (id: string) => namespaces.size === 0 || namespaces.has(namespaceOfId(id));
  // Tabs showing the same namespaces get the same bytes: each patch (and snapshot) is
  // filtered, serialised and encoded once for all of them, not once per tab.
  const view = [...namespaces].sort().join(',');
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        // The first snapshot may itself be bigger than the bound (8 MB at 10,000 pods):
        // only what queues up beyond it counts against the client.
        let snapshotBytes = 0;
        const send = (data: string | Uint8Array) => {
          if (closed) return;
          const bytes = typeof data === 'string' ? encoder.encode(data) : data;
          if (bytes.byteLength === 0) return;
          controller.enqueue(bytes);
          if ((controller.desiredSize ?? 0) < -snapshotBytes) {
            // The client is not reading: drop it rather than buffer without bound.
            cleanup();
            controller.close();
          }
        };
        const sendPatch = (seq: number, patch: GraphPatch) =>
          send(
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
          onStatus: (status) => send(event('status', JSON.stringify(status))),
        });
        const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
        cleanup = () => {
          closed = true;
          clearInterval(heartbeat);
          unsubscribe();
          signal.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the runtime
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });

        send(`retry: ${retryMs}\n\n`);
        send(event('status', JSON.stringify(hub.status())));
        const missed = resumePoint(lastEventId, hub.epoch);
        const patches = missed === null ? null : hub.patchesSince(missed);
        if (patches) {
          for (const { seq, patch } of patches) sendPatch(seq, patch);
          sentSeq = missed! + patches.length;
        } else {
          const { seq, graph } = hub.snapshot();
          const snapshot = encodedOnce(encodedSnapshots, graph, view, () => event('snapshot', JSON.stringify({ seq, graph: filterGraph(graph, namespaces) }), `${hub.epoch}-${seq}`));
          snapshotBytes = snapshot.byteLength;
          if (!closed) controller.enqueue(snapshot);
          sentSeq = seq;
        }
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: maxQueuedBytes }),
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
