// The real ListerWatcher: list and watch requests to an apiserver, authenticated and
// TLS-configured by @kubernetes/client-node's KubeConfig, streamed with undici.
import { HttpMethod, type KubeConfig, RequestContext } from './client-node';
import { fetch } from 'undici';
import { gatewayGroup } from '@/lib/graph/gateway-objects';
import type { WatchedKind } from '@/lib/graph/objects';
import { ApiError, isForbidden } from './errors';
import { log } from './log';
import type { ListerWatcher, ListResult, RawWatchEvent } from './list-watch';

export const resourcePaths: Record<WatchedKind, { prefix: string; plural: string }> = {
  services: { prefix: '/api/v1', plural: 'services' },
  endpointslices: { prefix: '/apis/discovery.k8s.io/v1', plural: 'endpointslices' },
  pods: { prefix: '/api/v1', plural: 'pods' },
  networkpolicies: { prefix: '/apis/networking.k8s.io/v1', plural: 'networkpolicies' },
  nodes: { prefix: '/api/v1', plural: 'nodes' },
  namespaces: { prefix: '/api/v1', plural: 'namespaces' },
  // What stands in front of Services, at the version most clusters serve; API discovery
  // (servedFrontKinds in api-discovery.ts) says which the cluster serves, and at which version.
  ingressclasses: { prefix: '/apis/networking.k8s.io/v1', plural: 'ingressclasses' },
  ingresses: { prefix: '/apis/networking.k8s.io/v1', plural: 'ingresses' },
  gatewayclasses: { prefix: `/apis/${gatewayGroup}/v1`, plural: 'gatewayclasses' },
  gateways: { prefix: `/apis/${gatewayGroup}/v1`, plural: 'gateways' },
  httproutes: { prefix: `/apis/${gatewayGroup}/v1`, plural: 'httproutes' },
  grpcroutes: { prefix: `/apis/${gatewayGroup}/v1`, plural: 'grpcroutes' },
  tlsroutes: { prefix: `/apis/${gatewayGroup}/v1`, plural: 'tlsroutes' },
  tcproutes: { prefix: `/apis/${gatewayGroup}/v1alpha2`, plural: 'tcproutes' },
  udproutes: { prefix: `/apis/${gatewayGroup}/v1alpha2`, plural: 'udproutes' },
  referencegrants: { prefix: `/apis/${gatewayGroup}/v1beta1`, plural: 'referencegrants' },
};

const clusterScopedKinds = new Set<WatchedKind>(['nodes', 'namespaces', 'ingressclasses', 'gatewayclasses']);
export const clusterScoped = (kind: WatchedKind): boolean => clusterScopedKinds.has(kind);

// Consistent lists (RV "") are fetched in pages, as kubectl and client-go do.
const pageSize = 500;
// An apiserver that does not answer a list or the start of a watch in this time is treated as down.
const requestTimeoutMs = 30_000;

export interface Scope {
  /** Watch only this namespace (SVCMAP_NAMESPACE). */
  namespace?: string;
  /** The context's namespace: used when listing across all namespaces is forbidden. */
  fallbackNamespace?: string;
  /** Objects per page of a consistent list (500, as kubectl; tests use small pages). */
  pageSize?: number;
  /** The API path prefix to read the kind at ("/apis/gateway.networking.k8s.io/v1"), as discovery found it. */
  prefix?: string;
}

