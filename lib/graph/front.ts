// What stands in front of Services, as graph units: a Gateway (its listeners), a Gateway API
// route (its rules in order, attached to Gateways, with edges to the Service ports its
// backendRefs name, labelled with their share of the traffic), and an Ingress (its host and
// path rules to Service ports). Each unit also says why traffic through it would not reach
// Pods (front-diagnostics.ts). Pure; built per object, like the Services' units (build.ts).
import type { Backend, Diagnostic, GatewayNode, GraphEdge, IngressNode, RouteNode } from './model';
import { type BackendRef, type Gateway, gatewayGroup, type Ingress, type IngressBackend, isRouteKind, type Route } from './gateway-objects';
import { attachment } from './gateway-attach';
import { compareKeys, describeMatch, rulePrecedence } from './gateway-match';
import { edgeId, nodeId, serviceId } from './ids';
import { allRoutes, type ClusterStore, countEndpoints, objectKey, scopeText, type Service, visibleIn, type WatchedKind, watchedKindsByName } from './objects';
import { namespaceLabels } from './policy';
import type { RelationIndex } from './relations';
import { diagnoseBackends, diagnoseGateway, diagnoseIngressClass, diagnoseRouteStatus, diagnoseZeroWeights, formatPercent, frontDiagnostic, referencePermitted } from './front-diagnostics';

/** A front unit: its node and edges, and what it reads besides its own object (frontRef keys), existing or not. */
export interface FrontUnit {
  node: GatewayNode | RouteNode | IngressNode;
  edges: GraphEdge[];
  refs: string[];
}

/**
 * The objects a front unit reads, as keys of one index (incremental.ts rebuilds the unit when
 * one changes): a backend Service (its ready endpoints), a parent Gateway (attachment), the
 * ReferenceGrants of a namespace it refers into, the GatewayClasses, the IngressClasses.
 */
export const frontRef = {
  service: (namespace: string, name: string) => `Service:${namespace}/${name}`,
  gateway: (namespace: string, name: string) => `Gateway:${namespace}/${name}`,
  grants: (namespace: string) => `ReferenceGrant:${namespace}`,
  // Any class: whether a class is judged missing depends on whether there are classes at all.
  gatewayClasses: 'GatewayClass',
  ingressClasses: 'IngressClass',
};

/** The keys of the front units of a store: one per Gateway, route and Ingress. */
export function frontUnitKeys(store: ClusterStore): string[] {
  return [
    ...[...store.gateways.values()].map((gateway) => nodeId('Gateway', gateway.namespace, gateway.name)),
    ...allRoutes(store).map((route) => nodeId(route.kind, route.namespace, route.name)),
    ...[...store.ingresses.values()].map((ingress) => nodeId('Ingress', ingress.namespace, ingress.name)),
  ];
}

/** Builds one front unit, or null when the store no longer has its object. */
export function buildFrontUnit(kind: string, namespace: string, name: string, store: ClusterStore, index: RelationIndex): FrontUnit | null {
  const key = objectKey({ namespace, name });
  if (kind === 'Gateway') {
    const gateway = store.gateways.get(key);
    return gateway ? { node: gatewayNode(gateway, store), edges: [], refs: [frontRef.gatewayClasses] } : null;
  }
  if (kind === 'Ingress') {
    const ingress = store.ingresses.get(key);
    return ingress ? ingressUnit(ingress, store, index) : null;
  }
  const route = isRouteKind(kind) ? (store[watchedKindsByName[kind]] as ReadonlyMap<string, Route>).get(key) : undefined;
  return route ? routeUnit(route, store, index) : null;
}

function gatewayNode(gateway: Gateway, store: ClusterStore): GatewayNode {
  const id = nodeId('Gateway', gateway.namespace, gateway.name);
  // With no GatewayClass at all in the store, classes are not judged (they may be unreadable to us).
  const classExists = store.gatewayclasses.size === 0 ? undefined : store.gatewayclasses.has(objectKey({ namespace: '', name: gateway.gatewayClassName }));
  return {
    id,
    kind: 'Gateway',
    namespace: gateway.namespace,
    name: gateway.name,
    gatewayClassName: gateway.gatewayClassName,
    addresses: gateway.addresses,
    listeners: gateway.listeners.map(({ name, protocol, port, hostname, attachedRoutes, certificates }) => ({ name, protocol, port, ...(hostname ? { hostname } : {}), ...(attachedRoutes === undefined ? {} : { attachedRoutes }), ...(certificates ? { certificates } : {}) })),
    diagnostics: diagnoseGateway(gateway, id, classExists),
  };
}

