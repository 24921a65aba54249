// The tables of the details panel, from the graph alone: a Service's endpoints as
// `kubectl get endpointslices` lists them, and its ENDPOINTS column as `kubectl get
// endpoints` prints it. Pure.
import type { Graph, GraphNode, ServiceNode } from '@/lib/graph/model';
import { adjacency, routesTo } from './view';
import { addTo } from '@/lib/graph/maps';

export interface EndpointRow {
  slice: string;
  address: string;
  /** The slice's ports, e.g. "http:8080/TCP". */
  ports: string[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  node?: string;
  zone?: string;
  /** The backend's node id (a Pod or an Address), to link to. */
  target: string;
  pod?: string;
}

export function endpointRows(graph: Graph, serviceId: string): EndpointRow[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const slices = graph.edges.filter((edge) => edge.source === serviceId && edge.relation === 'slice').map((edge) => edge.target);
  return slices.flatMap((sliceId) => {
    const slice = byId.get(sliceId);
    if (slice?.kind !== 'EndpointSlice') return [];
    return graph.edges
      .filter((edge) => edge.source === sliceId && edge.relation === 'endpoint')
      .flatMap((edge): EndpointRow[] => {
        const backend = byId.get(edge.target);
        const address = backend?.kind === 'Pod' ? backend.ip : backend?.kind === 'Address' ? backend.address : undefined;
        if (!address) return [];
        return [
          {
            slice: slice.name,
            address,
            ports: slice.ports,
            ready: edge.conditions?.ready ?? false,
            serving: edge.conditions?.serving ?? false,
            terminating: edge.conditions?.terminating ?? false,
            node: edge.nodeName,
            zone: edge.zone,
            target: edge.target,
            pod: backend?.kind === 'Pod' ? backend.name : undefined,
          },
        ];
      })
      .sort((a, b) => compareAddresses(a.address, b.address));
  });
}

/**
 * The ENDPOINTS column of `kubectl get endpoints`: ready addresses with each port,
 * "ip:port" joined by commas, the first three and "+ N more..." after.
 */
export function kubectlEndpointsColumn(rows: EndpointRow[]): string {
  const ready = rows.filter((row) => row.ready);
  if (ready.length === 0) return '<none>';
  const entries: string[] = [];
  for (const slicePorts of groupBy(ready, (row) => row.ports.join(','))) {
    const ports = slicePorts[0]!.ports.map((port) => /:(\d+)\//.exec(port)?.[1]).filter((port): port is string => port !== undefined);
    if (ports.length === 0) entries.push(...slicePorts.map((row) => row.address));
    for (const port of ports) entries.push(...slicePorts.map((row) => `${row.address.includes(':') ? `[${row.address}]` : row.address}:${port}`));
  }
  return entries.length > 3 ? `${entries.slice(0, 3).join(',')} + ${entries.length - 3} more...` : entries.join(',');
}

/** The Services whose routing reaches a node (a Pod's "backs" list). */
export function servicesRoutingTo(graph: Graph, id: string): ServiceNode[] {
  // A pod the selector matches that is no endpoint gets no traffic: "selected" edges do not count.
  const routing = routesTo([id], adjacency(graph), (edge) => edge.relation !== 'selected');
  return graph.nodes.filter((node): node is ServiceNode => node.kind === 'Service' && routing.has(node.id));
}

export function nodeById(graph: Graph, id: string | null): GraphNode | undefined {
  return id ? graph.nodes.find((node) => node.id === id) : undefined;
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) addTo(groups, key(item), item);
  return [...groups.values()];
}

function compareAddresses(a: string, b: string): number {
  const numeric = (address: string) => address.split('.').map(Number);
  const [x, y] = [numeric(a), numeric(b)];
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
