// API discovery: which of the kinds in front of Services (Ingress, the Gateway API) a cluster
// serves, and the API path prefix to read each at — the group's preferred version when it
// serves the kind, else the first version that does. One request where the apiserver offers
// aggregated discovery (apidiscovery.k8s.io/v2, Kubernetes 1.30 and later: every group,
// version and resource in one answer); else the group list and a request per served version
// of the two groups, as older apiservers need.
// https://kubernetes.io/docs/concepts/overview/kubernetes-api/#aggregated-discovery
import type { KubeConfig } from './client-node';
import { gatewayGroup } from '@/lib/graph/gateway-objects';
import { type FrontKind, frontKinds } from '@/lib/graph/objects';
import { request, resourcePaths } from './transport';

const groupsOfInterest = new Set(['networking.k8s.io', gatewayGroup]);
// Aggregated discovery first (v2, then v2beta1 for 1.27–1.29), the plain group list otherwise.
const accept = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList, as much of it as is read here. */
interface AggregatedList {
  kind: 'APIGroupDiscoveryList';
  items?: { metadata?: { name?: string }; versions?: { version: string; resources?: { resource: string }[] }[] }[];
}
/** v1 APIGroupList. */
interface GroupList {
  kind?: 'APIGroupList';
  groups?: { name: string; versions?: { groupVersion: string }[]; preferredVersion?: { groupVersion: string } }[];
}

/**
 * Asks a context's discovery again and again (every 30 s): an aggregated answer comes with an
 * ETag, and asked with it, an apiserver whose APIs did not change answers 304 with no body —
 * the answer before holds (no list of every group and resource to read each time).
 */
export class FrontKindsDiscovery {
  private notModified = 0;
  private last: { etag: string; kinds: Map<FrontKind, string> } | undefined;
  private readonly config: KubeConfig;

  constructor(config: KubeConfig) {
    this.config = config;
  }

  /** Answers 304 so far (the APIs had not changed). */
  get unchanged(): number {
    return this.notModified;
  }

  async kinds(signal: AbortSignal): Promise<Map<FrontKind, string>> {
    const response = await request(this.config, '/apis', {}, signal, accept, this.last?.etag);
    if (response.status === 304 && this.last) {
      this.notModified++;
      return new Map(this.last.kinds);
    }
    const answer = (await response.json()) as AggregatedList | GroupList;
    if (answer.kind !== 'APIGroupDiscoveryList') {
      this.last = undefined;
      return frontKindsByGroup(this.config, answer, signal);
    }
    const kinds = frontKindsFromAggregated(answer);
    const etag = response.headers.get('etag');
    this.last = etag ? { etag, kinds: new Map(kinds) } : undefined;
    return kinds;
  }
}

/** Asked once; `aggregated: false` asks as an apiserver without aggregated discovery is asked (tests compare the two). */
export async function servedFrontKinds(config: KubeConfig, signal: AbortSignal, { aggregated = true } = {}): Promise<Map<FrontKind, string>> {
  if (aggregated) return new FrontKindsDiscovery(config).kinds(signal);
  const answer = (await (await request(config, '/apis', {}, signal)).json()) as GroupList;
  return frontKindsByGroup(config, answer, signal);
}

/** The old way: the group list, then a request per served version of the two groups. */
async function frontKindsByGroup(config: KubeConfig, answer: GroupList, signal: AbortSignal): Promise<Map<FrontKind, string>> {
  const versions: { group: string; groupVersion: string; resources: string[] }[] = [];
  for (const group of answer.groups ?? []) {
    if (!groupsOfInterest.has(group.name)) continue;
    const named = [group.preferredVersion?.groupVersion, ...(group.versions ?? []).map((version) => version.groupVersion)].filter((version): version is string => !!version);
    for (const groupVersion of new Set(named)) {
      const list = (await (await request(config, `/apis/${groupVersion}`, {}, signal)).json()) as { resources?: { name: string }[] };
      versions.push({ group: group.name, groupVersion, resources: (list.resources ?? []).map((resource) => resource.name) });
    }
  }
  return frontKindsIn(versions);
}

/** The kinds an aggregated discovery answer serves (its versions are listed preferred first). */
export function frontKindsFromAggregated(list: AggregatedList): Map<FrontKind, string> {
  return frontKindsIn(
    (list.items ?? []).flatMap((group) => {
      const name = group.metadata?.name ?? '';
      if (!groupsOfInterest.has(name)) return [];
      return (group.versions ?? []).map((version) => ({ group: name, groupVersion: `${name}/${version.version}`, resources: (version.resources ?? []).map((resource) => resource.resource) }));
    }),
  );
}

/** Each front kind at the first version (in preference order) that serves it. */
function frontKindsIn(versions: { group: string; groupVersion: string; resources: string[] }[]): Map<FrontKind, string> {
  const served = new Map<FrontKind, string>();
  const byPlural = new Map(frontKinds.map((kind) => [resourcePaths[kind].plural, kind]));
  for (const { group, groupVersion, resources } of versions) {
    for (const resource of resources) {
      const kind = byPlural.get(resource);
      if (kind && !served.has(kind) && resourcePaths[kind].prefix.startsWith(`/apis/${group}/`)) served.set(kind, `/apis/${groupVersion}`);
    }
  }
  return served;
}