function routeUnit(route: Route, store: ClusterStore, index: RelationIndex): FrontUnit {
  const id = nodeId(route.kind, route.namespace, route.name);
  const what = `${route.kind} ${route.namespace}/${route.name}`;
  const command = `kubectl get ${route.kind.toLowerCase()} ${route.name} -n ${route.namespace} -o yaml`;
  const diagnostics: Diagnostic[] = [];
  const edges: GraphEdge[] = [];
  const parents: RouteNode['parents'] = [];
  // One edge per Gateway, however many parentRefs name it (one per listener section is common):
  // the listeners that admit the route through any of them, or why none does.
  const gateways = new Map<string, { listeners: Set<string>; reasons: string[] }>();
  for (const ref of route.parentRefs) {
    const gateway = ref.group === gatewayGroup && ref.kind === 'Gateway' ? store.gateways.get(objectKey(ref)) : undefined;
    const gatewayId = nodeId('Gateway', ref.namespace, ref.name);
    if (!gateway && ref.kind === 'Gateway' && !visibleIn(store, 'gateways', ref.namespace)) {
      parents.push({ gateway: gatewayId, text: `${ref.namespace}/${ref.name} (not visible)`, attached: false });
      diagnostics.push(notVisible(what, id, 'Gateway', 'gateways', ref.namespace, ref.name, store, 'its attachment is not checked'));
      continue;
    }
    const { listeners, reason } = attachment(route, ref, gateway, (namespace) => namespaceLabels(store, namespace));
    parents.push({ gateway: gatewayId, text: `${ref.namespace}/${ref.name}${ref.sectionName ? ` (${ref.sectionName})` : ''}`, attached: listeners.length > 0 });
    if (listeners.length === 0) {
      diagnostics.push(frontDiagnostic('RouteNotAttached', `${what} is not attached to Gateway ${ref.namespace}/${ref.name}: ${reason ?? 'no listener admits it'}.`, gateway ? [id, gatewayId] : [id], command));
    }
    if (gateway) {
      const seen = gateways.get(gatewayId) ?? { listeners: new Set<string>(), reasons: [] };
      for (const listener of listeners) seen.listeners.add(listener.name);
      if (listeners.length === 0) seen.reasons.push(reason ?? 'no listener admits it');
      gateways.set(gatewayId, seen);
    }
  }
  for (const [gatewayId, { listeners, reasons }] of gateways) {
    const label = [...listeners].join(', ') || 'not attached';
    edges.push({ id: edgeId(gatewayId, id), namespace: route.namespace, source: gatewayId, target: id, relation: 'attached', label, ...(listeners.size === 0 ? { reason: reasons.join('; ') } : {}) });
  }
  diagnostics.push(...diagnoseRouteStatus(route, id));

  const refs = new Set<string>(route.parentRefs.map((ref) => frontRef.gateway(ref.namespace, ref.name)));
  const labels = new Map<string, Set<string>>();
  const rules = route.rules.map((rule, ruleIndex) => {
    const totalWeight = rule.backendRefs.reduce((sum, ref) => sum + ref.weight, 0);
    const ruleLabel = rule.name ? `rule ${rule.name}` : `rule ${ruleIndex + 1}`;
    const backends = rule.backendRefs.map((ref): Backend => {
      const percent = totalWeight === 0 ? 0 : Math.round((ref.weight / totalWeight) * 1000) / 10;
      const backend = routeBackend(route, ref, percent, store, index, diagnostics, what, id, command, ruleLabel);
      if (ref.group === '' && ref.kind === 'Service') refs.add(frontRef.service(ref.namespace, ref.name));
      if (ref.namespace !== route.namespace) refs.add(frontRef.grants(ref.namespace));
      if (backend.exists) {
        const text = `${rule.backendRefs.length > 1 ? `${formatPercent(percent)} ` : ''}${ref.port ? `:${ref.port}` : ''}`.trim();
        addLabel(labels, backend.service, text || ruleLabel);
      }
      return backend;
    });
    const matches = rule.matches.length === 0 ? ['PathPrefix /'] : rule.matches.map(describeMatch);
    return { number: ruleIndex + 1, ...(rule.name ? { name: rule.name } : {}), label: ruleLabel, matches, filters: rule.filters, backends, precedence: rulePrecedence(route.kind, rule.matches) };
  });
  diagnostics.push(...diagnoseZeroWeights(what, id, command, rules), ...diagnoseBackends(what, id, rules));
  // Listed most specific first, as the spec's precedence applies them (the sort is stable: ties keep their order).
  rules.sort((a, b) => compareKeys(a.precedence, b.precedence));
  for (const [target, texts] of labels) edges.push({ id: edgeId(id, target), namespace: route.namespace, source: id, target, relation: 'backend', label: [...texts].join(', ') });
  const shown = rules.map(({ number, name, matches, filters, backends }) => ({ number, ...(name ? { name } : {}), matches, filters, backends }));
  const node: RouteNode = { id, kind: route.kind, namespace: route.namespace, name: route.name, hostnames: route.hostnames, parents, rules: shown, diagnostics };
  return { node, edges, refs: [...refs] };
}

