// How the objects of the routing graph find each other, declared in one place and
// resolved through indexes (never by comparing every pair):
//   Service       → EndpointSlice  by label kubernetes.io/service-name in the same namespace
//   EndpointSlice → Pod            by endpoint targetRef (kind Pod), else by address = pod IP
//   Service       → Pod            by label selector, in the same namespace (who *should* be a backend)
//   NetworkPolicy → Pod            by podSelector, in the same namespace
// https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership
import { type ClusterStore, type Endpoint, type EndpointSlice, type NetworkPolicy, objectKey, type Pod, type Service } from './objects';
import { matchesLabelSelector, matchesServiceSelector } from './selectors';

export interface PodBackend {
  pod: Pod;
  matchedBy: 'targetRef' | 'ip';
}

/** An endpoint whose targetRef names a pod svcmap does not have (deleted, or not yet seen). */
export interface MissingPod {
  missing: string;
}

export interface RelationIndex {
  slicesOfService(service: Service): EndpointSlice[];
  serviceOfSlice(slice: EndpointSlice): Service | undefined;
  podOfEndpoint(slice: EndpointSlice, endpoint: Endpoint): PodBackend | MissingPod | undefined;
  podsInNamespace(namespace: string): Pod[];
  podsSelectedBy(service: Service): Pod[];
  policiesSelecting(pod: Pod): NetworkPolicy[];
}

function index(store: ClusterStore): RelationIndex {
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of store.endpointslices.values()) {
    if (slice.serviceName === undefined) continue;
    const key = objectKey({ namespace: slice.namespace, name: slice.serviceName });
    const slices = slicesByService.get(key);
    if (slices) slices.push(slice);
    else slicesByService.set(key, [slice]);
  }
  let podsByIp: Map<string, Pod> | undefined; // built on first use: most endpoints have a targetRef
  const podsByNamespace = groupByNamespace(store.pods.values());
  const policiesByNamespace = groupByNamespace(store.networkpolicies.values());

  return {
    slicesOfService: (service) => slicesByService.get(objectKey(service)) ?? [],
    serviceOfSlice: (slice) =>
      slice.serviceName === undefined
        ? undefined
        : store.services.get(objectKey({ namespace: slice.namespace, name: slice.serviceName })),
    podOfEndpoint(slice, endpoint) {
      const ref = endpoint.targetRef;
      if (ref?.kind === 'Pod') {
        const pod = store.pods.get(objectKey({ namespace: ref.namespace ?? slice.namespace, name: ref.name }));
        // A pod recreated under the same name (StatefulSet) is another pod until the slice catches up.
        if (pod && (ref.uid === undefined || ref.uid === pod.uid)) return { pod, matchedBy: 'targetRef' };
        return { missing: ref.name };
      }
      podsByIp ??= indexPodsByIp(store.pods.values());
      for (const address of endpoint.addresses) {
        const pod = podsByIp.get(address);
        if (pod) return { pod, matchedBy: 'ip' };
      }
      return undefined;
    },
    podsInNamespace: (namespace) => podsByNamespace.get(namespace) ?? [],
    podsSelectedBy: (service) => (podsByNamespace.get(service.namespace) ?? []).filter((pod) => matchesServiceSelector(service.selector, pod.labels)),
    policiesSelecting: (pod) => (policiesByNamespace.get(pod.namespace) ?? []).filter((policy) => matchesLabelSelector(policy.podSelector, pod.labels)),
  };
}

function groupByNamespace<T extends { namespace: string }>(objects: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const object of objects) {
    const group = groups.get(object.namespace);
    if (group) group.push(object);
    else groups.set(object.namespace, [object]);
  }
  return groups;
}

function indexPodsByIp(pods: Iterable<Pod>): Map<string, Pod> {
  const byIp = new Map<string, Pod>();
  for (const pod of pods) for (const ip of pod.podIPs) byIp.set(ip, pod);
  return byIp;
}

export const relations = { index };
