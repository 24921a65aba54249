// The Helm chart (deploy/helm/svcmap) against the test cluster: it lints strictly; each
// documented values combination renders objects that pass `kubectl apply --dry-run=server`
// and say what the values asked for; values.schema.json refuses wrong values before anything
// renders; and its RBAC rules and pod settings are deploy/'s, so the two installs cannot drift.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubectl, uniqueNamespace } from './kube';

const root = new URL('../..', import.meta.url).pathname;
const chart = join(root, 'deploy/helm/svcmap');

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  image: string;
  env: EnvVar[];
  readinessProbe: unknown;
  livenessProbe: unknown;
  resources: unknown;
  securityContext: unknown;
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  serviceAccountName: string;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string } }[];
  nodeSelector?: Record<string, string>;
  tolerations?: object[];
}
/** The fields of the rendered objects these tests read; each kind fills its own. */
interface KubeObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: PolicyRule[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
  spec?: {
    selector?: { matchLabels?: Record<string, string>; [label: string]: unknown };
    strategy?: { type: string };
    replicas?: number;
    template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    ports?: { name: string; port: number; targetPort: string }[];
    accessModes?: string[];
    storageClassName?: string;
    resources?: { requests: { storage: string } };
  };
}

function parseObjects(manifest: string): KubeObject[] {
  return parseAllDocuments(manifest)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

const only = (objects: KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);
function one(objects: KubeObject[], kind: string): KubeObject {
  const found = only(objects, kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0]!;
}
const podSpecOf = (objects: KubeObject[]) => one(objects, 'Deployment').spec!.template!.spec;
function envOf(objects: KubeObject[]): Map<string, EnvVar> {
  return new Map(podSpecOf(objects).containers[0]!.env.map((variable) => [variable.name, variable]));
}
const valueOf = (objects: KubeObject[], name: string) => envOf(objects).get(name)?.value;
/** Helm's --set flags, one per assignment. */
const set = (...assignments: string[]) => assignments.flatMap((assignment) => ['--set', assignment]);

describe('Helm chart (deploy/helm/svcmap)', () => {
  let helm = '';
  let namespace = '';

  beforeAll(() => {
    // Built once into the cache (several minutes on a fresh machine), then only looked up.
    helm = execFileSync('bash', [join(root, 'cluster/helm.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    namespace = uniqueNamespace('helm');
  }, 900_000);
  afterAll(() => {
    if (namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
  });

  function helmTemplate(args: string[], release = 'svcmap') {
    return spawnSync(helm, ['template', release, chart, '--namespace', namespace, ...args], { encoding: 'utf8' });
  }

  /** `helm template` piped to `kubectl apply --dry-run=server`: every object must be accepted. */
  function installDryRun(args: string[], release = 'svcmap'): KubeObject[] {
    const rendered = helmTemplate(args, release);
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    const objects = parseObjects(rendered.stdout);
    const applied = execFileSync('kubectl', ['--context', 'svcmap-admin', 'apply', '--dry-run=server', '-f', '-'], { input: rendered.stdout, encoding: 'utf8' });
    // One line per object, e.g. "deployment.apps/svcmap created (server dry run)".
    const lines = applied.trim().split('\n');
    expect(lines).toHaveLength(objects.length);
    expect(lines.every((line) => line.endsWith('(server dry run)'))).toBe(true);
    return objects;
  }

  /** The kustomization's objects, as `kubectl apply -k` would send them. */
  const kustomized = (overlay: string) => parseObjects(kubectl('kustomize', join(root, overlay)));

  it('passes helm lint --strict with the defaults and with each auth mode and RBAC scope', () => {
    const combinations = [
      [],
      set('rbac.scope=namespaces', 'rbac.namespaces={shop,data}'),
      set('auth.mode=none'),
      set('auth.mode=proxy', 'auth.trustedProxies={10.0.0.0/8}'),
      set('history.persistent=true', 'history.storageClassName=standard'),
      set('replicas=3', 'history.postgresSecret=svcmap-history'),
      set('history.enabled=false'),
      set('allowedHosts={svcmap.example.com}', 'secureCookies=true'),
    ];
    for (const values of combinations) {
      const lint = spawnSync(helm, ['lint', '--strict', chart, ...values], { encoding: 'utf8' });
      expect(lint.stdout, values.join(' ')).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(lint.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect(lint.status).toBe(0);
    }
  });

  it('defaults: the objects of deploy/cluster-wide but the Namespace, in the release namespace, with token sign-in', () => {
    const objects = installDryRun([]);
    expect(objects.map((object) => object.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service', 'ServiceAccount']);
    for (const object of objects.filter((object) => !object.kind.startsWith('Cluster'))) {
      expect(object.metadata, object.kind).toMatchObject({ name: 'svcmap', namespace });
    }
    expect(one(objects, 'Deployment').metadata.labels).toEqual({
      'app.kubernetes.io/name': 'svcmap',
      'app.kubernetes.io/instance': 'svcmap',
      'app.kubernetes.io/version': '0.1.0',
      'app.kubernetes.io/managed-by': 'Helm',
      'helm.sh/chart': 'svcmap-0.1.0',
    });
    const selector = { 'app.kubernetes.io/name': 'svcmap', 'app.kubernetes.io/instance': 'svcmap' };
    expect(one(objects, 'Deployment').spec!.selector!.matchLabels).toEqual(selector);
    expect(one(objects, 'Service').spec).toMatchObject({ selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });

    const clusterRole = one(objects, 'ClusterRole');
    expect(clusterRole.metadata.name).toBe('svcmap-viewer');
    expect(clusterRole.rules!.flatMap((rule) => rule.resources)).not.toContain('secrets');
    expect(new Set(clusterRole.rules!.flatMap((rule) => rule.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(one(objects, 'ClusterRoleBinding')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'svcmap-viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'svcmap', namespace }],
    });

    const podSpec = podSpecOf(objects);
    expect(podSpec.serviceAccountName).toBe('svcmap');
    expect(podSpec.containers[0]!.image).toBe('svcmap:0.1.0');
    const env = envOf(objects);
    expect(env.get('SVCMAP_AUTH')?.value).toBe('token');
    expect(env.get('SVCMAP_AUTH_TOKEN')?.valueFrom).toEqual({ secretKeyRef: { name: 'svcmap-auth', key: 'token' } });
    expect(env.get('SVCMAP_ALLOWED_HOSTS')?.value).toBe('');
    expect(env.get('SVCMAP_SECURE_COOKIES')?.value).toBe('false');
    expect(env.has('SVCMAP_NAMESPACE')).toBe(false);
    expect(env.has('SVCMAP_HISTORY')).toBe(false);
  });

  it('keeps deploy/base\'s pod: security contexts, probes, resources, volumes and env', () => {
    const chartPod = podSpecOf(installDryRun([]));
    const kustomizePod = podSpecOf(kustomized('deploy/cluster-wide'));
    expect(chartPod.securityContext).toEqual(kustomizePod.securityContext);
    expect(chartPod.volumes).toEqual(kustomizePod.volumes);
    const [chartContainer, kustomizeContainer] = [chartPod.containers[0]!, kustomizePod.containers[0]!];
    for (const field of ['readinessProbe', 'livenessProbe', 'resources', 'securityContext', 'volumeMounts'] as const) {
      expect(chartContainer[field], field).toEqual(kustomizeContainer[field]);
    }
    expect(chartContainer.env).toEqual(kustomizeContainer.env);
  });

  it('rbac.scope=namespaces: a Role and RoleBinding in each listed namespace, no ClusterRole, SVCMAP_NAMESPACE joined', () => {
    const objects = installDryRun(set('rbac.scope=namespaces', 'rbac.namespaces={shop,data}'));
    expect(only(objects, 'ClusterRole')).toEqual([]);
    expect(only(objects, 'ClusterRoleBinding')).toEqual([]);
    expect(only(objects, 'Role').map((role) => `${role.metadata.namespace}/${role.metadata.name}`)).toEqual(['shop/svcmap-viewer', 'data/svcmap-viewer']);
    for (const binding of only(objects, 'RoleBinding')) {
      expect(binding).toMatchObject({ roleRef: { kind: 'Role', name: 'svcmap-viewer' }, subjects: [{ kind: 'ServiceAccount', name: 'svcmap', namespace }] });
    }
    expect(only(objects, 'RoleBinding').map((binding) => binding.metadata.namespace)).toEqual(['shop', 'data']);
    expect(only(objects, 'Role').flatMap((role) => role.rules!.flatMap((rule) => rule.resources))).not.toContain('nodes');
    expect(valueOf(objects, 'SVCMAP_NAMESPACE')).toBe('shop,data');
  });

  it('auth.mode=none: SVCMAP_AUTH=none and no token from a Secret', () => {
    const env = envOf(installDryRun(set('auth.mode=none')));
    expect(env.get('SVCMAP_AUTH')?.value).toBe('none');
    expect(env.has('SVCMAP_AUTH_TOKEN')).toBe(false);
  });

  it('auth.mode=proxy: the trusted proxies comma-joined and the user header', () => {
    const objects = installDryRun(set('auth.mode=proxy', 'auth.trustedProxies={10.0.0.0/8,fd00::/8}', 'auth.userHeader=X-Auth-Request-User'));
    expect(valueOf(objects, 'SVCMAP_AUTH')).toBe('proxy');
    expect(valueOf(objects, 'SVCMAP_TRUSTED_PROXIES')).toBe('10.0.0.0/8,fd00::/8');
    expect(valueOf(objects, 'SVCMAP_USER_HEADER')).toBe('X-Auth-Request-User');
    expect(envOf(objects).has('SVCMAP_AUTH_TOKEN')).toBe(false);
  });

  it('history: an emptyDir at /var/lib/svcmap by default; persistent: a claim of the asked class and size, writable by the pod\'s group', () => {
    const byDefault = installDryRun([]);
    expect(podSpecOf(byDefault).volumes).toContainEqual({ name: 'history', emptyDir: { sizeLimit: '2Gi' } });
    expect(podSpecOf(byDefault).containers[0]!.volumeMounts).toContainEqual({ name: 'history', mountPath: '/var/lib/svcmap' });
    expect(valueOf(byDefault, 'SVCMAP_HISTORY_DIR')).toBe('/var/lib/svcmap');
    expect(valueOf(byDefault, 'SVCMAP_HISTORY_RETENTION_HOURS')).toBe('168');
    expect(valueOf(byDefault, 'SVCMAP_HISTORY_MAX_BYTES')).toBe('1073741824');
    expect(byDefault.some((object) => object.kind === 'PersistentVolumeClaim')).toBe(false);

    const objects = installDryRun(set('history.persistent=true', 'history.size=5Gi', 'history.storageClassName=fast-ssd'));
    const claim = one(objects, 'PersistentVolumeClaim');
    expect(claim.metadata).toMatchObject({ name: 'svcmap-history', namespace });
    expect(claim.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '5Gi' } } });
    const podSpec = podSpecOf(objects);
    expect(podSpec.volumes).toContainEqual({ name: 'history', persistentVolumeClaim: { claimName: 'svcmap-history' } });
    expect(podSpec.containers[0]!.volumeMounts).toContainEqual({ name: 'history', mountPath: '/var/lib/svcmap' });
    expect(podSpec.securityContext.fsGroup).toBe(65532);
    expect(valueOf(objects, 'SVCMAP_HISTORY_DIR')).toBe('/var/lib/svcmap');
    expect(one(objects, 'Deployment').spec!.strategy).toEqual({ type: 'Recreate', rollingUpdate: null });

    const defaultClass = installDryRun(set('history.persistent=true'));
    expect(one(defaultClass, 'PersistentVolumeClaim').spec).not.toHaveProperty('storageClassName');
  });

  it('history in a shared PostgreSQL for several replicas: the URL from a Secret by the kubelet, no volume; several replicas without it are refused', () => {
    const objects = installDryRun(set('replicas=3', 'history.postgresSecret=svcmap-history', 'history.postgresSecretKey=dsn'));
    expect(one(objects, 'Deployment').spec!.replicas).toBe(3);
    expect(envOf(objects).get('SVCMAP_HISTORY_URL')?.valueFrom).toEqual({ secretKeyRef: { name: 'svcmap-history', key: 'dsn' } });
    expect(envOf(objects).has('SVCMAP_HISTORY_DIR')).toBe(false);
    expect(podSpecOf(objects).volumes.some((volume) => volume.name === 'history')).toBe(false);

    const refused = helmTemplate(set('replicas=2'));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/postgresSecret/);
    expect(valueOf(installDryRun(set('history.enabled=false')), 'SVCMAP_HISTORY')).toBe('off');
  });

  it('allowedHosts and secureCookies: SVCMAP_ALLOWED_HOSTS comma-joined, SVCMAP_SECURE_COOKIES=true', () => {
    const objects = installDryRun(set('allowedHosts={svcmap.example.com,svcmap.internal:8443}', 'secureCookies=true'));
    expect(valueOf(objects, 'SVCMAP_ALLOWED_HOSTS')).toBe('svcmap.example.com,svcmap.internal:8443');
    expect(valueOf(objects, 'SVCMAP_SECURE_COOKIES')).toBe('true');
  });

  it('image, service port, scheduling and extraEnv land where a Pod spec has them; another release name prefixes the names', () => {
    const objects = installDryRun(
      [
        ...set('image.repository=registry.example.com/svcmap', 'image.tag=0.2.0', 'service.port=8080', 'nodeSelector.kubernetes\\.io/os=linux'),
        '--set-json', 'tolerations=[{"key":"dedicated","operator":"Equal","value":"tools","effect":"NoSchedule"}]',
        '--set-json', 'extraEnv=[{"name":"SVCMAP_SESSION_HOURS","value":"8"}]',
      ],
      'team-a',
    );
    const podSpec = podSpecOf(objects);
    expect(podSpec.containers[0]!.image).toBe('registry.example.com/svcmap:0.2.0');
    expect(podSpec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(podSpec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'tools', effect: 'NoSchedule' }]);
    expect(valueOf(objects, 'SVCMAP_SESSION_HOURS')).toBe('8');
    expect(one(objects, 'Service').spec!.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http' }]);
    expect(podSpec.serviceAccountName).toBe('team-a-svcmap');
    expect(one(objects, 'ClusterRoleBinding')).toMatchObject({
      metadata: { name: 'team-a-svcmap-viewer' },
      roleRef: { name: 'team-a-svcmap-viewer' },
      subjects: [{ name: 'team-a-svcmap', namespace }],
    });
  });

  it.each([
    ['an unknown rbac.scope', set('rbac.scope=bogus'), '/rbac/scope'],
    ['rbac.scope=namespaces without namespaces', set('rbac.scope=namespaces'), '/rbac/namespaces'],
    ['an unknown auth.mode', set('auth.mode=oauth'), '/auth/mode'],
    ['auth.mode=proxy without trusted proxies', set('auth.mode=proxy'), '/auth/trustedProxies'],
    ['an unknown top-level key', set('replica=2'), 'replica'],
    ['a string for the boolean secureCookies', set('secureCookies=yes'), '/secureCookies'],
    ['a name for service.port', set('service.port=http'), '/service/port'],
    ['an allowed host holding a comma', ['--set-json', 'allowedHosts=["a.example,b.example"]'], '/allowedHosts/0'],
  ])('refuses %s with a schema error', (_, args, where) => {
    const result = helmTemplate(args);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("values don't meet the specifications of the schema(s)");
    expect(result.stderr).toContain(where);
  });

  it('renders the same RBAC rules as the kustomizations, cluster-wide and namespaced', () => {
    const kustomizeClusterRole = one(kustomized('deploy/cluster-wide'), 'ClusterRole');
    expect(one(installDryRun([]), 'ClusterRole').rules).toEqual(kustomizeClusterRole.rules);
    const kustomizeRole = one(kustomized('deploy/namespaced'), 'Role');
    const chartRoles = only(installDryRun(set('rbac.scope=namespaces', 'rbac.namespaces={shop}')), 'Role');
    expect(chartRoles.map((role) => role.rules)).toEqual([kustomizeRole.rules]);
    // Exactly the route kinds, read-only, in both scopes (cluster-scoped classes only cluster-wide).
    const granted = (rules: PolicyRule[], group: string) => rules.filter((rule) => rule.apiGroups.includes(group)).flatMap((rule) => rule.verbs.join() === 'get,list,watch' ? rule.resources : []).sort();
    const routes = ['gateways', 'grpcroutes', 'httproutes', 'referencegrants', 'tcproutes', 'tlsroutes', 'udproutes'];
    expect(granted(kustomizeClusterRole.rules!, 'gateway.networking.k8s.io')).toEqual(['gatewayclasses', ...routes]);
    expect(granted(kustomizeRole.rules!, 'gateway.networking.k8s.io')).toEqual(routes);
    expect(granted(kustomizeClusterRole.rules!, 'networking.k8s.io')).toEqual(['ingressclasses', 'ingresses', 'networkpolicies']);
    expect(granted(kustomizeRole.rules!, 'networking.k8s.io')).toEqual(['ingresses', 'networkpolicies']);
  });
});
