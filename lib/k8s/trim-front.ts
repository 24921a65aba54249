// Trims what stands in front of Services — Gateway API kinds and Ingress/IngressClass — to
// the fields of lib/graph/gateway-objects, filling in the API's defaults (so the graph
// never guesses them). Malformed objects are dropped, as in trim.ts.
// Defaults: https://gateway-api.sigs.k8s.io/reference/spec/ (ParentReference, BackendRef).
import { z } from 'zod';
import {
  type BackendRef,
  type Gateway,
  type GatewayClass,
  gatewayClassSchema,
  gatewaySchema,
  gatewayGroup,
  type Ingress,
  type IngressBackend,
  type IngressClass,
  ingressClassSchema,
  ingressSchema,
  type ParentRef,
  type ReferenceGrant,
  referenceGrantSchema,
  type Route,
  type RouteKind,
  routeSchema,
} from '@/lib/graph/gateway-objects';
import type { FrontKind, KubeObject } from '@/lib/graph/objects';
import { meta, named, valid } from './trim-meta';
import { rawSelector, selector } from './trim-policy';

const rawConditions = z
  .array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional(), observedGeneration: z.number().nullish() }))
  .nullish();
const conditions = (raw: z.infer<typeof rawConditions>) =>
  (raw ?? []).map(({ type, status, reason, message, observedGeneration }) => ({
    type,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(typeof observedGeneration === 'number' ? { observedGeneration } : {}),
  }));

const rawGatewayClass = named({ spec: z.object({ controllerName: z.string().default('') }).default({ controllerName: '' }), status: z.object({ conditions: rawConditions }).default({}) });

export function trimGatewayClass(raw: unknown): GatewayClass | null {
  const parsed = rawGatewayClass.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec, status } = parsed.data;
  return valid(gatewayClassSchema, { kind: 'GatewayClass', ...meta(metadata), namespace: '', controllerName: spec.controllerName, conditions: conditions(status.conditions) });
}

const rawGateway = named({
  spec: z.object({
    gatewayClassName: z.string(),
    listeners: z
      .array(
        z.object({
          name: z.string(),
          hostname: z.string().nullish(),
          port: z.number(),
          protocol: z.string(),
          allowedRoutes: z
            .object({
              namespaces: z.object({ from: z.string().nullish(), selector: rawSelector }).nullish(),
              kinds: z.array(z.object({ group: z.string().nullish(), kind: z.string() })).nullish(),
            })
            .nullish(),
          // TLS certificates are Secrets: kept by name only, never read.
          tls: z.object({ certificateRefs: z.array(z.object({ kind: z.string().nullish(), namespace: z.string().nullish(), name: z.string() })).nullish() }).nullish(),
        }),
      )
      .default([]),
  }),
  status: z
    .object({
      addresses: z.array(z.object({ value: z.string() })).nullish(),
      conditions: rawConditions,
      listeners: z.array(z.object({ name: z.string(), attachedRoutes: z.number().nullish(), conditions: rawConditions })).nullish(),
    })
    .default({}),
});

export function trimGateway(raw: unknown): Gateway | null {
  const parsed = rawGateway.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec, status } = parsed.data;
  const listenerStatus = new Map((status.listeners ?? []).map((listener) => [listener.name, listener]));
  return valid(gatewaySchema, {
    kind: 'Gateway',
    ...meta(metadata),
    gatewayClassName: spec.gatewayClassName,
    listeners: spec.listeners.map((listener) => {
      const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
      const selected = listener.allowedRoutes?.namespaces?.selector;
      const state = listenerStatus.get(listener.name);
      return {
        name: listener.name,
        ...(listener.hostname ? { hostname: listener.hostname.toLowerCase() } : {}),
        port: listener.port,
        protocol: listener.protocol,
        from: from === 'All' || from === 'Selector' ? from : 'Same',
        ...(from === 'Selector' && selected ? { selector: selector(selected) } : {}),
        kinds: (listener.allowedRoutes?.kinds ?? []).map((kind) => kind.kind),
        ...(listener.tls?.certificateRefs?.length ? { certificates: listener.tls.certificateRefs.map((ref) => `${ref.kind && ref.kind !== 'Secret' ? `${ref.kind} ` : ''}${ref.namespace ?? metadata.namespace}/${ref.name}`) } : {}),
        ...(typeof state?.attachedRoutes === 'number' ? { attachedRoutes: state.attachedRoutes } : {}),
        conditions: conditions(state?.conditions),
      };
    }),
    addresses: (status.addresses ?? []).map((address) => address.value),
    conditions: conditions(status.conditions),
  });
}

