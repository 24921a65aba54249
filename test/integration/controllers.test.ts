// Proves the local control plane is real: the EndpointSlice controllers of
// kube-controller-manager, the scheduler and kwok's kubelets produce what a real
// cluster shows for a Deployment behind a Service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyYaml, deploymentYaml, endpointSlicesOf, eventually, kubectl, kubectlJson, uniqueNamespace } from './kube';

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { podIP?: string; phase: string };
}

describe('local control plane', () => {
  let namespace = '';
  beforeAll(() => {
    namespace = uniqueNamespace('it-controllers');
    applyYaml(deploymentYaml(namespace, 'web', 3));
  });
  afterAll(() => {
    if (namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
  });

  const pods = () => kubectlJson<{ items: PodJson[] }>('get', 'pods', '-n', namespace, '-l', 'app=web').items;
  const endpoints = () => endpointSlicesOf(namespace, 'web').flatMap((slice) => slice.endpoints ?? []);

  it('schedules pods onto kwok nodes, gives them IPs, and the EndpointSlice lists them ready by targetRef', async () => {
    await eventually(() => {
      const running = pods().filter((pod) => pod.status.phase === 'Running' && pod.status.podIP);
      expect(running).toHaveLength(3);
      const ready = endpoints().filter((endpoint) => endpoint.conditions?.ready);
      expect(ready).toHaveLength(3);
    });
    const byIp = new Map(pods().map((pod) => [pod.status.podIP, pod]));
    for (const endpoint of endpoints()) {
      const pod = byIp.get(endpoint.addresses[0]);
      expect(pod, `endpoint ${endpoint.addresses[0]} is a pod IP`).toBeDefined();
      expect(endpoint.targetRef).toMatchObject({ kind: 'Pod', name: pod!.metadata.name });
      expect(pod!.spec.nodeName).toMatch(/^kwok-node-/);
    }
  });

  it('follows a scale-up to 5 ready endpoints', async () => {
    kubectl('scale', 'deployment/web', '-n', namespace, '--replicas=5');
    await eventually(() => expect(endpoints().filter((endpoint) => endpoint.conditions?.ready)).toHaveLength(5));
  });

  it('reports ready: false for a pod that fails readiness, and ready again when it recovers', async () => {
    const name = pods()[0]!.metadata.name;
    const endpointOf = () => endpoints().find((endpoint) => endpoint.targetRef?.name === name);
    kubectl('annotate', 'pod', name, '-n', namespace, 'svcmap.dev/ready=false');
    await eventually(() => expect(endpointOf()?.conditions).toMatchObject({ ready: false, serving: false, terminating: false }));
    kubectl('annotate', 'pod', name, '-n', namespace, 'svcmap.dev/ready-');
    await eventually(() => expect(endpointOf()?.conditions).toMatchObject({ ready: true, serving: true, terminating: false }));
  });

  it('shows a deleted pod as terminating before it goes (graceful deletion)', async () => {
    const name = pods()[0]!.metadata.name;
    const endpointOf = () => endpoints().find((endpoint) => endpoint.targetRef?.name === name);
    kubectl('delete', 'pod', name, '-n', namespace, '--wait=false');
    await eventually(() => expect(endpointOf()?.conditions).toMatchObject({ ready: false, terminating: true }), 10_000, 100);
    await eventually(() => expect(endpointOf()).toBeUndefined());
    // The ReplicaSet replaces it: five ready endpoints again.
    await eventually(() => expect(endpoints().filter((endpoint) => endpoint.conditions?.ready)).toHaveLength(5));
  });

  it('mirrors the hand-written Endpoints of a selector-less Service into an EndpointSlice', async () => {
    const slices = await eventually(() => {
      const found = endpointSlicesOf('data', 'legacy-db');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(slices[0]!.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
    expect(slices[0]!.endpoints?.map((endpoint) => endpoint.addresses[0]).sort()).toEqual(['192.0.2.10', '192.0.2.11']);
  });
});
