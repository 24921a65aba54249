// What the map's nodes and edges say: a screen reader's words for each, the CSS classes
// that style them, and each kind's size before the browser measured it.
import type { Node } from '@xyflow/react';
import { count, namespaceFacts } from '@/lib/view/namespaces';
import { namespaceWidth, tileMargin } from '@/lib/layout/grid';
import type { GraphEdge, GraphNode } from '@/lib/stream/protocol';

/** What a screen reader says for a node: its kind, name and state. */
export function nodeLabel(node: GraphNode): string {
  switch (node.kind) {
    case 'Service':
      return `Service ${node.namespace}/${node.name}: ${node.type === 'ExternalName' ? `alias of ${node.externalName}` : `${node.endpoints.ready} of ${node.endpoints.total} endpoints ready`}${node.diagnostics.length ? `, ${count(node.diagnostics.length, 'diagnostic', 'diagnostics')}` : ''}`;
    case 'EndpointSlice':
      return `EndpointSlice ${node.namespace}/${node.name}: ${node.endpoints.ready} of ${node.endpoints.total} ready`;
    case 'Pod':
      return `Pod ${node.namespace}/${node.name}: ${node.terminating ? 'terminating' : node.ready ? 'ready' : 'not ready'}`;
    case 'Address':
      return `${node.source === 'externalName' ? 'DNS name' : 'Address'} ${node.address}`;
    case 'PodGroup':
      return `${node.pods} pods: ${node.ready} ready. Press Enter to show each pod.`;
    case 'Namespace': {
      return `Namespace ${node.name}: ${namespaceFacts(node.summary).join(', ')}. ${node.collapsed ? 'Collapsed; press Enter to open it.' : 'Press Enter to collapse it.'}`;
    }
    case 'Gateway':
      return `Gateway ${node.namespace}/${node.name}: ${count(node.listeners.length, 'listener', 'listeners')}, ${node.addresses.length ? `address ${node.addresses.join(', ')}` : 'no address'}${node.diagnostics.length ? `, ${count(node.diagnostics.length, 'diagnostic', 'diagnostics')}` : ''}`;
    case 'Ingress':
      return `Ingress ${node.namespace}/${node.name}: ${count(node.rules.length, 'path', 'paths')}${node.diagnostics.length ? `, ${count(node.diagnostics.length, 'diagnostic', 'diagnostics')}` : ''}`;
    default:
      return `${node.kind} ${node.namespace}/${node.name}: ${count(node.rules.length, 'rule', 'rules')}${node.diagnostics.length ? `, ${count(node.diagnostics.length, 'diagnostic', 'diagnostics')}` : ''}`;
  }
}

// Node sizes before the browser measured them (the CSS widths of components/graph/nodes).
// The minimap draws only nodes with a size, and our nodes are controlled: React Flow's
// measurements are not written back to them.
export const initialSize: Record<GraphNode['kind'], { width: number; height: number }> = {
  Service: { width: 320, height: 72 },
  EndpointSlice: { width: 256, height: 56 },
  Pod: { width: 256, height: 64 },
  Address: { width: 256, height: 48 },
  PodGroup: { width: 256, height: 48 },
  Namespace: { width: namespaceWidth + 2 * tileMargin, height: 48 },
  Gateway: { width: 320, height: 72 },
  Ingress: { width: 320, height: 72 },
  HTTPRoute: { width: 320, height: 72 },
  GRPCRoute: { width: 320, height: 72 },
  TLSRoute: { width: 320, height: 72 },
  TCPRoute: { width: 320, height: 72 },
  UDPRoute: { width: 320, height: 72 },
};

export function minimapClass(node: Node): string {
  const data = node.data as GraphNode;
  if (data.kind === 'Pod') return data.terminating ? 'minimap-terminating' : data.ready ? 'minimap-ready' : 'minimap-not-ready';
  if (data.kind === 'Service') return data.diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 'minimap-not-ready' : 'minimap-service';
  return 'minimap-other';
}

export function edgeClass(edge: GraphEdge): string {
  if (edge.relation !== 'endpoint') return `relation-${edge.relation}`;
  const conditions = edge.conditions;
  const portless = edge.noTrafficFor && edge.ports && edge.noTrafficFor.length >= edge.ports.length ? ' endpoint-portless' : '';
  if (!conditions) return `endpoint-ready${portless}`;
  const base = conditions.ready ? 'endpoint-ready' : conditions.serving ? 'endpoint-serving' : 'endpoint-not-serving';
  return `${conditions.terminating ? `${base} endpoint-terminating` : base}${portless}`;
}

export function edgeLabel(edge: GraphEdge): string {
  if (edge.relation === 'selected') return `${edge.target} matches the selector of ${edge.source} but is not an endpoint: ${edge.reason}`;
  if (edge.label) return `${edge.source} → ${edge.target}: ${edge.label}${edge.reason ? ` (${edge.reason})` : ''}`;
  const conditions = edge.conditions;
  if (!conditions) return `${edge.source} → ${edge.target}`;
  const words = [conditions.ready ? 'ready' : 'not ready', conditions.serving ? 'serving' : 'not serving'];
  if (conditions.terminating) words.push('terminating');
  if (edge.noTrafficFor) words.push(`no traffic for port ${edge.noTrafficFor.join(', ')}: its EndpointSlice lists no such port`);
  return `endpoint ${edge.target}: ${words.join(', ')}`;
}
