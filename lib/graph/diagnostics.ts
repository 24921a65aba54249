// The diagnostics catalogue: every reason svcmap gives for a Service routing to fewer
// backends than expected (or to none), with a stable code, a severity, a message that
// says what to do, the objects that show it and the kubectl command to see for yourself.
// docs/diagnostics.md is generated from `catalogue` (npm run docs:diagnostics) and a
// unit test fails when the two differ.
import { addressId, podId as podIdOf, serviceId as serviceIdOf, sliceId } from './ids';
import type { Diagnostic, Severity } from './model';
import type { ClusterStore, EndpointSlice, Node, NetworkPolicy, Pod, Service } from './objects';
import { namespaceLabels, peerMatches, portMatches } from './policy';
import type { PortRoutes } from './routing';
import { containerPortName, declaresPort, describePortMapping, resolveTargetPort, slicePortFor } from './ports';
import { type LabelSelector, matchesLabelSelector, selectorMismatches } from './selectors';
import { addTo } from './maps';

interface Definition {
  severity: Severity;
  /** When it fires, for the docs. */
  when: string;
  /** An example message, for the docs; the unit tests produce it. */
  example: string;
}

export const catalogue = {
  NoEndpoints: {
    severity: 'error',
    when: 'The Service has a selector that matches pods, or has no selector, and not one endpoint exists: traffic to it is refused.',
    example: 'No endpoints: the selector matches 1 pod, but none is an endpoint (web-0: unschedulable: 0/3 nodes are available).',
  },
  SelectorMatchesNothing: {
    severity: 'error',
    when: 'The selector matches no pod in the namespace. Names the nearest miss: pods that match all but one label, and which label differs.',
    example: 'The selector app=recommendation matches no pod. Nearest: 1 pod (recommendations-7d9c) has app=recommendations.',
  },
  NoReadyEndpoints: {
    severity: 'error',
    when: 'Endpoints exist but none is ready (and they are not all terminating): kube-proxy has nowhere to send new connections.',
    example: 'None of 2 endpoints is ready: checkout-5c7d-abcde (containers not ready: checkout), checkout-5c7d-fghij (containers not ready: checkout).',
  },
  SomeEndpointsNotReady: {
    severity: 'warning',
    when: 'Some endpoints are ready, others are not (and not because they are terminating): capacity is reduced.',
    example: '1 of 3 endpoints is not ready: web-6d9f-fghij (containers not ready: web).',
  },
  AllEndpointsTerminating: {
    severity: 'error',
    when: 'Every endpoint is terminating: a rollout or scale-down with no replacement ready yet.',
    example: 'All 2 endpoints are terminating: web-6d9f-abcde, web-6d9f-fghij.',
  },
  NamedTargetPortMissing: {
    severity: 'error',
    when: 'A Service port has a named targetPort that some backend pods do not declare: those pods get no traffic on that port.',
    example: 'Port 80 targets the named port "http", which 2 pods do not declare: web-1, web-2.',
  },
  TargetPortNotExposed: {
    severity: 'info',
    when: 'A numeric targetPort is not among the pods\' declared containerPorts. Traffic is still sent there; check the app listens on it.',
    example: 'Port 80 targets 8081, which 3 pods do not list in containerPorts (traffic still goes there): web-1, web-2, web-3.',
  },
  ManualEndpointWithoutPod: {
    severity: 'info',
    when: 'A hand-written endpoint (selector-less Service) points at an address that is no pod of this cluster, or at a pod that is gone.',
    example: 'Hand-written endpoints point outside the cluster\'s pods: 192.0.2.10, 192.0.2.11. svcmap cannot check what answers there.',
  },
  EndpointsOverCapacity: {
    severity: 'warning',
    when: 'More than 1000 endpoints: the legacy v1 Endpoints object is truncated (annotation endpoints.kubernetes.io/over-capacity), so tools that read it see only part.',
    example: '1204 endpoints: the v1 Endpoints object holds only 1000 of them; read EndpointSlices instead.',
  },
  ExternalTrafficPolicyLocalWithoutLocalEndpoints: {
    severity: 'warning',
    when: 'externalTrafficPolicy: Local on a NodePort/LoadBalancer Service, and some Ready nodes have no ready endpoint: external traffic reaching them is dropped.',
    example: 'externalTrafficPolicy is Local and 1 of 3 nodes has no ready endpoint: kwok-node-a2. External traffic sent there is dropped.',
  },
  PodsIsolatedByNetworkPolicy: {
    severity: 'info',
    when: 'Backend pods are selected by a NetworkPolicy that restricts ingress: only the sources its rules allow can connect.',
    example: '2 backend pods are isolated for ingress by NetworkPolicy cart-from-frontend: only the sources it allows can connect.',
  },
  InternalTrafficPolicyLocalBlackhole: {
    severity: 'warning',
    when: 'internalTrafficPolicy: Local, and some Ready nodes have no endpoint of their own: kube-proxy there has no backend for the Service, so its clients\' traffic is dropped (kube-proxy\'s CategorizeEndpoints).',
    example: 'internalTrafficPolicy is Local and 1 of 3 nodes has no endpoint: kwok-node-b1. Clients on it get no backend: their traffic to the Service is dropped.',
  },
  TopologyHintsIgnored: {
    severity: 'warning',
    when: 'Endpoints carry topology hints (trafficDistribution or the hints annotation) but kube-proxy ignores them on some nodes, for the reason it logs: a ready endpoint without a hint, or a node without a topology.kubernetes.io/zone label. Traffic there goes to every zone.',
    example: 'Topology hints are ignored on 1 of 3 nodes (kwok-node-x1: the node has no topology.kubernetes.io/zone label): traffic from there goes to every zone.',
  },
  NoEndpointHintedForZone: {
    severity: 'warning',
    when: 'Every ready endpoint is hinted, but none for some zone (or node) that has nodes: kube-proxy on those nodes ignores the hints and sends traffic to every zone.',
    example: 'No endpoint is hinted for zone zone-c (kwok-node-c1): kube-proxy there ignores the hints and sends traffic to every zone.',
  },
  TrafficOnTerminatingEndpoints: {
    severity: 'warning',
    when: 'No endpoint is ready, but some are serving and terminating: kube-proxy falls back to them (the last seconds of a rollout or scale-down). New connections still land on pods that are shutting down.',
    example: 'No endpoint is ready: traffic goes to 2 serving-but-terminating endpoints (10.244.0.7, 10.244.0.8) until they are gone.',
  },
  EndpointsWithoutPort: {
    severity: 'error',
    when: 'Ready endpoints sit in an EndpointSlice that lists no number for a Service port (a named targetPort their pods do not declare puts them in a port-less slice): kube-proxy sends none of that port\'s traffic to them, though they count as ready.',
    example: '2 ready endpoints get no traffic for port 80: their EndpointSlice web-7xk2p lists no port 80 (http).',
  },
  FamiliesDiffer: {
    severity: 'warning',
    when: 'A dual-stack Service whose IPv4 and IPv6 endpoints differ (count or readiness): clients reach different backends depending on the address family they use.',
    example: 'Port 80 reaches 3 ready endpoints over IPv4 but 1 over IPv6: clients see different backends by address family.',
  },
  NothingCanReachPort: {
    severity: 'warning',
    when: 'Every backend pod is isolated for ingress, and no rule of the policies that isolate them admits any pod of the cluster on this port (only ipBlocks, other ports, or no rules): in-cluster clients cannot connect. Enforcement is up to the network plugin.',
    example: 'Nothing in the cluster can reach port 5432: every backend is isolated (NetworkPolicy default-deny) and no rule admits a pod on TCP 5432 (postgres).',
  },
  PolicyPortNotDeclared: {
    severity: 'warning',
    when: 'A NetworkPolicy rule names a port (by name) that none of the pods it applies to declares among its containerPorts: that entry admits nothing.',
    example: 'NetworkPolicy db-from-web ingress rule 1 names port "postgresql", which no pod it selects declares: that entry admits nothing.',
  },
  PolicySelectsNoPod: {
    severity: 'info',
    when: 'A NetworkPolicy\'s podSelector matches no pod in its namespace: it has no effect now (a typo, or a workload that is gone). Shown in the reachability panel, not on a Service.',
    example: 'NetworkPolicy shop/api-v1-ingress selects no pod (podSelector app=api-v1): it has no effect.',
  },
} as const satisfies Record<string, Definition>;

