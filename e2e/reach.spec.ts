// "As seen from": the source picker, blocked and partly blocked endpoint edges, the
// verdicts in a pod's details and "who may reach this" in a Service's, on the test
// cluster's vault scenario (cluster/scenarios/40-vault.yaml) and on the demo.
import { expect, type Page, test } from '@playwright/test';
import { seriousViolations as serious } from './axe';
import { screenshot } from './screenshot';

const edge = (page: Page, state: 'blocked' | 'partial') => page.locator(`.react-flow__edge.reach-${state}`);
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function pickSource(page: Page, source: string) {
  await page.getByTestId('reach-picker').locator('summary').click();
  await page.getByLabel('As seen from').fill(source);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${encodeURIComponent(source).replace(/[()]/g, '\\$&')}`));
  await expect(page.getByTestId('reach-summary')).toBeVisible();
}


test('a source picked in the page marks the endpoint edges its traffic may not use, and says why', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?context=svcmap-admin&namespace=vault');
  await expect(node(page, 'Service/vault/ledger')).toBeVisible();
  await expect(edge(page, 'blocked')).toHaveCount(0);

  // Every pod of shop: nothing gets through to ledger on either port.
  await pickSource(page, 'namespace:shop');
  await expect(page.getByTestId('reach-summary')).toContainText('blocked');
  await expect(page.getByTestId('reach-note')).toContainText('network plugin');
  await expect(edge(page, 'blocked')).toHaveCount(2);
  await expect(edge(page, 'blocked').first()).toHaveAttribute('aria-label', /blocked by NetworkPolicy: isolated by vault\/default-deny, vault\/ledger-api, vault\/ledger-metrics, vault\/ledger-office; no rule admits shop\//);
  // Not by colour alone: the line is dashed and the label says it.
  expect(await edge(page, 'blocked').first().locator('.react-flow__edge-path').evaluate((path) => getComputedStyle(path).strokeDasharray)).not.toBe('none');
  await expect(edge(page, 'blocked').first().locator('.react-flow__edge-text')).toContainText('✕ blocked');
  // Every label lies in the gap between the cards, none under one.
  const covered = await page.evaluate(() => {
    const cards = [...document.querySelectorAll('.react-flow__node:not(.react-flow__node-Namespace)')].map((card) => card.getBoundingClientRect());
    return [...document.querySelectorAll('.react-flow__edge-text')].filter((label) => {
      const box = label.getBoundingClientRect();
      return cards.some((card) => box.left < card.right && box.right > card.left && box.top < card.bottom && box.bottom > card.top);
    }).map((label) => label.textContent);
  });
  expect(covered).toEqual([]);
  await page.keyboard.press('Escape');

  // The ledger's client: its API port is allowed, metrics not — each ledger edge is partly blocked.
  await pickSource(page, 'workload:vault/Deployment/ledger-client');
  await expect(edge(page, 'partial')).toHaveCount(2);
  await expect(edge(page, 'partial').first().locator('.react-flow__edge-text')).toContainText('◐ partly');
  await expect(edge(page, 'blocked')).toHaveCount(0);
  await page.keyboard.press('Escape');
  const ledgerPod = page.locator('.react-flow__node[data-id^="Pod/vault/ledger-"]:not([data-id*="client"])').first();
  await ledgerPod.click();
  const verdicts = page.getByTestId('pod-reach');
  await expect(verdicts).toContainText('✓ allowed from 1 pod of Deployment vault/ledger-client to vault/ledger port 443/TCP: allowed by vault/ledger-api ingress rule 1, vault/client-egress egress rule 1');
  await expect(verdicts).toContainText('✕ blocked from 1 pod of Deployment vault/ledger-client to vault/ledger port 9100/TCP');
  expect(await serious(page)).toEqual([]);

  // The Service's details: who may reach it, and a row opens the map as seen from that source.
  await node(page, 'Service/vault/ledger').click();
  const table = page.getByTestId('who-may-reach');
  await expect(table.getByRole('row', { name: /namespace ops/ })).toContainText('✕ none');
  await expect(table.getByRole('row', { name: /namespace ops/ })).toContainText('✓ all');
  await expect(table.getByRole('row', { name: /outside the cluster/ })).toContainText('◐ some');
  await table.getByRole('button', { name: /namespace ops/ }).click();
  await expect(page).toHaveURL(/from=namespace%3Aops/);
  await expect(edge(page, 'partial')).toHaveCount(2);
  await screenshot(page, 'docs/screenshots/reach-cluster-1600x1000-light.png');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?context=svcmap-admin&namespace=vault&from=namespace:shop&selected=Service/vault/ledger');
  await expect(edge(page, 'blocked')).toHaveCount(2);
  await expect(page.getByTestId('who-may-reach')).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await page.getByRole('button', { name: 'Close details' }).click();
  await page.getByTestId('reach-picker').locator('summary').click();
  await expect(page.getByTestId('reach-summary')).toBeVisible();
  await screenshot(page, 'docs/screenshots/reach-cluster-1280x720-dark.png');
});

test('a source that does not exist, or is not a source, is named in the picker (and, from a link, on the page)', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=vault&from=namespace:nowhere');
  await expect(page.getByTestId('url-problems').locator('p')).toHaveText('Reach from “namespace:nowhere” cannot be shown: Namespace nowhere has no running pod with an IP.');
  await page.getByTestId('reach-picker').locator('summary').click();
  await expect(page.getByTestId('reach-error')).toHaveText('Namespace nowhere has no running pod with an IP.');
  await page.getByLabel('As seen from').fill('10.0.0.0/8');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByTestId('reach-error')).toContainText('is not understood. Use pod:NAMESPACE/NAME');
  await expect(page.getByTestId('url-problems')).toContainText('Reach from “10.0.0.0/8” cannot be shown:');
  await expect(edge(page, 'blocked')).toHaveCount(0);
  await page.goto('/?context=svcmap-admin&namespace=vault&from=garbage');
  await expect(page.getByTestId('url-problems')).toContainText('Reach from “garbage” cannot be shown:');
});

test('demo: the platform namespace may not use the data stores; the picker lists workloads and namespaces', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?context=demo&namespace=data');
  await expect(node(page, 'Service/data/postgres')).toBeVisible();
  // The sources are listed once the menu is open.
  const summary = page.getByTestId('reach-picker').locator('summary');
  await summary.click();
  const options = () => page.locator('#reach-sources option').evaluateAll((list) => list.map((option) => (option as HTMLOptionElement).value));
  await expect.poll(options).toEqual(expect.arrayContaining(['workload:data/Deployment/postgres', 'namespace:data', 'cidr:0.0.0.0/0']));
  await summary.click();
  await expect(page.locator('#reach-sources option')).toHaveCount(0);
  await pickSource(page, 'namespace:platform');
  await expect(edge(page, 'blocked')).toHaveCount(5); // 3 postgres + 2 redis
  await screenshot(page, 'docs/screenshots/reach-demo-1600x1000-light.png');
});
