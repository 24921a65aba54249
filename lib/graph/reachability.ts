// Who may reach a Service's backends: NetworkPolicy (lib/graph/policy) evaluated from a
// source — a pod, a workload, a namespace, or addresses outside the cluster — to every
// endpoint of every Service port, as kube-proxy would send it (the EndpointSlice's port
// number; the destination pod's name for that port, for named-port rules). Pure.
import { edgeId, nodeId } from './ids';
import type { ClusterStore, EndpointSlice, Pod, Service } from './objects';
import { objectKey } from './objects';
import { containerPortName, slicePortFor } from './ports';
import { LiveRelationIndex, type RelationIndex } from './relations';
import { blockCovers, type Endpoint, evaluate, inBlock, namespaceLabels, parseCidr, peerMatches, PolicyIndex, type Port, ruleAdmits, type RuleRef, type Verdict } from './policy';

export type SourceSpec =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'workload'; namespace: string; workloadKind: string; name: string }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'cidr'; cidr: string };

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `pod:NS/NAME`, `workload:NS/KIND/NAME`, `namespace:NS` or `cidr:ADDRESS[/PREFIX]`. */
export function parseSource(text: string): { ok: true; value: SourceSpec } | { ok: false; message: string } {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const parts = rest.split('/');
  const usage = 'Use pod:NAMESPACE/NAME, workload:NAMESPACE/KIND/NAME (e.g. workload:shop/Deployment/frontend), namespace:NAME or cidr:ADDRESS[/PREFIX].';
  if (kind === 'pod' && parts.length === 2 && dnsLabel.test(parts[0]!) && dnsName.test(parts[1]!)) return { ok: true, value: { kind, namespace: parts[0]!, name: parts[1]! } };
  if (kind === 'workload' && parts.length === 3 && dnsLabel.test(parts[0]!) && /^[A-Z][A-Za-z]{1,62}$/.test(parts[1]!) && dnsName.test(parts[2]!)) {
    return { ok: true, value: { kind, namespace: parts[0]!, workloadKind: parts[1]!, name: parts[2]! } };
  }
  if (kind === 'namespace' && parts.length === 1 && dnsLabel.test(rest)) return { ok: true, value: { kind, namespace: rest } };
  if (kind === 'cidr') {
    const range = parseCidr(rest);
    if (range) return { ok: true, value: { kind, cidr: rest.includes('/') ? rest : `${rest}/${range.bits}` } };
    return { ok: false, message: `"${rest.slice(0, 64)}" is not an IP address or CIDR. ${usage}` };
  }
  return { ok: false, message: `Source "${text.slice(0, 80)}" is not understood. ${usage}` };
}

export function formatSource(source: SourceSpec): string {
  if (source.kind === 'pod') return `pod:${source.namespace}/${source.name}`;
  if (source.kind === 'workload') return `workload:${source.namespace}/${source.workloadKind}/${source.name}`;
  if (source.kind === 'namespace') return `namespace:${source.namespace}`;
  return `cidr:${source.cidr}`;
}

export type ReachState = 'allowed' | 'blocked' | 'partial';

export interface EndpointReach {
  /** The graph edge this endpoint is drawn as (slice → pod or address). */
  edge: string;
  address: string;
  pod?: string;
  state: ReachState;
  /** Of the source's pods (or 1 for addresses), how many may connect. */
  allowedSources: number;
  sources: number;
  allowedBy: (RuleRef & { direction: 'ingress' | 'egress' })[];
  isolatedBy: string[];
  egressIsolatedBy: string[];
  reason: string;
}

export interface PortReach {
  port: number;
  name?: string;
  protocol: string;
  endpoints: EndpointReach[];
}

export interface ServiceReach {
  service: string;
  /** Over every endpoint and port; `none` when the Service has no endpoint to reach. */
  state: ReachState | 'none';
  ports: PortReach[];
}

export interface Reachability {
  from: string;
  /** What the source stands for, in words ("3 pods of Deployment shop/frontend"). */
  description: string;
  sources: number;
  /** Whether each Service port lists its endpoints' verdicts (with service=), or only the edges carry them. */
  detailed: boolean;
  services: ServiceReach[];
  /** Per drawn endpoint edge, over the Service's ports. */
  edges: Record<string, { state: ReachState; reason: string }>;
}

