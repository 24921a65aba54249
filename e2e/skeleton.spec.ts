// The walking skeleton end to end: real control plane → svcmap production build →
// Chromium. Every change is made with kubectl and must appear without a reload.
import { expect, type Page, test } from '@playwright/test';
import { kubectl } from '../test/integration/kube';
import { clusterSettleMs, component, runningPods } from './cluster';
import { testNamespace } from './namespace';
import { screenshot } from './screenshot';

test.describe.configure({ mode: 'serial' });

const web = testNamespace('e2e', 3);

const podNodes = (page: Page) => page.locator('.react-flow__node-Pod');
const serviceNode = (page: Page) => page.locator(`.react-flow__node[data-id="Service/${web.name}/web"]`);
const connection = (page: Page) => page.getByTestId('connection');

async function openNamespace(page: Page) {
  await page.goto(`/?context=svcmap-admin&namespace=${web.name}`);
  await expect(connection(page)).toHaveAttribute('data-state', 'live');
}

test('draws the scenario Services, their EndpointSlices and Pods', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=shop');
  await expect(connection(page)).toHaveAttribute('data-state', 'live');
  for (const service of ['frontend', 'cart', 'checkout', 'recommendations']) {
    await expect(page.locator(`.react-flow__node[data-id="Service/shop/${service}"]`)).toBeVisible();
  }
  await expect(page.locator('.react-flow__node[data-id="Service/shop/frontend"]')).toContainText('endpoints 3/3 ready');
  await expect(page.locator('.react-flow__node[data-id="Service/shop/checkout"]')).toContainText('endpoints 0/2 ready');
  await expect(page.locator('.react-flow__node[data-id="Service/shop/recommendations"] [data-code="SelectorMatchesNothing"]')).toContainText(
    'Nearest: 1 pod',
  );
  // On the card (drawn in full once zoomed to a readable size; the overview shows names).
  await expect(page.locator('.react-flow__node[data-id="Service/shop/cart"] [data-code="PodsIsolatedByNetworkPolicy"]')).toBeAttached();
  // recommendations matches no pod: the controller still keeps an empty placeholder slice for it
  await expect(page.locator('.react-flow__node-EndpointSlice')).toHaveCount(4);
});

test('says so when the selected namespace has no Services, instead of a blank page', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=kube-public');
  await expect(connection(page)).toHaveAttribute('data-state', 'live');
  await expect(page.getByRole('status').filter({ hasText: 'No Services in kube-public' })).toBeVisible();
});

test('takes the README screenshot of all scenario namespaces', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=shop,data,edge');
  await expect(connection(page)).toHaveAttribute('data-state', 'live');
  await expect(page.locator('.react-flow__node[data-id="Service/data/legacy-db"]')).toBeVisible();
  // legacy-db's two hand-written addresses, and payments-api's ExternalName target
  await expect(page.locator('.react-flow__node-Address')).toHaveCount(3);
  await expect(page.locator('.react-flow__node[data-id="Address/data/api.payments.example.com"]')).toContainText('ExternalName');
  await screenshot(page, 'docs/screenshot.png');
});

test('shows new pods live when the Deployment is scaled from 3 to 5', async ({ page }) => {
  await openNamespace(page);
  await expect(podNodes(page)).toHaveCount(3);
  await expect(serviceNode(page)).toContainText('endpoints 3/3 ready');
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=5');
  await expect(podNodes(page)).toHaveCount(5);
  await expect(serviceNode(page)).toContainText('endpoints 5/5 ready');
  await expect(page.locator('.react-flow__edge.endpoint-ready')).toHaveCount(5);
});

