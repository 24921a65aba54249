// svcmap installed the way deploy/ installs it: the manifests pass a server-side dry run,
// the ServiceAccount's rights are read-only without Secrets, and the standalone server,
// given only what a pod gets (service host/port env, token, CA), shows the cluster.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphResponseSchema } from '@/lib/stream/protocol';
import { eventually, kubectl } from './kube';
import { type RunningServer, startServer } from './server';

const root = new URL('../..', import.meta.url).pathname;
const serviceAccount = 'system:serviceaccount:svcmap:svcmap';
const rbacFiles = ['deploy/base/namespace.yaml', 'deploy/base/serviceaccount.yaml', 'deploy/cluster-wide/clusterrole.yaml', 'deploy/cluster-wide/clusterrolebinding.yaml'];

describe('in-cluster install (deploy/)', () => {
  let server: RunningServer | undefined;

  beforeAll(() => {
    kubectl('apply', ...rbacFiles.flatMap((file) => ['-f', join(root, file)]));
  });
  afterAll(async () => {
    await server?.stop();
    kubectl('delete', '--ignore-not-found', '--wait=false', ...rbacFiles.flatMap((file) => ['-f', join(root, file)]));
  });

  it('passes a server-side dry run, cluster-wide and namespaced', () => {
    for (const overlay of ['deploy/cluster-wide', 'deploy/namespaced']) {
      const output = kubectl('apply', '--dry-run=server', '-k', join(root, overlay));
      expect(output).toContain('deployment.apps/svcmap');
    }
  });

  it('grants the ServiceAccount read-only rights, and none on Secrets', () => {
    const rows = kubectl('auth', 'can-i', '--list', `--as=${serviceAccount}`).trim().split('\n').slice(1);
    const rules = rows.map((row) => {
      const columns = row.trim().split(/\s{2,}/);
      return { resource: columns[0]!, verbs: (columns.at(-1) ?? '').replace(/[[\]]/g, '').split(' ').filter(Boolean) };
    });
    expect(rules.some((rule) => rule.resource.includes('secrets'))).toBe(false);
    const writes = rules.filter((rule) => rule.verbs.some((verb) => !['get', 'list', 'watch'].includes(verb)));
    // Every authenticated user may ask "who am I / what may I do" (system:basic-user); nothing else writes.
    expect(writes.map((rule) => rule.resource).sort()).toEqual([
      'selfsubjectreviews.authentication.k8s.io',
      'selfsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectrulesreviews.authorization.k8s.io',
    ].sort());
    expect(rules.find((rule) => rule.resource === 'endpointslices.discovery.k8s.io')?.verbs.sort()).toEqual(['get', 'list', 'watch']);
  });

  it('runs the standalone server with only the in-cluster environment, and shows the cluster', async () => {
    execFileSync(process.execPath, [join(root, 'scripts/assemble-standalone.mjs')], { stdio: 'pipe' });
    const prefix = mkdtempSync(join(tmpdir(), 'svcmap-pod-'));
    const secrets = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(secrets, { recursive: true });
    writeFileSync(join(secrets, 'token'), kubectl('create', 'token', 'svcmap', '-n', 'svcmap', '--duration=10m').trim());
    writeFileSync(join(secrets, 'namespace'), 'svcmap');
    const caData = kubectl('config', 'view', '--raw', '--minify', '-o', 'jsonpath={.clusters[0].cluster.certificate-authority-data}');
    writeFileSync(join(secrets, 'ca.crt'), Buffer.from(caData, 'base64'));
    const apiserver = new URL(kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'));
    const home = mkdtempSync(join(tmpdir(), 'svcmap-home-'));

    server = await startServer(
      3415,
      {
        KUBECONFIG: undefined,
        HOME: home,
        SVCMAP_DEMO: undefined,
        KUBERNETES_SERVICE_HOST: apiserver.hostname,
        KUBERNETES_SERVICE_PORT: apiserver.port,
        SVCMAP_IN_CLUSTER_PATH_PREFIX: prefix,
      },
      join(root, '.next/standalone'),
      'server/main.mts',
    );
    const contexts = await (await fetch(`${server.base}/api/clusters`)).json();
    expect(contexts).toEqual({ contexts: [expect.objectContaining({ name: 'in-cluster', current: true })] });
    await eventually(async () => expect((await fetch(`${server!.base}/api/readyz`)).status).toBe(200), 60_000);
    const graph = graphResponseSchema.parse(await (await fetch(`${server.base}/api/clusters/in-cluster/graph?namespace=shop`)).json());
    const frontend = graph.graph.nodes.find((node) => node.id === 'Service/shop/frontend');
    expect(frontend).toMatchObject({ kind: 'Service', endpoints: { ready: 3, total: 3 } });
    expect(graph.status.kinds.every((kind) => kind.state === 'synced')).toBe(true);
  });
});
