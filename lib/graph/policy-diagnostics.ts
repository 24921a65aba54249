// What NetworkPolicies mean for the Services behind them: a rule naming a port no pod it
// applies to declares, a Service port no in-cluster pod may reach; and, not tied to any
// Service, a policy that selects no pod. Enforcement is up to the network plugin. Pure.
import { catalogue, type DiagnosticCode } from './diagnostics';
import type { Diagnostic } from './model';
import type { ClusterStore, NetworkPolicy, Pod } from './objects';
import { namespaceLabels, peerMatches, portMatches } from './policy';
import { containerPortName, declaresPort, resolveTargetPort } from './ports';
import { type LabelSelector, matchesLabelSelector } from './selectors';
import type { ServiceContext } from './service-diagnostics';

/** Named ports of policy rules that no backend declares; Service ports that no in-cluster pod may reach. */
export function diagnosePolicyPorts(context: ServiceContext, backends: Pod[], add: (code: DiagnosticCode, message: string, objects: string[], command: string) => void, serviceId: string) {
  const { service } = context;
  const ns = service.namespace;
  const isolating = new Map<Pod, NetworkPolicy[]>(backends.map((pod) => [pod, context.policiesOf(pod).filter((policy) => policy.policyTypes.includes('Ingress'))]));
  const policies = [...new Set([...isolating.values()].flat())].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const policy of policies) {
    // Every pod the policy selects, not only this Service's: one policy may name the ports of several workloads.
    const selected = context.namespacePods.filter((pod) => matchesLabelSelector(policy.podSelector, pod.labels));
    policy.ingress.forEach((rule, number) => {
      for (const entry of rule.ports) {
        if (typeof entry.port !== 'string' || selected.some((pod) => declaresPort(pod, entry.port as string, entry.protocol))) continue;
        add('PolicyPortNotDeclared', `NetworkPolicy ${policy.name} ingress rule ${number + 1} names port "${entry.port}", which no pod it selects declares: that entry admits nothing.`, [serviceId], `kubectl get networkpolicy ${policy.name} -n ${ns} -o yaml`);
      }
    });
  }
  if (backends.length === 0 || backends.some((pod) => isolating.get(pod)!.length === 0)) return;
  for (const port of service.ports) {
    const reachable = backends.some((pod) => {
      const resolved = resolveTargetPort(port, pod);
      if (resolved.kind === 'missing') return false;
      const target = { protocol: port.protocol, port: resolved.port, name: containerPortName(pod, resolved.port, port.protocol) };
      // A rule that admits this port from some pod or namespace (not only ipBlocks) could admit an in-cluster client.
      return isolating.get(pod)!.some((policy) => policy.ingress.some((rule) => (rule.ports.length === 0 || rule.ports.some((entry) => portMatches(entry, target))) && (rule.peers.length === 0 || rule.peers.some((peer) => !peer.ipBlock))));
    });
    if (reachable) continue;
    const names = policies.map((policy) => policy.name);
    const sample = backends[0]!;
    const resolved = resolveTargetPort(port, sample);
    const target = resolved.kind === 'missing' ? `"${resolved.name}"` : `${port.protocol} ${resolved.port}${containerPortName(sample, resolved.port, port.protocol) ? ` (${containerPortName(sample, resolved.port, port.protocol)})` : ''}`;
    add('NothingCanReachPort', `Nothing in the cluster can reach port ${port.port}: every backend is isolated (NetworkPolicy ${names.join(', ')}) and no rule admits a pod on ${target}.`, [serviceId], `kubectl get networkpolicy ${names.join(' ')} -n ${ns} -o yaml`);
  }
}

/**
 * Findings about the policies themselves, not tied to a Service: a policy that selects no
 * pod, a rule naming a port that none of the pods it applies to declares.
 */
export function diagnosePolicies(store: ClusterStore): Diagnostic[] {
  const found: Diagnostic[] = [];
  const podsIn = new Map<string, Pod[]>();
  for (const pod of store.pods.values()) podsIn.set(pod.namespace, [...(podsIn.get(pod.namespace) ?? []), pod]);
  const all = [...store.pods.values()];
  const policies = [...store.networkpolicies.values()].sort((a, b) => (a.namespace + a.name < b.namespace + b.name ? -1 : 1));
  for (const policy of policies) {
    const name = `${policy.namespace}/${policy.name}`;
    const command = `kubectl get networkpolicy ${policy.name} -n ${policy.namespace} -o yaml`;
    const selected = (podsIn.get(policy.namespace) ?? []).filter((pod) => matchesLabelSelector(policy.podSelector, pod.labels));
    if (selected.length === 0) {
      found.push({ code: 'PolicySelectsNoPod', severity: catalogue.PolicySelectsNoPod.severity, message: `NetworkPolicy ${name} selects no pod (podSelector ${labelSelectorString(policy.podSelector)}): it has no effect.`, objects: [], command });
      continue;
    }
    const named = (rules: NetworkPolicy['ingress'], direction: 'ingress' | 'egress') =>
      rules.forEach((rule, number) => {
        // Ingress: the selected pods' ports. Egress: the ports of the pods the rule lets them reach.
        const destinations = direction === 'ingress' ? selected : all.filter((pod) => rule.peers.length === 0 || rule.peers.some((peer) => peerMatches(peer, policy.namespace, { kind: 'pod', namespace: pod.namespace, labels: pod.labels, namespaceLabels: namespaceLabels(store, pod.namespace), ip: pod.podIPs[0] ?? '' })));
        for (const entry of rule.ports) {
          if (typeof entry.port !== 'string' || destinations.some((pod) => declaresPort(pod, entry.port as string, entry.protocol))) continue;
          found.push({
            code: 'PolicyPortNotDeclared',
            severity: catalogue.PolicyPortNotDeclared.severity,
            message: `NetworkPolicy ${name} ${direction} rule ${number + 1} names port "${entry.port}", which no pod ${direction === 'ingress' ? 'it selects' : 'that rule reaches'} declares: that entry admits nothing.`,
            objects: [],
            command,
          });
        }
      });
    named(policy.ingress, 'ingress');
    if (policy.policyTypes.includes('Egress')) named(policy.egress, 'egress');
  }
  return found;
}

function labelSelectorString(selector: LabelSelector): string {
  const parts = [
    ...Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`),
    ...selector.matchExpressions.map((expression) => (expression.values.length ? `${expression.key} ${expression.operator.toLowerCase()} (${expression.values.join(',')})` : `${expression.operator === 'DoesNotExist' ? '!' : ''}${expression.key}`)),
  ];
  return parts.length ? parts.join(',') : '{} (every pod)';
}
