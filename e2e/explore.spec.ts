// Find and explain: search by name and IP, focus mode, the details panel against
// kubectl's own output, deep links and history, and a keyboard-only path to a Pod.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { kubectl } from '../test/integration/kube';
import { screenshot } from './screenshot';

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const search = (page: Page) => page.getByRole('searchbox');
const visibleIds = (page: Page) => page.locator('.react-flow__node:not(.node-leaving)').evaluateAll((nodes) => nodes.map((element) => element.getAttribute('data-id')).sort());

interface SliceJson { endpoints?: { addresses: string[]; conditions: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name: string } }[] }

async function openShop(page: Page, query = '') {
  await page.goto(`/?context=svcmap-admin&namespace=shop${query}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
}

test('search by pod IP finds the pod and the Service routing to it, nothing else', async ({ page }) => {
  await openShop(page);
  const pod = JSON.parse(kubectl('get', 'pods', '-n', 'shop', '-l', 'app=cart', '-o', 'json')).items[0];
  await search(page).fill(pod.status.podIP);
  await expect(node(page, `Pod/shop/${pod.metadata.name}`)).toBeVisible();
  await expect(node(page, 'Service/shop/cart')).toBeVisible();
  await expect.poll(() => visibleIds(page)).toEqual(expect.arrayContaining([`Pod/shop/${pod.metadata.name}`, 'Service/shop/cart']));
  expect((await visibleIds(page)).filter((id) => id?.startsWith('Service/'))).toEqual(['Service/shop/cart']);
  expect((await visibleIds(page)).filter((id) => id?.startsWith('Pod/'))).toEqual([`Pod/shop/${pod.metadata.name}`]);
  await screenshot(page, 'docs/screenshots/search-by-ip.png');
});

test('search by name, "/" to focus the box, Escape to clear', async ({ page }) => {
  await openShop(page);
  await page.locator('body').press('/');
  await expect(search(page)).toBeFocused();
  await page.keyboard.type('checkout');
  await expect.poll(async () => (await visibleIds(page)).filter((id) => id?.startsWith('Service/'))).toEqual(['Service/shop/checkout']);
  await search(page).press('Escape');
  await expect(node(page, 'Service/shop/frontend')).toBeVisible();
});

test('the details panel lists what kubectl get endpoints and get endpointslices list', async ({ page }) => {
  await openShop(page);
  await node(page, 'Service/shop/cart').click();
  const details = page.getByTestId('details');
  await expect(details).toContainText('shop/cart');
  const kubectlColumn = kubectl('get', 'endpoints', 'cart', '-n', 'shop', '--no-headers').trim().split(/\s+/)[1];
  await expect(details.getByTestId('endpoints-table').locator('tbody td').nth(1)).toHaveText(kubectlColumn!);
  const slices = JSON.parse(kubectl('get', 'endpointslices', '-n', 'shop', '-l', 'kubernetes.io/service-name=cart', '-o', 'json')).items as SliceJson[];
  const expected = slices.flatMap((slice) => (slice.endpoints ?? []).map((endpoint) => [endpoint.addresses[0], String(endpoint.conditions.ready ?? true), String(endpoint.conditions.serving ?? true), String(endpoint.conditions.terminating ?? false), endpoint.targetRef?.name].join(' ')));
  const shown = await details.getByTestId('slices-table').getByTestId('endpoint-row').evaluateAll((rows) =>
    rows.map((row) => [0, 1, 2, 3, 6].map((column) => row.children[column]?.textContent?.trim()).join(' ')),
  );
  expect(shown.sort()).toEqual(expected.sort());
  await screenshot(page, 'docs/screenshots/service-details.png');
  // Links go both ways: the slice's details lead back to its Service.
  await page.locator('.react-flow__node-EndpointSlice').filter({ hasText: 'cart-' }).click();
  await expect(details).toContainText('EndpointSlice');
  await details.getByRole('button', { name: 'Service shop/cart' }).click();
  await expect(details.getByTestId('endpoints-table')).toBeVisible();
});

test("a Pod's containers, conditions and YAML are read from the cluster and match kubectl", async ({ page }) => {
  const pod = JSON.parse(kubectl('get', 'pods', '-n', 'shop', '-l', 'app=checkout', '-o', 'json')).items[0];
  const id = `Pod/shop/${pod.metadata.name}`;
  await openShop(page, `&selected=${encodeURIComponent(id)}`);
  const details = page.getByTestId('details');
  const containers = details.getByTestId('containers-table').locator('tbody tr');
  await expect(containers).toHaveCount(1);
  const status = pod.status.containerStatuses[0];
  await expect(containers.locator('td')).toHaveText(['checkout', String(status.ready), String(status.restartCount), 'Running', 'http:8080/TCP', 'ghcr.io/example/shop-checkout:0.9.0']);
  const conditions = await details.getByTestId('conditions-table').locator('tbody tr').evaluateAll((rows) => rows.map((row) => `${row.children[0]?.textContent}=${row.children[1]?.textContent}`));
  expect(conditions.sort()).toEqual((pod.status.conditions as { type: string; status: string }[]).map((condition) => `${condition.type}=${condition.status}`).sort());
  expect(conditions).toContain('Ready=False');

  await details.getByRole('button', { name: 'Show YAML' }).click();
  const yaml = details.getByTestId('object-yaml');
  await expect(yaml).toContainText(`uid: ${pod.metadata.uid}`);
  await expect(yaml).toContainText('kind: Pod');
  await expect(yaml).not.toContainText('managedFields');
});

test("namespace filter: pick several namespaces from the cluster's list; collapse one to its heading", async ({ page }) => {
  await page.goto('/?context=svcmap-admin');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const picker = page.getByTestId('namespace-filter');
  await picker.locator('summary').click();
  await picker.getByRole('checkbox', { name: 'data' }).check();
  await picker.getByRole('checkbox', { name: 'shop' }).check();
  await expect(page.getByTestId('namespace-selection')).toHaveText('data, shop');
  expect(new URL(page.url()).searchParams.get('namespace')).toBe('data,shop');
  const namespacesShown = async () => new Set((await visibleIds(page)).map((id) => id?.split('/')[1]));
  await expect.poll(namespacesShown).toEqual(new Set(['data', 'shop']));
  // Escape closes the picker (it may lie over the map's top left, where a heading is).
  await page.locator('body').press('Escape');
  await expect(picker.getByRole('checkbox', { name: 'data' })).toBeHidden();

  // The heading counts what kubectl counts, and a click folds the namespace into it.
  const shopServices = kubectl('get', 'services', '-n', 'shop', '--no-headers').trim().split('\n').length;
  const heading = node(page, 'Namespace/shop');
  await expect(heading.getByTestId('namespace-summary')).toContainText(`${shopServices} Services`);
  await heading.locator('.namespace-heading').click(); // the tile lets clicks through to the map; its heading takes them
  await expect(heading.locator('[data-collapsed="true"]')).toBeVisible();
  await expect(node(page, 'Service/shop/frontend')).toHaveCount(0);
  await expect(node(page, 'Service/data/postgres').or(node(page, 'Namespace/data'))).not.toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('collapsed')).toBe('shop');
  await screenshot(page, 'docs/screenshots/namespaces.png');
  await heading.locator('.namespace-heading').click();
  await expect(node(page, 'Service/shop/frontend')).toBeVisible();

  await picker.locator('summary').click();
  await picker.getByRole('checkbox', { name: 'data' }).uncheck();
  await expect.poll(namespacesShown).toEqual(new Set(['shop']));
  await picker.getByRole('button', { name: 'All' }).click();
  await expect.poll(async () => [...(await namespacesShown())]).toEqual(expect.arrayContaining(['data', 'default', 'edge', 'shop']));
  await expect(page.getByTestId('namespace-selection')).toHaveText('All namespaces');
});

test('every namespace collapsed (as a big cluster opens): a link with collapsed=* and open=shop shows shop only; open all, collapse all', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=data,shop&collapsed=*&open=shop');
  await expect(node(page, 'Service/shop/frontend')).toBeVisible();
  await expect(node(page, 'Namespace/data').locator('[data-collapsed="true"]')).toBeVisible();
  await expect(node(page, 'Service/data/postgres')).toHaveCount(0);
  // Opening data too stays in that form: open= lists both.
  await node(page, 'Namespace/data').locator('.namespace-heading').click();
  await expect(node(page, 'Service/data/postgres')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('open')?.split(',').sort()).toEqual(['data', 'shop']);
  await page.getByRole('button', { name: 'Collapse all namespaces' }).click();
  await expect(node(page, 'Service/shop/frontend')).toHaveCount(0);
  await expect(page.locator('.react-flow__node:not(.node-leaving)')).toHaveCount(2);
  await page.getByRole('button', { name: 'Open all namespaces' }).click();
  await expect(node(page, 'Service/shop/frontend')).toBeVisible();
  await expect(node(page, 'Service/data/postgres')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('collapsed')).toBe('');
});

test('focus mode and deep links: the URL reproduces the view, back leaves it', async ({ page }) => {
  await openShop(page);
  await node(page, 'Service/shop/cart').click();
  await page.getByTestId('details').getByRole('button', { name: 'Focus' }).click();
  await expect(page.getByTestId('focus')).toContainText('Service/shop/cart');
  await expect.poll(async () => (await visibleIds(page)).filter((id) => id?.startsWith('Service/'))).toEqual(['Service/shop/cart']);
  const link = page.url();
  expect(link).toContain('focus=Service%2Fshop%2Fcart');
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId('details')).toContainText('shop/cart');
  await expect.poll(async () => (await visibleIds(other)).filter((id) => id?.startsWith('Service/'))).toEqual(['Service/shop/cart']);
  await page.goBack();
  await expect(page.getByTestId('focus')).toHaveCount(0);
  await expect(node(page, 'Service/shop/frontend')).toBeVisible();
});

test('keyboard only: search, Tab to a Pod, Enter opens its details with the Services it backs', async ({ page }) => {
  await openShop(page);
  await page.locator('body').press('/');
  await page.keyboard.type('app=cart');
  await expect(node(page, 'Service/shop/cart')).toBeVisible();
  await expect(node(page, 'Service/shop/frontend')).toHaveCount(0);
  let onPod = false;
  for (let step = 0; step < 40 && !onPod; step++) {
    await page.keyboard.press('Tab');
    onPod = await page.evaluate(() => document.activeElement?.classList.contains('react-flow__node-Pod') ?? false);
  }
  expect(onPod).toBe(true);
  await page.keyboard.press('Enter');
  const details = page.getByTestId('details');
  await expect(details).toContainText('Pod');
  await expect(details).toContainText('Services sending it traffic');
  await expect(details.getByRole('button', { name: 'shop/cart' })).toBeVisible();
  await screenshot(page, 'docs/screenshots/pod-details.png');
});

test('minimap of every node; after zooming away, Reset view brings the whole graph back', async ({ page }) => {
  await openShop(page);
  await expect(page.getByTestId('graph')).not.toHaveAttribute('data-nodes', '0');
  const drawnNodes = Number(await page.getByTestId('graph').getAttribute('data-nodes'));
  await expect(page.locator('.react-flow__minimap .react-flow__minimap-node')).toHaveCount(drawnNodes);
  // Whether every node lies inside the graph's pane: the whole graph is in view.
  const allInView = () =>
    page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
      return [...document.querySelectorAll('.react-flow__node')].every((node) => {
        const box = node.getBoundingClientRect();
        return box.left >= pane.left - 1 && box.right <= pane.right + 1 && box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
      });
    });
  await expect.poll(allInView).toBe(true);
  const pane = await page.locator('.react-flow__pane').boundingBox();
  await page.mouse.move(pane!.x + pane!.width / 2, pane!.y + pane!.height / 2);
  await page.mouse.wheel(0, -1500); // zoom in around the middle, until parts are out of view
  await expect.poll(allInView).toBe(false);
  await page.getByRole('button', { name: 'Reset view' }).click();
  await expect.poll(allInView).toBe(true);
});

test('theme: dark, light, or the system setting; the choice survives a reload', async ({ page }) => {
  await openShop(page);
  const html = page.locator('html');
  await page.getByLabel('Theme').selectOption('dark');
  await expect(html).toHaveClass(/dark/);
  await screenshot(page, 'docs/screenshots/dark.png');
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.getByLabel('Theme').selectOption('light');
  await expect(html).not.toHaveClass(/dark/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBackground);
});

test('accessibility: axe finds no serious or critical violations, with and without the details panel', async ({ page }) => {
  await openShop(page);
  await expect(node(page, 'Service/shop/frontend')).toBeVisible();
  // Axe reads colours as drawn: wait until no node is mid fade-in (a half-transparent card fails contrast).
  const settled = () => page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const serious = async () =>
    (await settled(), await new AxeBuilder({ page }).analyze()).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length}× e.g. ${violation.nodes[0]?.target.join(' ')})`);
  expect(await serious()).toEqual([]);
  await node(page, 'Service/shop/checkout').click();
  await expect(page.getByTestId('details')).toBeVisible();
  expect(await serious()).toEqual([]);
});

