// A deterministic tiered layout for the routing graph: columns Service → EndpointSlice →
// backend (Pod or address), Services stacked by namespace then name. O(nodes + edges),
// the same input always gives the same positions. Pure; runs in a Web Worker.
import type { Graph, GraphNode } from '@/lib/stream/protocol';

export interface Position {
  x: number;
  y: number;
}

export const columnX = { Service: 0, EndpointSlice: 360, backend: 720 } as const;
const rowHeight = 84;
const blockGap = 36;
const namespaceGap = 96;
const headingHeight = 72;
const collapsedGap = 12;

export function layoutGraph(graph: Graph): Record<string, Position> {
  const targets = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = targets.get(edge.source);
    if (list) list.push(edge.target);
    else targets.set(edge.source, [edge.target]);
  }
  for (const list of targets.values()) list.sort();

  const byNamespace = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    const list = byNamespace.get(node.namespace);
    if (list) list.push(node);
    else byNamespace.set(node.namespace, [node]);
  }

  const positions: Record<string, Position> = {};
  let y = 0;
  for (const namespace of [...byNamespace.keys()].sort()) {
    const nodes = byNamespace.get(namespace)!;
    // The namespace's heading (lib/graph/namespaces.ts) goes on top; collapsed, it is all there is.
    const heading = nodes.find((node) => node.kind === 'Namespace');
    if (heading) {
      positions[heading.id] = { x: columnX.Service, y };
      y += headingHeight;
      if (nodes.length === 1) {
        y += collapsedGap;
        continue;
      }
    }
    const services = nodes.filter((node) => node.kind === 'Service').sort(byName);
    const top = y;
    for (const service of services) y = placeBlock(service.id, y, targets, positions, columnX.Service, serviceRows(service));
    // Slices of no known Service, and backends of no placed slice, go below.
    for (const node of nodes.filter((n) => n.kind === 'EndpointSlice' && !positions[n.id]).sort(byName)) {
      y = placeBlock(node.id, y, targets, positions, columnX.EndpointSlice);
    }
    let orphanRow = 0;
    for (const node of nodes.filter((n) => !positions[n.id]).sort(byName)) {
      positions[node.id] = { x: columnX.backend, y: y + orphanRow++ * rowHeight };
    }
    y += orphanRow * rowHeight;
    if (y > top) y += namespaceGap;
  }
  return positions;
}

/** Places a Service (or a lone slice) with its slices and their backends; returns the next free y. */
function placeBlock(rootId: string, top: number, targets: Map<string, string[]>, positions: Record<string, Position>, rootX: number = columnX.Service, rootRows = 1): number {
  positions[rootId] = { x: rootX, y: top };
  const own = rootX === columnX.Service ? (targets.get(rootId) ?? []).filter((id) => !positions[id]) : [rootId];
  const slices = own.filter((id) => id.startsWith('EndpointSlice/'));
  // Pods the selector matches that are no endpoint, and an ExternalName's DNS name, hang
  // off the Service directly; they go in the backend column below the slices' backends.
  const direct = own.filter((id) => !id.startsWith('EndpointSlice/'));
  let row = 0;
  for (const sliceId of slices) {
    positions[sliceId] = { x: columnX.EndpointSlice, y: top + row * rowHeight };
    let backendRow = row;
    for (const backendId of targets.get(sliceId) ?? []) {
      if (positions[backendId]) continue; // a Pod behind several Services is drawn once
      positions[backendId] = { x: columnX.backend, y: top + backendRow * rowHeight };
      backendRow++;
    }
    row = Math.max(row + 1, backendRow);
  }
  for (const id of direct) {
    positions[id] = { x: columnX.backend, y: top + row * rowHeight };
    row++;
  }
  return top + Math.max(rootRows, row) * rowHeight + blockGap;
}

/** How many rows a Service card takes: its diagnostics make it taller. */
/**
 * Everything the layout depends on, as one string: node ids (and a Service's height),
 * and edges. A change that leaves it equal (a pod turning not ready) keeps every
 * position, so the page need not ask the worker again.
 */
export function layoutKey(graph: Graph): string {
  const nodes = graph.nodes.map((node) => (node.kind === 'Service' ? `${node.id}#${serviceRows(node)}` : node.id));
  return `${nodes.join('|')}\n${graph.edges.map((edge) => edge.id).join('|')}`;
}

function serviceRows(service: GraphNode): number {
  if (service.kind !== 'Service') return 1;
  return Math.ceil(1 + (service.traits.length > 0 ? 0.2 : 0) + service.diagnostics.length * 0.55);
}

function byName(a: GraphNode, b: GraphNode): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
