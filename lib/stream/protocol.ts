// The wire protocol between the svcmap server and the browser: the graph, its
// patches, and watch health. Both sides validate with these schemas; the
// TypeScript types are inferred from them.
import { z } from 'zod';

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
  // Graph node ids of the objects that show it.
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

/** Drawn by the page instead of a Service's pods when there are many (lib/graph/aggregate.ts); never sent by the server. */
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
});
export type NamespaceSummary = z.infer<typeof namespaceSummarySchema>;

/** A namespace's heading, drawn by the page (lib/graph/namespaces.ts): collapsed, it stands for the whole namespace. */
export const namespaceNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('Namespace'),
  summary: namespaceSummarySchema,
  collapsed: z.boolean(),
});

export const graphNodeSchema = z.discriminatedUnion('kind', [
  serviceNodeSchema,
  endpointSliceNodeSchema,
  podNodeSchema,
  addressNodeSchema,
  podGroupNodeSchema,
  namespaceNodeSchema,
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
  relation: z.enum(['slice', 'endpoint', 'selected', 'externalName', 'group']),
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
export const timelineResponseSchema = z.object({ events: z.array(timelineEventSchema) });

/** GET /api/clusters/{cluster}/object: one whole object as the apiserver has it now (without managedFields), and as YAML. */
export const objectResponseSchema = z.object({
  object: z.record(z.string(), z.unknown()),
  yaml: z.string(),
});
export type ObjectResponse = z.infer<typeof objectResponseSchema>;

export const kindStatusSchema = z.object({
  kind: z.string(),
  state: z.enum(['syncing', 'synced', 'reconnecting', 'forbidden', 'error']),
  objects: z.number().int(),
  // LIST requests so far for this kind (a relist after an expired watch adds one).
  lists: z.number().int(),
  // While a paged list runs: objects received so far, and in all (when the apiserver says).
  listed: z.number().int().optional(),
  total: z.number().int().optional(),
  message: z.string().optional(),
  // When the state last changed (ISO 8601): "reconnecting since …".
  since: z.string(),
});

export const clusterStatusSchema = z.object({
  cluster: z.string(),
  kinds: z.array(kindStatusSchema),
});

// SSE payloads, one schema per `event:` name.
export const snapshotEventSchema = z.object({ seq: z.number().int(), graph: graphSchema });
export const patchEventSchema = z.object({ seq: z.number().int(), patch: patchSchema });
export const statusEventSchema = clusterStatusSchema;

export const contextSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string().optional(),
  namespace: z.string().optional(),
  current: z.boolean(),
  // The embedded simulated cluster (lib/demo), not a real one.
  demo: z.boolean().optional(),
});
export const contextsResponseSchema = z.object({ contexts: z.array(contextSchema) });
// GET /api/session: who the server's auth gate let in ("token" for the shared token); null without auth.
// GET /api/clusters/{cluster}/namespaces: the namespaces that hold Services or Pods.
export const namespacesResponseSchema = z.object({ namespaces: z.array(namespaceSummarySchema) });
export const sessionResponseSchema = z.object({ user: z.string().nullable() });

export const graphResponseSchema = z.object({
  cluster: z.string(),
  seq: z.number().int(),
  status: clusterStatusSchema,
  graph: graphSchema,
});

// GET /api/clusters/{context}/reachability?from=…[&service=ns/name][&port=…]: NetworkPolicy
// evaluated from a source to every endpoint (lib/graph/reachability).
const reachStateSchema = z.enum(['allowed', 'blocked', 'partial']);
export const reachabilityResponseSchema = z.object({
  cluster: z.string(),
  from: z.string(),
  description: z.string(),
  sources: z.number().int(),
  // Whether each Service port lists its endpoints (with service=); for the whole cluster only `edges` carry the verdicts.
  detailed: z.boolean(),
  services: z.array(
    z.object({
      service: z.string(),
      state: z.union([reachStateSchema, z.literal('none')]),
      ports: z.array(
        z.object({
          port: z.number().int(),
          name: z.string().optional(),
          protocol: z.string(),
          endpoints: z.array(
            z.object({
              edge: z.string(),
              address: z.string(),
              pod: z.string().optional(),
              state: reachStateSchema,
              allowedSources: z.number().int(),
              sources: z.number().int(),
              allowedBy: z.array(z.object({ policy: z.string(), rule: z.number().int(), direction: z.enum(['ingress', 'egress']) })),
              isolatedBy: z.array(z.string()),
              egressIsolatedBy: z.array(z.string()),
              reason: z.string(),
            }),
          ),
        }),
      ),
    }),
  ),
  // Per drawn endpoint edge (slice → pod), over the Service's ports.
  edges: z.record(z.string(), z.object({ state: reachStateSchema, reason: z.string() })),
  // With service=: who may reach it, a row per namespace (or per workload where they differ) and one for outside the cluster.
  whoMayReach: z
    .array(z.object({ source: z.string(), label: z.string(), pods: z.number().int(), ports: z.array(z.object({ port: z.string(), state: z.union([reachStateSchema, z.literal('none')]) })) }))
    .optional(),
  // Findings about the policies themselves (PolicySelectsNoPod, PolicyPortNotDeclared).
  policyFindings: z.array(diagnosticSchema),
  policies: z.number().int(),
  // What svcmap can and cannot know: enforcement is up to the network plugin.
  note: z.string(),
});
export type ReachabilityResponse = z.infer<typeof reachabilityResponseSchema>;

// GET /api/clusters/{context}/routes?service=ns/name[&node=n] (lib/graph/routing): per service
// port, IP family and node, the endpoints ("ip:port") kube-proxy uses; or, with from=node:N /
// zone:Z and no service, each drawn endpoint edge used from there or not, and why.
const nodeRouteSchema = z.object({
  node: z.string(),
  zone: z.string().optional(),
  cluster: z.array(z.string()),
  local: z.array(z.string()),
  reachable: z.array(z.string()),
  hasAny: z.boolean(),
  topology: z.enum(['', 'PreferSameZone', 'PreferSameNode']),
  hintsIgnored: z.string().optional(),
  terminatingFallback: z.boolean(),
});
export const routesResponseSchema = z.object({
  cluster: z.string(),
  routes: z.array(
    z.object({
      service: z.string(),
      port: z.string(),
      protocol: z.string(),
      servicePort: z.number().int(),
      family: z.enum(['IPv4', 'IPv6']),
      internalPolicyLocal: z.boolean(),
      externalPolicyLocal: z.boolean(),
      externallyAccessible: z.boolean(),
      usesClusterEndpoints: z.boolean(),
      usesLocalEndpoints: z.boolean(),
      endpoints: z.array(z.object({ key: z.string(), ip: z.string(), port: z.number().int(), nodeName: z.string().optional(), ready: z.boolean(), serving: z.boolean(), terminating: z.boolean(), zoneHints: z.array(z.string()), nodeHints: z.array(z.string()) })),
      nodes: z.array(nodeRouteSchema),
    }),
  ),
  edges: z.record(z.string(), z.object({ used: z.boolean(), reason: z.string() })),
  sessionAffinity: z.string().optional(),
});
export type RoutesResponse = z.infer<typeof routesResponseSchema>;

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
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
export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type Graph = z.infer<typeof graphSchema>;
export type GraphPatch = z.infer<typeof patchSchema>;
export type FieldUpdate = z.infer<typeof fieldUpdateSchema>;
export type KindStatus = z.infer<typeof kindStatusSchema>;
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;
export type KubeContext = z.infer<typeof contextSchema>;
export type GraphResponse = z.infer<typeof graphResponseSchema>;
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
