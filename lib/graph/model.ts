// The graph model: the nodes and edges svcmap draws, the patches that change them, and
// the timeline of endpoint changes. The zod schemas are the contract; the wire protocol
// (lib/stream/protocol.ts) carries them, the browser validates with them.
import { z } from 'zod';
import { routeKinds } from './gateway-objects';
export const endpointConditionsSchema = z.object({
  ready: z.boolean(),
  serving: z.boolean(),
  terminating: z.boolean(),
});

const nodeBase = { id: z.string(), namespace: z.string(), name: z.string() };

export const severitySchema = z.enum(['error', 'warning', 'info']);

/** Why a Service routes to fewer backends than expected, in words an on-call engineer can act on. */
export const diagnosticSchema = z.object({
  code: z.string(),
  severity: severitySchema,
  message: z.string(),
  // Graph node ids of the objects that show it: a Service's diagnostic lists the Service and at
  // most five more (those its message names, where it names any).
  objects: z.array(z.string()),
  // The kubectl command that shows the evidence.
  command: z.string(),
});

export const serviceNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Service'),
  type: z.string(),
  clusterIP: z.string().optional(),
  externalName: z.string().optional(),
  selector: z.record(z.string(), z.string()).nullable(),
  headless: z.boolean(),
  ports: z.array(z.string()),
  endpoints: z.object({ ready: z.number().int(), total: z.number().int() }),
  // Routing settings shown on the card when they are not the default.
  traits: z.array(z.string()),
  diagnostics: z.array(diagnosticSchema),
  // kube-proxy's choice per node (lib/graph/routing), when nodes are known: how many Ready
  // nodes reach a backend for internal traffic on every port, how many backends they reach,
  // the nodes that reach none, and how many ready endpoints actually carry traffic.
  routing: z.object({ nodes: z.number().int(), reaching: z.number().int(), backends: z.number().int(), blackholes: z.array(z.string()), routable: z.number().int() }).optional(),
});

export const endpointSliceNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('EndpointSlice'),
  service: z.string().optional(),
  managedBy: z.string().optional(),
  addressType: z.string(),
  ports: z.array(z.string()),
  endpoints: z.object({ ready: z.number().int(), total: z.number().int() }),
});

export const podNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Pod'),
  ip: z.string().optional(),
  nodeName: z.string().optional(),
  phase: z.string(),
  ready: z.boolean(),
  terminating: z.boolean(),
  restarts: z.number().int(),
  zone: z.string().optional(),
  containers: z.object({ ready: z.number().int(), total: z.number().int() }),
  // NetworkPolicies that select this pod; isolated = at least one of them restricts ingress.
  policies: z.array(z.string()),
  isolated: z.boolean(),
  // For search by label (k=v) and the details panel.
  labels: z.record(z.string(), z.string()).optional(),
  // Its controller, "Deployment/web": a source for the reachability picker.
  workload: z.string().optional(),
});

/** An endpoint address that is not a known Pod (hand-written Endpoints, external IPs), or an ExternalName's DNS name. */
export const addressNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Address'),
  address: z.string(),
  source: z.enum(['endpoint', 'externalName']),
});

/** Drawn by the page instead of a Service's pods when there are many (lib/view/aggregate.ts); never sent by the server. */
export const podGroupNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('PodGroup'),
  service: z.string(),
  pods: z.number().int(),
  ready: z.number().int(),
  notReady: z.number().int(),
  terminating: z.number().int(),
});

/** What a namespace holds, for the namespace picker and the namespace's heading in the graph. */
export const namespaceSummarySchema = z.object({
  name: z.string(),
  services: z.number().int(),
  // Services with an error or warning diagnostic.
  problems: z.number().int(),
  pods: z.number().int(),
  readyPods: z.number().int(),
  // Gateways, and routes and Ingresses (those with an error or warning count in problems too).
  gateways: z.number().int().optional(),
  routes: z.number().int().optional(),
});
export type NamespaceSummary = z.infer<typeof namespaceSummarySchema>;

/** A namespace's heading, drawn by the page (lib/view/namespaces.ts): collapsed, it stands for the whole namespace. */
export const namespaceNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Namespace'),
  summary: namespaceSummarySchema,
  collapsed: z.boolean(),
});

/** A Service a route or Ingress sends traffic to, and what it would find there now. */
export const backendSchema = z.object({
  // The Service's node id when it exists; else what the reference names ("shop/checkout").
  service: z.string(),
  exists: z.boolean(),
  port: z.string().optional(),
  // Share of the rule's traffic, in percent (weights of a Gateway API rule; 100 for Ingress).
  percent: z.number(),
  weight: z.number().int().optional(),
  ready: z.number().int(),
  total: z.number().int(),
});

/** A Gateway: its listeners (where it accepts traffic) and where it answers. */
export const gatewayNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Gateway'),
  gatewayClassName: z.string(),
  addresses: z.array(z.string()),
  listeners: z.array(z.object({ name: z.string(), protocol: z.string(), port: z.number().int(), hostname: z.string().optional(), attachedRoutes: z.number().int().optional(), certificates: z.array(z.string()).optional() })),
  diagnostics: z.array(diagnosticSchema),
});

