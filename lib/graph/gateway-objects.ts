// The trimmed objects of what stands in front of Services: Gateway API (GatewayClass,
// Gateway, the route kinds, ReferenceGrant) and networking.k8s.io Ingress/IngressClass.
// Only the fields the graph, its diagnostics and URL matching use; defaults of the API
// filled in on arrival (backendRef group "" kind Service weight 1, parentRef kind Gateway,
// a route's own namespace), so the graph never guesses. TLS secrets are named, never read.
// https://gateway-api.sigs.k8s.io/reference/spec/
import { z } from 'zod';
import { labelSelectorSchema } from './selectors';

/** The Gateway API's group. */
export const gatewayGroup = 'gateway.networking.k8s.io';

const meta = {
  uid: z.string(),
  namespace: z.string(),
  name: z.string(),
  resourceVersion: z.string(),
  creationTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()),
};

// observedGeneration: the generation of the spec the writer had read; an older one is stale.
export const conditionSchema = z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional(), observedGeneration: z.number().int().optional() });

export const gatewayClassSchema = z.object({
  kind: z.literal('GatewayClass'),
  ...meta,
  controllerName: z.string(),
  conditions: z.array(conditionSchema),
});

export const listenerSchema = z.object({
  name: z.string(),
  hostname: z.string().optional(),
  port: z.number().int(),
  protocol: z.string(),
  // allowedRoutes.namespaces.from: Same (default), All, or Selector (with selector).
  from: z.enum(['Same', 'All', 'Selector']),
  selector: labelSelectorSchema.optional(),
  // allowedRoutes.kinds; empty = the kinds the protocol allows (HTTPRoute for HTTP(S), …).
  kinds: z.array(z.string()),
  // tls.certificateRefs as namespace/name (Secrets, never read; another kind is named with its kind).
  certificates: z.array(z.string()).optional(),
  // From status.listeners.
  attachedRoutes: z.number().int().optional(),
  conditions: z.array(conditionSchema),
});

export const gatewaySchema = z.object({
  kind: z.literal('Gateway'),
  ...meta,
  gatewayClassName: z.string(),
  listeners: z.array(listenerSchema),
  // status.addresses values: where the Gateway answers once a controller programmed it.
  addresses: z.array(z.string()),
  conditions: z.array(conditionSchema),
});

/** A parentRef as the API defaults it: group gateway.networking.k8s.io, kind Gateway, the route's namespace. */
export const parentRefSchema = z.object({
  group: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  sectionName: z.string().optional(),
  port: z.number().int().optional(),
});

/** A backendRef as the API defaults it: group "" (core), kind Service, the route's namespace, weight 1. */
export const backendRefSchema = z.object({
  group: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  port: z.number().int().optional(),
  weight: z.number().int(),
});

/**
 * One match of a rule. HTTPRoute: path (type Exact, PathPrefix or RegularExpression),
 * method, headers, queryParams. GRPCRoute: method as `service/method` in path-like form is
 * kept in `grpcMethod`. A rule with no match matches everything (PathPrefix "/").
 */
export const routeMatchSchema = z.object({
  path: z.object({ type: z.string(), value: z.string() }).optional(),
  method: z.string().optional(),
  headers: z.array(z.object({ type: z.string(), name: z.string(), value: z.string() })),
  queryParams: z.array(z.object({ type: z.string(), name: z.string(), value: z.string() })),
  grpcMethod: z.object({ type: z.string(), service: z.string().optional(), method: z.string().optional() }).optional(),
});

export const routeRuleSchema = z.object({
  name: z.string().optional(),
  matches: z.array(routeMatchSchema),
  // Filter types, by name (RequestHeaderModifier, RequestRedirect, URLRewrite, …).
  filters: z.array(z.string()),
  backendRefs: z.array(backendRefSchema),
});

export const routeKinds = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const;
export type RouteKind = (typeof routeKinds)[number];

export function isRouteKind(kind: string): kind is RouteKind {
  return (routeKinds as readonly string[]).includes(kind);
}

/** What stands in front of Services on the map (a node kind): a Gateway, an Ingress or a route. */
export function isFrontNodeKind(kind: string): kind is 'Gateway' | 'Ingress' | RouteKind {
  return kind === 'Gateway' || kind === 'Ingress' || isRouteKind(kind);
}

export const routeParentStatusSchema = z.object({ parentRef: parentRefSchema, controllerName: z.string(), conditions: z.array(conditionSchema) });

export const routeSchema = z.object({
  kind: z.enum(routeKinds),
  ...meta,
  // metadata.generation: which spec the status conditions must have observed to be current.
  generation: z.number().int().optional(),
  parentRefs: z.array(parentRefSchema),
  // HTTPRoute, GRPCRoute, TLSRoute; empty = every hostname the listener allows.
  hostnames: z.array(z.string()),
  rules: z.array(routeRuleSchema),
  parents: z.array(routeParentStatusSchema),
});

export const referenceGrantSchema = z.object({
  kind: z.literal('ReferenceGrant'),
  ...meta,
  from: z.array(z.object({ group: z.string(), kind: z.string(), namespace: z.string() })),
  to: z.array(z.object({ group: z.string(), kind: z.string(), name: z.string().optional() })),
});

/** An Ingress backend: a Service port (by number or name), or a resource (not a Service). */
export const ingressBackendSchema = z.object({
  service: z.object({ name: z.string(), port: z.union([z.number().int(), z.string()]) }).optional(),
  resource: z.object({ kind: z.string(), name: z.string() }).optional(),
});

export const ingressSchema = z.object({
  kind: z.literal('Ingress'),
  ...meta,
  // spec.ingressClassName: an IngressClass object's name.
  ingressClassName: z.string().optional(),
  // The older annotation kubernetes.io/ingress.class: a name the controllers agree on, not an object.
  classAnnotation: z.string().optional(),
  defaultBackend: ingressBackendSchema.optional(),
  rules: z.array(
    z.object({
      host: z.string().optional(),
      paths: z.array(z.object({ path: z.string(), pathType: z.string(), backend: ingressBackendSchema })),
    }),
  ),
  tlsHosts: z.array(z.string()),
  tlsSecrets: z.array(z.string()).optional(),
  // status.loadBalancer.ingress: IPs or hostnames.
  addresses: z.array(z.string()),
});

export const ingressClassSchema = z.object({
  kind: z.literal('IngressClass'),
  ...meta,
  controller: z.string(),
  // Annotation ingressclass.kubernetes.io/is-default-class: "true".
  isDefault: z.boolean(),
});

export type GatewayClass = z.infer<typeof gatewayClassSchema>;
export type Gateway = z.infer<typeof gatewaySchema>;
export type Listener = z.infer<typeof listenerSchema>;
export type ParentRef = z.infer<typeof parentRefSchema>;
export type BackendRef = z.infer<typeof backendRefSchema>;
export type RouteMatch = z.infer<typeof routeMatchSchema>;
export type RouteRule = z.infer<typeof routeRuleSchema>;
export type Route = z.infer<typeof routeSchema>;
export type ReferenceGrant = z.infer<typeof referenceGrantSchema>;
export type Ingress = z.infer<typeof ingressSchema>;
export type IngressBackend = z.infer<typeof ingressBackendSchema>;
export type IngressClass = z.infer<typeof ingressClassSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type GatewayObject = GatewayClass | Gateway | Route | ReferenceGrant | Ingress | IngressClass;
