import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inClusterContextName, readKubeConfig } from './kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'svcmap-kubeconfig-'));
function kubeconfigFile(name: string, contexts: string[], current: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
${contexts.map((c) => `- name: ${c}\n  cluster: {server: "https://127.0.0.1:6443"}`).join('\n')}
users:
${contexts.map((c) => `- name: ${c}\n  user: {token: "t-${c}"}`).join('\n')}
contexts:
${contexts.map((c) => `- name: ${c}\n  context: {cluster: ${c}, user: ${c}, namespace: ns-${c}}`).join('\n')}
`,
  );
  return file;
}

afterEach(() => vi.unstubAllEnvs());

describe('readKubeConfig', () => {
  it('merges every file of $KUBECONFIG; the first file names the current context', () => {
    vi.stubEnv('KUBECONFIG', [kubeconfigFile('a', ['dev', 'staging'], 'staging'), kubeconfigFile('b', ['prod'], 'prod')].join(':'));
    const config = readKubeConfig()!;
    expect(config.getContexts().map((context) => context.name)).toEqual(['dev', 'staging', 'prod']);
    expect(config.getCurrentContext()).toBe('staging');
    expect(config.getContextObject('prod')?.namespace).toBe('ns-prod');
  });

  it('returns null when no kubeconfig exists and not in a cluster', () => {
    vi.stubEnv('KUBECONFIG', join(dir, 'missing'));
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '');
    expect(readKubeConfig()).toBeNull();
  });

  it('uses the pod\'s ServiceAccount inside a cluster, as context "in-cluster"', () => {
    const prefix = join(dir, 'root');
    const secrets = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(secrets, { recursive: true });
    writeFileSync(join(secrets, 'token'), 'sa-token');
    writeFileSync(join(secrets, 'ca.crt'), 'not a real CA');
    writeFileSync(join(secrets, 'namespace'), 'svcmap');
    vi.stubEnv('KUBECONFIG', join(dir, 'missing'));
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '127.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', '26443');
    vi.stubEnv('SVCMAP_IN_CLUSTER_PATH_PREFIX', prefix);
    const config = readKubeConfig()!;
    expect(config.getCurrentContext()).toBe(inClusterContextName);
    expect(config.getCurrentCluster()?.server).toBe('https://127.0.0.1:26443');
  });
});