function routeBackend(
  route: Route,
  ref: BackendRef,
  percent: number,
  store: ClusterStore,
  index: RelationIndex,
  diagnostics: RouteNode['diagnostics'],
  what: string,
  id: string,
  command: string,
  ruleLabel: string,
): Backend {
  const named = `${ref.namespace}/${ref.name}`;
  const base = { service: named, exists: false, ...(ref.port ? { port: String(ref.port) } : {}), percent, weight: ref.weight, ready: 0, total: 0 };
  if (ref.group !== '' || ref.kind !== 'Service') {
    diagnostics.push(frontDiagnostic('BackendKindUnsupported', `${what} sends traffic to a ${ref.kind} named ${ref.name}; svcmap follows only Services.`, [id], command));
    return base;
  }
  // Grants in a namespace svcmap may not read are unknown: the reference is then not judged.
  if (!visibleIn(store, 'referencegrants', ref.namespace)) {
    diagnostics.push(notVisible(what, id, 'ReferenceGrant', 'referencegrants', ref.namespace, undefined, store, `whether it may refer to Service ${named} is not checked`));
  } else if (!referencePermitted(route, ref, store.referencegrants.values())) {
    diagnostics.push(frontDiagnostic('BackendNotPermitted', `${what} refers to Service ${named} in another namespace, and no ReferenceGrant in ${ref.namespace} allows ${route.kind}s from ${route.namespace}.`, [id], `kubectl get referencegrants -n ${ref.namespace} -o yaml`));
    return base;
  }
  const service = store.services.get(objectKey(ref));
  if (!service && !visibleIn(store, 'services', ref.namespace)) {
    diagnostics.push(notVisible(what, id, 'Service', 'services', ref.namespace, ref.name, store, 'its endpoints are not counted'));
    return base;
  }
  if (!service) {
    diagnostics.push(frontDiagnostic('BackendServiceNotFound', `${what} sends ${formatPercent(percent)} of ${ruleLabel}'s traffic to Service ${named}, which does not exist.`, [id], `kubectl get service ${ref.name} -n ${ref.namespace}`));
    return base;
  }
  const counted = { ...base, service: serviceId(service.namespace, service.name), exists: true, ...endpointCounts(service, index) };
  if (ref.port === undefined || !service.ports.some((port) => port.port === ref.port)) {
    const exposes = service.ports.map((port) => port.port).join(', ') || 'no port';
    const message = ref.port === undefined ? `${what} names no port for Service ${named} (a Service backendRef needs one).` : `${what} sends traffic to port ${ref.port} of Service ${named}, which exposes only ${exposes}.`;
    diagnostics.push(frontDiagnostic('BackendPortNotFound', message, [id, counted.service], `kubectl get service ${ref.name} -n ${ref.namespace} -o jsonpath='{.spec.ports}'`));
  }
  return counted;
}

