// What reachability evaluations (reachability.ts) share for one state of the store: the
// NetworkPolicies by namespace, and every Service port's destinations — its endpoints as
// kube-proxy sends that port's traffic, each as the graph edge it is drawn as — reused from
// the previous state's world where the slice and its pods are unchanged. Pure.
import type { ClusterStore, EndpointSlice, Pod, Service } from './objects';
import { containerPortName, slicePortFor } from './ports';
import { drawnEndpoint, LiveRelationIndex, type RelationIndex } from './relations';
import { type Endpoint, namespaceLabels, PolicyIndex, type Port } from './policy';

/** A source pod as an end of a connection: hostNetwork pods are addresses (see lib/graph/policy). */
export function podEnd(pod: Pod, namespaceLabels: Record<string, string>, ip: string): Endpoint {
  return pod.hostNetwork ? { kind: 'address', ip } : { kind: 'pod', namespace: pod.namespace, labels: pod.labels, namespaceLabels, ip };
}

/** One destination endpoint of a Service port. */
export interface Destination {
  /** The slice's endpoint it stands for. */
  endpoint: EndpointSlice['endpoints'][number];
  edge: string;
  address: string;
  pod?: Pod;
  /** The pod's graph node id. */
  podId?: string;
  port: Port;
  /** The destination as an end of a connection. */
  to: Endpoint;
  family: 'IPv4' | 'IPv6';
}

export function familyOf(address: string): 'IPv4' | 'IPv6' {
  return address.includes(':') ? 'IPv6' : 'IPv4';
}

/** The endpoints of a Service's port, as kube-proxy would send that port's traffic. */
function destinations(slices: EndpointSlice[], servicePort: Service['ports'][number], relations: RelationIndex, labelsOf: (namespace: string) => Record<string, string>): Destination[] {
  const found: Destination[] = [];
  for (const slice of slices) {
    const slicePort = slicePortFor(slice, servicePort);
    if (!slicePort) continue; // a port-less slice: nothing of this port reaches its endpoints
    for (const endpoint of slice.endpoints) {
      // The graph's own join, so an edge here is the edge it draws.
      const drawn = drawnEndpoint(relations, slice, endpoint);
      if (!drawn) continue;
      const { address, pod, podId, edge } = drawn;
      const name = pod && containerPortName(pod, slicePort.port, slicePort.protocol);
      const to: Endpoint = pod ? podEnd(pod, labelsOf(pod.namespace), address) : { kind: 'address', ip: address };
      found.push({ endpoint, edge, address, pod, podId, port: { protocol: slicePort.protocol, port: slicePort.port, name }, to, family: familyOf(address) });
    }
  }
  return found;
}

/**
 * What evaluations share: the policies by namespace, and every Service port's destinations
 * (built on first use). Valid for one state of the store: a server keeps one per store
 * version, so asking again from another source costs only the evaluation.
 */
export class ReachabilityWorld {
  readonly index: PolicyIndex;
  private readonly store: ClusterStore;
  private readonly relations: RelationIndex;
  private readonly destinations = new Map<Service['ports'][number], Destination[]>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  /** Destinations by slice and Service port, to reuse in the next world while the slice and its pods are the same objects. */
  private readonly bySlice = new WeakMap<EndpointSlice, Map<string, Destination[]>>();
  private previous: ReachabilityWorld | undefined;

  /**
   * `previous`: the world of an earlier state of the same store. Its destinations are reused
   * where the slice and its pods are unchanged (the store replaces an object when it changes),
   * unless namespaces changed; its policy keys are reused unless policies changed.
   */
  constructor(store: ClusterStore, previous?: ReachabilityWorld, changed: { namespaces?: boolean; policies?: boolean } = {}, relations: RelationIndex = new LiveRelationIndex(store)) {
    this.store = store;
    this.relations = relations;
    this.previous = previous && !changed.namespaces ? previous : undefined;
    // Only one world back: the one before that has nothing this one can use.
    if (previous) previous.previous = undefined;
    this.index = previous && !changed.policies ? previous.index : new PolicyIndex(store.networkpolicies.values());
    if (previous && !changed.policies && !changed.namespaces) this.ingressKeys = previous.ingressKeys;
  }

  labelsOf = (namespace: string): Record<string, string> => {
    let labels = this.namespaceLabels.get(namespace);
    if (!labels) this.namespaceLabels.set(namespace, (labels = namespaceLabels(this.store, namespace)));
    return labels;
  };

  /** The Service's ports, or the one named or numbered `port`. */
  portsOf(service: Service, port?: string): Service['ports'] {
    return port === undefined ? service.ports : service.ports.filter((servicePort) => String(servicePort.port) === port || servicePort.name === port);
  }

  /** What decides a verdict on the destination's side: the policies selecting it for ingress, the port, the family. */
  ingressKeyOf(destination: Destination): string {
    let key = this.ingressKeys.get(destination);
    if (key === undefined) {
      const to = destination.to;
      const policies = to.kind === 'pod' ? this.index.selecting(to, 'ingress').map((policy) => `${policy.namespace}/${policy.name}`).join(',') : '-';
      key = `${policies}|${destination.port.protocol}/${destination.port.port}/${destination.port.name ?? ''}|${destination.family}`;
      this.ingressKeys.set(destination, key);
    }
    return key;
  }
  private readonly ingressKeys: WeakMap<Destination, string> = new WeakMap();

  destinationsOf(service: Service, servicePort: Service['ports'][number]): Destination[] {
    let found = this.destinations.get(servicePort);
    if (found) return found;
    const portKey = `${servicePort.name ?? ''}|${servicePort.protocol}`;
    found = [];
    for (const slice of this.relations.slicesOfService(service)) {
      let ofSlice = this.reusable(slice, portKey);
      if (!ofSlice) ofSlice = destinations([slice], servicePort, this.relations, this.labelsOf);
      const kept = this.bySlice.get(slice) ?? new Map<string, Destination[]>();
      kept.set(portKey, ofSlice);
      this.bySlice.set(slice, kept);
      for (const destination of ofSlice) found.push(destination);
    }
    this.destinations.set(servicePort, found);
    return found;
  }

  /** The previous world's destinations of this slice and port, if its pods are still the same objects. */
  private reusable(slice: EndpointSlice, portKey: string): Destination[] | undefined {
    const kept = this.previous?.bySlice.get(slice)?.get(portKey);
    if (!kept) return undefined;
    for (const destination of kept) {
      const backend = this.relations.podOfEndpoint(slice, destination.endpoint);
      if ((backend && 'pod' in backend ? backend.pod : undefined) !== destination.pod) return undefined;
    }
    return kept;
  }

}