const rawParentRef = z.object({
  group: z.string().nullish(),
  kind: z.string().nullish(),
  namespace: z.string().nullish(),
  name: z.string(),
  sectionName: z.string().nullish(),
  port: z.number().nullish(),
});
const rawBackendRef = z.object({
  group: z.string().nullish(),
  kind: z.string().nullish(),
  namespace: z.string().nullish(),
  name: z.string(),
  port: z.number().nullish(),
  weight: z.number().nullish(),
});
const rawStringMatch = z.object({ type: z.string().nullish(), name: z.string(), value: z.string() });
const rawRoute = named({
  spec: z
    .object({
      parentRefs: z.array(rawParentRef).nullish(),
      hostnames: z.array(z.string()).nullish(),
      rules: z
        .array(
          z.object({
            name: z.string().nullish(),
            matches: z
              .array(
                z.object({
                  path: z.object({ type: z.string().nullish(), value: z.string().nullish() }).nullish(),
                  // HTTPRoute: an HTTP method; GRPCRoute: { type, service, method }.
                  method: z.union([z.string(), z.object({ type: z.string().nullish(), service: z.string().nullish(), method: z.string().nullish() })]).nullish(),
                  headers: z.array(rawStringMatch).nullish(),
                  queryParams: z.array(rawStringMatch).nullish(),
                }),
              )
              .nullish(),
            filters: z.array(z.object({ type: z.string() })).nullish(),
            backendRefs: z.array(rawBackendRef).nullish(),
          }),
        )
        .nullish(),
    })
    .default({}),
  status: z.object({ parents: z.array(z.object({ parentRef: rawParentRef, controllerName: z.string().default(''), conditions: rawConditions })).nullish() }).default({}),
});

function parentRef(raw: z.infer<typeof rawParentRef>, namespace: string): ParentRef {
  return {
    group: raw.group ?? gatewayGroup,
    kind: raw.kind ?? 'Gateway',
    namespace: raw.namespace ?? namespace,
    name: raw.name,
    ...(raw.sectionName ? { sectionName: raw.sectionName } : {}),
    ...(typeof raw.port === 'number' ? { port: raw.port } : {}),
  };
}

function backendRef(raw: z.infer<typeof rawBackendRef>, namespace: string): BackendRef {
  return {
    group: raw.group ?? '',
    kind: raw.kind ?? 'Service',
    namespace: raw.namespace ?? namespace,
    name: raw.name,
    ...(typeof raw.port === 'number' ? { port: raw.port } : {}),
    weight: raw.weight ?? 1,
  };
}

/** Trims a route of any of the Gateway API's route kinds (they share parentRefs, rules and backendRefs). */
export function trimRoute(kind: RouteKind): (raw: unknown) => Route | null {
  return (raw) => {
    const parsed = rawRoute.safeParse(raw);
    if (!parsed.success) return null;
    const { metadata, spec, status } = parsed.data;
    const namespace = metadata.namespace;
    return valid(routeSchema, {
      kind,
      ...meta(metadata),
      ...(typeof metadata.generation === 'number' ? { generation: metadata.generation } : {}),
      parentRefs: (spec.parentRefs ?? []).map((ref) => parentRef(ref, namespace)),
      hostnames: (spec.hostnames ?? []).map((hostname) => hostname.toLowerCase()),
      rules: (spec.rules ?? []).map((rule) => ({
        ...(rule.name ? { name: rule.name } : {}),
        matches: (rule.matches ?? []).map((match) => ({
          ...(match.path ? { path: { type: match.path.type ?? 'PathPrefix', value: match.path.value ?? '/' } } : {}),
          ...(typeof match.method === 'string' ? { method: match.method } : {}),
          ...(match.method && typeof match.method === 'object'
            ? { grpcMethod: { type: match.method.type ?? 'Exact', ...(match.method.service ? { service: match.method.service } : {}), ...(match.method.method ? { method: match.method.method } : {}) } }
            : {}),
          headers: (match.headers ?? []).map((header) => ({ type: header.type ?? 'Exact', name: header.name, value: header.value })),
          queryParams: (match.queryParams ?? []).map((param) => ({ type: param.type ?? 'Exact', name: param.name, value: param.value })),
        })),
        filters: (rule.filters ?? []).map((filter) => filter.type),
        backendRefs: (rule.backendRefs ?? []).map((ref) => backendRef(ref, namespace)),
      })),
      parents: (status.parents ?? []).map((parent) => ({ parentRef: parentRef(parent.parentRef, namespace), controllerName: parent.controllerName, conditions: conditions(parent.conditions) })),
    });
  };
}

