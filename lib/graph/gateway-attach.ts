// Route attachment: which listeners of a Gateway admit a route through one of its parentRefs and,
// when none does, why, in words an on-call engineer can act on. Pure.
// Gateway API v1.6: https://gateway-api.sigs.k8s.io/reference/spec/#parentreference,
// https://gateway-api.sigs.k8s.io/concepts/traffic-matching/#listener-selection,
// https://gateway-api.sigs.k8s.io/concepts/hostnames/#hostname-intersection
//
// The rules, as applied here:
// - sectionName picks the listener of that name, port the listeners on that port; with both, a
//   listener must have both. Without either, every listener of the Gateway is relevant.
// - A relevant listener admits the route when allowedRoutes admits the route's namespace (Same: the
//   Gateway's own; All; Selector: over the namespace's labels) and kind (allowedRoutes.kinds, or
//   when empty the kinds the listener's protocol carries), and, for protocols with hostnames, its
//   hostname intersects one of the route's (no hostname on either side intersects everything).
// - A Gateway API wildcard `*.example.com` matches one or more labels (a.b.example.com too), not
//   example.com itself; an Ingress wildcard matches exactly one (see gateway-match.ts).
// Only Gateway parents are evaluated: a Service parent (GAMMA, mesh routing) gets a reason instead.
import { type Gateway, gatewayGroup, type Listener, type ParentRef, type Route, type RouteKind } from './gateway-objects';
import type { LabelSelector } from './selectors';
import { matchesLabelSelector } from './selectors';


/** The listeners that admit a route through one parentRef; when there are none, why. */
export interface Attachment {
  listeners: Listener[];
  reason?: string;
}

/**
 * The route kinds a listener carries when allowedRoutes.kinds is empty, by protocol (the spec's
 * "Listener protocol" table; ListenerStatus.supportedKinds).
 */
