// Routing truth: which endpoints a client on each node actually reaches, as kube-proxy
// decides it — k8s.io/kubernetes pkg/proxy (v1.37): ServiceChangeTracker and
// EndpointsChangeTracker (endpointslicecache.go) turn a Service and its EndpointSlices into
// endpoints per service port and IP family; CategorizeEndpoints and topologyModeFromHints
// (topology.go) pick, per node, the endpoints for cluster traffic, for local traffic and all
// reachable ones. Pure; checked case for case against that code (test/oracle/routing).
import type { EndpointSlice, Node, Service } from './objects';

export type Family = 'IPv4' | 'IPv6';
export type TopologyMode = '' | 'PreferSameZone' | 'PreferSameNode';

/** One endpoint of a service port, as kube-proxy holds it (addresses[0] and the slice's port). */
export interface RouteEndpoint {
  /** "ip:port" ("[ip]:port" for IPv6), kube-proxy's key. */
  key: string;
  ip: string;
  port: number;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zoneHints: string[];
  nodeHints: string[];
}

/** What a client on one node reaches through one service port. */
export interface NodeRoute {
  node: string;
  zone?: string;
  /** Endpoints for cluster traffic (internalTrafficPolicy Cluster, or external traffic with externalTrafficPolicy Cluster). */
  cluster: string[];
  /** Endpoints on this node, for Local policies. */
  local: string[];
  /** Every endpoint kube-proxy sends something to from this node. */
  reachable: string[];
  hasAny: boolean;
  /** The topology the hints put in force here ("" = none), and why hints present were ignored. */
  topology: TopologyMode;
  hintsIgnored?: string;
  /** Cluster traffic falls back to serving-and-terminating endpoints (no endpoint is ready). */
  terminatingFallback: boolean;
}

export interface PortRoutes {
  service: string;
  /** The service port's name ("" when unnamed) and protocol: kube-proxy's ServicePortName. */
  port: string;
  protocol: string;
  servicePort: number;
  family: Family;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
  externallyAccessible: boolean;
  usesClusterEndpoints: boolean;
  usesLocalEndpoints: boolean;
  endpoints: RouteEndpoint[];
  nodes: NodeRoute[];
}

export const familyOfAddress = (address: string): Family => (address.includes(':') ? 'IPv6' : 'IPv4');
const families: Family[] = ['IPv4', 'IPv6'];

/** The Service's cluster IP of a family, as proxyutil.GetClusterIPByFamily picks it; "" when none. */
export function clusterIPOf(service: Service, family: Family): string {
  const ips = service.clusterIPs.length > 0 ? service.clusterIPs : service.clusterIP ? [service.clusterIP] : [];
  if (ips.length === 0 || ips[0] === 'None' || ips[0] === '') return '';
  // Without ipFamilies, the one cluster IP counts for its own family.
  if (service.ipFamilies.length === 0) return familyOfAddress(ips[0]!) === family ? ips[0]! : '';
  return ips.find((ip) => ip !== 'None' && familyOfAddress(ip) === family) ?? '';
}

/** kube-proxy proxies no headless Service (cluster IP None or empty) and no ExternalName. */
export function proxied(service: Service): boolean {
  const ip = service.clusterIPs[0] ?? service.clusterIP ?? '';
  return service.type !== 'ExternalName' && ip !== '' && ip !== 'None';
}

/** The routes of every proxied port and family of a Service, for every node given. */
export function serviceRoutes(service: Service, slices: EndpointSlice[], nodes: readonly Node[]): PortRoutes[] {
  if (!proxied(service)) return [];
  const routes: PortRoutes[] = [];
  // apiservice.ExternallyAccessible / ExternalPolicyLocal / InternalPolicyLocal.
  const serviceExternallyAccessible = service.type === 'LoadBalancer' || service.type === 'NodePort' || (service.type === 'ClusterIP' && service.externalIPs.length > 0);
  const externalPolicyLocal = serviceExternallyAccessible && service.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = service.internalTrafficPolicy === 'Local';
  for (const family of families) {
    if (!clusterIPOf(service, family)) continue;
    const familySlices = slices.filter((slice) => slice.addressType === family);
    for (const servicePort of service.ports) {
      const externallyAccessible =
        (servicePort.nodePort ?? 0) !== 0 || service.loadBalancerVIPs.some((ip) => familyOfAddress(ip) === family) || service.externalIPs.some((ip) => familyOfAddress(ip) === family);
      const usesClusterEndpoints = !internalPolicyLocal || externallyAccessible;
      const usesLocalEndpoints = internalPolicyLocal || (externalPolicyLocal && externallyAccessible);
      const endpoints = portEndpoints(familySlices, servicePort.name ?? '', servicePort.protocol, family);
      routes.push({
        service: `${service.namespace}/${service.name}`,
        port: servicePort.name ?? '',
        protocol: servicePort.protocol,
        servicePort: servicePort.port,
        family,
        internalPolicyLocal,
        externalPolicyLocal,
        externallyAccessible,
        usesClusterEndpoints,
        usesLocalEndpoints,
        endpoints,
        nodes: nodes.map((node) => categorize(endpoints, { usesClusterEndpoints, usesLocalEndpoints }, node)),
      });
    }
  }
  return routes;
}

