// Routing truth in the page (lib/graph/routing): a node or zone picked as where clients are
// dims the endpoint edges kube-proxy there does not use, with the reason; the Service card
// says how many nodes reach how many backends; the details show the nodes × backends matrix
// with blackhole nodes in red. On the test cluster's routing scenarios (cluster/scenarios/50-routing.yaml).
import { expect, type Page, test } from '@playwright/test';
import { seriousViolations as serious } from './axe';
import { screenshot } from './screenshot';

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const unused = (page: Page) => page.locator('.react-flow__edge.reach-unused');


test('as seen from a node: the edges its clients do not use are dimmed, with the reason; the card and the matrix name the blackholes', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?context=svcmap-admin&namespace=routing');
  await expect(node(page, 'Service/routing/local-only')).toBeVisible();
  await expect(node(page, 'Service/routing/local-only').getByTestId('service-routing')).toHaveText('· reaches 2 from 2 of 5 nodes');
  await expect(node(page, 'Service/routing/portless').getByTestId('service-endpoints')).toContainText('endpoints 4/4 ready (2 routable)');
  // Even unpicked: the port-less slice's edges are drawn as carrying no traffic.
  await expect(page.locator('.react-flow__edge.endpoint-portless[data-id*="Pod/routing/portless-v1-"]')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge.endpoint-portless[data-id*="Pod/routing/portless-v2-"]')).toHaveCount(0);

  await page.getByTestId('reach-picker').locator('summary').click();
  await page.getByLabel('As seen from').fill('node:kwok-node-c1');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/from=node%3Akwok-node-c1/);
  await expect(page.getByTestId('reach-summary')).toContainText('From node kwok-node-c1');
  const localOnly = page.locator('.react-flow__edge.reach-unused[data-id^="EndpointSlice/routing/local-only-"]');
  await expect(localOnly).toHaveCount(2);
  await expect(localOnly.first()).toHaveAttribute('aria-label', /not used by kube-proxy from the chosen node or zone: internalTrafficPolicy Local: no endpoint on kwok-node-c1/);
  // Port-less endpoints carry none of port 80's traffic, from anywhere.
  await expect(page.locator('.react-flow__edge.reach-unused[data-id*="Pod/routing/portless-v1-"]')).toHaveCount(2);
  await page.keyboard.press('Escape');

  await node(page, 'Service/routing/local-only').click();
  const matrix = page.getByTestId('routing-matrix');
  await expect(matrix.locator('tr[data-blackhole]')).toHaveCount(3);
  await expect(matrix.getByRole('row', { name: /kwok-node-c1/ })).toContainText('no backend for 80: traffic dropped');
  await expect(matrix.getByRole('row', { name: /kwok-node-a1 · zone-a/ })).toContainText('✓');
  expect(await serious(page)).toEqual([]);
  await screenshot(page, 'docs/screenshots/routing-cluster-1600x1000-light.png');

  // From zone-a, zonal's hints hold: the zone-b endpoints are dimmed.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?context=svcmap-admin&namespace=routing&from=zone:zone-a&selected=Service/routing/zonal');
  await expect(page.locator('.react-flow__edge.reach-unused[data-id^="EndpointSlice/routing/zonal-"]')).toHaveCount(2);
  await expect(page.getByTestId('routing-matrix').getByRole('row', { name: /kwok-node-x1/ })).toContainText('hints ignored: the node has no topology.kubernetes.io/zone label');
  await expect(page.getByTestId('routing-matrix').getByRole('row', { name: /kwok-node-a1/ })).toContainText('zone hints');
  expect(await serious(page)).toEqual([]);
  await screenshot(page, 'docs/screenshots/routing-cluster-1280x720-dark.png');
});

test('a node or zone that does not exist is named in the picker', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=routing&from=zone:zone-q');
  await page.getByTestId('reach-picker').locator('summary').click();
  await expect(page.getByTestId('reach-error')).toHaveText('No node is in zone zone-q; zones: zone-a, zone-b, zone-c.');
  await expect(unused(page)).toHaveCount(0);
});
