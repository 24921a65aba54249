// The change timeline records a rollout: new pods join and become endpoints, old ones
// start terminating and leave — readable afterwards, per Service and for the cluster.
import { expect, test } from '@playwright/test';
import { kubectl } from '../test/integration/kube';
import { testNamespace } from './namespace';

const web = testNamespace('e2e-timeline', 2);

test('a rollout restart shows up in the Service timeline and in the cluster-wide list', async ({ page }) => {
  await page.goto(`/?context=svcmap-admin&namespace=${web.name}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.locator('.react-flow__node-Pod')).toHaveCount(2);
  await page.locator(`.react-flow__node[data-id="Service/${web.name}/web"]`).click();
  const details = page.getByTestId('details');
  await expect(details).toContainText('Recent changes to its endpoints');
  const before = kubectl('get', 'pods', '-n', web.name, '-o', 'jsonpath={.items[*].metadata.name}').split(' ');

  kubectl('rollout', 'restart', 'deployment/web', '-n', web.name);
  kubectl('rollout', 'status', 'deployment/web', '-n', web.name, '--timeout=120s');

  const timeline = details.getByTestId('timeline');
  for (const pod of before) {
    await expect(timeline.locator('li[data-change="left"]', { hasText: pod })).toHaveCount(1, { timeout: 60_000 });
  }
  const after = kubectl('get', 'pods', '-n', web.name, '-l', 'app=web', '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[*].metadata.name}').split(' ').filter((name) => !before.includes(name));
  expect(after.length).toBeGreaterThanOrEqual(2);
  for (const pod of after) await expect(timeline.locator('li[data-change="joined"]', { hasText: pod })).toHaveCount(1);

  await page.getByRole('button', { name: 'Changes' }).click();
  const global = page.getByRole('region', { name: 'Recent changes' });
  // Other tests' namespaces may be going away meanwhile: ours need not be the newest entry.
  for (const pod of before) await expect(global.locator('li[data-change="left"]', { hasText: pod })).toContainText(`in ${web.name}/web`);
});
