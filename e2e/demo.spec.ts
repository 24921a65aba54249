// The embedded demo cluster, as a newcomer without a kubeconfig sees it (here offered
// beside the test cluster with SVCMAP_DEMO=1): labelled as simulated, and alive.
import { expect, type Page, test } from '@playwright/test';
import { screenshot } from './screenshot';

const podIds = (page: Page) => page.locator('.react-flow__node-Pod:not(.node-leaving)').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')).sort());

test('the demo cluster is labelled as simulated, explains its broken Services, and lives', async ({ page }) => {
  await page.goto('/?context=demo&namespace=shop');
  await expect(page.getByTestId('demo-badge')).toHaveText('Demo cluster — simulated');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  // The card carries the diagnostics (shown in full once zoomed to a readable size).
  await expect(page.locator('.react-flow__node[data-id="Service/shop/recommendations"] [data-code="SelectorMatchesNothing"]')).toBeAttached();
  await expect(page.locator('.react-flow__node[data-id="Service/shop/reviews"] [data-code="NoEndpoints"]')).toBeAttached();
  // Rollouts, flapping probes and scaling run all the time: the pods drawn change without a reload.
  await screenshot(page, 'docs/screenshots/demo.png');
  const before = await podIds(page);
  await expect.poll(() => podIds(page), { timeout: 45_000 }).not.toEqual(before);
});

test('a demo Service opens as YAML, like a real one', async ({ page }) => {
  await page.goto(`/?context=demo&namespace=shop&selected=${encodeURIComponent('Service/shop/recommendations')}`);
  const details = page.getByTestId('details');
  await details.getByRole('button', { name: 'Show YAML' }).click();
  await expect(details.getByTestId('object-yaml')).toContainText('kind: Service');
  await expect(details.getByTestId('object-yaml')).toContainText('name: recommendations');
});

test('a real context is not labelled as a demo', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=shop');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
});