export type DiagnosticCode = keyof typeof catalogue;

/** Everything known about one Service, gathered by the graph builder through the relation indexes. */
export interface ServiceContext {
  service: Service;
  slices: EndpointSlice[];
  /** Endpoint backends: each endpoint of each slice, with its pod when one was found. */
  endpoints: { slice: EndpointSlice; address: string; ready: boolean; serving: boolean; terminating: boolean; nodeName?: string; pod?: Pod; missingPod?: string }[];
  /** Pods the selector matches (empty for selector-less Services). */
  selectedPods: Pod[];
  /** All pods of the namespace, for the nearest miss. */
  namespacePods: Pod[];
  nodes: ReadonlyMap<string, Node>;
  policiesOf: (pod: Pod) => NetworkPolicy[];
  /** kube-proxy's choice per port, family and node (lib/graph/routing); empty without nodes. */
  routes: PortRoutes[];
}

const listLimit = 5;

export function diagnoseService(context: ServiceContext): Diagnostic[] {
  const { service } = context;
  if (service.type === 'ExternalName') return [];
  const found: Diagnostic[] = [];
  const add = (code: DiagnosticCode, message: string, objects: string[], command: string) =>
    found.push({ code, severity: catalogue[code].severity, message, objects, command });
  const ns = service.namespace;
  const describe = `kubectl describe service ${service.name} -n ${ns}`;
  const slicesCommand = `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${service.name} -o wide`;
  const serviceId = serviceIdOf(ns, service.name);
  const endpoints = context.endpoints;

  if (service.selector && context.selectedPods.length === 0) {
    add('SelectorMatchesNothing', selectorMessage(service.selector, context.namespacePods), [serviceId], `kubectl get pods -n ${ns} -l ${selectorString(service.selector)}`);
  } else if (endpoints.length === 0) {
    const reasons = context.selectedPods.map((pod) => `${pod.name}: ${notEndpointReason(pod, context.nodes)}`);
    const message = service.selector
      ? `No endpoints: the selector matches ${plural(context.selectedPods.length, 'pod')}, but none is an endpoint (${limit(reasons)}).`
      : 'No endpoints: the Service has no selector and no Endpoints or EndpointSlices were written for it.';
    add('NoEndpoints', message, [serviceId, ...context.selectedPods.map(podId)], service.selector ? `kubectl get pods -n ${ns} -l ${selectorString(service.selector)} -o wide` : slicesCommand);
  } else {
    const ready = endpoints.filter((endpoint) => endpoint.ready);
    const terminating = endpoints.filter((endpoint) => endpoint.terminating);
    const notReady = endpoints.filter((endpoint) => !endpoint.ready && !endpoint.terminating);
    const names = (list: typeof endpoints) => list.map((endpoint) => endpoint.pod?.name ?? endpoint.address);
    const withReasons = (list: typeof endpoints) => list.map((endpoint) => (endpoint.pod ? `${endpoint.pod.name} (${notReadyReason(endpoint.pod, context.nodes)})` : endpoint.address));
    const ids = (list: typeof endpoints) => list.map((endpoint) => (endpoint.pod ? podId(endpoint.pod) : addressId(ns, endpoint.address)));
    if (ready.length === 0 && terminating.length === endpoints.length) {
      add('AllEndpointsTerminating', `All ${endpoints.length} endpoints are terminating: ${limit(names(endpoints))}.`, [serviceId, ...ids(endpoints)], slicesCommand);
    } else if (ready.length === 0) {
      add('NoReadyEndpoints', `None of ${plural(endpoints.length, 'endpoint')} is ready: ${limit(withReasons(notReady))}.`, [serviceId, ...ids(notReady)], slicesCommand);
    } else if (notReady.length > 0) {
      add('SomeEndpointsNotReady', `${notReady.length} of ${plural(endpoints.length, 'endpoint')} ${notReady.length === 1 ? 'is' : 'are'} not ready: ${limit(withReasons(notReady))}.`, [serviceId, ...ids(notReady)], slicesCommand);
    }
    if (endpoints.length > 1000) {
      add('EndpointsOverCapacity', `${endpoints.length} endpoints: the v1 Endpoints object holds only 1000 of them; read EndpointSlices instead.`, [serviceId], slicesCommand);
    }
  }

  diagnosePorts(context, add, serviceId, describe);

  // default/kubernetes lists the apiserver's own addresses, kept by the apiserver itself.
  const apiserverService = service.namespace === 'default' && service.name === 'kubernetes';
  if (!service.selector && !apiserverService) {
    const outside = endpoints.filter((endpoint) => !endpoint.pod);
    const gone = outside.filter((endpoint) => endpoint.missingPod);
    if (outside.length > 0) {
      const message = gone.length > 0
        ? `Hand-written endpoints point at pods that are gone: ${limit(gone.map((endpoint) => `${endpoint.address} (${endpoint.missingPod})`))}.`
        : `Hand-written endpoints point outside the cluster's pods: ${limit(outside.map((endpoint) => endpoint.address))}. svcmap cannot check what answers there.`;
      add('ManualEndpointWithoutPod', message, [serviceId, ...outside.map((endpoint) => addressId(ns, endpoint.address))], `kubectl get endpoints ${service.name} -n ${ns} -o yaml`);
    }
  }

  if ((service.type === 'NodePort' || service.type === 'LoadBalancer') && service.externalTrafficPolicy === 'Local' && context.nodes.size > 0) {
    const withLocal = new Set(endpoints.filter((endpoint) => endpoint.ready && endpoint.nodeName).map((endpoint) => endpoint.nodeName));
    const readyNodes = [...context.nodes.values()].filter((node) => node.ready && !node.unschedulable);
    const without = readyNodes.filter((node) => !withLocal.has(node.name)).map((node) => node.name).sort();
    if (without.length > 0) {
      add(
        'ExternalTrafficPolicyLocalWithoutLocalEndpoints',
        `externalTrafficPolicy is Local and ${without.length} of ${plural(readyNodes.length, 'node')} ${without.length === 1 ? 'has' : 'have'} no ready endpoint: ${limit(without)}. External traffic sent there is dropped.`,
        [serviceId],
        `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${service.name} -o custom-columns=ADDRESS:.endpoints[*].addresses,NODE:.endpoints[*].nodeName`,
      );
    }
  }

  const backends = uniquePods(endpoints.flatMap((endpoint) => (endpoint.pod ? [endpoint.pod] : [])));
  const isolatedBy = new Map<string, Pod[]>();
  for (const pod of backends) {
    for (const policy of context.policiesOf(pod).filter((candidate) => candidate.policyTypes.includes('Ingress'))) {
      addTo(isolatedBy, policy.name, pod);
    }
  }
  if (isolatedBy.size > 0) {
    const isolated = uniquePods([...isolatedBy.values()].flat());
    const policies = [...isolatedBy.keys()].sort();
    add(
      'PodsIsolatedByNetworkPolicy',
      `${plural(isolated.length, 'backend pod')} ${isolated.length === 1 ? 'is' : 'are'} isolated for ingress by NetworkPolicy ${policies.join(', ')}: only the sources ${policies.length === 1 ? 'it allows' : 'they allow'} can connect.`,
      [serviceId, ...isolated.map(podId)],
      `kubectl get networkpolicy ${policies.join(' ')} -n ${ns} -o yaml`,
    );
  }
  diagnosePolicyPorts(context, backends, add, serviceId);
  diagnoseRouting(context, add, serviceId, slicesCommand);
  return found;
}

