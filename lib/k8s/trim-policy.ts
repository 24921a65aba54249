// NetworkPolicies trimmed on arrival to what the reachability evaluation reads: the pod
// selector, policy types (defaulted as the apiserver does) and each rule's peers and ports.
import { z } from 'zod';
import { type NetworkPolicy, networkPolicySchema, type PolicyPeer, type PolicyRule } from '@/lib/graph/objects';
import { meta, named, valid } from './trim-meta';

export const rawSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).nullish(),
    matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).nullish() })).nullish(),
  })
  .nullish();
const rawPeer = z.object({
  podSelector: rawSelector,
  namespaceSelector: rawSelector,
  ipBlock: z.object({ cidr: z.string(), except: z.array(z.string()).nullish() }).nullish(),
});
const rawPorts = z
  .array(z.object({ protocol: z.string().nullish(), port: z.union([z.number(), z.string()]).nullish(), endPort: z.number().nullish() }))
  .nullish();
const rawNetworkPolicy = named({
  spec: z
    .object({
      podSelector: rawSelector,
      policyTypes: z.array(z.string()).nullish(),
      ingress: z.array(z.object({ from: z.array(rawPeer).nullish(), ports: rawPorts })).nullish(),
      egress: z.array(z.object({ to: z.array(rawPeer).nullish(), ports: rawPorts })).nullish(),
    })
    .default({}),
});
export function trimNetworkPolicy(raw: unknown): NetworkPolicy | null {
  const parsed = rawNetworkPolicy.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec } = parsed.data;
  // An empty policyTypes defaults to Ingress, plus Egress when there is at least one egress
  // rule (SetDefaults_NetworkPolicySpec in k8s.io/kubernetes pkg/apis/networking/v1).
  const policyTypes = spec.policyTypes?.length ? spec.policyTypes : ['Ingress', ...(spec.egress?.length ? ['Egress'] : [])];
  return valid(networkPolicySchema, {
    kind: 'NetworkPolicy',
    ...meta(metadata),
    podSelector: selector(spec.podSelector),
    policyTypes,
    ingressRules: spec.ingress?.length ?? 0,
    ingress: (spec.ingress ?? []).map((rule) => policyRule(rule.from, rule.ports)),
    egress: (spec.egress ?? []).map((rule) => policyRule(rule.to, rule.ports)),
  });
}

type RawSelector = z.infer<typeof rawSelector>;
export function selector(raw: RawSelector) {
  return {
    matchLabels: raw?.matchLabels ?? {},
    matchExpressions: (raw?.matchExpressions ?? []).map((expression) => ({ ...expression, values: expression.values ?? [] })),
  };
}

function policyRule(peers: z.infer<typeof rawPeer>[] | null | undefined, ports: z.infer<typeof rawPorts>): PolicyRule {
  return {
    peers: (peers ?? []).map((peer): PolicyPeer => ({
      ...(peer.podSelector ? { podSelector: selector(peer.podSelector) } : {}),
      ...(peer.namespaceSelector ? { namespaceSelector: selector(peer.namespaceSelector) } : {}),
      ...(peer.ipBlock ? { ipBlock: { cidr: peer.ipBlock.cidr, except: peer.ipBlock.except ?? [] } } : {}),
    })),
    ports: (ports ?? []).map((port) => ({
      protocol: port.protocol ?? 'TCP',
      ...(port.port !== null && port.port !== undefined ? { port: port.port } : {}),
      ...(typeof port.endPort === 'number' ? { endPort: port.endPort } : {}),
    })),
  };
}