/** A source pod as an end of a connection: hostNetwork pods are addresses (see lib/graph/policy). */
function podEnd(pod: Pod, namespaceLabels: Record<string, string>, ip: string): Endpoint {
  return pod.hostNetwork ? { kind: 'address', ip } : { kind: 'pod', namespace: pod.namespace, labels: pod.labels, namespaceLabels, ip };
}


export class ReachabilityError extends Error {}

/** The pods a source stands for (running, with an address), and how to say it. */
export function sourcePods(store: ClusterStore, source: SourceSpec): { pods: Pod[]; description: string } {
  if (source.kind === 'cidr') return { pods: [], description: `addresses in ${source.cidr}` };
  const inNamespace = [...store.pods.values()].filter((pod) => pod.namespace === source.namespace && pod.podIPs.length > 0 && !pod.deletionTimestamp);
  if (source.kind === 'pod') {
    const pod = store.pods.get(objectKey(source));
    if (!pod) throw new ReachabilityError(`Pod ${source.namespace}/${source.name} does not exist (or is not watched).`);
    if (pod.podIPs.length === 0) throw new ReachabilityError(`Pod ${source.namespace}/${source.name} has no IP yet: it cannot open connections.`);
    return { pods: [pod], description: `pod ${source.namespace}/${source.name}` };
  }
  if (source.kind === 'workload') {
    const pods = inNamespace.filter((pod) => pod.workload?.kind === source.workloadKind && pod.workload.name === source.name);
    if (pods.length === 0) throw new ReachabilityError(`${source.workloadKind} ${source.namespace}/${source.name} has no running pod with an IP.`);
    return { pods, description: `${pods.length === 1 ? '1 pod' : `${pods.length} pods`} of ${source.workloadKind} ${source.namespace}/${source.name}` };
  }
  if (inNamespace.length === 0) throw new ReachabilityError(`Namespace ${source.namespace} has no running pod with an IP.`);
  return { pods: inNamespace, description: `${inNamespace.length === 1 ? 'the 1 pod' : `all ${inNamespace.length} pods`} in namespace ${source.namespace}` };
}

