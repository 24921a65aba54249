// Trims API objects on arrival to the fields svcmap uses (lib/graph/objects), so
// the in-memory store stays small (no managedFields, no pod specs, no annotations).
// Input is whatever the apiserver sent: validated loosely, malformed objects dropped.
import { z } from 'zod';
import {
  endpointSliceSchema,
  type NetworkPolicy,
  networkPolicySchema,
  type Node,
  nodeSchema,
  type EndpointSlice,
  type KubeObject,
  type Namespace,
  namespaceSchema,
  type PolicyPeer,
  type PolicyRule,
  podSchema,
  type Pod,
  serviceSchema,
  type Service,
  type CoreKind,
} from '@/lib/graph/objects';

export const rawMeta = z.object({
  uid: z.string(),
  name: z.string(),
  namespace: z.string().default(''),
  resourceVersion: z.string().default(''),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  // Read where an API keeps a field there (ingress class, default IngressClass); never kept.
  annotations: z.record(z.string(), z.string()).optional(),
  // Read by kinds whose status says which spec it observed (Gateway API routes).
  generation: z.number().optional(),
  ownerReferences: z.array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() })).optional(),
});
export const named = <T extends z.ZodRawShape>(shape: T) => z.object({ metadata: rawMeta, ...shape });

const rawService = named({
  spec: z
    .object({
      type: z.string().optional(),
      clusterIP: z.string().optional(),
      clusterIPs: z.array(z.string()).optional(),
      externalName: z.string().optional(),
      selector: z.record(z.string(), z.string()).nullish(),
      ports: z
        .array(
          z.object({
            name: z.string().optional(),
            protocol: z.string().optional(),
            port: z.number(),
            targetPort: z.union([z.number(), z.string()]).optional(),
            nodePort: z.number().optional(),
          }),
        )
        .optional(),
      publishNotReadyAddresses: z.boolean().optional(),
      sessionAffinity: z.string().optional(),
      externalTrafficPolicy: z.string().optional(),
      internalTrafficPolicy: z.string().optional(),
      trafficDistribution: z.string().optional(),
      ipFamilies: z.array(z.string()).optional(),
      externalIPs: z.array(z.string()).nullish(),
    })
    .default({}),
  status: z
    .object({
      loadBalancer: z
        .object({ ingress: z.array(z.object({ ip: z.string().optional(), hostname: z.string().optional(), ipMode: z.string().optional() })).optional() })
        .optional(),
    })
    .optional(),
});

const rawEndpointSlice = named({
  addressType: z.string(),
  ports: z
    .array(z.object({ name: z.string().optional(), protocol: z.string().optional(), port: z.number().optional() }))
    .nullish(),
  endpoints: z
    .array(
      z.object({
        addresses: z.array(z.string()).default([]),
        conditions: z
          .object({ ready: z.boolean().optional(), serving: z.boolean().optional(), terminating: z.boolean().optional() })
          .optional(),
        hostname: z.string().optional(),
        nodeName: z.string().optional(),
        zone: z.string().optional(),
        hints: z.object({ forZones: z.array(z.object({ name: z.string() })).nullish(), forNodes: z.array(z.object({ name: z.string() })).nullish() }).optional(),
        targetRef: z
          .object({ kind: z.string().optional(), namespace: z.string().optional(), name: z.string().optional(), uid: z.string().optional() })
          .optional(),
      }),
    )
    .nullish(),
});

const rawContainerPort = z.object({ name: z.string().optional(), containerPort: z.number(), protocol: z.string().optional() });
const rawPod = named({
  spec: z
    .object({
      nodeName: z.string().optional(),
      hostname: z.string().optional(),
      hostNetwork: z.boolean().optional(),
      containers: z.array(z.object({ name: z.string(), ports: z.array(rawContainerPort).optional() })).default([]),
    })
    .default({ containers: [] }),
  status: z
    .object({
      phase: z.string().optional(),
      podIP: z.string().optional(),
      podIPs: z.array(z.object({ ip: z.string() })).optional(),
      conditions: z
        .array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() }))
        .optional(),
      containerStatuses: z
        .array(
          z.object({
            name: z.string(),
            ready: z.boolean().default(false),
            restartCount: z.number().default(0),
            state: z.record(z.string(), z.unknown()).optional(),
          }),
        )
        .optional(),
    })
    .default({}),
});

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
const rawNamespace = named({});
const rawNode = named({
  spec: z.object({ unschedulable: z.boolean().optional() }).default({}),
  status: z.object({ conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional() }).default({}),
});

type Meta = z.infer<typeof rawMeta>;
export function meta(metadata: Meta) {
  return {
    uid: metadata.uid,
    namespace: metadata.namespace,
    name: metadata.name,
    resourceVersion: metadata.resourceVersion,
    creationTimestamp: metadata.creationTimestamp,
    labels: metadata.labels ?? {},
  };
}

const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

// The trimmed object must satisfy the shared schema; anything odd (a float port,
// say) drops the object rather than letting it reach the graph.
export function valid<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