/** A Gateway API route: its rules in the order the API's precedence applies within it. */
export const routeNodeSchema = z.object({
  ...nodeBase,
  kind: z.enum(routeKinds),
  hostnames: z.array(z.string()),
  // The parents it asks for, "infra/main" or "infra/main (https)", and whether it attached.
  parents: z.array(z.object({ gateway: z.string(), text: z.string(), attached: z.boolean() })),
  // Most specific first (the spec's precedence); `number` is the rule's place as written (1-based).
  rules: z.array(z.object({ number: z.number().int(), name: z.string().optional(), matches: z.array(z.string()), filters: z.array(z.string()), backends: z.array(backendSchema) })),
  diagnostics: z.array(diagnosticSchema),
});

/** An Ingress: host and path rules, each to one Service port. */
export const ingressNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Ingress'),
  ingressClassName: z.string().optional(),
  addresses: z.array(z.string()),
  tlsHosts: z.array(z.string()),
  // The Secrets its tls names (namespace/name): by name only, never read.
  tlsSecrets: z.array(z.string()).default([]),
  rules: z.array(z.object({ host: z.string().optional(), path: z.string(), pathType: z.string(), backend: backendSchema })),
  diagnostics: z.array(diagnosticSchema),
});

export const graphNodeSchema = z.discriminatedUnion('kind', [
  serviceNodeSchema,
  endpointSliceNodeSchema,
  podNodeSchema,
  addressNodeSchema,
  podGroupNodeSchema,
  namespaceNodeSchema,
  gatewayNodeSchema,
  routeNodeSchema,
  ingressNodeSchema,
]);

export const graphEdgeSchema = z.object({
  id: z.string(),
  namespace: z.string(),
  source: z.string(),
  target: z.string(),
  // slice: Service → its EndpointSlice; endpoint: EndpointSlice → backend, with the
  // endpoint's conditions exactly as the EndpointSlice controller set them;
  // selected: Service → a Pod its selector matches that is not an endpoint (reason says why);
  // externalName: ExternalName Service → the DNS name it aliases.
  // group: EndpointSlice → the page's PodGroup standing in for its many pods.
  // attached: Gateway → a route attached to it (label: its listeners);
  // backend: route or Ingress → a Service it sends traffic to (label: share and port, or paths).
  relation: z.enum(['slice', 'endpoint', 'selected', 'externalName', 'group', 'attached', 'backend']),
  label: z.string().optional(),
  conditions: endpointConditionsSchema.optional(),
  // Port mappings on endpoint edges: "80 → http(8080)".
  ports: z.array(z.string()).optional(),
  reason: z.string().optional(),
  // The endpoint's hostname (StatefulSet pods behind a headless Service: <hostname>.<service>).
  hostname: z.string().optional(),
  // Where the endpoint runs, and the zones topology-aware routing hints it for.
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  hintsForZones: z.array(z.string()).optional(),
  // How the endpoint was joined to its Pod: by targetRef, or by IP as a fallback.
  matchedBy: z.enum(['targetRef', 'ip']).optional(),
  // Service ports ("80") this endpoint gets no traffic for: its slice lists no number for
  // them (a port-less slice), so kube-proxy sends it none, though it may be ready.
  noTrafficFor: z.array(z.string()).optional(),
});

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
});

// A change to a node or edge the client already has: only the top-level fields that
// changed (set) or went away (unset). Keeps a pod readiness flip well under 1 KB.
export const fieldUpdateSchema = z.object({
  id: z.string(),
  set: z.record(z.string(), z.unknown()),
  unset: z.array(z.string()).optional(),
});

// On the wire, empty lists are left out (see sse.ts); parsing puts them back.
export const patchSchema = z.object({
  upsertNodes: z.array(graphNodeSchema).default([]),
  removeNodes: z.array(z.string()).default([]),
  upsertEdges: z.array(graphEdgeSchema).default([]),
  removeEdges: z.array(z.string()).default([]),
  updateNodes: z.array(fieldUpdateSchema).optional(),
  updateEdges: z.array(fieldUpdateSchema).optional(),
});

// One change to a Service's endpoints (lib/graph/timeline.ts).
export const timelineEventSchema = z.object({
  at: z.string(),
  service: z.string().optional(),
  slice: z.string(),
  // The backend's node id (Pod or Address) and its address.
  target: z.string(),
  address: z.string().optional(),
  change: z.enum(['joined', 'ready', 'not-ready', 'terminating', 'left']),
  conditions: endpointConditionsSchema.optional(),
});

export type Diagnostic = z.infer<typeof diagnosticSchema>;
export type Severity = z.infer<typeof severitySchema>;
export type EndpointConditions = z.infer<typeof endpointConditionsSchema>;
export type ServiceNode = z.infer<typeof serviceNodeSchema>;
export type EndpointSliceNode = z.infer<typeof endpointSliceNodeSchema>;
export type PodNode = z.infer<typeof podNodeSchema>;
export type AddressNode = z.infer<typeof addressNodeSchema>;
export type PodGroupNode = z.infer<typeof podGroupNodeSchema>;
export type NamespaceNode = z.infer<typeof namespaceNodeSchema>;
export type GatewayNode = z.infer<typeof gatewayNodeSchema>;
export type RouteNode = z.infer<typeof routeNodeSchema>;
export type IngressNode = z.infer<typeof ingressNodeSchema>;
export type Backend = z.infer<typeof backendSchema>;
export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type Graph = z.infer<typeof graphSchema>;
export type GraphPatch = z.infer<typeof patchSchema>;
export type FieldUpdate = z.infer<typeof fieldUpdateSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