/** What kube-proxy's choice per node (lib/graph/routing) says about the Service. */
function diagnoseRouting(context: ServiceContext, add: (code: DiagnosticCode, message: string, objects: string[], command: string) => void, serviceId: string, slicesCommand: string) {
  const { service, routes } = context;
  if (routes.length === 0) return;
  const readyNodes = [...context.nodes.values()].filter((node) => node.ready).map((node) => node.name);
  const ns = service.namespace;
  const portText = (route: PortRoutes) => `port ${route.servicePort}${route.port ? ` (${route.port})` : ''}`;
  // Blackholes under internalTrafficPolicy Local: nodes with clients but no endpoint of their own.
  if (service.internalTrafficPolicy === 'Local') {
    const blackholes = new Set(routes.flatMap((route) => route.nodes.filter((node) => readyNodes.includes(node.node) && node.hasAny && node.local.length === 0).map((node) => node.node)));
    if (blackholes.size > 0) {
      const list = [...blackholes].sort();
      add('InternalTrafficPolicyLocalBlackhole', `internalTrafficPolicy is Local and ${list.length} of ${plural(readyNodes.length, 'node')} ${list.length === 1 ? 'has' : 'have'} no endpoint: ${limit(list)}. Clients on ${list.length === 1 ? 'it' : 'them'} get no backend: their traffic to the Service is dropped.`, [serviceId], `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${service.name} -o custom-columns=ADDRESS:.endpoints[*].addresses,NODE:.endpoints[*].nodeName`);
    }
  }
  const hinted = routes.some((route) => route.endpoints.some((endpoint) => endpoint.zoneHints.length > 0 || endpoint.nodeHints.length > 0));
  if (hinted) {
    const byReason = new Map<string, Set<string>>();
    for (const node of routes.flatMap((route) => route.nodes)) {
      if (node.hintsIgnored && readyNodes.includes(node.node)) byReason.set(node.hintsIgnored, (byReason.get(node.hintsIgnored) ?? new Set()).add(node.node));
    }
    const forZone = [...byReason].filter(([reason]) => reason.startsWith('no endpoint is hinted'));
    const other = [...byReason].filter(([reason]) => !reason.startsWith('no endpoint is hinted'));
    const command = `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${service.name} -o yaml`;
    if (other.length > 0) {
      const nodes = new Set(other.flatMap(([, set]) => [...set]));
      add('TopologyHintsIgnored', `Topology hints are ignored on ${nodes.size} of ${plural(readyNodes.length, 'node')} (${other.map(([reason, set]) => `${limit([...set].sort())}: ${reason}`).join('; ')}): traffic from there goes to every zone.`, [serviceId], command);
    }
    for (const [reason, set] of forZone) {
      const target = reason.replace('no endpoint is hinted for ', '');
      add('NoEndpointHintedForZone', `No endpoint is hinted for ${target} (${limit([...set].sort())}): kube-proxy there ignores the hints and sends traffic to every zone.`, [serviceId], command);
    }
  }
  const fallback = routes.find((route) => route.nodes.some((node) => node.terminatingFallback));
  if (fallback) {
    const used = fallback.nodes.find((node) => node.terminatingFallback)!.cluster.map((key) => fallback.endpoints.find((endpoint) => endpoint.key === key)?.ip ?? key);
    add('TrafficOnTerminatingEndpoints', `No endpoint is ready: traffic goes to ${plural(used.length, 'serving-but-terminating endpoint')} (${limit(used)}) until ${used.length === 1 ? 'it is' : 'they are'} gone.`, [serviceId], slicesCommand);
  }
  for (const servicePort of service.ports) {
    const portless = context.slices.filter((slice) => slice.endpoints.some((endpoint) => endpoint.ready) && !slicePortFor(slice, servicePort));
    const stranded = portless.flatMap((slice) => slice.endpoints.filter((endpoint) => endpoint.ready));
    if (stranded.length === 0) continue;
    add('EndpointsWithoutPort', `${plural(stranded.length, 'ready endpoint')} ${stranded.length === 1 ? 'gets' : 'get'} no traffic for port ${servicePort.port}${servicePort.name ? ` (${servicePort.name})` : ''}: ${portless.length === 1 ? `their EndpointSlice ${portless[0]!.name} lists` : `their EndpointSlices ${limit(portless.map((slice) => slice.name))} list`} no port ${servicePort.port}${servicePort.name ? ` (${servicePort.name})` : ''}.`, [serviceId, ...portless.map((slice) => sliceId(ns, slice.name))], slicesCommand);
  }
  const byPort = new Map<string, PortRoutes[]>();
  for (const route of routes) addTo(byPort, `${route.port}/${route.protocol}`, route);
  for (const families of byPort.values()) {
    if (families.length < 2) continue;
    const ready = families.map((route) => route.endpoints.filter((endpoint) => endpoint.ready).length);
    if (ready[0] === ready[1]) continue;
    add('FamiliesDiffer', `${portText(families[0]!)[0]!.toUpperCase()}${portText(families[0]!).slice(1)} reaches ${plural(ready[0]!, 'ready endpoint')} over ${families[0]!.family} but ${ready[1]} over ${families[1]!.family}: clients see different backends by address family.`, [serviceId], slicesCommand);
  }
}