test('export: a vector SVG with every edge a path and its labels as text, a PNG drawn from it, the graph as JSON', async ({ page }) => {
  await openShop(page);
  await expect(node(page, 'Service/shop/frontend')).toBeAttached();
  const exportAs = async (name: string) => {
    await page.getByLabel('Export', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return readFile((await download.path())!);
  };
  const svg = (await exportAs('Export SVG')).toString('utf8');
  const edges = await page.locator('.react-flow__edge').count();
  expect(edges).toBeGreaterThan(0);
  expect(svg.match(/<path class="edge"/g)?.length).toBe(edges);
  expect(svg).not.toContain('foreignObject');
  expect(svg).toContain('>frontend'); // card text is text
  const labels = await page.locator('.react-flow__edge-text').allTextContents();
  for (const label of labels) expect(svg).toContain(`>${label.replace(/&/g, '&#38;').replace(/>/g, '&#62;').replace(/</g, '&#60;')}</text>`);
  const png = await exportAs('Export PNG');
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  expect(width).toBeGreaterThan(1000);
  expect(height).toBeGreaterThan(500);
  const graph = JSON.parse((await exportAs('Export JSON')).toString('utf8'));
  expect(graph.nodes.some((candidate: { id: string }) => candidate.id === 'Service/shop/frontend')).toBe(true);
});
