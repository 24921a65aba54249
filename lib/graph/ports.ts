// Service port → targetPort → container port, as kube-proxy resolves it per backend:
// a numeric targetPort is used as is; a named one is looked up among the Pod's
// container ports (same protocol). https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
import type { EndpointSlice, Pod, ServicePort } from './objects';

export type ResolvedPort =
  | { kind: 'number'; port: number; declared: boolean }
  | { kind: 'named'; name: string; port: number }
  | { kind: 'missing'; name: string };

export function resolveTargetPort(servicePort: ServicePort, pod: Pod): ResolvedPort {
  const containerPorts = pod.containers.flatMap((container) => container.ports).filter((port) => port.protocol === servicePort.protocol);
  const target = servicePort.targetPort;
  if (typeof target === 'number') {
    return { kind: 'number', port: target, declared: containerPorts.some((port) => port.containerPort === target) };
  }
  // A numeric string (e.g. "8080") is a number too: the API accepts IntOrString either way.
  if (/^\d+$/.test(target)) {
    const port = Number(target);
    return { kind: 'number', port, declared: containerPorts.some((candidate) => candidate.containerPort === port) };
  }
  const named = containerPorts.find((port) => port.name === target);
  return named ? { kind: 'named', name: target, port: named.containerPort } : { kind: 'missing', name: target };
}

/** How an edge shows a port mapping: `80 → http(8080)`, `80 → 8080`, `80 → http(?)`. */
export function describePortMapping(servicePort: ServicePort, resolved: ResolvedPort): string {
  const target = resolved.kind === 'named' ? `${resolved.name}(${resolved.port})` : resolved.kind === 'missing' ? `${resolved.name}(?)` : String(resolved.port);
  return `${servicePort.port} → ${target}`;
}

/** The name of a pod's container port with this number and protocol, if it has one. */
export function containerPortName(pod: Pod, number: number, protocol: string): string | undefined {
  for (const container of pod.containers) for (const port of container.ports) if (port.containerPort === number && port.protocol === protocol) return port.name;
  return undefined;
}

/** Does a pod declare a container port of this name and protocol? */
export function declaresPort(pod: Pod, name: string, protocol: string): boolean {
  return pod.containers.some((container) => container.ports.some((port) => port.name === name && port.protocol === protocol));
}

/**
 * The slice's port for a Service port (same name, "" when unnamed, and protocol), when it has
 * a number: a slice without one carries none of that port's traffic (kube-proxy skips it).
 */
export function slicePortFor(slice: EndpointSlice, servicePort: Pick<ServicePort, 'name' | 'protocol'>): (EndpointSlice['ports'][number] & { port: number }) | undefined {
  const found = slice.ports.find((port) => (port.name ?? '') === (servicePort.name ?? '') && port.protocol === servicePort.protocol);
  return found?.port ? (found as EndpointSlice['ports'][number] & { port: number }) : undefined;
}