test('turns a pod that fails readiness not-ready, node and edge', async ({ page }) => {
  await openNamespace(page);
  await expect(podNodes(page)).toHaveCount(5);
  const pod = JSON.parse(kubectl('get', 'pods', '-n', web.name, '-l', 'app=web', '-o', 'json')).items[0].metadata.name as string;
  kubectl('annotate', 'pod', pod, '-n', web.name, 'svcmap.dev/ready=false');
  const node = page.locator(`.react-flow__node[data-id="Pod/${web.name}/${pod}"]`);
  await expect(node.locator('[data-kind="Pod"]')).toHaveAttribute('data-ready', 'false');
  await expect(node).toContainText('not ready');
  await expect(page.locator(`.react-flow__edge[data-id$=">Pod/${web.name}/${pod}"]`)).toHaveClass(/\bendpoint-not-serving\b/);
  await expect(page.locator('.react-flow__edge.endpoint-not-serving')).toHaveCount(1);
  await expect(serviceNode(page)).toContainText('endpoints 4/5 ready');
  // The diagnostic arrives with the same patch and says which pod and why.
  await expect(serviceNode(page).locator('[data-code="SomeEndpointsNotReady"]')).toContainText(`1 of 5 endpoints is not ready: ${pod} (containers not ready: app)`);
});

test('recovers by itself after the apiserver is stopped and restarted', async ({ page }) => {
  test.setTimeout(300_000);
  await openNamespace(page);
  await expect(podNodes(page)).toHaveCount(5);
  component('kill', 'kube-apiserver');
  await expect(connection(page)).toHaveAttribute('data-state', 'reconnecting');
  component('start', 'kube-apiserver');
  await expect(connection(page)).toHaveAttribute('data-state', 'live');
  // Live again: a change made after the restart reaches the page once the cluster made it.
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=2');
  await expect.poll(() => runningPods(web.name).length, { timeout: clusterSettleMs }).toBe(2);
  await expect(podNodes(page)).toHaveCount(2);
});

test('a pod that leaves fades out, then is gone; a new one fades in', async ({ page }) => {
  await openNamespace(page);
  await expect(podNodes(page)).toHaveCount(2);
  // Record which nodes were drawn as leaving, and which appeared with the enter animation.
  await page.evaluate(() => {
    const seen: { leaving: string[]; entered: string[] } = { leaving: [], entered: [] };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        // A node that leaves keeps its element and is marked leaving (class), or is drawn anew marked.
        const target = mutation.target;
        if (mutation.type === 'attributes' && target instanceof HTMLElement && target.classList.contains('react-flow__node') && target.classList.contains('node-leaving')) seen.leaving.push(target.getAttribute('data-id') ?? '');
        for (const added of mutation.addedNodes) {
          if (!(added instanceof HTMLElement) || !added.classList.contains('react-flow__node')) continue;
          const id = added.getAttribute('data-id') ?? '';
          if (added.classList.contains('node-leaving')) seen.leaving.push(id);
          else if (getComputedStyle(added).animationName === 'node-enter') seen.entered.push(id);
        }
      }
    }).observe(document.querySelector('.react-flow__nodes')!, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  const seen = () => page.evaluate(() => (window as unknown as { seen: { leaving: string[]; entered: string[] } }).seen);
  const before = runningPods(web.name);
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=1');
  await expect.poll(() => runningPods(web.name).length, { timeout: clusterSettleMs }).toBe(1);
  const gone = before.find((name) => !runningPods(web.name).includes(name))!;
  await expect.poll(async () => (await seen()).leaving).toContain(`Pod/${web.name}/${gone}`);
  await expect(podNodes(page)).toHaveCount(1);
  await expect(page.locator('.node-leaving')).toHaveCount(0);

  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=2');
  await expect(podNodes(page)).toHaveCount(2);
  const added = runningPods(web.name).find((name) => !before.includes(name));
  if (added) await expect.poll(async () => (await seen()).entered).toContain(`Pod/${web.name}/${added}`);
  expect((await seen()).entered.length).toBeGreaterThan(0);
});

test('removes a deleted Service from the page', async ({ page }) => {
  await openNamespace(page);
  await expect(serviceNode(page)).toBeVisible();
  kubectl('delete', 'service', 'web', '-n', web.name);
  await expect(serviceNode(page)).toHaveCount(0);
  await expect(page.locator('.react-flow__node-EndpointSlice')).toHaveCount(0);
});
