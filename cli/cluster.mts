// The cluster as the CLI reads it: one LIST per watched kind through the same transport,
// trimming and graph code as the server (lib/k8s, lib/graph), no server and no watch.
import { KubeConfig } from '@/lib/k8s/client-node';
import { type ClusterStore, coreKinds, type FrontKind, frontKinds, isFrontKind, type KubeObject, objectKey, watchedKinds } from '@/lib/graph/objects';
import { isForbidden } from '@/lib/k8s/errors';
import { readKubeConfig } from '@/lib/k8s/kubeconfig';
import { servedFrontKinds } from '@/lib/k8s/api-discovery';
import { clusterScoped, kubeListerWatcher } from '@/lib/k8s/transport';
import { trimmers } from '@/lib/k8s/trimmers';

export class UsageError extends Error {}

/** The kubeconfig (--kubeconfig, else as kubectl finds it) with the chosen context current. */
export function kubeConfig(options: { kubeconfig?: string; context?: string }): { config: KubeConfig; context: string } {
  let config: KubeConfig | null;
  if (options.kubeconfig) {
    config = new KubeConfig();
    try {
      config.loadFromFile(options.kubeconfig);
    } catch (error) {
      throw new UsageError(`cannot read kubeconfig ${options.kubeconfig}: ${(error as Error).message}`);
    }
  } else config = readKubeConfig();
  if (!config) throw new UsageError('no kubeconfig: set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig');
  const context = options.context ?? config.getCurrentContext();
  if (!context || !config.getContextObject(context)) {
    throw new UsageError(`no context "${context}" in the kubeconfig; contexts: ${config.getContexts().map((entry) => entry.name).join(', ') || 'none'}`);
  }
  config.setCurrentContext(context);
  return { config, context };
}

/** The context's default namespace (kubectl's rule), else "default". */
export function defaultNamespace(config: KubeConfig, context: string): string {
  return config.getContextObject(context)?.namespace || 'default';
}

/**
 * Every watched kind listed once (in `namespace` only, when given; cluster-scoped kinds
 * always whole). Kinds the credentials may not list stay empty and are named in `forbidden`.
 */
export async function readCluster(config: KubeConfig, namespace?: string): Promise<{ store: ClusterStore; forbidden: string[] }> {
  const store = Object.fromEntries(watchedKinds.map((kind) => [kind, new Map<string, KubeObject>()])) as unknown as { [K in keyof ClusterStore]: Map<string, KubeObject> };
  const forbidden: string[] = [];
  const signal = AbortSignal.timeout(60_000);
  // The kinds in front of Services only where the cluster serves them (API discovery).
  const served = await servedFrontKinds(config, signal).catch(() => new Map<FrontKind, string>());
  const kinds = [...coreKinds, ...frontKinds.filter((kind) => served.has(kind))];
  await Promise.all(
    kinds.map(async (kind) => {
      const prefix = isFrontKind(kind) ? served.get(kind) : undefined;
      const source = kubeListerWatcher(config, kind, { ...(clusterScoped(kind) || !namespace ? {} : { namespace }), prefix });
      try {
        const { items } = await source.list({ resourceVersion: '', signal });
        for (const raw of items) {
          const object = trimmers[kind](raw);
          if (object) store[kind].set(objectKey(object), object);
        }
      } catch (error) {
        if (isForbidden(error)) forbidden.push(kind);
        else throw new ClusterError(`cannot list ${kind} from ${config.getCurrentCluster()?.server ?? 'the cluster'}: ${(error as Error).message}`);
      }
    }),
  );
  return { store: store as unknown as ClusterStore, forbidden };
}

export class ClusterError extends Error {}
