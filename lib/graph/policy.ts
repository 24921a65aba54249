// NetworkPolicy (networking.k8s.io/v1) evaluated for one connection: may this source open
// this port on this destination? Pure; checked case for case against cyclonus's matcher
// (test/oracle/netpol, lib/graph/policy.oracle.test.ts).
// https://kubernetes.io/docs/concepts/services-networking/network-policies/
//
// The API's rules, as applied here:
// - A pod is isolated for ingress (egress) when a policy in its namespace selects it and
//   lists Ingress (Egress) in policyTypes; then only what some rule of those policies
//   admits gets in (out). Policies add up: a connection is allowed in a direction when the
//   pod is not isolated there or any rule of any selecting policy admits it. A connection
//   needs both: egress from the source and ingress to the destination.
// - A rule admits when one of its peers matches (no peers: every peer) and one of its ports
//   matches (no ports: every port). A peer is podSelector AND namespaceSelector (a missing
//   namespaceSelector means the policy's own namespace; a missing podSelector every pod),
//   or an ipBlock: the CIDR minus its excepts.
// - A port entry matches its protocol (default TCP) and a number, a range up to endPort, or
//   a name: the destination pod's container port of that name (egress too: the name is the
//   port's on the destination, so it never matches a destination outside the cluster).
// Where the API leaves it to the network plugin, svcmap decides as cyclonus does:
// - ipBlock also matches pod IPs (most plugins do; the API says ipBlock is meant for
//   addresses outside the cluster).
// - hostNetwork pods are addresses, not pods: no policy selects them and pod/namespace
//   peers do not match them, only ipBlocks (the API: "undefined for hostNetwork pods";
//   most plugins treat them as the node).
import type { LabelSelector } from './selectors';
import { matchesLabelSelector } from './selectors';
import type { ClusterStore, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from './objects';
import { objectKey } from './objects';

/** One end of a connection: a pod (its namespace's labels for namespaceSelectors) or an address. */
export type Endpoint =
  | { kind: 'pod'; namespace: string; labels: Record<string, string>; namespaceLabels: Record<string, string>; ip: string }
  | { kind: 'address'; ip: string };

/** The destination port as the destination pod declares it: number, protocol, and its name if it has one. */
export interface Port {
  protocol: string;
  port: number;
  name?: string;
}

export type Direction = 'ingress' | 'egress';

/** A rule that admits the connection: policy (namespace/name) and the rule's index in spec.ingress / spec.egress. */
export interface RuleRef {
  policy: string;
  rule: number;
}

export interface DirectionVerdict {
  allowed: boolean;
  /** The policies that isolate this end (namespace/name), sorted; empty: not isolated. */
  isolatedBy: string[];
  /** The rules that admit the connection, in policy then rule order. */
  allowedBy: RuleRef[];
}

export interface Verdict {
  allowed: boolean;
  ingress: DirectionVerdict;
  egress: DirectionVerdict;
}

/** A namespace's labels; without the Namespace object (not watched, or forbidden), the one label the apiserver always sets. */
export function namespaceLabels(store: ClusterStore, namespace: string): Record<string, string> {
  return store.namespaces.get(objectKey({ namespace: '', name: namespace }))?.labels ?? { 'kubernetes.io/metadata.name': namespace };
}

/** The policies of a cluster, by namespace, for repeated evaluation. */
export class PolicyIndex {
  private readonly byNamespace = new Map<string, NetworkPolicy[]>();

  constructor(policies: Iterable<NetworkPolicy>) {
    for (const policy of policies) {
      const list = this.byNamespace.get(policy.namespace) ?? [];
      list.push(policy);
      this.byNamespace.set(policy.namespace, list);
    }
    for (const list of this.byNamespace.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  inNamespace(namespace: string): readonly NetworkPolicy[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** The policies that select a pod for a direction (policyTypes lists it). */
  selecting(pod: { namespace: string; labels: Record<string, string> }, direction: Direction): NetworkPolicy[] {
    const type = direction === 'ingress' ? 'Ingress' : 'Egress';
    return this.inNamespace(pod.namespace).filter((policy) => policy.policyTypes.includes(type) && matchesLabelSelector(policy.podSelector, pod.labels));
  }
}

/** May `source` open `port` on `destination`? */
export function evaluate(index: PolicyIndex, source: Endpoint, destination: Endpoint, port: Port): Verdict {
  const ingress = direction(index, 'ingress', destination, source, port);
  const egress = direction(index, 'egress', source, destination, port);
  return { allowed: ingress.allowed && egress.allowed, ingress, egress };
}

function direction(index: PolicyIndex, which: Direction, self: Endpoint, peer: Endpoint, port: Port): DirectionVerdict {
  if (self.kind !== 'pod') return { allowed: true, isolatedBy: [], allowedBy: [] };
  const policies = index.selecting(self, which);
  const allowedBy: RuleRef[] = [];
  for (const policy of policies) {
    (which === 'ingress' ? policy.ingress : policy.egress).forEach((rule, number) => {
      if (ruleAdmits(rule, policy.namespace, peer, port)) allowedBy.push({ policy: key(policy), rule: number });
    });
  }
  return { allowed: policies.length === 0 || allowedBy.length > 0, isolatedBy: policies.map(key), allowedBy };
}

const key = (policy: NetworkPolicy) => `${policy.namespace}/${policy.name}`;

export function ruleAdmits(rule: PolicyRule, policyNamespace: string, peer: Endpoint, port: Port): boolean {
  return (rule.ports.length === 0 || rule.ports.some((entry) => portMatches(entry, port))) && (rule.peers.length === 0 || rule.peers.some((candidate) => peerMatches(candidate, policyNamespace, peer)));
}

export function portMatches(entry: PolicyPort, port: Port): boolean {
  if (entry.protocol !== port.protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'string') return port.name !== undefined && entry.port === port.name;
  return entry.endPort !== undefined ? entry.port <= port.port && port.port <= entry.endPort : entry.port === port.port;
}

export function peerMatches(peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return inBlock(endpoint.ip, peer.ipBlock);
  if (endpoint.kind !== 'pod') return false;
  const namespaceMatches = peer.namespaceSelector ? matchesLabelSelector(peer.namespaceSelector, endpoint.namespaceLabels) : endpoint.namespace === policyNamespace;
  return namespaceMatches && (!peer.podSelector || matchesLabelSelector(peer.podSelector, endpoint.labels));
}

/** An ipBlock: in the CIDR and in none of its excepts. */
export function inBlock(ip: string, block: { cidr: string; except: string[] }): boolean {
  return inCidr(ip, block.cidr) && !block.except.some((except) => inCidr(ip, except));
}

// --- addresses -------------------------------------------------------------------

/** An address as a number and its family's width in bits; null when it is not an address. */
export function parseAddress(text: string): { value: bigint; bits: 32 | 128 } | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((part) => part > 255)) return null;
    return { value: parts.reduce((sum, part) => (sum << 8n) | BigInt(part), 0n), bits: 32 };
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let groups = text;
  // An IPv4 tail (::ffff:192.0.2.1) becomes two hex groups.
  const tail = /(\d{1,3}(\.\d{1,3}){3})$/.exec(groups);
  if (tail) {
    const v4 = parseAddress(tail[1]!);
    if (!v4) return null;
    groups = `${groups.slice(0, -tail[1]!.length)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (all.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return null;
  return { value: all.reduce((sum, group) => (sum << 16n) | BigInt(parseInt(group, 16)), 0n), bits: 128 };
}

/** A CIDR as its first address and prefix; null when it is not one. */
export function parseCidr(text: string): { value: bigint; bits: 32 | 128; prefix: number } | null {
  const slash = text.indexOf('/');
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (!address) return null;
  const prefixText = slash < 0 ? String(address.bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > address.bits) return null;
  const prefix = Number(prefixText);
  const mask = hostMask(address.bits, prefix);
  return { value: address.value & ~mask, bits: address.bits, prefix };
}

const hostMask = (bits: number, prefix: number) => (1n << BigInt(bits - prefix)) - 1n;

// Parsed addresses and CIDRs by their text: the same few policy CIDRs and pod IPs come up
// again and again. Emptied when it grows large (pod IPs come and go).
const parsed = new Map<string, ReturnType<typeof parseCidr>>();
function parsedCidr(text: string): ReturnType<typeof parseCidr> {
  let value = parsed.get(text);
  if (value === undefined) {
    if (parsed.size > 100_000) parsed.clear();
    value = parseCidr(text);
    parsed.set(text, value);
  }
  return value;
}

export function inCidr(ip: string, cidr: string): boolean {
  const address = parsedCidr(ip);
  const range = parsedCidr(cidr);
  return address !== null && range !== null && address.bits === range.bits && (address.value & ~hostMask(range.bits, range.prefix)) === range.value;
}

/** How much of the range `inner` an ipBlock admits: all of it, some, or none. */
export function blockCovers(block: { cidr: string; except: string[] }, inner: string): 'all' | 'some' | 'none' {
  const range = parseCidr(inner);
  const outer = parseCidr(block.cidr);
  if (!range || !outer || range.bits !== outer.bits) return 'none';
  const overlap = overlaps(range, outer);
  if (overlap === 'none') return 'none';
  const excepts = block.except.map(parseCidr).filter((except) => except !== null && except.bits === range.bits);
  // Excepts lie inside the block (the API requires it): any that touches the range takes some of it.
  const touched = excepts.map((except) => overlaps(range, except!));
  if (touched.includes('all')) return 'none';
  return overlap === 'all' && touched.every((touch) => touch === 'none') ? 'all' : 'some';
}

/** Does `outer` hold all of `inner`, some of it, or none? */
function overlaps(inner: { value: bigint; bits: number; prefix: number }, outer: { value: bigint; bits: number; prefix: number }): 'all' | 'some' | 'none' {
  const shorter = Math.min(inner.prefix, outer.prefix);
  const mask = ~hostMask(inner.bits, shorter);
  if ((inner.value & mask) !== (outer.value & mask)) return 'none';
  return outer.prefix <= inner.prefix ? 'all' : 'some';
}

/** An empty selector (selects everything), for the UI's words. */
export function selectsAll(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}
