// The layout stays put while pods come and go: a Service below one that scales down keeps
// its place (no jumping map during an incident) until the user asks to pack it again.
import { expect, type Page, test } from '@playwright/test';
import { applyYaml, kubectl } from '../test/integration/kube';
import { clusterSettleMs, runningPods } from './cluster';
import { testNamespace } from './namespace';

const web = testNamespace('layout', 4);
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const placement = (page: Page, id: string) => node(page, id).evaluate((element) => (element as HTMLElement).style.transform);

test('scaling a Service down moves nothing below it; Reset layout packs the rows again', async ({ page }) => {
  // A second Service that sorts below "web".
  applyYaml(`apiVersion: v1\nkind: Service\nmetadata: {name: zz-below, namespace: ${web.name}}\nspec: {selector: {app: nothing}, ports: [{port: 80}]}`);
  await page.goto(`/?context=svcmap-admin&namespace=${web.name}`);
  await expect(page.locator('.react-flow__node-Pod')).toHaveCount(4);
  const below = `Service/${web.name}/zz-below`;
  await expect(node(page, below)).toBeVisible();
  const before = await placement(page, below);

  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=1');
  await expect.poll(() => runningPods(web.name).length, { timeout: clusterSettleMs }).toBe(1);
  // Every backend, not only pods: for a moment after a pod is gone its slice can still list
  // its address (drawn as an Address); packing then would keep that row.
  await expect(page.locator('.react-flow__node-Pod, .react-flow__node-Address')).toHaveCount(1);
  await expect.poll(() => kubectl('get', 'endpointslices', '-n', web.name, '-o', 'jsonpath={.items[*].endpoints[*].addresses[0]}').split(/\s+/).filter(Boolean).length).toBe(1);
  await expect(page.locator('.react-flow__node-Pod, .react-flow__node-Address')).toHaveCount(1);
  expect(await placement(page, below)).toBe(before);

  await page.getByRole('button', { name: 'Reset layout' }).click();
  await expect.poll(() => placement(page, below)).not.toBe(before);
  const y = (transform: string) => Number(/translate\([^,]+,\s*([-\d.]+)px\)/.exec(transform)?.[1]);
  expect(y(await placement(page, below))).toBeLessThan(y(before));
});
