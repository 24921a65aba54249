// Server metrics for operators, in Prometheus text format (prom-client): per context the
// subscribers, objects held and watch state of each kind, how often each kind was listed;
// patches published and how long a change waited from its watch event to its patch; the
// open event streams and what they were sent; and the process's own (memory, CPU).
// One registry per process, kept on globalThis like the hubs; contexts.ts tells it the hubs.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ContextHub } from '@/lib/k8s/hub';
import type { KindStatus } from '@/lib/stream/protocol';

const states = ['syncing', 'synced', 'reconnecting', 'forbidden', 'error'] as const;

function createMetrics() {
  const registry = new Registry();
  const hubs = { all: (): ContextHub[] => [] };
  const allHubs = () => hubs.all();
  /** A gauge with one value per context and watched kind, read from the hubs at scrape time. */
  const perKind = (name: string, help: string, value: (kind: KindStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['context', 'kind'],
      registers: [registry],
      collect() {
        this.reset();
        for (const hub of allHubs()) for (const kind of hub.status().kinds) this.set({ context: hub.context, kind: kind.kind }, value(kind));
      },
    });
  collectDefaultMetrics({ register: registry, prefix: 'svcmap_' });
  const streamsOpen = new Gauge({ name: 'svcmap_streams_open', help: 'Event streams (browser tabs, curl) open now.', registers: [registry] });
  const eventsSent = new Counter({ name: 'svcmap_stream_events_total', help: 'Events queued for stream clients, by type.', labelNames: ['type'], registers: [registry] });
  const bytesSent = new Counter({ name: 'svcmap_stream_bytes_total', help: 'Bytes queued for stream clients.', registers: [registry] });
  const dropped = new Counter({ name: 'svcmap_stream_clients_dropped_total', help: 'Stream clients cut off for falling too far behind.', registers: [registry] });
  new Gauge({
    name: 'svcmap_hub_subscribers',
    help: 'Subscribers of a context’s watches (stream clients, waiting API requests).',
    labelNames: ['context'],
    registers: [registry],
    collect() {
      this.reset();
      for (const hub of allHubs()) this.set({ context: hub.context }, hub.subscribers);
    },
  });
  perKind('svcmap_watch_objects', 'Objects held in the store, per context and kind.', (kind) => kind.objects);
  new Gauge({
    name: 'svcmap_watch_state',
    help: 'The state of each kind’s watch: 1 for the current state, 0 for the others.',
    labelNames: ['context', 'kind', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const hub of allHubs()) {
        for (const kind of hub.status().kinds) for (const state of states) this.set({ context: hub.context, kind: kind.kind, state }, kind.state === state ? 1 : 0);
      }
    },
  });
  const lists = new Counter({ name: 'svcmap_watch_lists_total', help: 'LIST requests (first lists and relists after an expired watch or a failure), per context and kind.', labelNames: ['context', 'kind'], registers: [registry] });
  const patches = new Counter({ name: 'svcmap_patches_total', help: 'Graph patches published to subscribers, per context.', labelNames: ['context'], registers: [registry] });
  const secondsPerContext = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames: ['context'], buckets, registers: [registry] });
  const eventLag = secondsPerContext(
    'svcmap_event_lag_seconds',
    'From a watch event’s arrival from the apiserver to the graph patch that carries it to the streams, per context.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  // The history's journal: what it wrote, how long its writes took, and its size.
  const historyRows = new Counter({ name: 'svcmap_history_changes_total', help: 'Object changes written to the history, per context.', labelNames: ['context'], registers: [registry] });
  const historySnapshots = new Counter({ name: 'svcmap_history_snapshot_bytes_total', help: 'Bytes of store snapshots written to the history, per context.', labelNames: ['context'], registers: [registry] });
  const historyWrites = secondsPerContext(
    'svcmap_history_write_seconds',
    'One write of the history (a second of changes, events and spans, in one transaction), per context.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  const historySize = { bytes: async (): Promise<number | null> => null };
  new Gauge({
    name: 'svcmap_history_bytes',
    help: 'The history database’s size (its live data).',
    registers: [registry],
    async collect() {
      const bytes = await historySize.bytes().catch(() => null);
      if (bytes === null) this.reset();
      else this.set(bytes);
    },
  });
  return { registry, hubs, streamsOpen, eventsSent, bytesSent, dropped, lists, patches, eventLag, historyRows, historySnapshots, historyWrites, historySize };
}

export const metrics: ReturnType<typeof createMetrics> = ((globalThis as { __svcmapMetrics?: ReturnType<typeof createMetrics> }).__svcmapMetrics ??= createMetrics());
