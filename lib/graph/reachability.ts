// Who may reach a Service's backends: NetworkPolicy (lib/graph/policy) evaluated from a
// source — a pod, a workload, a namespace, or addresses outside the cluster — to every
// endpoint of every Service port, as kube-proxy would send it (the EndpointSlice's port
// number; the destination pod's name for that port, for named-port rules). The source is read
// in reachability-source.ts, the destinations are found in reachability-world.ts. Pure.
import { nodeId } from './ids';
import type { ClusterStore, Pod, Service } from './objects';
import { blockCovers, evaluate, inBlock, peerMatches, type PolicyIndex, type Port, ruleAdmits, type RuleRef, type Verdict } from './policy';
import { formatSource, sourcePods, type SourceSpec } from './reachability-source';
import { type Destination, familyOf, podEnd, ReachabilityWorld } from './reachability-world';

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
