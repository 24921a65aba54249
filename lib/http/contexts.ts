// The contexts this server offers, and the process-wide registry of hubs, one per
// context, so every tab and every user of this server shares the same watches. Here the
// sources are assembled: the kubeconfig's contexts (lib/k8s) and the demo (lib/demo).
import type { WatchedKind } from '@/lib/graph/objects';
import { demoContext, demoContextName, demoEnabled, demoSource } from '@/lib/demo';
import { type History, processHistory } from '@/lib/history';
import { log } from '@/lib/k8s/log';
import { ContextHub, type HubOptions } from '@/lib/k8s/hub';
import { configForContext, kubeContexts, loadKubeConfig } from '@/lib/k8s/kubeconfig';
import { FrontKindsDiscovery } from '@/lib/k8s/api-discovery';
import { clusterScoped, kubeListerWatcher, kubeObjectReader, kubeProbe } from '@/lib/k8s/transport';
import type { KubeContext } from '@/lib/stream/protocol';
import { metrics } from './metrics';

// Kept on globalThis: Next.js may load this module more than once (per route bundle),
// and there must still be only one hub per context.
const registry = ((globalThis as { __svcmapHubs?: Map<string, ContextHub> }).__svcmapHubs ??= new Map());
metrics.hubs.all = allHubs;
metrics.historySize.bytes = async () => serverHistory()?.size() ?? null;

/** This server's history (null when off), its recorders reporting to the metrics and the log. */
export function serverHistory(): History | null {
  return processHistory({
    recorder: (context) => ({
      onWrite: (changes, snapshotBytes, ms) => {
        metrics.historyRows.inc({ context }, changes);
        metrics.historySnapshots.inc({ context }, snapshotBytes);
        metrics.historyWrites.observe({ context }, ms / 1000);
      },
      onError: (message) => log('warn', 'history recording stopped', { context, message }),
    }),
    onPruneError: (message) => log('warn', 'history pruning failed', { message }),
  });
}

/** What every hub tells the metrics, and the history's recorder (`hub` is the hub made with these options). */
const observed = (context: string, hub: () => ContextHub): HubOptions => ({
  observer: serverHistory()?.recorder(context, () => hub().objects()),
  onPublish: (_patch, lagMs) => {
    metrics.patches.inc({ context });
    metrics.eventLag.observe({ context }, lagMs / 1000);
  },
  onList: (kind) => metrics.lists.inc({ context, kind }),
});

/** The kubeconfig's contexts, and the demo's beside them when it is on. */
export function listContexts(): KubeContext[] {
  const hasKubeConfig = loadKubeConfig() !== null;
  return [...kubeContexts(), ...(demoEnabled(hasKubeConfig) ? [demoContext(!hasKubeConfig)] : [])];
}

/** The hubs made so far (for metrics). */
export function allHubs(): ContextHub[] {
  return [...registry.values()];
}

/** The hub for a context, or null if there is no such context. */
export function hubFor(context: string): ContextHub | null {
  const existing = registry.get(context);
  if (existing) return existing;
  const hub = context === demoContextName && demoEnabled(loadKubeConfig() !== null) ? demoHub() : kubeHub(context);
  if (hub) registry.set(context, hub);
  return hub;
}

function demoHub(): ContextHub {
  const { listerWatcherFor, read, discover } = demoSource();
  const hub: ContextHub = new ContextHub(demoContextName, listerWatcherFor, { read, discover, ...observed(demoContextName, () => hub) });
  return hub;
}

function kubeHub(context: string): ContextHub | null {
  const config = configForContext(context);
  if (!config) return null;
  // SVCMAP_NAMESPACE=a,b: watch only these namespaces (nodes and namespaces are cluster-scoped and stay one watch).
  const namespaces = (process.env.SVCMAP_NAMESPACE ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const fallbackNamespace = config.getContextObject(context)?.namespace;
  const sources = (kind: WatchedKind, prefix?: string) =>
    namespaces.length === 0 || clusterScoped(kind)
      ? kubeListerWatcher(config, kind, { fallbackNamespace, prefix })
      : namespaces.map((namespace) => kubeListerWatcher(config, kind, { namespace, prefix }));
  const discovery = new FrontKindsDiscovery(config);
  const hub: ContextHub = new ContextHub(context, sources, {
    idleStopMs: Number(process.env.SVCMAP_IDLE_STOP_MS) || undefined,
    inactivityTimeoutMs: Number(process.env.SVCMAP_INACTIVITY_TIMEOUT_MS) || undefined,
    probe: kubeProbe(config),
    read: kubeObjectReader(config),
    discover: (signal) => discovery.kinds(signal),
    ...observed(context, () => hub),
  });
  return hub;
}
