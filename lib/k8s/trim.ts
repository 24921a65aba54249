// Trims API objects on arrival to the fields svcmap uses (lib/graph/objects), so
// the in-memory store stays small (no managedFields, no pod specs, no annotations).
// Input is whatever the apiserver sent: validated loosely, malformed objects dropped.
// The metadata every kind shares is in trim-meta.ts, NetworkPolicies in trim-policy.ts,
// what stands in front of Services in trim-front.ts.
import { z } from 'zod';
import {
  endpointSliceSchema,
  type Node,
  nodeSchema,
  type EndpointSlice,
  type KubeObject,
  type Namespace,
  namespaceSchema,
  podSchema,
  type Pod,
  serviceSchema,
  type Service,
  type CoreKind,
} from '@/lib/graph/objects';
import { meta, named, valid } from './trim-meta';
import { trimNetworkPolicy } from './trim-policy';

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

const rawNamespace = named({});
const rawNode = named({
  spec: z.object({ unschedulable: z.boolean().optional() }).default({}),
  status: z.object({ conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional() }).default({}),
});

const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

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