/** endpointInfoByServicePort + addEndpoints: the endpoints of one service port from its slices. */
function portEndpoints(slices: EndpointSlice[], name: string, protocol: string, family: Family): RouteEndpoint[] {
  const byKey = new Map<string, RouteEndpoint>();
  for (const slice of slices) {
    if (!slice.serviceName) continue; // no kubernetes.io/service-name label: kube-proxy ignores the slice
    for (const port of slice.ports) {
      // A port without a number (or 0) carries nothing: the slice's endpoints get no traffic for it.
      if ((port.name ?? '') !== name || port.protocol !== protocol || !port.port) continue;
      for (const endpoint of slice.endpoints) {
        const ip = endpoint.addresses[0];
        if (!ip) continue;
        const key = family === 'IPv6' ? `[${ip}]:${port.port}` : `${ip}:${port.port}`;
        // kube-proxy reads nil serving as true (not as the ready value).
        const entry: RouteEndpoint = {
          key,
          ip,
          port: port.port,
          nodeName: endpoint.nodeName,
          ready: endpoint.ready,
          serving: endpoint.servingUnset ? true : endpoint.serving,
          terminating: endpoint.terminating,
          zoneHints: endpoint.hintsForZones,
          nodeHints: endpoint.hintsForNodes ?? [],
        };
        // The same address in two slices: a terminating copy never replaces one already seen.
        if (!byKey.has(key) || !entry.terminating) byKey.set(key, entry);
      }
    }
  }
  // Sorted once here: each node's lists are filters of this, and stay sorted without sorting again.
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** CategorizeEndpoints for one node; `endpoints` sorted by key (as portEndpoints returns them). */
export function categorize(endpoints: RouteEndpoint[], service: { usesClusterEndpoints: boolean; usesLocalEndpoints: boolean }, node: Pick<Node, 'name' | 'zone'>): NodeRoute {
  const route: NodeRoute = { node: node.name, zone: node.zone, cluster: [], local: [], reachable: [], hasAny: false, topology: '', terminatingFallback: false };
  if (endpoints.length === 0) return route;
  const zone = node.zone ?? '';
  const isLocal = (endpoint: RouteEndpoint) => node.name !== '' && endpoint.nodeName === node.name;
  let cluster: RouteEndpoint[] = [];
  let local: RouteEndpoint[] = [];
  if (service.usesClusterEndpoints) {
    const { mode, ignored } = topologyModeFromHints(endpoints, node.name, zone);
    route.topology = mode;
    route.hintsIgnored = ignored;
    cluster = endpoints.filter((endpoint) => endpoint.ready && availableForTopology(endpoint, mode, node.name, zone));
    if (cluster.length === 0) {
      cluster = endpoints.filter((endpoint) => endpoint.serving && endpoint.terminating);
      route.terminatingFallback = cluster.length > 0;
    }
    if (cluster.length > 0) route.hasAny = true;
  }
  route.cluster = keys(cluster);
  if (!service.usesLocalEndpoints) {
    route.reachable = route.cluster;
    return route;
  }
  let localReady = false;
  let localServingTerminating = false;
  for (const endpoint of endpoints) {
    if (endpoint.ready) {
      route.hasAny = true;
      if (isLocal(endpoint)) localReady = true;
    } else if (endpoint.serving && endpoint.terminating) {
      route.hasAny = true;
      if (isLocal(endpoint)) localServingTerminating = true;
    }
  }
  let localTerminating = false;
  if (localReady) local = endpoints.filter((endpoint) => isLocal(endpoint) && endpoint.ready);
  else if (localServingTerminating) {
    localTerminating = true;
    local = endpoints.filter((endpoint) => isLocal(endpoint) && endpoint.serving && endpoint.terminating);
  }
  route.local = keys(local);
  if (!service.usesClusterEndpoints) {
    route.reachable = route.local;
    return route;
  }
  if (route.topology === '' && !localTerminating) {
    route.reachable = route.cluster;
    return route;
  }
  route.reachable = [...new Set([...route.cluster, ...route.local])].sort();
  return route;
}

const keys = (endpoints: RouteEndpoint[]) => endpoints.map((endpoint) => endpoint.key);

/** topologyModeFromHints, with the reason kube-proxy logs when hints are present but ignored. */
export function topologyModeFromHints(endpoints: RouteEndpoint[], nodeName: string, zone: string): { mode: TopologyMode; ignored?: string } {
  let hasReady = false;
  let forNode = false;
  let allNodeHints = true;
  let forZone = false;
  let allZoneHints = true;
  let anyHints = false;
  for (const endpoint of endpoints) {
    if (!endpoint.ready) continue;
    hasReady = true;
    if (endpoint.nodeHints.length === 0) allNodeHints = false;
    else {
      anyHints = true;
      if (endpoint.nodeHints.includes(nodeName)) forNode = true;
    }
    if (endpoint.zoneHints.length === 0) allZoneHints = false;
    else {
      anyHints = true;
      if (endpoint.zoneHints.includes(zone)) forZone = true;
    }
  }
  if (!hasReady) return { mode: '' };
  let ignored: string | undefined;
  // PreferSameTrafficDistribution is GA (locked on) since 1.35.
  if (allNodeHints) {
    if (forNode) return { mode: 'PreferSameNode' };
    ignored = `no endpoint is hinted for node ${nodeName}`;
  }
  if (allZoneHints) {
    if (forZone) return { mode: 'PreferSameZone' };
    ignored = zone === '' ? 'the node has no topology.kubernetes.io/zone label' : `no endpoint is hinted for zone ${zone}`;
  } else if (anyHints) {
    ignored ??= 'some ready endpoints have no hint';
  }
  return { mode: '', ignored };
}

function availableForTopology(endpoint: RouteEndpoint, mode: TopologyMode, nodeName: string, zone: string): boolean {
  if (mode === '') return true;
  if (mode === 'PreferSameNode') return endpoint.nodeHints.includes(nodeName);
  return endpoint.zoneHints.includes(zone);
}

/** What internal traffic from a node uses: its local endpoints under internalTrafficPolicy Local, else the cluster ones. */
export const internalEndpoints = (route: PortRoutes, node: NodeRoute): string[] => (route.internalPolicyLocal ? node.local : node.cluster);

export interface RoutingSummary {
  /** Ready nodes, and of them how many reach at least one backend for internal traffic on every port. */
  nodes: number;
  reaching: number;
  /** Distinct backends (addresses) any node's internal traffic reaches. */
  backends: number;
  /** Ready nodes from which internal traffic on some port reaches nothing while the Service has endpoints. */
  blackholes: string[];
  /** Endpoints that are ready but carry no traffic for some port (their slice lists no such port). */
  portless: number;
}

export function routingSummary(routes: PortRoutes[], nodes: Node[]): RoutingSummary | undefined {
  if (routes.length === 0 || nodes.length === 0) return undefined;
  const readyNodes = nodes.filter((node) => node.ready).map((node) => node.name);
  const backends = new Set<string>();
  const blackholes = new Set<string>();
  for (const route of routes) {
    const byKey = new Map(route.endpoints.map((endpoint) => [endpoint.key, endpoint.ip]));
    for (const node of route.nodes) {
      if (!readyNodes.includes(node.node)) continue;
      const used = internalEndpoints(route, node);
      for (const key of used) backends.add(byKey.get(key) ?? key);
      if (used.length === 0 && node.hasAny) blackholes.add(node.node);
    }
  }
  return { nodes: readyNodes.length, reaching: readyNodes.length - blackholes.size, backends: backends.size, blackholes: [...blackholes].sort(), portless: 0 };
}