export function trimService(raw: unknown): Service | null {
  const parsed = rawService.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec, status } = parsed.data;
  const type = serviceTypes.find((known) => known === spec.type) ?? 'ClusterIP';
  return valid(serviceSchema, {
    kind: 'Service',
    ...meta(metadata),
    type,
    clusterIP: spec.clusterIP,
    clusterIPs: spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []),
    externalName: spec.externalName,
    // An empty selector selects nothing and, like a missing one, means endpoints are managed by hand.
    selector: spec.selector && Object.keys(spec.selector).length > 0 ? spec.selector : null,
    ports: (spec.ports ?? []).map((port) => ({
      name: port.name || undefined,
      protocol: port.protocol ?? 'TCP',
      port: port.port,
      targetPort: port.targetPort ?? port.port, // the API defaults targetPort to port
      nodePort: port.nodePort,
    })),
    publishNotReadyAddresses: spec.publishNotReadyAddresses ?? false,
    sessionAffinity: spec.sessionAffinity,
    externalTrafficPolicy: spec.externalTrafficPolicy,
    internalTrafficPolicy: spec.internalTrafficPolicy,
    trafficDistribution: spec.trafficDistribution,
    ipFamilies: spec.ipFamilies ?? [],
    loadBalancerIngress: (status?.loadBalancer?.ingress ?? []).flatMap((ingress) => ingress.ip ?? ingress.hostname ?? []),
    loadBalancerVIPs: (status?.loadBalancer?.ingress ?? []).flatMap((ingress) => (ingress.ip && (ingress.ipMode ?? 'VIP') === 'VIP' ? [ingress.ip] : [])),
    externalIPs: spec.externalIPs ?? [],
  });
}

export function trimEndpointSlice(raw: unknown): EndpointSlice | null {
  const parsed = rawEndpointSlice.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, addressType, ports, endpoints } = parsed.data;
  const labels = metadata.labels ?? {};
  return valid(endpointSliceSchema, {
    kind: 'EndpointSlice',
    ...meta(metadata),
    serviceName: labels['kubernetes.io/service-name'],
    managedBy: labels['endpointslice.kubernetes.io/managed-by'],
    addressType,
    ports: (ports ?? []).map((port) => ({ name: port.name || undefined, protocol: port.protocol ?? 'TCP', port: port.port })),
    endpoints: (endpoints ?? []).map((endpoint) => {
      const conditions = endpoint.conditions ?? {};
      const ref = endpoint.targetRef;
      return {
        addresses: endpoint.addresses,
        // discovery.k8s.io/v1: "ready ... nil should be interpreted as true"; serving and
        // terminating nil as false (serving falls back to ready, as kube-proxy does).
        ready: conditions.ready ?? true,
        serving: conditions.serving ?? conditions.ready ?? true,
        terminating: conditions.terminating ?? false,
        hostname: endpoint.hostname,
        nodeName: endpoint.nodeName,
        zone: endpoint.zone,
        hintsForZones: (endpoint.hints?.forZones ?? []).map((zone) => zone.name),
        ...(endpoint.hints?.forNodes?.length ? { hintsForNodes: endpoint.hints.forNodes.map((node) => node.name) } : {}),
        ...(conditions.serving === undefined ? { servingUnset: true } : {}),
        targetRef: ref?.name ? { kind: ref.kind ?? '', namespace: ref.namespace, name: ref.name, uid: ref.uid } : undefined,
      };
    }),
  });
}

export function trimPod(raw: unknown): Pod | null {
  const parsed = rawPod.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec, status } = parsed.data;
  const podIPs = status.podIPs?.map((entry) => entry.ip) ?? (status.podIP ? [status.podIP] : []);
  const owner = metadata.ownerReferences?.find((reference) => reference.controller);
  return valid(podSchema, {
    kind: 'Pod',
    ...meta(metadata),
    nodeName: spec.nodeName,
    hostNetwork: spec.hostNetwork || undefined,
    workload: owner ? workloadOf(owner, metadata.labels ?? {}) : undefined,
    phase: status.phase ?? 'Pending',
    podIPs,
    hostname: spec.hostname,
    deletionTimestamp: metadata.deletionTimestamp,
    conditions: status.conditions ?? [],
    containers: spec.containers.map((container) => ({
      name: container.name,
      ports: (container.ports ?? []).map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: port.protocol ?? 'TCP' })),
    })),
    containerStatuses: (status.containerStatuses ?? []).map((containerStatus) => ({
      name: containerStatus.name,
      ready: containerStatus.ready,
      restartCount: containerStatus.restartCount,
      state: Object.keys(containerStatus.state ?? {})[0] ?? 'unknown',
    })),
  });
}

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

/** A pod's workload: its controller owner; a ReplicaSet made by a Deployment is named as that Deployment. */
function workloadOf(owner: { kind: string; name: string }, labels: Record<string, string>): { kind: string; name: string } {
  const hash = labels['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  return { kind: owner.kind, name: owner.name };
}

export function trimNamespace(raw: unknown): Namespace | null {
  const parsed = rawNamespace.safeParse(raw);
  if (!parsed.success) return null;
  return valid(namespaceSchema, { kind: 'Namespace', ...meta(parsed.data.metadata), namespace: '' });
}

export function trimNode(raw: unknown): Node | null {
  const parsed = rawNode.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec, status } = parsed.data;
  return valid(nodeSchema, {
    kind: 'Node',
    ...meta(metadata),
    ready: (status.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True'),
    unschedulable: spec.unschedulable ?? false,
    zone: metadata.labels?.['topology.kubernetes.io/zone'],
  });
}

export const coreTrimmers: Record<CoreKind, (raw: unknown) => KubeObject | null> = {
  services: trimService,
  endpointslices: trimEndpointSlice,
  pods: trimPod,
  networkpolicies: trimNetworkPolicy,
  nodes: trimNode,
  namespaces: trimNamespace,
};
