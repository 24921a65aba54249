// Helpers for tests against the real local control plane (cluster/up.sh): kubectl of
// the same Kubernetes version, namespaces of their own, and waiting on conditions.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { GraphResponse } from '@/lib/stream/protocol';

export function kubectl(...args: string[]): string {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: start the test cluster with npm run cluster:up');
  return execFileSync('kubectl', ['--context', 'svcmap-admin', ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

export function kubectlJson<T>(...args: string[]): T {
  return JSON.parse(kubectl(...args, '-o', 'json')) as T;
}

export function applyYaml(yaml: string): void {
  execFileSync('kubectl', ['--context', 'svcmap-admin', 'apply', '-f', '-'], { input: yaml, encoding: 'utf8' });
}

export function uniqueNamespace(prefix: string): string {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  kubectl('create', 'namespace', name);
  return name;
}

/** Re-checks `probe` until it returns a value without throwing, or fails with its last error. */
export async function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** A Deployment and a ClusterIP Service of the same name, as a user would write them. */
export function deploymentYaml(namespace: string, name: string, replicas: number): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: registry.example/${name}:1.0
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: http}]
`;
}

/**
 * Deployment "web" (2 replicas) and its Service, whose pods a finalizer holds in Terminating
 * once deleted, so each stage of a rollout stays put until the test releases them.
 */
export function heldRolloutYaml(namespace: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      finalizers: [svcmap.test/hold]
    spec:
      containers:
      - {name: app, image: registry.example/web:1.0, ports: [{name: http, containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${namespace}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;
}

/** Lets pods held by heldRolloutYaml's finalizer go. */
export function releasePods(namespace: string, names: string[]): void {
  for (const name of names) kubectl('patch', 'pod', name, '-n', namespace, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
}

export interface EndpointSliceJson {
  metadata: { name: string; labels?: Record<string, string> };
  addressType: string;
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    targetRef?: { kind: string; name: string };
  }[];
}

export function endpointSlicesOf(namespace: string, service: string): EndpointSliceJson[] {
  return kubectlJson<{ items: EndpointSliceJson[] }>('get', 'endpointslices', '-n', namespace, '-l', `kubernetes.io/service-name=${service}`).items;
}

interface PodJson {
  metadata: { name: string };
  status: { podIP?: string };
}

/** Endpoint rows as kubectl sees them: slice, address, conditions, backing pod. */
export function truthRows(namespace: string): string[] {
  const slices = kubectlJson<{ items: EndpointSliceJson[] }>('get', 'endpointslices', '-n', namespace).items;
  const podIps = new Map(kubectlJson<{ items: PodJson[] }>('get', 'pods', '-n', namespace).items.map((pod) => [pod.metadata.name, pod.status.podIP]));
  return slices.flatMap((slice) =>
    (slice.endpoints ?? []).map((endpoint) => {
      const c = endpoint.conditions ?? {};
      const backend = endpoint.targetRef?.kind === 'Pod' ? `Pod ${endpoint.targetRef.name} ${podIps.get(endpoint.targetRef.name)}` : `Address ${endpoint.addresses[0]}`;
      return `${slice.metadata.labels?.['kubernetes.io/service-name']} ${slice.metadata.name} ready=${c.ready ?? true} serving=${c.serving ?? c.ready ?? true} terminating=${c.terminating ?? false} ${backend}`;
    }),
  ).sort();
}

/** The same rows read off svcmap's graph. */
export function graphRows(body: GraphResponse): string[] {
  const nodes = new Map(body.graph.nodes.map((node) => [node.id, node]));
  const serviceOfSlice = new Map(body.graph.edges.filter((edge) => edge.relation === 'slice').map((edge) => [edge.target, nodes.get(edge.source)?.name]));
  return body.graph.edges.flatMap((edge) => {
    if (edge.relation !== 'endpoint' || !edge.conditions) return [];
    const slice = nodes.get(edge.source)!;
    const backend = nodes.get(edge.target)!;
    const service = slice.kind === 'EndpointSlice' ? slice.service : undefined;
    if ((serviceOfSlice.get(slice.id) ?? service) !== service) throw new Error(`${slice.id} is drawn under ${serviceOfSlice.get(slice.id)} but belongs to ${service}`);
    const c = edge.conditions;
    const target = backend.kind === 'Pod' ? `Pod ${backend.name} ${backend.ip}` : `Address ${backend.name}`;
    return [`${service} ${slice.name} ready=${c.ready} serving=${c.serving} terminating=${c.terminating} ${target}`];
  }).sort();
}

