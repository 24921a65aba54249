// The source of a reachability question: who wants to connect — a pod, a workload, a
// namespace, or addresses outside the cluster — as the page, the API and the CLI write it
// (`pod:NS/NAME`, …), and the running pods it stands for. Pure.
import type { ClusterStore, Pod } from './objects';
import { objectKey } from './objects';
import { parseCidr } from './policy';

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