function ingressUnit(ingress: Ingress, store: ClusterStore, index: RelationIndex): FrontUnit {
  const id = nodeId('Ingress', ingress.namespace, ingress.name);
  const what = `Ingress ${ingress.namespace}/${ingress.name}`;
  const diagnostics: Diagnostic[] = [];
  const classes = store.ingressclasses.size === 0 ? undefined : { names: new Set([...store.ingressclasses.values()].map((ingressClass) => ingressClass.name)), hasDefault: [...store.ingressclasses.values()].some((ingressClass) => ingressClass.isDefault) };
  diagnostics.push(...diagnoseIngressClass(ingress, id, classes));
  const edges: GraphEdge[] = [];
  const refs = new Set<string>([frontRef.ingressClasses]);
  const labels = new Map<string, Set<string>>();
  const reported = new Set<string>();
  const backendOf = (backend: IngressBackend, pathText: string): Backend => {
    const result = ingressBackend(ingress, backend, store, index);
    if (backend.service) refs.add(frontRef.service(ingress.namespace, backend.service.name));
    if (result.exists) {
      addLabel(labels, result.service, `${pathText} → :${backend.service!.port}`);
    }
    const problem = result.problem;
    if (problem && !reported.has(problem.message)) {
      reported.add(problem.message);
      diagnostics.push(frontDiagnostic(problem.code, `${what}: ${problem.message}`, result.exists ? [id, result.service] : [id], problem.command));
    }
    return result.backend;
  };
  const rules: IngressNode['rules'] = ingress.rules.flatMap((rule) =>
    rule.paths.map((path) => ({ ...(rule.host ? { host: rule.host } : {}), path: path.path, pathType: path.pathType, backend: backendOf(path.backend, `${rule.host ?? '*'}${path.path}`) })),
  );
  if (ingress.defaultBackend) rules.push({ path: '*', pathType: 'default', backend: backendOf(ingress.defaultBackend, 'default') });
  // Each path sends all of its traffic to its one backend.
  diagnostics.push(...diagnoseBackends(what, id, rules.map((rule) => ({ label: rule.pathType === 'default' ? 'the default backend' : `path ${rule.host ?? '*'}${rule.path}`, backends: [rule.backend] }))));
  for (const [target, texts] of labels) edges.push({ id: edgeId(id, target), namespace: ingress.namespace, source: id, target, relation: 'backend', label: [...texts].join(', ') });
  const node: IngressNode = {
    id,
    kind: 'Ingress',
    namespace: ingress.namespace,
    name: ingress.name,
    ...(ingress.ingressClassName || ingress.classAnnotation ? { ingressClassName: ingress.ingressClassName ?? ingress.classAnnotation } : {}),
    addresses: ingress.addresses,
    tlsHosts: ingress.tlsHosts,
    tlsSecrets: ingress.tlsSecrets ?? [],
    rules,
    diagnostics,
  };
  return { node, edges, refs: [...refs] };
}

function ingressBackend(ingress: Ingress, backend: IngressBackend, store: ClusterStore, index: RelationIndex): { backend: Backend; exists: boolean; service: string; problem?: { code: 'BackendServiceNotFound' | 'BackendPortNotFound' | 'BackendKindUnsupported'; message: string; command: string } } {
  if (!backend.service) {
    const named = backend.resource ? `${backend.resource.kind} ${backend.resource.name}` : 'nothing';
    return { backend: { service: named, exists: false, percent: 100, ready: 0, total: 0 }, exists: false, service: named, problem: { code: 'BackendKindUnsupported', message: `a backend is ${named}; svcmap follows only Services.`, command: `kubectl get ingress ${ingress.name} -n ${ingress.namespace} -o yaml` } };
  }
  const { name, port } = backend.service;
  const named = `${ingress.namespace}/${name}`;
  const service = store.services.get(objectKey({ namespace: ingress.namespace, name }));
  if (!service) {
    return { backend: { service: named, exists: false, port: String(port), percent: 100, ready: 0, total: 0 }, exists: false, service: named, problem: { code: 'BackendServiceNotFound', message: `a backend is Service ${named}, which does not exist.`, command: `kubectl get service ${name} -n ${ingress.namespace}` } };
  }
  const id = serviceId(service.namespace, service.name);
  const result: Backend = { service: id, exists: true, port: String(port), percent: 100, ...endpointCounts(service, index) };
  const exposed = typeof port === 'number' ? service.ports.some((servicePort) => servicePort.port === port) : service.ports.some((servicePort) => servicePort.name === port);
  if (exposed) return { backend: result, exists: true, service: id };
  const exposes = service.ports.map((servicePort) => (servicePort.name ? `${servicePort.port} (${servicePort.name})` : String(servicePort.port))).join(', ') || 'no port';
  return { backend: result, exists: true, service: id, problem: { code: 'BackendPortNotFound', message: `a backend is port ${port} of Service ${named}, which exposes only ${exposes}.`, command: `kubectl get service ${name} -n ${ingress.namespace} -o jsonpath='{.spec.ports}'` } };
}

/** A reference into a namespace svcmap may not read: said so, instead of "does not exist". */
function notVisible(what: string, id: string, kind: string, watched: WatchedKind, namespace: string, name: string | undefined, store: ClusterStore, consequence: string): Diagnostic {
  const target = name ? `${kind} ${namespace}/${name}` : `the ${kind}s of ${namespace}`;
  const message = `${what} refers to ${target}, in a namespace svcmap may not read (it reads ${watched} ${scopeText(store, watched)}): ${consequence}.`;
  return frontDiagnostic('ReferenceNotVisible', message, [id], `kubectl auth can-i list ${watched} -n ${namespace}`);
}

/** Ready and all endpoints of a Service, over its slices. */
function endpointCounts(service: Service, index: RelationIndex): { ready: number; total: number } {
  return countEndpoints(index.slicesOfService(service).flatMap((slice) => slice.endpoints));
}

function addLabel(labels: Map<string, Set<string>>, target: string, text: string): void {
  const texts = labels.get(target) ?? new Set<string>();
  texts.add(text);
  labels.set(target, texts);
}
