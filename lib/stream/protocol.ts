// The wire protocol between the svcmap server and the browser: events of the stream,
// API answers and watch health. It carries lib/graph's model (re-exported here for the
// page); both sides validate with these schemas; the TypeScript types are inferred from them.
import { z } from 'zod';
import { backendSchema, diagnosticSchema, graphSchema, namespaceSummarySchema, patchSchema, timelineEventSchema } from '@/lib/graph/model';

export * from '@/lib/graph/model';
export const timelineResponseSchema = z.object({ events: z.array(timelineEventSchema) });

/** GET /api/clusters/{context}/object: one whole object as the apiserver has it now (without managedFields), and as YAML. */
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

export const contextStatusSchema = z.object({
  context: z.string(),
  kinds: z.array(kindStatusSchema),
});

// SSE payloads, one schema per `event:` name.
export const snapshotEventSchema = z.object({ seq: z.number().int(), graph: graphSchema });
export const patchEventSchema = z.object({ seq: z.number().int(), patch: patchSchema });
export const statusEventSchema = contextStatusSchema;

export const contextSchema = z.object({
  name: z.string(),
  // The kubeconfig's cluster this context points at.
  cluster: z.string(),
  server: z.string().optional(),
  namespace: z.string().optional(),
  current: z.boolean(),
  // The embedded simulated cluster (lib/demo), not a real one.
  demo: z.boolean().optional(),
});
export const contextsResponseSchema = z.object({ contexts: z.array(contextSchema) });
// GET /api/session: who the server's auth gate let in ("token" for the shared token); null without auth.
// GET /api/clusters/{context}/namespaces: the namespaces that hold Services or Pods.
export const namespacesResponseSchema = z.object({ namespaces: z.array(namespaceSummarySchema) });
export const sessionResponseSchema = z.object({ user: z.string().nullable() });

// The past (GET …/graph?at=…): what svcmap knew at `at`. known false: nothing was watching
// then (a gap between `from` and `to`, either absent at the edge of the history); the graph is empty.
export const pastSchema = z.object({
  at: z.string(),
  known: z.boolean(),
  gap: z.object({ from: z.string().optional(), to: z.string().optional() }).optional(),
});

export const graphResponseSchema = z.object({
  context: z.string(),
  seq: z.number().int(),
  status: contextStatusSchema,
  graph: graphSchema,
  past: pastSchema.optional(),
});

// GET /api/clusters/{context}/history: is history kept, and which stretches of time it covers.
export const historyResponseSchema = z.object({
  engine: z.enum(['sqlite', 'postgres', 'off']),
  state: z.enum(['off', 'idle', 'recording', 'reading', 'error']),
  message: z.string().optional(),
  /** Stretches of time svcmap watched this context, oldest first (ISO times); to absent: still watching. */
  sessions: z.array(z.object({ from: z.string(), to: z.string().optional() })),
});

// GET /api/clusters/{context}/ip/{address}[?at=…]: who held an address (then, or over the history).
export const ipSpanSchema = z.object({
  kind: z.enum(['Pod', 'EndpointSlice']),
  namespace: z.string(),
  name: z.string(),
  service: z.string().optional(),
  from: z.string(),
  /** Held since before svcmap watched: `from` is when svcmap first saw it. */
  fromUnknown: z.boolean(),
  to: z.string().optional(),
  /** svcmap stopped watching while it was held: it ended at `to` or later. */
  toUnknown: z.boolean(),
});
// watched: false when svcmap was not watching the context at `at` (then no span says nothing held it).
export const ipResponseSchema = z.object({ address: z.string(), at: z.string().optional(), watched: z.boolean().optional(), spans: z.array(ipSpanSchema) });

// GET /api/clusters/{context}/reachability?from=…[&service=ns/name][&port=…]: NetworkPolicy
// evaluated from a source to every endpoint (lib/graph/reachability).
const reachStateSchema = z.enum(['allowed', 'blocked', 'partial']);
export const reachabilityResponseSchema = z.object({
  context: z.string(),
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
  context: z.string(),
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

/** GET …/resolve?url=: the paths a URL takes, best first (lib/graph/resolve.ts). */
export const resolveResponseSchema = z.object({
  context: z.string(),
  url: z.string(),
  host: z.string(),
  path: z.string(),
  paths: z.array(
    z.object({
      via: z.enum(['Gateway', 'Ingress']),
      best: z.boolean(),
      conditions: z.array(z.string()),
      entry: z.string(),
      listener: z.string().optional(),
      route: z.string().optional(),
      rule: z.number().int().optional(),
      match: z.string(),
      backends: z.array(
        backendSchema.extend({
          slices: z.array(z.object({ id: z.string(), endpoints: z.array(z.object({ target: z.string(), ready: z.boolean(), serving: z.boolean(), terminating: z.boolean() })) })),
        }),
      ),
      nodes: z.array(z.string()),
      forwardsNowhere: z.boolean(),
    }),
  ),
});
export type ResolveResponse = z.infer<typeof resolveResponseSchema>;

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export type KindStatus = z.infer<typeof kindStatusSchema>;
export type ContextStatus = z.infer<typeof contextStatusSchema>;
export type KubeContext = z.infer<typeof contextSchema>;
export type GraphResponse = z.infer<typeof graphResponseSchema>;
export type Past = z.infer<typeof pastSchema>;
export type HistoryResponse = z.infer<typeof historyResponseSchema>;
export type IpResponse = z.infer<typeof ipResponseSchema>;
export type IpSpanAnswer = z.infer<typeof ipSpanSchema>;
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
