// Where cluster credentials come from: $KUBECONFIG (a list of files), else
// ~/.kube/config, else the in-cluster ServiceAccount. Every context is offered;
// the kubeconfig's current context is the default. Credentials never leave the server.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from './client-node';
import type { KubeContext } from '@/lib/stream/protocol';

const inClusterTokenPath = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const inClusterContextName = 'in-cluster';

let loaded: KubeConfig | null | undefined;

/** The merged kubeconfig, or null when there is none (no file, not in a cluster). */
export function loadKubeConfig(): KubeConfig | null {
  if (loaded !== undefined) return loaded;
  loaded = readKubeConfig();
  return loaded;
}

/** Reads the kubeconfig the way kubectl finds it; null when there is none. Exported for tests. */
export function readKubeConfig(): KubeConfig | null {
  const files = (process.env.KUBECONFIG ?? '').split(delimiter).filter((file) => file && existsSync(/*turbopackIgnore: true*/ file));
  const defaultFile = join(homedir(), '.kube', 'config');
  if (files.length === 0 && !process.env.KUBECONFIG && existsSync(/*turbopackIgnore: true*/ defaultFile)) files.push(defaultFile);
  if (files.length > 0) {
    const merged = new KubeConfig();
    for (const file of files) {
      const config = new KubeConfig();
      config.loadFromFile(file);
      merged.mergeConfig(config, merged.contexts.length > 0);
    }
    return merged;
  }
  // SVCMAP_IN_CLUSTER_PATH_PREFIX lets a test point at a token and CA outside /var/run.
  const prefix = process.env.SVCMAP_IN_CLUSTER_PATH_PREFIX ?? '';
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(/*turbopackIgnore: true*/ `${prefix}${inClusterTokenPath}`)) {
    const config = new KubeConfig();
    config.loadFromCluster(prefix || undefined);
    config.contexts = config.contexts.map((context) => ({ ...context, name: inClusterContextName }));
    config.setCurrentContext(inClusterContextName);
    return config;
  }
  return null;
}

/** The kubeconfig's contexts (none without a kubeconfig). */
export function kubeContexts(): KubeContext[] {
  const config = loadKubeConfig();
  if (!config) return [];
  const current = config.getCurrentContext();
  return config.getContexts().map((context) => ({
    name: context.name,
    cluster: context.cluster,
    server: config.getCluster(context.cluster)?.server,
    namespace: context.namespace,
    current: context.name === current,
  }));
}

/** A KubeConfig whose current context is the named one, or null if there is no such context. */
export function configForContext(name: string): KubeConfig | null {
  const config = loadKubeConfig();
  if (!config || !config.getContextObject(name)) return null;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: config.clusters,
    users: config.users,
    contexts: config.contexts,
    currentContext: name,
  });
  return copy;
}