const rawReferenceGrant = named({
  spec: z.object({
    from: z.array(z.object({ group: z.string(), kind: z.string(), namespace: z.string() })).default([]),
    to: z.array(z.object({ group: z.string(), kind: z.string(), name: z.string().nullish() })).default([]),
  }),
});

export function trimReferenceGrant(raw: unknown): ReferenceGrant | null {
  const parsed = rawReferenceGrant.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec } = parsed.data;
  return valid(referenceGrantSchema, {
    kind: 'ReferenceGrant',
    ...meta(metadata),
    from: spec.from,
    to: spec.to.map((to) => ({ group: to.group, kind: to.kind, ...(to.name ? { name: to.name } : {}) })),
  });
}

const rawIngressBackend = z.object({
  service: z.object({ name: z.string(), port: z.object({ number: z.number().nullish(), name: z.string().nullish() }).nullish() }).nullish(),
  resource: z.object({ kind: z.string(), name: z.string() }).nullish(),
});
const rawIngress = named({
  spec: z
    .object({
      ingressClassName: z.string().nullish(),
      defaultBackend: rawIngressBackend.nullish(),
      rules: z
        .array(
          z.object({
            host: z.string().nullish(),
            http: z.object({ paths: z.array(z.object({ path: z.string().nullish(), pathType: z.string().nullish(), backend: rawIngressBackend })).default([]) }).nullish(),
          }),
        )
        .nullish(),
      tls: z.array(z.object({ hosts: z.array(z.string()).nullish(), secretName: z.string().nullish() })).nullish(),
    })
    .default({}),
  status: z.object({ loadBalancer: z.object({ ingress: z.array(z.object({ ip: z.string().nullish(), hostname: z.string().nullish() })).nullish() }).nullish() }).default({}),
});

function ingressBackend(raw: z.infer<typeof rawIngressBackend>): IngressBackend {
  const port = raw.service?.port?.number ?? raw.service?.port?.name ?? 0;
  return {
    ...(raw.service ? { service: { name: raw.service.name, port } } : {}),
    ...(raw.resource ? { resource: raw.resource } : {}),
  };
}

export function trimIngress(raw: unknown): Ingress | null {
  const parsed = rawIngress.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec, status } = parsed.data;
  // The annotation came before spec.ingressClassName and is still honoured by most controllers;
  // it names a class the controllers agree on, not necessarily an IngressClass object.
  const annotation = metadata.annotations?.['kubernetes.io/ingress.class'];
  return valid(ingressSchema, {
    kind: 'Ingress',
    ...meta(metadata),
    ...(spec.ingressClassName ? { ingressClassName: spec.ingressClassName } : {}),
    ...(annotation ? { classAnnotation: annotation } : {}),
    ...(spec.defaultBackend ? { defaultBackend: ingressBackend(spec.defaultBackend) } : {}),
    rules: (spec.rules ?? []).map((rule) => ({
      ...(rule.host ? { host: rule.host.toLowerCase() } : {}),
      // pathType is required in v1; a missing path is "/" (what the API server defaults for Prefix).
      paths: (rule.http?.paths ?? []).map((path) => ({ path: path.path ?? '/', pathType: path.pathType ?? 'ImplementationSpecific', backend: ingressBackend(path.backend) })),
    })),
    tlsHosts: (spec.tls ?? []).flatMap((tls) => tls.hosts ?? []),
    // Secrets by name only, never read.
    tlsSecrets: (spec.tls ?? []).flatMap((tls) => (tls.secretName ? [`${metadata.namespace}/${tls.secretName}`] : [])),
    addresses: (status.loadBalancer?.ingress ?? []).flatMap((entry) => [entry.ip ?? entry.hostname ?? []].flat()),
  });
}

const rawIngressClass = named({ spec: z.object({ controller: z.string().nullish() }).default({}) });

export function trimIngressClass(raw: unknown): IngressClass | null {
  const parsed = rawIngressClass.safeParse(raw);
  if (!parsed.success) return null;
  const { metadata, spec } = parsed.data;
  return valid(ingressClassSchema, {
    kind: 'IngressClass',
    ...meta(metadata),
    namespace: '',
    controller: spec.controller ?? '',
    isDefault: metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true',
  });
}

export const frontTrimmers: Record<FrontKind, (raw: unknown) => KubeObject | null> = {
  ingressclasses: trimIngressClass,
  ingresses: trimIngress,
  gatewayclasses: trimGatewayClass,
  gateways: trimGateway,
  httproutes: trimRoute('HTTPRoute'),
  grpcroutes: trimRoute('GRPCRoute'),
  tlsroutes: trimRoute('TLSRoute'),
  tcproutes: trimRoute('TCPRoute'),
  udproutes: trimRoute('UDPRoute'),
  referencegrants: trimReferenceGrant,
};