const kindsByProtocol: Partial<Record<string, readonly RouteKind[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

// Listener.hostname "is ignored for protocols that don't require hostname based matching".
const protocolsWithoutHostnames = new Set(['TCP', 'UDP']);

/** Which listeners of `gateway` admit `route` through `parentRef`; `gateway` is undefined when it does not exist. */
export function attachment(
  route: Route,
  parentRef: ParentRef,
  gateway: Gateway | undefined,
  namespaceLabels: (namespace: string) => Record<string, string> | undefined,
): Attachment {
  if (parentRef.group !== gatewayGroup || parentRef.kind !== 'Gateway') return refused(notAGateway(parentRef));
  const gatewayName = `Gateway ${parentRef.namespace}/${parentRef.name}`;
  if (!gateway) return refused(`${gatewayName} does not exist`);
  let relevant = gateway.listeners;
  if (parentRef.sectionName !== undefined) {
    relevant = relevant.filter((listener) => listener.name === parentRef.sectionName);
    const names = gateway.listeners.map((listener) => `"${listener.name}"`).join(', ');
    if (relevant.length === 0) return refused(`${gatewayName} has no listener named "${parentRef.sectionName}" (it has ${names || 'none'})`);
  }
  if (parentRef.port !== undefined) {
    const onPort = relevant.filter((listener) => listener.port === parentRef.port);
    if (onPort.length === 0 && parentRef.sectionName !== undefined) {
      const [listener] = relevant;
      return refused(`${describeListener(listener!, gateway)} is on port ${listener!.port}, the parentRef asks for ${parentRef.port}`);
    }
    const ports = [...new Set(gateway.listeners.map((listener) => listener.port))].join(', ');
    if (onPort.length === 0) return refused(`${gatewayName} has no listener on port ${parentRef.port} (its ports: ${ports || 'none'})`);
    relevant = onPort;
  }
  if (relevant.length === 0) return refused(`${gatewayName} has no listeners`);
  const refusals = relevant.map((listener) => refusal(route, listener, gateway, namespaceLabels));
  const listeners = relevant.filter((_, index) => refusals[index] === undefined);
  return listeners.length > 0 ? { listeners } : refused(refusals.join('; '));
}

const refused = (reason: string): Attachment => ({ listeners: [], reason });

const describeListener = (listener: Listener, gateway: Gateway) => `listener "${listener.name}" of Gateway ${gateway.namespace}/${gateway.name}`;

function notAGateway(parentRef: ParentRef): string {
  const target = `${parentRef.namespace}/${parentRef.name}`;
  if (parentRef.kind === 'Service' && (parentRef.group === '' || parentRef.group === 'core')) {
    return `parentRef Service ${target} is mesh routing (GAMMA), which svcmap does not evaluate: it maps routes attached to Gateways`;
  }
  const kind = parentRef.group === '' ? parentRef.kind : `${parentRef.kind}.${parentRef.group}`;
  return `parentRef ${kind} ${target} is not a Gateway (${gatewayGroup}): svcmap evaluates attachment to Gateways only`;
}

/** Why one listener refuses the route, or undefined when it admits it. Namespaces and kinds first, as the route's Accepted condition reports them. */
function refusal(
  route: Route,
  listener: Listener,
  gateway: Gateway,
  namespaceLabels: (namespace: string) => Record<string, string> | undefined,
): string | undefined {
  const subject = describeListener(listener, gateway);
  if (listener.from === 'Same' && route.namespace !== gateway.namespace) {
    return `${subject} allows routes only from its own namespace (Same); this route is in ${route.namespace}`;
  }
  if (listener.from === 'Selector') {
    if (!listener.selector) return `${subject} allows routes from namespaces by selector (Selector) but sets no selector`;
    const labels = namespaceLabels(route.namespace);
    // Without the Namespace object, the one label the apiserver always sets (as policy.ts's namespaceLabels does).
    if (!matchesLabelSelector(listener.selector, labels ?? { 'kubernetes.io/metadata.name': route.namespace })) {
      const why = labels ? 'does not match' : 'is unknown to svcmap (Namespace not watched) and its name alone does not match';
      return `${subject} allows routes only from namespaces matching ${describeSelector(listener.selector)}; namespace ${route.namespace} ${why}`;
    }
  }
  if (listener.kinds.length > 0 && !listener.kinds.includes(route.kind)) {
    return `${subject} allows kinds ${listener.kinds.join(', ')}, not ${route.kind}`;
  }
  const carried = kindsByProtocol[listener.protocol];
  if (carried && !carried.includes(route.kind)) {
    return `${subject} is ${listener.protocol}, which carries ${carried.join(' and ')}, not ${route.kind}`;
  }
  if (!carried && listener.kinds.length === 0) {
    return `${subject} uses protocol ${listener.protocol}, which carries no standard route kind; allowedRoutes.kinds would have to name ${route.kind}`;
  }
  if (protocolsWithoutHostnames.has(listener.protocol) || route.hostnames.length === 0) return undefined;
  if (!route.hostnames.some((hostname) => hostnamesIntersect(hostname, listener.hostname))) {
    return `${subject} has hostname ${listener.hostname}, which no hostname of the route (${route.hostnames.join(', ')}) matches`;
  }
  return undefined;
}

/** A label selector as kubectl writes one: `env=prod,tier in (a, b),!canary`. */
function describeSelector(selector: LabelSelector): string {
  const terms = [
    ...Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`),
    ...selector.matchExpressions.map(({ key, operator, values }) =>
      operator === 'Exists' ? key : operator === 'DoesNotExist' ? `!${key}` : `${key} ${operator.toLowerCase()} (${values.join(', ')})`,
    ),
  ];
  return terms.join(',');
}

// --- hostnames -------------------------------------------------------------------
// https://gateway-api.sigs.k8s.io/concepts/hostnames/: a wildcard is a leading `*.` label and matches
// one or more labels; `*` alone (and a missing hostname) matches everything. Hostnames are lower case
// by validation; requests are compared case-insensitively, as DNS names are.

/** Whether a Gateway API hostname `pattern` matches `host`, a request's host or another hostname. */
export function hostnameMatches(pattern: string, host: string): boolean {
  const lowerPattern = pattern.toLowerCase();
  const lowerHost = host.toLowerCase();
  if (lowerPattern === '*') return true;
  if (!lowerPattern.startsWith('*.')) return lowerPattern === lowerHost;
  const suffix = lowerPattern.slice(1);
  return lowerHost.endsWith(suffix) && lowerHost.length > suffix.length;
}

/**
 * The intersected hostname of a route's and a listener's (undefined on either side: `*`), the more
 * specific of the two when one covers the other; undefined when they do not intersect.
 * `*.com` ∩ `*.example.com` = `*.example.com`; `www.example.com` ∩ `*.example.com` = `www.example.com`.
 */
export function intersectHostnames(routeHostname: string | undefined, listenerHostname: string | undefined): string | undefined {
  const route = routeHostname ?? '*';
  const listener = listenerHostname ?? '*';
  // A wildcard read as a host is a name whose first label is `*`, so one pattern covering the other is a plain match.
  if (hostnameMatches(listener, route)) return route;
  if (hostnameMatches(route, listener)) return listener;
  return undefined;
}

/** Whether a route hostname and a listener hostname (undefined: any) intersect, so the route may attach. */
export function hostnamesIntersect(routeHostname: string, listenerHostname: string | undefined): boolean {
  return intersectHostnames(routeHostname, listenerHostname) !== undefined;
}
