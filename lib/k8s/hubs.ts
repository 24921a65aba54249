// The process-wide registry of hubs, one per kubeconfig context, so every tab and
// every user of this server shares the same watches.
import type { WatchedKind } from '@/lib/graph/objects';
import { ClusterHub } from './hub';
import { demoContextName, demoEnabled, demoHub } from '@/lib/demo';
import { configForContext, loadKubeConfig } from './kubeconfig';
import { clusterScoped, kubeListerWatcher, kubeObjectReader, kubeProbe } from './transport';

// Kept on globalThis: Next.js may load this module more than once (per route bundle),
// and there must still be only one hub per cluster.
const registry = ((globalThis as { __svcmapHubs?: Map<string, ClusterHub> }).__svcmapHubs ??= new Map());

/** The hubs made so far (for metrics). */
export function allHubs(): ClusterHub[] {
  return [...registry.values()];
}

/** The hub for a context, or null if the kubeconfig has no such context. */
export function hubFor(context: string): ClusterHub | null {
  const existing = registry.get(context);
  if (existing) return existing;
  if (context === demoContextName && demoEnabled(loadKubeConfig() !== null)) {
    const hub = demoHub();
    registry.set(context, hub);
    return hub;
  }
  const config = configForContext(context);
  if (!config) return null;
  // SVCMAP_NAMESPACE=a,b: watch only these namespaces (nodes and namespaces are cluster-scoped and stay one watch).
  const namespaces = (process.env.SVCMAP_NAMESPACE ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const fallbackNamespace = config.getContextObject(context)?.namespace;
  const sources = (kind: WatchedKind) =>
    namespaces.length === 0 || clusterScoped(kind)
      ? kubeListerWatcher(config, kind, { fallbackNamespace })
      : namespaces.map((namespace) => kubeListerWatcher(config, kind, { namespace }));
  const hub = new ClusterHub(context, sources, {
    idleStopMs: Number(process.env.SVCMAP_IDLE_STOP_MS) || undefined,
    inactivityTimeoutMs: Number(process.env.SVCMAP_INACTIVITY_TIMEOUT_MS) || undefined,
    probe: kubeProbe(config),
    read: kubeObjectReader(config),
  });
  registry.set(context, hub);
  return hub;
}