/** Named ports of policy rules that no backend declares; Service ports that no in-cluster pod may reach. */
function diagnosePolicyPorts(context: ServiceContext, backends: Pod[], add: (code: DiagnosticCode, message: string, objects: string[], command: string) => void, serviceId: string) {
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

function diagnosePorts(context: ServiceContext, add: (code: DiagnosticCode, message: string, objects: string[], command: string) => void, serviceId: string, describe: string) {
  if (!context.service.selector) return;
  const pods = uniquePods([...context.endpoints.flatMap((endpoint) => (endpoint.pod ? [endpoint.pod] : [])), ...context.selectedPods]);
  for (const port of context.service.ports) {
    const missing: Pod[] = [];
    const undeclared: Pod[] = [];
    let number = 0;
    for (const pod of pods) {
      const resolved = resolveTargetPort(port, pod);
      if (resolved.kind === 'missing') missing.push(pod);
      if (resolved.kind === 'number' && !resolved.declared) {
        undeclared.push(pod);
        number = resolved.port;
      }
    }
    if (missing.length > 0) {
      add('NamedTargetPortMissing', `Port ${port.port} targets the named port "${port.targetPort}", which ${plural(missing.length, 'pod')} ${missing.length === 1 ? 'does' : 'do'} not declare: ${limit(missing.map((pod) => pod.name))}.`, [serviceId, ...missing.map(podId)], describe);
    }
    if (undeclared.length > 0) {
      add('TargetPortNotExposed', `Port ${port.port} targets ${number}, which ${plural(undeclared.length, 'pod')} ${undeclared.length === 1 ? 'does' : 'do'} not list in containerPorts (traffic still goes there): ${limit(undeclared.map((pod) => pod.name))}.`, [serviceId, ...undeclared.map(podId)], `kubectl get pods -n ${context.service.namespace} -l ${selectorString(context.service.selector)} -o jsonpath='{range .items[*]}{.metadata.name}{": "}{.spec.containers[*].ports}{"\\n"}{end}'`);
    }
  }
}

/** Port mappings of a Service for one backend pod: "80 → http(8080)". */
export function portMappings(service: Service, pod: Pod | undefined): string[] {
  return service.ports.map((port) => (pod ? describePortMapping(port, resolveTargetPort(port, pod)) : `${port.port} → ${port.targetPort}`));
}

/** Why a pod the selector matches is not an endpoint. */
export function notEndpointReason(pod: Pod, nodes: ReadonlyMap<string, Node>): string {
  if (pod.deletionTimestamp) return 'terminating';
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return `phase ${pod.phase}: finished pods are never endpoints`;
  if (!pod.nodeName) {
    const scheduled = pod.conditions.find((condition) => condition.type === 'PodScheduled');
    if (scheduled?.status === 'False') return `unschedulable: ${scheduled.message ?? scheduled.reason ?? 'no node fits'}`;
    return 'pending: not scheduled yet';
  }
  if (pod.podIPs.length === 0) return `no pod IP yet (phase ${pod.phase})`;
  const node = nodes.get(`/${pod.nodeName}`);
  if (node && !node.ready) return `node ${node.name} is NotReady`;
  return 'not in an EndpointSlice yet';
}

/** Why an endpoint's pod is not ready. */
export function notReadyReason(pod: Pod, nodes: ReadonlyMap<string, Node>): string {
  if (pod.deletionTimestamp) return 'terminating';
  const node = pod.nodeName ? nodes.get(`/${pod.nodeName}`) : undefined;
  if (node && !node.ready) return `node ${node.name} is NotReady`;
  const waiting = pod.containerStatuses.filter((status) => !status.ready).map((status) => status.name);
  if (waiting.length > 0) return `containers not ready: ${waiting.join(', ')}`;
  const ready = pod.conditions.find((condition) => condition.type === 'Ready');
  if (ready && ready.status !== 'True') return ready.reason ? `Ready=${ready.status} (${ready.reason})` : `Ready=${ready.status}`;
  return 'not ready';
}

function selectorMessage(selector: Record<string, string>, pods: Pod[]): string {
  const keys = Object.keys(selector);
  // Candidates are one label off; the closest values win (a typo, a plural), and with a
  // one-label selector an unrelated value (app=cart for app=frontend) is no near miss.
  const candidates = pods.flatMap((pod) => {
    const mismatches = selectorMismatches(selector, pod.labels);
    if (mismatches.length !== 1) return [];
    const key = mismatches[0]!;
    const wanted = selector[key]!;
    const actual = pod.labels[key];
    const distance = actual === undefined ? wanted.length : editDistance(wanted, actual);
    if (keys.length === 1 && (actual === undefined || distance > Math.max(2, Math.floor(wanted.length / 3)))) return [];
    return [{ pod, key, actual, distance }];
  });
  const base = `The selector ${selectorString(selector)} matches no pod.`;
  if (candidates.length === 0) return `${base} No pod in the namespace is one label away from it.`;
  const best = Math.min(...candidates.map((candidate) => candidate.distance));
  const nearest = candidates.filter((candidate) => candidate.distance === best);
  const values = [...new Set(nearest.map(({ key, actual }) => (actual === undefined ? `no ${key} label` : `${key}=${actual}`)))];
  return `${base} Nearest: ${plural(nearest.length, 'pod')} (${limit(nearest.map(({ pod }) => pod.name))}) ${nearest.length === 1 ? 'has' : 'have'} ${values.join(' / ')}.`;
}

/** Levenshtein distance: how many single-character edits turn a into b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function selectorString(selector: Record<string, string>): string {
  return Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(',');
}


// localeCompare's order, without building a comparison per call (10,000 pods are sorted per change).
const byLocale = new Intl.Collator().compare;

function uniquePods(pods: Pod[]): Pod[] {
  return [...new Map(pods.map((pod) => [pod.uid, pod])).values()].sort((a, b) => byLocale(a.name, b.name));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function limit(items: string[]): string {
  return items.length <= listLimit ? items.join(', ') : `${items.slice(0, listLimit).join(', ')} and ${items.length - listLimit} more`;
}

function podId(pod: Pod): string {
  return podIdOf(pod.namespace, pod.name);
}