/** One destination endpoint of a Service port. */
interface Destination {
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

function familyOf(address: string): 'IPv4' | 'IPv6' {
  return address.includes(':') ? 'IPv6' : 'IPv4';
}


/** The endpoints of a Service's port, as kube-proxy would send that port's traffic. */
function destinations(slices: EndpointSlice[], servicePort: Service['ports'][number], relations: RelationIndex, labelsOf: (namespace: string) => Record<string, string>): Destination[] {
  const found: Destination[] = [];
  for (const slice of slices) {
    const slicePort = slicePortFor(slice, servicePort);
    if (!slicePort) continue; // a port-less slice: nothing of this port reaches its endpoints
    const sliceId = nodeId('EndpointSlice', slice.namespace, slice.name);
    for (const endpoint of slice.endpoints) {
      const address = endpoint.addresses[0];
      if (!address) continue;
      // The graph's own join (targetRef, else IP), so an edge here is the edge it draws.
      const backend = relations.podOfEndpoint(slice, endpoint);
      const pod = backend && 'pod' in backend ? backend.pod : undefined;
      const name = pod && containerPortName(pod, slicePort.port, slicePort.protocol);
      const podId = pod && nodeId('Pod', pod.namespace, pod.name);
      const to: Endpoint = pod ? podEnd(pod, labelsOf(pod.namespace), address) : { kind: 'address', ip: address };
      found.push({ endpoint, edge: edgeId(sliceId, podId ?? nodeId('Address', slice.namespace, address)), address, pod, podId, port: { protocol: slicePort.protocol, port: slicePort.port, name }, to, family: familyOf(address) });
    }
  }
  return found;
}

/**
 * The source's reach to every endpoint of the Services asked for (all when `services` is
 * undefined), on one port (`port`: number or name of the Service port) or all of them.
 */
export function reachability(store: ClusterStore, source: SourceSpec, services?: Service[], port?: string, world = new ReachabilityWorld(store), detail = services !== undefined): Reachability {
  const { pods, description } = sourcePods(store, source);
  const answerOf = source.kind === 'cidr' ? (destination: Destination) => rangeAnswer(world.index, source.cidr, destination) : podAnswers(world, store, sourceGroups(store, pods));
  const edges = new Map<string, EdgeMark>();
  const result: ServiceReach[] = [];
  for (const service of services ?? store.services.values()) {
    let state: ServiceReach['state'] = 'none';
    const ports: PortReach[] = [];
    for (const servicePort of world.portsOf(service, port)) {
      const endpoints: EndpointReach[] = [];
      for (const destination of world.destinationsOf(service, servicePort)) {
        const answer = answerOf(destination);
        const previous = edges.get(destination.edge);
        // One edge per endpoint, over the Service's ports: the answer's own mark unless the ports disagree.
        if (!previous) edges.set(destination.edge, answer.mark);
        else if (previous.state !== answer.state || previous.reason !== answer.reason) edges.set(destination.edge, { state: combine(previous.state, answer.state), reason: previous.state === answer.state ? previous.reason : `${previous.reason}; ${answer.reason}` });
        state = state === 'none' ? answer.state : combine(state, answer.state);
        if (detail) endpoints.push(endpointReach(destination, answer));
      }
      ports.push({ port: servicePort.port, name: servicePort.name, protocol: servicePort.protocol, endpoints });
    }
    result.push({ service: nodeId('Service', service.namespace, service.name), state, ports });
  }
  return { from: formatSource(source), description, sources: source.kind === 'cidr' ? 1 : pods.length, detailed: detail, services: result, edges: Object.fromEntries(edges) };
}

type EdgeMark = { state: ReachState; reason: string };
/** The verdict for a destination, shared by every destination alike in what decides it. */
type Answer = Omit<EndpointReach, 'edge' | 'address' | 'pod'> & { mark: EdgeMark };

function endpointReach(destination: Destination, answer: Answer): EndpointReach {
  const { state, allowedSources, sources, allowedBy, isolatedBy, egressIsolatedBy, reason } = answer;
  return { edge: destination.edge, address: destination.address, pod: destination.podId, state, allowedSources, sources, allowedBy, isolatedBy, egressIsolatedBy, reason };
}

function answer(fields: Omit<Answer, 'mark'>): Answer {
  return { ...fields, mark: { state: fields.state, reason: fields.reason } };
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

/** One row of "who may reach this Service": a namespace, or one workload of it, and its reach per Service port. */
export interface AccessRow {
  /** A source the page and the API take (`namespace:shop`, `workload:shop/Deployment/web`, `cidr:0.0.0.0/0`). */
  source: string;
  label: string;
  pods: number;
  ports: { port: string; state: ReachState | 'none' }[];
}

/**
 * Who may reach a Service, compactly: every namespace with running pods, as one row when
 * all its workloads get the same answer, else a row per workload; and addresses outside the
 * cluster (any IPv4 address).
 */
export function whoMayReach(store: ClusterStore, service: Service, world = new ReachabilityWorld(store)): AccessRow[] {
  const byWorkload = new Map<string, { namespace: string; source: string; label: string; pods: Pod[] }>();
  for (const pod of store.pods.values()) {
    if (pod.podIPs.length === 0 || pod.deletionTimestamp) continue;
    const workload = pod.workload ?? { kind: 'Pod', name: pod.name };
    const key = `${pod.namespace}/${workload.kind}/${workload.name}`;
    const source = workload.kind === 'Pod' ? `pod:${pod.namespace}/${pod.name}` : `workload:${key}`;
    const entry = byWorkload.get(key) ?? { namespace: pod.namespace, source, label: `${workload.kind} ${workload.name}`, pods: [] };
    entry.pods.push(pod);
    byWorkload.set(key, entry);
  }
  const portLabel = (port: Service['ports'][number]) => `${port.port}/${port.protocol}`;
  // Per Service port: how the Service's endpoints answer these sources, over all of them.
  const statesOf = (answerOf: (destination: Destination) => Answer) =>
    world.portsOf(service).map((port) => ({ port: portLabel(port), state: world.destinationsOf(service, port).map((destination) => answerOf(destination).state).reduce<ReachState | 'none'>((sum, state) => (sum === 'none' ? state : combine(sum, state)), 'none') }));
  const states = (pods: Pod[]) => statesOf(podAnswers(world, store, sourceGroups(store, pods)));
  const rows: AccessRow[] = [];
  const namespaces = [...new Set([...byWorkload.values()].map((entry) => entry.namespace))].sort();
  for (const namespace of namespaces) {
    const workloads = [...byWorkload.values()].filter((entry) => entry.namespace === namespace).sort((a, b) => (a.label < b.label ? -1 : 1));
    const answers = workloads.map((entry) => ({ ...entry, ports: states(entry.pods) }));
    const same = answers.every((answer) => JSON.stringify(answer.ports) === JSON.stringify(answers[0]!.ports));
    if (same) rows.push({ source: `namespace:${namespace}`, label: `namespace ${namespace}${answers.length > 1 ? ` (all ${answers.length} workloads)` : ''}`, pods: answers.reduce((sum, answer) => sum + answer.pods.length, 0), ports: answers[0]!.ports });
    else for (const answer of answers) rows.push({ source: answer.source, label: `${namespace}: ${answer.label}`, pods: answer.pods.length, ports: answer.ports });
  }
  rows.push({ source: 'cidr:0.0.0.0/0', label: 'outside the cluster (any IPv4 address)', pods: 0, ports: statesOf((destination) => rangeAnswer(world.index, '0.0.0.0/0', destination)) });
  return rows;
}

function combine(a: ReachState, b: ReachState): ReachState {
  return a === b ? a : 'partial';
}

/**
 * Source pods that no policy can tell apart — same namespace, labels, hostNetwork, and the
 * same answer to every ipBlock — are evaluated once.
 */
interface SourceGroup {
  representative: Pod;
  count: number;
}

function sourceGroups(store: ClusterStore, pods: Pod[]): SourceGroup[] {
  const blocks = [...store.networkpolicies.values()].flatMap((policy) => [...policy.ingress, ...policy.egress]).flatMap((rule) => rule.peers.flatMap((peer) => (peer.ipBlock ? [peer.ipBlock] : [])));
  const groups = new Map<string, SourceGroup>();
  for (const pod of pods) {
    const signature = JSON.stringify([pod.namespace, Object.entries(pod.labels).sort(), pod.hostNetwork ?? false, pod.podIPs.map((ip) => blocks.map((block) => inBlock(ip, block)))]);
    const group = groups.get(signature);
    if (group) group.count++;
    else groups.set(signature, { representative: pod, count: 1 });
  }
  return [...groups.values()];
}


/**
 * Reach from a set of source pods to one destination after another. What decides a verdict
 * is few things — the policies that select the destination, the port, and (for sources
 * isolated for egress) which egress rules' peers match the destination — so destinations
 * alike in those are evaluated once: one source against 10,000 endpoints stays cheap.
 */
function podAnswers(world: ReachabilityWorld, store: ClusterStore, groups: SourceGroup[]): (destination: Destination) => Answer {
  const index = world.index;
  const ends = groups.map((group) => ({ group, egress: group.representative.hostNetwork ? [] : index.selecting(group.representative, 'egress') }));
  const egressRules = [...new Set(ends.flatMap((end) => end.egress))].flatMap((policy) => policy.egress.map((rule) => ({ rule, namespace: policy.namespace })));
  const answers = new Map<string, Answer>();
  return (destination) => {
    const to = destination.to;
    let key = world.ingressKeyOf(destination);
    if (egressRules.length > 0) {
      key += '|';
      for (const { rule, namespace } of egressRules) key += rule.peers.length === 0 || rule.peers.some((peer) => peerMatches(peer, namespace, to)) ? '1' : '0';
    }
    let found = answers.get(key);
    if (!found) {
      let allowedSources = 0;
      let sources = 0;
      const verdicts: { verdict: Verdict; pod: Pod }[] = [];
      for (const { group } of ends) {
        const pod = group.representative;
        const ip = pod.podIPs.find((candidate) => familyOf(candidate) === destination.family) ?? pod.podIPs[0]!;
        const verdict = evaluate(index, podEnd(pod, world.labelsOf(pod.namespace), ip), to, destination.port);
        sources += group.count;
        if (verdict.allowed) allowedSources += group.count;
        verdicts.push({ verdict, pod });
      }
      const state: ReachState = allowedSources === sources ? 'allowed' : allowedSources === 0 ? 'blocked' : 'partial';
      const sample = verdicts.find((entry) => entry.verdict.allowed !== (state === 'blocked')) ?? verdicts[0]!;
      found = answer({ state, allowedSources, sources, ...explain(sample.verdict, `${sample.pod.namespace}/${sample.pod.name}`, destination.port, state, allowedSources, sources) });
      answers.set(key, found);
    }
    return found;
  };
}

const portText = (port: Port) => `${port.protocol} ${port.port}${port.name ? ` (${port.name})` : ''}`;

function explain(verdict: Verdict, who: string, port: Port, state: ReachState, allowed: number, total: number) {
  const allowedBy = [...verdict.ingress.allowedBy.map((rule) => ({ ...rule, direction: 'ingress' as const })), ...verdict.egress.allowedBy.map((rule) => ({ ...rule, direction: 'egress' as const }))];
  const parts: string[] = [];
  if (!verdict.egress.allowed) parts.push(`egress of ${who} is isolated by ${verdict.egress.isolatedBy.join(', ')}; no rule lets it out to ${portText(port)}`);
  if (!verdict.ingress.allowed) parts.push(`isolated by ${verdict.ingress.isolatedBy.join(', ')}; no rule admits ${who} on ${portText(port)}`);
  if (parts.length === 0) {
    const rules = allowedBy.map((rule) => `${rule.policy} ${rule.direction} rule ${rule.rule + 1}`);
    parts.push(rules.length > 0 ? `allowed by ${rules.join(', ')}` : 'allowed: no NetworkPolicy isolates either end');
  }
  const share = state === 'partial' ? `${allowed} of ${total} source pods allowed; e.g. ${who}: ` : '';
  return { allowedBy, isolatedBy: verdict.ingress.isolatedBy, egressIsolatedBy: verdict.egress.isolatedBy, reason: `${share}${parts.join('; ')}` };
}

/** Addresses outside the cluster: only ingress applies; an ipBlock may admit all of the range, part, or none. */
function rangeAnswer(index: PolicyIndex, cidr: string, destination: Destination): Answer {
  const to = destination.to;
  if (to.kind !== 'pod') return answer({ state: 'allowed', allowedSources: 1, sources: 1, allowedBy: [], isolatedBy: [], egressIsolatedBy: [], reason: 'allowed: the destination is not a pod, no NetworkPolicy applies' });
  const isolatedBy = index.selecting(to, 'ingress');
  const names = isolatedBy.map((policy) => `${policy.namespace}/${policy.name}`);
  if (isolatedBy.length === 0) return answer({ state: 'allowed', allowedSources: 1, sources: 1, allowedBy: [], isolatedBy: [], egressIsolatedBy: [], reason: 'allowed: no NetworkPolicy isolates the destination' });
  let state = 'blocked' as ReachState;
  const allowedBy: EndpointReach['allowedBy'] = [];
  for (const policy of isolatedBy) {
    policy.ingress.forEach((rule, number) => {
      // Port first; then how much of the range the rule's peers cover (pod peers never match addresses).
      if (!ruleAdmits({ peers: [], ports: rule.ports }, policy.namespace, to, destination.port)) return;
      const cover = rule.peers.length === 0 ? 'all' : rule.peers.map((peer) => (peer.ipBlock ? blockCovers(peer.ipBlock, cidr) : 'none')).reduce((a, b) => (a === 'all' || b === 'all' ? 'all' : a === 'some' || b === 'some' ? 'some' : 'none'));
      if (cover === 'none') return;
      allowedBy.push({ policy: `${policy.namespace}/${policy.name}`, rule: number, direction: 'ingress' });
      state = cover === 'all' ? 'allowed' : state === 'allowed' ? 'allowed' : 'partial';
    });
  }
  const rules = allowedBy.map((rule) => `${rule.policy} ingress rule ${rule.rule + 1}`).join(', ');
  const reason =
    state === 'allowed' ? `allowed by ${rules}` : state === 'partial' ? `only part of ${cidr} is admitted, by ${rules}` : `isolated by ${names.join(', ')}; no rule admits ${cidr} on ${portText(destination.port)}`;
  return answer({ state, allowedSources: state === 'blocked' ? 0 : 1, sources: 1, allowedBy, isolatedBy: names, egressIsolatedBy: [], reason });
}
