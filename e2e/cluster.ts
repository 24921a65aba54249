// Helpers for tests that break the test cluster on purpose.
import { execFileSync } from 'node:child_process';
import { kubectl } from '../test/integration/kube';

/** kill|start|restart|freeze|thaw one control-plane process (cluster/component.sh). */
export const component = (action: string, name: string) => execFileSync('bash', ['cluster/component.sh', action, name]);

/**
 * How long the test cluster's own controllers may take to act after an apiserver fault.
 * kube-controller-manager and kwok use client-go, whose backoff reaches 30–60 s after a
 * few faults within two minutes: a scale made then can sit unprocessed for a minute.
 * Tests wait this long for the cluster (kubectl), then hold svcmap to a shorter time.
 */
export const clusterSettleMs = 150_000;

/** Pods kubectl shows as running and not terminating, by name. */
export function runningPods(namespace: string): string[] {
  const pods = JSON.parse(kubectl('get', 'pods', '-n', namespace, '-o', 'json')).items as { metadata: { name: string; deletionTimestamp?: string }; status: { phase: string } }[];
  return pods.filter((pod) => !pod.metadata.deletionTimestamp && pod.status.phase === 'Running').map((pod) => pod.metadata.name).sort();
}
