// The diagnostics catalogue: every reason svcmap gives for a Service routing to fewer
// backends than expected (or to none), with a stable code, a severity, a message that
// says what to do, the objects that show it and the kubectl command to see for yourself.
// docs/diagnostics.md is generated from `catalogue` (npm run docs:diagnostics) and a
// unit test fails when the two differ. The findings themselves are made in
// service-diagnostics.ts and policy-diagnostics.ts.
import type { Severity } from './model';

interface Definition {
  severity: Severity;
  /** When it fires, for the docs. */
  when: string;
  /** An example message, for the docs; the unit tests produce it. */
  example: string;
}

export const catalogue = {
  NoEndpoints: {
    severity: 'error',
    when: 'The Service has a selector that matches pods, or has no selector, and not one endpoint exists: traffic to it is refused.',
    example: 'No endpoints: the selector matches 1 pod, but none is an endpoint (web-0: unschedulable: 0/3 nodes are available).',
  },
  SelectorMatchesNothing: {
    severity: 'error',
    when: 'The selector matches no pod in the namespace. Names the nearest miss: pods that match all but one label, and which label differs.',
    example: 'The selector app=recommendation matches no pod. Nearest: 1 pod (recommendations-7d9c) has app=recommendations.',
  },
  NoReadyEndpoints: {
    severity: 'error',
    when: 'Endpoints exist but none is ready (and they are not all terminating): kube-proxy has nowhere to send new connections.',
    example: 'None of 2 endpoints is ready: checkout-5c7d-abcde (containers not ready: checkout), checkout-5c7d-fghij (containers not ready: checkout).',
  },
  SomeEndpointsNotReady: {
    severity: 'warning',
    when: 'Some endpoints are ready, others are not (and not because they are terminating): capacity is reduced.',
    example: '1 of 3 endpoints is not ready: web-6d9f-fghij (containers not ready: web).',
  },
  AllEndpointsTerminating: {
    severity: 'error',
    when: 'Every endpoint is terminating: a rollout or scale-down with no replacement ready yet.',
    example: 'All 2 endpoints are terminating: web-6d9f-abcde, web-6d9f-fghij.',
  },
  NamedTargetPortMissing: {
    severity: 'error',
    when: 'A Service port has a named targetPort that some backend pods do not declare: those pods get no traffic on that port.',
    example: 'Port 80 targets the named port "http", which 2 pods do not declare: web-1, web-2.',
  },
  TargetPortNotExposed: {
    severity: 'info',
    when: 'A numeric targetPort is not among the pods\' declared containerPorts. Traffic is still sent there; check the app listens on it.',
    example: 'Port 80 targets 8081, which 3 pods do not list in containerPorts (traffic still goes there): web-1, web-2, web-3.',
  },
  ManualEndpointWithoutPod: {
    severity: 'info',
    when: 'A hand-written endpoint (selector-less Service) points at an address that is no pod of this cluster, or at a pod that is gone.',
    example: 'Hand-written endpoints point outside the cluster\'s pods: 192.0.2.10, 192.0.2.11. svcmap cannot check what answers there.',
  },
  EndpointsOverCapacity: {
    severity: 'warning',
    when: 'More than 1000 endpoints: the legacy v1 Endpoints object is truncated (annotation endpoints.kubernetes.io/over-capacity), so tools that read it see only part.',
    example: '1204 endpoints: the v1 Endpoints object holds only 1000 of them; read EndpointSlices instead.',
  },
  ExternalTrafficPolicyLocalWithoutLocalEndpoints: {
    severity: 'warning',
    when: 'externalTrafficPolicy: Local on a NodePort/LoadBalancer Service, and some Ready nodes have no ready endpoint: external traffic reaching them is dropped.',
    example: 'externalTrafficPolicy is Local and 1 of 3 nodes has no ready endpoint: kwok-node-a2. External traffic sent there is dropped.',
  },
  PodsIsolatedByNetworkPolicy: {
    severity: 'info',
    when: 'Backend pods are selected by a NetworkPolicy that restricts ingress: only the sources its rules allow can connect.',
    example: '2 backend pods are isolated for ingress by NetworkPolicy cart-from-frontend: only the sources it allows can connect.',
  },
  InternalTrafficPolicyLocalBlackhole: {
    severity: 'warning',
    when: 'internalTrafficPolicy: Local, and some Ready nodes have no endpoint of their own: kube-proxy there has no backend for the Service, so its clients\' traffic is dropped (kube-proxy\'s CategorizeEndpoints).',
    example: 'internalTrafficPolicy is Local and 1 of 3 nodes has no endpoint: kwok-node-b1. Clients on it get no backend: their traffic to the Service is dropped.',
  },
  TopologyHintsIgnored: {
    severity: 'warning',
    when: 'Endpoints carry topology hints (trafficDistribution or the hints annotation) but kube-proxy ignores them on some nodes, for the reason it logs: a ready endpoint without a hint, or a node without a topology.kubernetes.io/zone label. Traffic there goes to every zone.',
    example: 'Topology hints are ignored on 1 of 3 nodes (kwok-node-x1: the node has no topology.kubernetes.io/zone label): traffic from there goes to every zone.',
  },
  NoEndpointHintedForZone: {
    severity: 'warning',
    when: 'Every ready endpoint is hinted, but none for some zone (or node) that has nodes: kube-proxy on those nodes ignores the hints and sends traffic to every zone.',
    example: 'No endpoint is hinted for zone zone-c (kwok-node-c1): kube-proxy there ignores the hints and sends traffic to every zone.',
  },
  TrafficOnTerminatingEndpoints: {
    severity: 'warning',
    when: 'No endpoint is ready, but some are serving and terminating: kube-proxy falls back to them (the last seconds of a rollout or scale-down). New connections still land on pods that are shutting down.',
    example: 'No endpoint is ready: traffic goes to 2 serving-but-terminating endpoints (10.244.0.7, 10.244.0.8) until they are gone.',
  },
  EndpointsWithoutPort: {
    severity: 'error',
    when: 'Ready endpoints sit in an EndpointSlice that lists no number for a Service port (a named targetPort their pods do not declare puts them in a port-less slice): kube-proxy sends none of that port\'s traffic to them, though they count as ready.',
    example: '2 ready endpoints get no traffic for port 80: their EndpointSlice web-7xk2p lists no port 80 (http).',
  },
  FamiliesDiffer: {
    severity: 'warning',
    when: 'A dual-stack Service whose IPv4 and IPv6 endpoints differ (count or readiness): clients reach different backends depending on the address family they use.',
    example: 'Port 80 reaches 3 ready endpoints over IPv4 but 1 over IPv6: clients see different backends by address family.',
  },
  NothingCanReachPort: {
    severity: 'warning',
    when: 'Every backend pod is isolated for ingress, and no rule of the policies that isolate them admits any pod of the cluster on this port (only ipBlocks, other ports, or no rules): in-cluster clients cannot connect. Enforcement is up to the network plugin.',
    example: 'Nothing in the cluster can reach port 5432: every backend is isolated (NetworkPolicy default-deny) and no rule admits a pod on TCP 5432 (postgres).',
  },
  PolicyPortNotDeclared: {
    severity: 'warning',
    when: 'A NetworkPolicy rule names a port (by name) that none of the pods it applies to declares among its containerPorts: that entry admits nothing.',
    example: 'NetworkPolicy db-from-web ingress rule 1 names port "postgresql", which no pod it selects declares: that entry admits nothing.',
  },
  PolicySelectsNoPod: {
    severity: 'info',
    when: 'A NetworkPolicy\'s podSelector matches no pod in its namespace: it has no effect now (a typo, or a workload that is gone). Shown in the reachability panel, not on a Service.',
    example: 'NetworkPolicy shop/api-v1-ingress selects no pod (podSelector app=api-v1): it has no effect.',
  },
} as const satisfies Record<string, Definition>;

export type DiagnosticCode = keyof typeof catalogue;
