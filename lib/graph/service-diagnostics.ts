// Diagnoses one Service from what the graph builder gathered about it (ServiceContext): its
// selector and endpoints, its ports, its traffic policies, the NetworkPolicies isolating its
// backends (policy-diagnostics.ts) and kube-proxy's choice per node (lib/graph/routing).
// Codes and severities are the catalogue's (diagnostics.ts). Pure.
import { addressId, podId as podIdOf, serviceId as serviceIdOf, sliceId } from './ids';
import { catalogue, type DiagnosticCode } from './diagnostics';
import { notEndpointReason, notReadyReason } from './endpoint-reasons';
import type { Diagnostic } from './model';
import type { EndpointSlice, Node, NetworkPolicy, Pod, Service } from './objects';
import { diagnosePolicyPorts } from './policy-diagnostics';
import type { PortRoutes } from './routing';
import { resolveTargetPort, slicePortFor } from './ports';
import { selectorMismatches } from './selectors';
import { addTo } from './maps';

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

// A message names the first five objects and counts the rest; the objects listed with it
// are the Service and those five (`add` keeps at most six; the call sites take five of long
// lists before making their ids). Listing every one (3,000 pods not ready behind one
// Service) made each readiness flip build and send a new 100 KB node: O(Service), not O(change).
const listLimit = 5;

export function diagnoseService(context: ServiceContext): Diagnostic[] {
  const { service } = context;
  if (service.type === 'ExternalName') return [];
  const found: Diagnostic[] = [];
  const add = (code: DiagnosticCode, message: string, objects: string[], command: string) =>
    found.push({ code, severity: catalogue[code].severity, message, objects: objects.slice(0, 1 + listLimit), command });
  const ns = service.namespace;
  const describe = `kubectl describe service ${service.name} -n ${ns}`;
  const slicesCommand = `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${service.name} -o wide`;
  const serviceId = serviceIdOf(ns, service.name);
  const endpoints = context.endpoints;

  if (service.selector && context.selectedPods.length === 0) {
    add('SelectorMatchesNothing', selectorMessage(service.selector, context.namespacePods), [serviceId], `kubectl get pods -n ${ns} -l ${selectorString(service.selector)}`);
  } else if (endpoints.length === 0) {
    const reasons = limit(context.selectedPods, (pod) => `${pod.name}: ${notEndpointReason(pod, context.nodes)}`);
    const message = service.selector
      ? `No endpoints: the selector matches ${plural(context.selectedPods.length, 'pod')}, but none is an endpoint (${reasons}).`
      : 'No endpoints: the Service has no selector and no Endpoints or EndpointSlices were written for it.';
    add('NoEndpoints', message, [serviceId, ...context.selectedPods.slice(0, listLimit).map(podId)], service.selector ? `kubectl get pods -n ${ns} -l ${selectorString(service.selector)} -o wide` : slicesCommand);
  } else {
    const ready = endpoints.filter((endpoint) => endpoint.ready);
    const terminating = endpoints.filter((endpoint) => endpoint.terminating);
    const notReady = endpoints.filter((endpoint) => !endpoint.ready && !endpoint.terminating);
    const name = (endpoint: (typeof endpoints)[number]) => endpoint.pod?.name ?? endpoint.address;
    const withReason = (endpoint: (typeof endpoints)[number]) => (endpoint.pod ? `${endpoint.pod.name} (${notReadyReason(endpoint.pod, context.nodes)})` : endpoint.address);
    const ids = (list: typeof endpoints) => list.slice(0, listLimit).map((endpoint) => (endpoint.pod ? podId(endpoint.pod) : addressId(ns, endpoint.address)));
    // Why a pod is not ready is in its probe's events and container states: the next command
    // to run is describe on the first one named (the slices only repeat the condition).
    const firstPod = notReady.find((endpoint) => endpoint.pod)?.pod;
    const notReadyCommand = firstPod ? `kubectl describe pod ${firstPod.name} -n ${ns}` : slicesCommand;
    if (ready.length === 0 && terminating.length === endpoints.length) {
      add('AllEndpointsTerminating', `All ${endpoints.length} endpoints are terminating: ${limit(endpoints, name)}.`, [serviceId, ...ids(endpoints)], slicesCommand);
    } else if (ready.length === 0) {
      add('NoReadyEndpoints', `None of ${plural(endpoints.length, 'endpoint')} is ready: ${limit(notReady, withReason)}.`, [serviceId, ...ids(notReady)], notReadyCommand);
    } else if (notReady.length > 0) {
      add('SomeEndpointsNotReady', `${notReady.length} of ${plural(endpoints.length, 'endpoint')} ${notReady.length === 1 ? 'is' : 'are'} not ready: ${limit(notReady, withReason)}.`, [serviceId, ...ids(notReady)], notReadyCommand);
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
      // The objects are the addresses the message names.
      const named = gone.length > 0 ? gone : outside;
      const message = gone.length > 0
        ? `Hand-written endpoints point at pods that are gone: ${limit(gone.map((endpoint) => `${endpoint.address} (${endpoint.missingPod})`))}.`
        : `Hand-written endpoints point outside the cluster's pods: ${limit(outside.map((endpoint) => endpoint.address))}. svcmap cannot check what answers there.`;
      add('ManualEndpointWithoutPod', message, [serviceId, ...named.slice(0, listLimit).map((endpoint) => addressId(ns, endpoint.address))], `kubectl get endpoints ${service.name} -n ${ns} -o yaml`);
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

/** The first few items, described (only those are), and how many more. */
function limit<T>(items: readonly T[], describe: (item: T) => string = String): string {
  const named = items.slice(0, listLimit).map(describe).join(', ');
  return items.length <= listLimit ? named : `${named} and ${items.length - listLimit} more`;
}

function podId(pod: Pod): string {
  return podIdOf(pod.namespace, pod.name);
}
