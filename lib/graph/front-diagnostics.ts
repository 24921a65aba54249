// Why traffic entering through a Gateway API route or an Ingress does not reach Pods: the
// catalogue of these diagnostics (docs/diagnostics.md lists it beside the Services' own),
// and the checks, each with the kubectl command that shows the evidence. Pure.
import type { Backend, Diagnostic, Severity } from './model';
import { type BackendRef, type Condition, type Gateway, gatewayGroup, type Ingress, type ReferenceGrant, type Route } from './gateway-objects';

interface Definition {
  severity: Severity;
  when: string;
  example: string;
  /** The kubectl command a diagnostic of this code carries, with the objects' names left out. */
  evidence: string;
}

export const frontCatalogue = {
  BackendServiceNotFound: {
    severity: 'error',
    when: 'A route\'s backendRef or an Ingress backend names a Service that does not exist: requests sent to it fail (Gateway API: HTTP 500).',
    example: 'HTTPRoute shop/checkout sends 100 % of rule 1\'s traffic to Service shop/checkout-v3, which does not exist.',
    evidence: 'kubectl get service NAME -n NAMESPACE',
  },
  BackendPortNotFound: {
    severity: 'error',
    when: 'The backend names a port the Service does not expose (or, for a Gateway API Service backend, no port at all).',
    example: 'HTTPRoute shop/checkout sends traffic to port 9090 of Service shop/checkout, which exposes only 80.',
    evidence: "kubectl get service NAME -n NAMESPACE -o jsonpath='{.spec.ports}'",
  },
  BackendNotPermitted: {
    severity: 'error',
    when: 'A backendRef to a Service in another namespace with no ReferenceGrant there that allows it: the Gateway refuses the reference (ResolvedRefs False, RefNotPermitted).',
    example: 'HTTPRoute shop/checkout refers to Service payments/api in another namespace, and no ReferenceGrant in payments allows HTTPRoutes from shop.',
    evidence: 'kubectl get referencegrants -n NAMESPACE -o yaml',
  },
  BackendKindUnsupported: {
    severity: 'info',
    when: 'A backendRef of a kind other than Service (an implementation-specific backend): svcmap does not follow it.',
    example: 'HTTPRoute shop/static sends traffic to a Bucket named assets; svcmap follows only Services.',
    evidence: 'kubectl get KIND NAME -n NAMESPACE -o yaml',
  },
  AllBackendsUnready: {
    severity: 'error',
    when: 'Every Service a route (or Ingress) sends traffic to has no ready endpoint: every request through it fails.',
    example: 'HTTPRoute shop/checkout → 100 % of traffic goes to Service shop/checkout, which has 0 ready endpoints.',
    evidence: 'kubectl get endpointslices -n NAMESPACE -l kubernetes.io/service-name=NAME',
  },
  SomeBackendsUnready: {
    severity: 'warning',
    when: 'Part of a route\'s traffic goes to a Service with no ready endpoint: that share of requests fails.',
    example: 'HTTPRoute shop/checkout sends 20 % of rule 1\'s traffic to Service shop/checkout-canary, which has 0 ready endpoints.',
    evidence: 'kubectl get endpointslices -n NAMESPACE -l kubernetes.io/service-name=NAME',
  },
  NoBackendWeight: {
    severity: 'error',
    when: 'Every backendRef of a route rule has weight 0: the rule forwards the requests it matches nowhere ("no traffic should be forwarded", says the Gateway API), and the data plane answers them with an error (the spec names no code: 500 or 503 over HTTP, UNAVAILABLE over gRPC, a reset over TCP).',
    example: 'HTTPRoute shop/checkout: rule 2 gives weight 0 to every backend (shop/checkout, shop/checkout-v2): the requests it matches are forwarded nowhere.',
    evidence: 'kubectl get KIND NAME -n NAMESPACE -o yaml',
  },
  RouteNotAttached: {
    severity: 'error',
    when: 'A parentRef names a Gateway that does not exist, or no listener of it admits the route (allowedRoutes namespaces or kinds, sectionName, port, hostname).',
    example: 'HTTPRoute shop/checkout is not attached to Gateway infra/main: listener "http" of Gateway infra/main allows routes only from its own namespace (Same); this route is in shop.',
    evidence: 'kubectl get KIND NAME -n NAMESPACE -o yaml',
  },
  RouteNotAccepted: {
    severity: 'error',
    when: 'The Gateway\'s controller set condition Accepted to False on the route (status.parents[].conditions): it serves none of it.',
    example: 'Gateway infra/main did not accept HTTPRoute shop/checkout: NotAllowedByListeners (no listener allows this route).',
    evidence: 'kubectl get KIND NAME -n NAMESPACE -o yaml',
  },
  RouteRefsNotResolved: {
    severity: 'error',
    when: 'The controller set ResolvedRefs to False on the route: some backend (or filter) reference could not be resolved.',
    example: 'Gateway infra/main could not resolve the references of HTTPRoute shop/checkout: BackendNotFound (service "checkout-v3" not found).',
    evidence: 'kubectl get KIND NAME -n NAMESPACE -o yaml',
  },
  ReferenceNotVisible: {
    severity: 'info',
    when: 'A route refers to a Gateway, Service or ReferenceGrant in a namespace svcmap may not read (its credentials, or SVCMAP_NAMESPACE): that hop is not checked, rather than reported missing.',
    example: 'HTTPRoute shop/detached refers to Gateway front/main, in a namespace svcmap may not read (it reads gateways in namespace shop only): its attachment is not checked.',
    evidence: 'kubectl auth can-i list KIND -n NAMESPACE',
  },
  GatewayClassNotFound: {
    severity: 'error',
    when: 'A Gateway names a GatewayClass that does not exist: no controller will program it.',
    example: 'Gateway infra/main names GatewayClass envoy, which does not exist.',
    evidence: 'kubectl get gatewayclass NAME',
  },
  GatewayNotProgrammed: {
    severity: 'warning',
    when: 'A Gateway has no address in its status, or its controller reports Programmed (or Accepted) False: nothing answers for it yet.',
    example: 'Gateway infra/main has no address: its controller has not programmed it (Programmed: False, Pending).',
    evidence: 'kubectl get gateway NAME -n NAMESPACE -o yaml',
  },
  IngressClassNotFound: {
    severity: 'error',
    when: 'An Ingress names an IngressClass that does not exist, or names none while no IngressClass is marked default: no controller may serve it.',
    example: 'Ingress shop/storefront names IngressClass nginx, which does not exist.',
    evidence: 'kubectl get ingressclass',
  },
} satisfies Record<string, Definition>;

