// `svcmap watch`: the same hub as the server (one reflector per kind, the incremental graph)
// in the terminal. Prints the Services once synced, then a row each time one's readiness or
// worst problem changes, as `kubectl get -w` does; -o json prints one JSON object per line.
import type { KubeConfig } from '@/lib/k8s/client-node';
import { watchedKinds } from '@/lib/graph/objects';
import { ContextHub } from '@/lib/k8s/hub';
import { servedFrontKinds } from '@/lib/k8s/api-discovery';
import { clusterScoped, kubeListerWatcher, kubeProbe } from '@/lib/k8s/transport';
import type { ContextStatus, ServiceNode } from '@/lib/stream/protocol';
import { hasProblem } from '@/lib/view/namespaces';
import { serviceNodes } from './answers.mts';
import { ClusterError } from './cluster.mts';

export interface WatchOptions {
  namespace?: string;
  problems: boolean;
  json: boolean;
  /** How a Service is printed as a row (the same columns as `svcmap get`). */
  row: (service: ServiceNode) => string[];
  header: string[];
}

type Event = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Follows the cluster until `signal` aborts (Ctrl-C): resolves 0. Rejects with a ClusterError when the first sync meets a connection error. */
export async function watchServices(config: KubeConfig, options: WatchOptions, signal: AbortSignal): Promise<number> {
  const sources = (kind: (typeof watchedKinds)[number], prefix?: string) => kubeListerWatcher(config, kind, { ...(clusterScoped(kind) || !options.namespace ? {} : { namespace: options.namespace }), prefix });
  const hub = new ContextHub(config.getCurrentContext(), sources, { probe: kubeProbe(config), idleStopMs: 0, discover: (signal) => servedFrontKinds(config, signal) });
  // Per Service: its row as last printed (or seen), and the node it came from.
  const seen = new Map<string, { key: string; shown: boolean; service: ServiceNode }>();
  let widths: number[] = [];
  let synced = false;
  let lastTrouble = '';
  let failed: ((error: Error) => void) | undefined;

  const print = (event: Event, service: ServiceNode) => {
    if (options.json) return console.log(JSON.stringify({ type: event, service }));
    const cells = options.row(service);
    if (event === 'DELETED') cells.splice(-2, 2, '-', 'deleted');
    console.log(cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? cell.length))).join('   ').trimEnd());
  };
  const update = () => {
    const now = new Map(serviceNodes(hub.snapshot().graph).map((service) => [service.id, service]));
    if (!synced) {
      // The first picture sets the widths, so the rows that follow line up under it.
      const shown = [...now.values()].filter((service) => !options.problems || hasProblem(service));
      widths = [options.header, ...shown.map(options.row)].reduce((max, cells) => cells.map((cell, column) => Math.max(max[column] ?? 0, cell.length)), [] as number[]);
      if (!options.json) console.log(options.header.map((title, column) => title.padEnd(widths[column]!)).join('   ').trimEnd());
    }
    for (const [id, service] of now) {
      const key = options.row(service).join('\t');
      const before = seen.get(id);
      if (before?.key === key) continue;
      // With --problems: a Service is shown while it has a problem, and once more when it is fine again.
      const show = !options.problems || hasProblem(service) || Boolean(before?.shown);
      seen.set(id, { key, shown: show && (!options.problems || hasProblem(service)), service });
      if (show) print(before ? 'MODIFIED' : 'ADDED', service);
    }
    for (const [id, { shown, service }] of seen) {
      if (now.has(id)) continue;
      seen.delete(id);
      if (shown || !options.problems) print('DELETED', service);
    }
  };
  const onStatus = (status: ContextStatus) => {
    const trouble = status.kinds.filter((kind) => kind.state === 'reconnecting' || kind.state === 'error').map((kind) => `${kind.kind}: ${kind.message ?? kind.state}`)[0] ?? '';
    // Before the first picture a connection error ends the command (exit 2); after it, the watch retries as the server's does.
    if (trouble && !synced) return failed?.(new ClusterError(trouble));
    if (trouble && trouble !== lastTrouble) console.error(`svcmap: ${trouble} (retrying)`);
    else if (!trouble && lastTrouble) console.error('svcmap: watching again');
    lastTrouble = trouble;
    if (!synced && hub.isSynced()) {
      update();
      synced = true;
    }
  };

  const unsubscribe = hub.subscribe({ onPatch: () => synced && update(), onStatus });
  try {
    await new Promise<void>((resolve, reject) => {
      failed = reject;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    unsubscribe();
    await hub.stop();
  }
  return 0;
}