export function kubeListerWatcher(config: KubeConfig, kind: WatchedKind, scope: Scope = {}): ListerWatcher {
  const { plural } = resourcePaths[kind];
  const prefix = scope.prefix ?? resourcePaths[kind].prefix;
  // Nodes and Namespaces are cluster-scoped: there is no namespaced path for them.
  const namespaced = !clusterScoped(kind);
  let namespace = namespaced ? scope.namespace : undefined;
  const path = () => (namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${plural}` : `${prefix}/${plural}`);

  const listerWatcher: ListerWatcher & { note?: string } = {
    watchList: undefined,
    get namespace() {
      return namespace;
    },
    note: undefined,
    async list(options) {
      try {
        return await listAll(config, path(), options, scope.pageSize);
      } catch (error) {
        // Like kubectl with a context namespace: a user who may not list across the
        // cluster often may within their namespace. Say so, and show that much.
        if (!isForbidden(error) || namespace || !namespaced || !scope.fallbackNamespace) throw error;
        namespace = scope.fallbackNamespace;
        listerWatcher.note = `Listing ${kind} in all namespaces is forbidden; showing namespace ${namespace} only.`;
        return listAll(config, path(), options, scope.pageSize);
      }
    },

    async watch({ resourceVersion, timeoutSeconds, signal }): Promise<AsyncIterable<RawWatchEvent>> {
      const query: Record<string, string> = {
        watch: 'true',
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(timeoutSeconds),
      };
      if (resourceVersion) query.resourceVersion = resourceVersion;
      return openWatch(query, signal);
    },
  };
  // A WatchList (streaming list, served from 1.34 by default): the objects one by one, then
  // the end bookmark. SVCMAP_WATCH_LIST=0 turns it off (paged LISTs, as before 1.34).
  if (process.env.SVCMAP_WATCH_LIST !== '0') {
    listerWatcher.watchList = async ({ timeoutSeconds, signal }) => {
      const query = { watch: 'true', sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds) };
      try {
        return await openWatch(query, signal);
      } catch (error) {
        // As with a list: a user who may not watch across the cluster often may in their namespace.
        if (!isForbidden(error) || namespace || !namespaced || !scope.fallbackNamespace) throw error;
        namespace = scope.fallbackNamespace;
        listerWatcher.note = `Listing ${kind} in all namespaces is forbidden; showing namespace ${namespace} only.`;
        return openWatch(query, signal);
      }
    };
  }
  async function openWatch(query: Record<string, string>, signal: AbortSignal): Promise<AsyncIterable<RawWatchEvent>> {
    const response = await request(config, path(), query, signal);
    if (!response.body) throw new ApiError(0, 'EmptyBody', 'the watch response has no body');
    log('debug', 'watch opened', { path: path(), query });
    return readJsonLines(response.body, signal, path());
  }
  return listerWatcher;
}

/**
 * The kinds a user may open as YAML, by the name the API gives them. The watched kinds
 * plus v1 Endpoints (read only on demand, for the `kubectl get endpoints` view).
 * Secrets are not here and never will be: svcmap does not read them.
 */
export const readableKinds = {
  Service: { ...resourcePaths.services, namespaced: true },
  EndpointSlice: { ...resourcePaths.endpointslices, namespaced: true },
  Endpoints: { prefix: '/api/v1', plural: 'endpoints', namespaced: true },
  Pod: { ...resourcePaths.pods, namespaced: true },
  NetworkPolicy: { ...resourcePaths.networkpolicies, namespaced: true },
  Node: { ...resourcePaths.nodes, namespaced: false },
  Namespace: { ...resourcePaths.namespaces, namespaced: false },
  IngressClass: { ...resourcePaths.ingressclasses, namespaced: false },
  Ingress: { ...resourcePaths.ingresses, namespaced: true },
  GatewayClass: { ...resourcePaths.gatewayclasses, namespaced: false },
  Gateway: { ...resourcePaths.gateways, namespaced: true },
  HTTPRoute: { ...resourcePaths.httproutes, namespaced: true },
  GRPCRoute: { ...resourcePaths.grpcroutes, namespaced: true },
  TLSRoute: { ...resourcePaths.tlsroutes, namespaced: true },
  TCPRoute: { ...resourcePaths.tcproutes, namespaced: true },
  UDPRoute: { ...resourcePaths.udproutes, namespaced: true },
  ReferenceGrant: { ...resourcePaths.referencegrants, namespaced: true },
} as const;

export type ReadableKind = keyof typeof readableKinds;

/** One object to read: namespace is undefined for cluster-scoped kinds (Node). */
export interface ObjectRef {
  kind: ReadableKind;
  namespace?: string;
  name: string;
  /** The API path prefix discovery found for the kind, when it is not the default. */
  prefix?: string;
}

/** Reads one whole object; null when it does not exist (any more). */
export type ObjectReader = (ref: ObjectRef, signal: AbortSignal) => Promise<unknown>;

export function kubeObjectReader(config: KubeConfig): ObjectReader {
  return async ({ kind, namespace, name, prefix = readableKinds[kind].prefix }, signal) => {
    const { plural } = readableKinds[kind];
    const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    try {
      const response = await request(config, `${prefix}${scope}/${plural}/${encodeURIComponent(name)}`, {}, signal);
      return await response.json();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  };
}

/** A health check: GET /livez, which every authenticated user may read. Throws if it fails. */
export function kubeProbe(config: KubeConfig): (signal: AbortSignal) => Promise<void> {
  return async (signal) => {
    const response = await request(config, '/livez', {}, signal);
    await response.body?.cancel();
  };
}

interface ListOptions {
  resourceVersion: string;
  signal: AbortSignal;
  onProgress?: (listed: number, total?: number) => void;
}

async function listAll(config: KubeConfig, path: string, { resourceVersion, signal, onProgress }: ListOptions, limit = pageSize): Promise<ListResult> {
  const items: unknown[] = [];
  let continueToken: string | undefined;
  let listResourceVersion = '';
  do {
    const query: Record<string, string> = {};
    // RV "0" is served whole from the watch cache, which ignores limit.
    if (resourceVersion !== '') query.resourceVersion = resourceVersion;
    if (resourceVersion === '' || continueToken) query.limit = String(limit);
    if (continueToken) {
      query.continue = continueToken;
      delete query.resourceVersion;
    }
    const response = await request(config, path, query, signal);
    const body = (await response.json()) as { items?: unknown[]; metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number } };
    for (const item of body.items ?? []) items.push(item);
    listResourceVersion = body.metadata?.resourceVersion ?? listResourceVersion;
    continueToken = body.metadata?.continue || undefined;
    const remaining = body.metadata?.remainingItemCount;
    if (continueToken) onProgress?.(items.length, remaining === undefined ? undefined : items.length + remaining);
  } while (continueToken);
  return { items, resourceVersion: listResourceVersion };
}

/** A GET; throws an ApiError for an error status. `ifNoneMatch`: an ETag the caller holds; its answer may be a 304 (no body), which is returned. */
export async function request(config: KubeConfig, path: string, query: Record<string, string>, signal: AbortSignal, accept = 'application/json', ifNoneMatch?: string) {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new ApiError(0, 'NoCluster', 'the kubeconfig context names no cluster');
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);

  const context = new RequestContext(url.toString(), HttpMethod.GET);
  await config.applySecurityAuthentication(context);
  // Only the wait for response headers is bounded here; a watch's body is guarded by
  // the reflector's inactivity watchdog instead.
  const headersTimeout = new AbortController();
  const headersTimer = setTimeout(() => headersTimeout.abort(), requestTimeoutMs);
  let response;
  try {
    response = await fetch(url, {
      method: 'GET',
      headers: { ...context.getHeaders(), Accept: accept, ...(ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {}) },
      dispatcher: context.getDispatcher(),
      signal: AbortSignal.any([signal, headersTimeout.signal]),
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const detail = headersTimeout.signal.aborted ? `no answer within ${requestTimeoutMs / 1000} s` : `${error instanceof Error ? error.message : String(error)}${cause}`;
    throw new ApiError(0, 'Unreachable', `${cluster.server} did not answer (${detail})`);
  } finally {
    clearTimeout(headersTimer);
  }
  if (!response.ok && !(ifNoneMatch && response.status === 304)) {
    const text = await response.text().catch(() => '');
    let reason = response.statusText;
    let message = text.slice(0, 500) || response.statusText;
    try {
      const status = JSON.parse(text) as { reason?: string; message?: string };
      reason = status.reason ?? reason;
      message = status.message ?? message;
    } catch {
      // not a metav1.Status (a proxy's HTML page, say); keep the raw text
    }
    throw new ApiError(response.status, reason, message);
  }
  return response;
}

/** Splits a watch response (one JSON object per line) into events. */
async function* readJsonLines(body: ReadableStream<Uint8Array>, signal: AbortSignal, path: string): AsyncIterable<RawWatchEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffered = '';
  let events = 0;
  try {
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) {
          events++;
          yield JSON.parse(line) as RawWatchEvent;
        }
        newline = buffered.indexOf('\n');
      }
    }
  } finally {
    log('debug', 'watch closed', { path, events, aborted: signal.aborted });
    reader.cancel().catch(() => undefined);
  }
}
