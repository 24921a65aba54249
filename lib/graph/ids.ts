// Node and edge ids, made and parsed here and nowhere else. A node id is
// `Kind/namespace/name` (an Address's name is its IP; a namespace heading is
// `Namespace/name`; a pod group is `PodGroup/namespace/service`); an edge id is
// `source>target`. Pure.
import type { GraphNode } from './model';

export type NodeKind = GraphNode['kind'];

export function nodeId(kind: NodeKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export const serviceId = (namespace: string, name: string): string => nodeId('Service', namespace, name);
export const sliceId = (namespace: string, name: string): string => nodeId('EndpointSlice', namespace, name);
export const podId = (namespace: string, name: string): string => nodeId('Pod', namespace, name);
export const addressId = (namespace: string, address: string): string => nodeId('Address', namespace, address);

/** The heading of a namespace (one path segment: `Namespace/shop`). */
export function namespaceId(namespace: string): string {
  return `Namespace/${namespace}`;
}

/** The group node standing for the pods of a Service. */
export function groupId(service: string): string {
  return `PodGroup/${service.slice('Service/'.length)}`;
}

/** The Service id of a group node id. */
export function groupService(id: string): string {
  return `Service/${id.slice('PodGroup/'.length)}`;
}

export function edgeId(source: string, target: string): string {
  return `${source}>${target}`;
}

/** An edge id's two ends. */
export function parseEdgeId(id: string): { source: string; target: string } {
  const split = id.indexOf('>');
  return split < 0 ? { source: id, target: '' } : { source: id.slice(0, split), target: id.slice(split + 1) };
}

/** A node id's parts; a namespace heading has the namespace and an empty name. */
export function parseNodeId(id: string): { kind: string; namespace: string; name: string } {
  const [kind = '', namespace = '', ...name] = id.split('/');
  return { kind, namespace, name: name.join('/') };
}

/** True when the node id is of that kind. */
export function isKind(id: string, kind: NodeKind): boolean {
  return id.startsWith(`${kind}/`);
}

/** The namespace a node or edge id belongs to. */
export function namespaceOfId(id: string): string {
  return id.split('/', 2)[1] ?? '';
}

/** "namespace/name" of a node id (what kubectl and the URL's `service=` write). */
export function shortName(id: string): string {
  const { namespace, name } = parseNodeId(id);
  return name ? `${namespace}/${name}` : namespace;
}

/** The node id of a "namespace/name" (the URL's `expand=`, `service=`). */
export function fromShortName(kind: NodeKind, text: string): string {
  return `${kind}/${text}`;
}
