// How the objects of the routing graph find each other, declared in one place and
// resolved through indexes (never by comparing every pair):
//   Service       → EndpointSlice  by label kubernetes.io/service-name in the same namespace
//   EndpointSlice → Pod            by endpoint targetRef (kind Pod), else by address = pod IP
//   Service       → Pod            by label selector, in the same namespace (who *should* be a backend)
//   NetworkPolicy → Pod            by podSelector, in the same namespace
// https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership
import { byName } from './diff';
import { edgeId, nodeId } from './ids';
import { type ClusterStore, type Endpoint, type EndpointSlice, type KubeObject, type NetworkPolicy, objectKey, type Pod, type Service } from './objects';
import { matchesLabelSelector, matchesServiceSelector } from './selectors';

export interface PodBackend {
  pod: Pod;
  matchedBy: 'targetRef' | 'ip';
}

/** An endpoint whose targetRef names a pod svcmap does not have (deleted, or not yet seen). */
export interface MissingPod {
  missing: string;
}

/**
 * An endpoint as the graph draws it: its first address, the pod the graph's own join finds
 * (targetRef, else IP), and the id of the edge drawn to it (to the pod, else to the address).
 */
export function drawnEndpoint(relations: RelationIndex, slice: EndpointSlice, endpoint: Endpoint): { address: string; pod?: Pod; podId?: string; edge: string } | undefined {
  const address = endpoint.addresses[0];
  if (!address) return undefined;
  const backend = relations.podOfEndpoint(slice, endpoint);
  const pod = backend && 'pod' in backend ? backend.pod : undefined;
  const podId = pod && nodeId('Pod', pod.namespace, pod.name);
  return { address, pod, podId, edge: edgeId(nodeId('EndpointSlice', slice.namespace, slice.name), podId ?? nodeId('Address', slice.namespace, address)) };
}

export interface RelationIndex {
  slicesOfService(service: Service): EndpointSlice[];
  serviceOfSlice(slice: EndpointSlice): Service | undefined;
  podOfEndpoint(slice: EndpointSlice, endpoint: Endpoint): PodBackend | MissingPod | undefined;
  podsInNamespace(namespace: string): Pod[];
  podsSelectedBy(service: Service): Pod[];
  policiesSelecting(pod: Pod): NetworkPolicy[];
}

/**
 * The indexes, kept up to date change by change (`update`), so a patch costs what it
 * touches, not a pass over the whole store. Groups keep the store's order: an object
 * updated in place keeps its position, as it does in the store's Map.
 */
export class LiveRelationIndex implements RelationIndex {
  private readonly slicesByService = new Map<string, Map<string, EndpointSlice>>();
  private readonly servicesByNamespace = new Map<string, Map<string, Service>>();
  private readonly podsByNamespace = new Map<string, Map<string, Pod>>();
  private readonly policiesByNamespace = new Map<string, Map<string, NetworkPolicy>>();
  private podsByIp: Map<string, Pod> | undefined; // built on first use: most endpoints have a targetRef

  private readonly store: ClusterStore;

  constructor(store: ClusterStore) {
    this.store = store;
    for (const objects of [store.services, store.endpointslices, store.pods, store.networkpolicies]) {
      for (const object of objects.values()) this.update(undefined, object);
    }
  }

  /** Call with each change, after the store has taken it. */
  update(before: KubeObject | undefined, after: KubeObject | undefined): void {
    if (before?.kind === 'Pod' || after?.kind === 'Pod') this.podsByIp = undefined;
    const oldGroup = before && this.groupOf(before);
    const newGroup = after && this.groupOf(after);
    if (oldGroup && (!newGroup || oldGroup.map !== newGroup.map || oldGroup.key !== newGroup.key)) {
      const members = oldGroup.map.get(oldGroup.key);
      members?.delete(objectKey(before!));
      if (members?.size === 0) oldGroup.map.delete(oldGroup.key);
    }
    if (newGroup) {
      const members = newGroup.map.get(newGroup.key) ?? new Map<string, KubeObject>();
      members.set(objectKey(after!), after!); // in place when it was there: the store's order
      newGroup.map.set(newGroup.key, members);
    }
  }

  private groupOf(object: KubeObject): { map: Map<string, Map<string, KubeObject>>; key: string } | undefined {
    switch (object.kind) {
      case 'Service':
        return { map: this.servicesByNamespace as Map<string, Map<string, KubeObject>>, key: object.namespace };
      case 'EndpointSlice':
        if (object.serviceName === undefined) return undefined;
        return { map: this.slicesByService as Map<string, Map<string, KubeObject>>, key: objectKey({ namespace: object.namespace, name: object.serviceName }) };
      case 'Pod':
        return { map: this.podsByNamespace as Map<string, Map<string, KubeObject>>, key: object.namespace };
      case 'NetworkPolicy':
        return { map: this.policiesByNamespace as Map<string, Map<string, KubeObject>>, key: object.namespace };
      default:
        return undefined;
    }
  }

  slicesOfService(service: Service): EndpointSlice[] {
    return this.slicesNamed(service.namespace, service.name);
  }

  /**
   * The slices labelled for a Service name, whether or not that Service exists, by name: a
   * slice relabelled to a Service joins its group last, where the store has it earlier, so
   * only a sorted order is the same however the index was built.
   */
  slicesNamed(namespace: string, serviceName: string): EndpointSlice[] {
    return [...(this.slicesByService.get(objectKey({ namespace, name: serviceName }))?.values() ?? [])].sort(byName);
  }

  servicesInNamespace(namespace: string): Service[] {
    return [...(this.servicesByNamespace.get(namespace)?.values() ?? [])];
  }

  serviceOfSlice(slice: EndpointSlice): Service | undefined {
    return slice.serviceName === undefined ? undefined : this.store.services.get(objectKey({ namespace: slice.namespace, name: slice.serviceName }));
  }

  podOfEndpoint(slice: EndpointSlice, endpoint: Endpoint): PodBackend | MissingPod | undefined {
    const ref = endpoint.targetRef;
    if (ref?.kind === 'Pod') {
      const pod = this.store.pods.get(objectKey({ namespace: ref.namespace ?? slice.namespace, name: ref.name }));
      // A pod recreated under the same name (StatefulSet) is another pod until the slice catches up.
      if (pod && (ref.uid === undefined || ref.uid === pod.uid)) return { pod, matchedBy: 'targetRef' };
      return { missing: ref.name };
    }
    this.podsByIp ??= indexPodsByIp(this.store.pods.values());
    for (const address of endpoint.addresses) {
      const pod = this.podsByIp.get(address);
      if (pod) return { pod, matchedBy: 'ip' };
    }
    return undefined;
  }

  podsInNamespace(namespace: string): Pod[] {
    return [...(this.podsByNamespace.get(namespace)?.values() ?? [])];
  }

  podsSelectedBy(service: Service): Pod[] {
    return this.podsInNamespace(service.namespace).filter((pod) => matchesServiceSelector(service.selector, pod.labels));
  }

  policiesSelecting(pod: Pod): NetworkPolicy[] {
    return [...(this.policiesByNamespace.get(pod.namespace)?.values() ?? [])].filter((policy) => matchesLabelSelector(policy.podSelector, pod.labels));
  }
}

function index(store: ClusterStore): LiveRelationIndex {
  return new LiveRelationIndex(store);
}

function indexPodsByIp(pods: Iterable<Pod>): Map<string, Pod> {
  const byIp = new Map<string, Pod>();
  for (const pod of pods) for (const ip of pod.podIPs) byIp.set(ip, pod);
  return byIp;
}

export const relations = { index };
