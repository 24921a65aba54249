// What the graph's edges to a backend say about it: why a pod the selector matches is no
// endpoint, why an endpoint's pod is not ready, and the Service's port mappings for it. Pure.
import type { Node, Pod, Service } from './objects';
import { describePortMapping, resolveTargetPort } from './ports';

/** Port mappings of a Service for one backend pod: "80 → http(8080)". */
export function portMappings(service: Service, pod: Pod | undefined): string[] {
  return service.ports.map((port) => (pod ? describePortMapping(port, resolveTargetPort(port, pod)) : `${port.port} → ${port.targetPort}`));
}

/** Why a pod the selector matches is not an endpoint. */
export function notEndpointReason(pod: Pod, nodes: ReadonlyMap<string, Node>): string {
  if (pod.deletionTimestamp) return 'terminating';
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return `phase ${pod.phase}: finished pods are never endpoints`;
  if (!pod.nodeName) {
    const scheduled = pod.conditions.find((condition) => condition.type === 'PodScheduled');
    if (scheduled?.status === 'False') return `unschedulable: ${scheduled.message ?? scheduled.reason ?? 'no node fits'}`;
    return 'pending: not scheduled yet';
  }
  if (pod.podIPs.length === 0) return `no pod IP yet (phase ${pod.phase})`;
  const node = nodes.get(`/${pod.nodeName}`);
  if (node && !node.ready) return `node ${node.name} is NotReady`;
  return 'not in an EndpointSlice yet';
}

/** Why an endpoint's pod is not ready. */
export function notReadyReason(pod: Pod, nodes: ReadonlyMap<string, Node>): string {
  if (pod.deletionTimestamp) return 'terminating';
  const node = pod.nodeName ? nodes.get(`/${pod.nodeName}`) : undefined;
  if (node && !node.ready) return `node ${node.name} is NotReady`;
  const waiting = pod.containerStatuses.filter((status) => !status.ready).map((status) => status.name);
  if (waiting.length > 0) return `containers not ready: ${waiting.join(', ')}`;
  const ready = pod.conditions.find((condition) => condition.type === 'Ready');
  if (ready && ready.status !== 'True') return ready.reason ? `Ready=${ready.status} (${ready.reason})` : `Ready=${ready.status}`;
  return 'not ready';
}