export type FrontDiagnosticCode = keyof typeof frontCatalogue;

export function frontDiagnostic(code: FrontDiagnosticCode, message: string, objects: string[], command: string): Diagnostic {
  return { code, severity: frontCatalogue[code].severity, message, objects, command };
}

/** What the Gateway's own status says is wrong, and a missing class. */
export function diagnoseGateway(gateway: Gateway, id: string, classExists: boolean | undefined): Diagnostic[] {
  const found: Diagnostic[] = [];
  const name = `${gateway.namespace}/${gateway.name}`;
  const command = `kubectl get gateway ${gateway.name} -n ${gateway.namespace} -o yaml`;
  if (classExists === false) {
    found.push(frontDiagnostic('GatewayClassNotFound', `Gateway ${name} names GatewayClass ${gateway.gatewayClassName}, which does not exist.`, [id], `kubectl get gatewayclass ${gateway.gatewayClassName}`));
  }
  const programmed = falseCondition(gateway.conditions, 'Programmed') ?? falseCondition(gateway.conditions, 'Accepted');
  if (gateway.addresses.length === 0 || programmed) {
    const why = programmed ? ` (${programmed.type}: False, ${describeCondition(programmed)})` : '';
    const what = gateway.addresses.length === 0 ? 'has no address: its controller has not programmed it' : 'is not programmed';
    found.push(frontDiagnostic('GatewayNotProgrammed', `Gateway ${name} ${what}${why}.`, [id], command));
  }
  return found;
}

/** The conditions a controller set on the route, per parent: Accepted or ResolvedRefs False. */
export function diagnoseRouteStatus(route: Route, id: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const command = `kubectl get ${route.kind.toLowerCase()} ${route.name} -n ${route.namespace} -o yaml`;
  for (const parent of route.parents) {
    // A parent no longer in the spec, or conditions about an older spec, no longer say anything.
    if (!route.parentRefs.some((ref) => ref.namespace === parent.parentRef.namespace && ref.name === parent.parentRef.name)) continue;
    const current = parent.conditions.filter((condition) => route.generation === undefined || condition.observedGeneration === undefined || condition.observedGeneration >= route.generation);
    const gateway = `${parent.parentRef.namespace}/${parent.parentRef.name}`;
    const accepted = falseCondition(current, 'Accepted');
    if (accepted) found.push(frontDiagnostic('RouteNotAccepted', `Gateway ${gateway} did not accept ${route.kind} ${route.namespace}/${route.name}: ${describeCondition(accepted)}.`, [id], command));
    const resolved = falseCondition(current, 'ResolvedRefs');
    if (resolved) found.push(frontDiagnostic('RouteRefsNotResolved', `Gateway ${gateway} could not resolve the references of ${route.kind} ${route.namespace}/${route.name}: ${describeCondition(resolved)}.`, [id], command));
  }
  return found;
}

