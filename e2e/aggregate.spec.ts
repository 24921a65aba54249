// Many pods behind one Service: one group node with the counts, expanded on click.
import { expect, test } from '@playwright/test';
import { kubectl } from '../test/integration/kube';
import { clusterSettleMs, runningPods } from './cluster';
import { testNamespace } from './namespace';

const web = testNamespace('e2e-group', 40);

test('a Service with 40 pods is drawn as one group with counts, and a click shows each pod', async ({ page }) => {
  test.setTimeout(clusterSettleMs + 60_000);
  await expect.poll(() => runningPods(web.name).length, { timeout: clusterSettleMs }).toBe(40);
  await page.goto(`/?context=svcmap-admin&namespace=${web.name}`);
  const group = page.locator(`.react-flow__node[data-id="PodGroup/${web.name}/web"]`);
  await expect(group.getByTestId('group-summary')).toHaveText('40 pods: 40 ready');
  await expect(page.locator('.react-flow__node-Pod')).toHaveCount(0);
  const pod = runningPods(web.name)[0]!;
  kubectl('annotate', 'pod', pod, '-n', web.name, 'svcmap.dev/ready=false');
  await expect(group.getByTestId('group-summary')).toHaveText('40 pods: 39 ready, 1 not ready');
  await group.click();
  await expect(page.locator('.react-flow__node-Pod')).toHaveCount(40);
  expect(page.url()).toContain(`expand=${web.name}%2Fweb`);
  // And back: the Service's details offer to group its pods again.
  await page.locator(`.react-flow__node[data-id="Service/${web.name}/web"]`).click();
  await page.getByTestId('details').getByRole('button', { name: 'Group pods' }).click();
  await expect(group).toBeAttached();
  await expect(page.locator('.react-flow__node-Pod')).toHaveCount(0);
});
