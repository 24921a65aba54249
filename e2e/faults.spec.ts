// The bad day: the apiserver dies, or svcmap's watches fall so far behind that the
// apiserver answers 410 Gone. The page must say so, recover by itself, and end up
// showing exactly what kubectl shows.
import { execFileSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { kindStatusSchema } from '../lib/stream/protocol';
import { kubectl } from '../test/integration/kube';
import { clusterSettleMs, component, runningPods } from './cluster';
import { testNamespace } from './namespace';
import { screenshot } from './screenshot';

// Each test waits up to clusterSettleMs for the test cluster's controllers, then for svcmap.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

const web = testNamespace('e2e-faults', 3);

const truth = () => runningPods(web.name);

/** Pods the page draws as endpoints that are not terminating, by name. */
async function drawn(page: Page): Promise<string[]> {
  const ids = await page.locator('.react-flow__node-Pod:not(.node-leaving)').evaluateAll((nodes) =>
    nodes.filter((node) => node.querySelector('[data-terminating="false"]')).map((node) => node.getAttribute('data-id') ?? ''),
  );
  return ids.map((id) => id.split('/')[2]!).sort();
}

async function open(page: Page) {
  await page.goto(`/?context=svcmap-admin&namespace=${web.name}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect.poll(() => drawn(page)).toEqual(truth());
}

/** The PID of the svcmap server under test (the process listening on the baseURL's port). */
function svcmapServerPid(baseURL: string): string {
  const port = new URL(baseURL).port;
  const listening = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(listening)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}: ${listening}`);
  return pid;
}

async function kindStatuses(page: Page) {
  const response = await page.request.get('/api/clusters/svcmap-admin/graph?namespace=' + web.name);
  return Object.fromEntries(((await response.json()).status.kinds as unknown[]).map((kind) => kindStatusSchema.parse(kind)).map((kind) => [kind.kind, kind]));
}

test('apiserver killed: reconnecting within 5 s, then live with what changed right after it came back', async ({ page }) => {
  await open(page);
  const killedAt = Date.now();
  component('kill', 'kube-apiserver');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting', { timeout: 5_000 });
  expect(Date.now() - killedAt).toBeLessThan(5_000);
  await expect(page.getByTestId('connection')).toContainText('since');
  component('start', 'kube-apiserver');
  // Changed while svcmap may still be backing off: it must not be lost.
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=5');
  // The hub's next health check (every 10 s) finds the apiserver back and ends the backoff.
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect.poll(() => truth().length, { timeout: clusterSettleMs }).toBe(5);
  await expect.poll(() => drawn(page)).toEqual(truth());
});

test('watches too far behind get 410 Gone: at most one relist per kind, and the graph converges', async ({ page, baseURL }) => {
  await open(page);
  const before = await kindStatuses(page);
  const pid = svcmapServerPid(baseURL!);
  process.kill(Number(pid), 'SIGSTOP');
  try {
    // While svcmap sleeps: the cluster changes, and the restarted apiserver's watch
    // cache starts after the resourceVersions svcmap last saw.
    kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=2');
    component('restart', 'kube-apiserver');
  } finally {
    process.kill(Number(pid), 'SIGCONT');
  }
  await expect.poll(() => truth().length, { timeout: clusterSettleMs }).toBe(2);
  await expect.poll(() => drawn(page)).toEqual(truth());
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  // Kinds whose resourceVersion the new watch cache no longer serves relist once; a kind
  // whose watch could resume needs none. Never a relist storm.
  const after = await kindStatuses(page);
  const relists = Object.fromEntries(Object.keys(before).map((kind) => [kind, after[kind]!.lists - before[kind]!.lists]));
  expect(Object.values(relists).every((count) => count === 0 || count === 1), JSON.stringify(relists)).toBe(true);
  expect(Object.values(relists).some((count) => count === 1), JSON.stringify(relists)).toBe(true);
});

test('apiserver frozen (SIGSTOP): the silent connection is noticed and shown with since when; recovers on SIGCONT', async ({ page }) => {
  await open(page);
  component('freeze', 'kube-apiserver');
  try {
    // Health check every 10 s, 5 s to answer: noticed within about 15 s, not the minutes
    // a silent TCP connection can otherwise hang.
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting', { timeout: 20_000 });
    await expect(page.getByTestId('connection')).toContainText('no answer to a health check');
    await expect(page.getByTestId('connection')).toContainText('since');
  } finally {
    component('thaw', 'kube-apiserver');
  }
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=3');
  await expect.poll(() => truth().length, { timeout: clusterSettleMs }).toBe(3);
  await expect.poll(() => drawn(page)).toEqual(truth());
});

test('rejected credentials: a clear error naming the context, not a blank page', async ({ page }) => {
  await page.goto('/?context=svcmap-expired');
  const connection = page.getByTestId('connection');
  await expect(connection).toHaveAttribute('data-state', 'error');
  await expect(connection).toContainText('svcmap-expired: Unauthorized: the apiserver rejected the credentials');
  // The empty page says the same, with the server the context points at.
  const server = (await (await page.request.get('/api/clusters')).json()).contexts.find((context: { name: string }) => context.name === 'svcmap-expired').server;
  const state = page.getByRole('status').filter({ hasText: 'svcmap cannot show svcmap-expired' });
  await expect(state).toContainText('Unauthorized');
  await expect(state).toContainText(`Server: ${server}.`);
  await screenshot(page, 'docs/screenshots/unreachable.png');
  // Another context in the same server is unaffected.
  await page.goto('/?context=svcmap-admin&namespace=shop');
  await expect(connection).toHaveAttribute('data-state', 'live');
});