/**
 * A cross-namespace reference is allowed only by a ReferenceGrant in the target's namespace
 * that names the source's group, kind and namespace, and the target's kind (and name, if given).
 * https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export function referencePermitted(route: Route, ref: BackendRef, grants: Iterable<ReferenceGrant>): boolean {
  if (ref.namespace === route.namespace) return true;
  for (const grant of grants) {
    if (grant.namespace !== ref.namespace) continue;
    const from = grant.from.some((entry) => entry.group === gatewayGroup && entry.kind === route.kind && entry.namespace === route.namespace);
    const to = grant.to.some((entry) => entry.group === ref.group && entry.kind === ref.kind && (entry.name === undefined || entry.name === ref.name));
    if (from && to) return true;
  }
  return false;
}

/** A rule that has backends, every one of weight 0: what it matches is forwarded nowhere. */
export const forwardsNowhere = (backends: readonly { weight?: number }[]): boolean => backends.length > 0 && backends.every((backend) => backend.weight === 0);

/** Rules whose backends all have weight 0. (A redirect, which needs no backend, may not stand beside backendRefs: the API refuses it.) */
export function diagnoseZeroWeights(what: string, id: string, command: string, rules: { label: string; backends: { service: string; weight?: number }[] }[]): Diagnostic[] {
  return rules
    .filter((rule) => forwardsNowhere(rule.backends))
    .map((rule) => {
      const names = [...new Set(rule.backends.map((backend) => shortService(backend.service)))].join(', ');
      return frontDiagnostic('NoBackendWeight', `${what}: ${rule.label} gives weight 0 to every backend (${names}): the requests it matches are forwarded nowhere.`, [id], command);
    });
}

/** Backends with no ready endpoint: all of the traffic (error) or a share of it (warning). */
export function diagnoseBackends(what: string, id: string, rules: { label: string; backends: Backend[] }[]): Diagnostic[] {
  // A backend of weight 0 gets no traffic: its ready endpoints save no request.
  const valid = rules.flatMap((rule) => rule.backends.filter((backend) => backend.exists && backend.percent > 0));
  if (valid.length === 0) return [];
  const unready = (backend: Backend) => backend.exists && backend.ready === 0;
  const command = (backend: Backend) => {
    const [namespace, name] = backend.service.replace(/^Service\//, '').split('/');
    return `kubectl get endpointslices -n ${namespace} -l kubernetes.io/service-name=${name}`;
  };
  if (valid.every(unready)) {
    const services = [...new Set(valid.map((backend) => shortService(backend.service)))];
    // "100 %" only when it is: every weighted backend exists and is that one Service.
    // (Not when a rule forwards nowhere: its requests fail for another reason.)
    const whole = rules.every((rule) => !forwardsNowhere(rule.backends) && rule.backends.every((backend) => backend.exists || backend.percent === 0));
    const message =
      services.length === 1 && whole
        ? `${what} → 100 % of traffic goes to Service ${services[0]}, which has 0 ready endpoints.`
        : `${what} sends its traffic to ${services.length === 1 ? `Service ${services[0]}, which has no` : `Services ${services.join(', ')}, none of which has a`} ready endpoint${whole ? '' : ' (its other backends do not exist)'}.`;
    return [frontDiagnostic('AllBackendsUnready', message, [id, ...new Set(valid.map((backend) => backend.service))], command(valid[0]!))];
  }
  const found: Diagnostic[] = [];
  for (const rule of rules) {
    for (const backend of rule.backends) {
      if (!unready(backend) || backend.percent === 0) continue;
      found.push(frontDiagnostic('SomeBackendsUnready', `${what} sends ${formatPercent(backend.percent)} of ${rule.label}'s traffic to Service ${shortService(backend.service)}, which has 0 ready endpoints.`, [id, backend.service], command(backend)));
    }
  }
  return found;
}

/** An Ingress naming a class that does not exist (or none, with no default class). Undefined classes: IngressClasses are not watched. */
export function diagnoseIngressClass(ingress: Ingress, id: string, classes: { names: Set<string>; hasDefault: boolean } | undefined): Diagnostic[] {
  if (!classes) return [];
  const name = `${ingress.namespace}/${ingress.name}`;
  if (ingress.ingressClassName && !classes.names.has(ingress.ingressClassName)) {
    return [frontDiagnostic('IngressClassNotFound', `Ingress ${name} names IngressClass ${ingress.ingressClassName}, which does not exist.`, [id], 'kubectl get ingressclass')];
  }
  // The old annotation names a class for controllers that read it: not an object to check.
  if (!ingress.ingressClassName && !ingress.classAnnotation && !classes.hasDefault) {
    return [frontDiagnostic('IngressClassNotFound', `Ingress ${name} names no IngressClass and none is marked default: no controller may serve it.`, [id], 'kubectl get ingressclass')];
  }
  return [];
}

export function formatPercent(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)} %`;
}

function shortService(id: string): string {
  return id.replace(/^Service\//, '');
}

function falseCondition(conditions: Condition[], type: string): Condition | undefined {
  return conditions.find((condition) => condition.type === type && condition.status === 'False');
}

function describeCondition(condition: Condition): string {
  return `${condition.reason ?? 'no reason'}${condition.message ? ` (${condition.message})` : ''}`;
}
