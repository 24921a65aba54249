// The first picture is readable and holds still: text on the map is never drawn below
// ~11 px on screen (semantic zoom below a readable scale), namespaces fill the pane, a
// deep link opens on its object at a readable zoom, and a rollout or a readiness flap
// moves nothing outside the Service it touches. Screenshots for docs/screenshots/.
import { expect, type Page, test } from '@playwright/test';
import { applyYaml, kubectl } from '../test/integration/kube';
import { clusterSettleMs, runningPods } from './cluster';
import { testNamespace } from './namespace';
import { screenshot } from './screenshot';

/** The smallest on-screen size of any text drawn on the map inside the pane (font size × zoom). */
async function smallestText(page: Page): Promise<{ size: number; text: string; zoom: number }> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const pane = document.querySelector('[data-testid="graph"]')!.getBoundingClientRect();
    let smallest = { size: Infinity, text: '', zoom };
    const walker = document.createTreeWalker(viewport.closest('.react-flow')!, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement!;
      if (!text.textContent?.trim() || !element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (element.closest('.react-flow__panel')) continue; // controls and menus are page text, not map text
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.bottom < pane.top || box.top > pane.bottom || box.right < pane.left || box.left > pane.right) continue;
      const size = parseFloat(getComputedStyle(element).fontSize) * (viewport.contains(element) ? zoom : 1);
      if (size < smallest.size) smallest = { size, text: text.textContent.trim().slice(0, 40), zoom };
    }
    return smallest;
  });
}

const zoomOf = (page: Page) => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector<HTMLElement>('.react-flow__viewport')!).transform).a);

/** Each drawn node's place on screen, by id. */
const placements = (page: Page) =>
  page.locator('.react-flow__node:not(.node-leaving)').evaluateAll((nodes) =>
    Object.fromEntries(nodes.map((node) => {
      const box = node.getBoundingClientRect();
      return [node.getAttribute('data-id'), `${Math.round(box.x)},${Math.round(box.y)}`];
    })),
  );

async function waitLive(page: Page) {
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('graph')).not.toHaveAttribute('data-nodes', '0');
}

for (const [width, height] of [[1280, 720], [1600, 1000]] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, query] of [['demo', 'context=demo'], ['cluster', 'context=svcmap-admin']] as const) {
      test(`${name} at ${width}×${height} (${scheme}): the first picture draws no text below 11 px, and fills the pane`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`/?${query}`);
        await waitLive(page);
        const smallest = await smallestText(page);
        expect(smallest.size, `"${smallest.text}" at zoom ${smallest.zoom.toFixed(3)}`).toBeGreaterThanOrEqual(11);
        // Namespaces side by side: the drawing spans most of the pane's width, not one column.
        const spread = await page.evaluate(() => {
          const pane = document.querySelector('[data-testid="graph"]')!.getBoundingClientRect();
          const tiles = [...document.querySelectorAll('.react-flow__node-Namespace')].map((tile) => tile.getBoundingClientRect());
          return (Math.max(...tiles.map((tile) => tile.right)) - Math.min(...tiles.map((tile) => tile.left))) / pane.width;
        });
        expect(spread).toBeGreaterThan(0.6);
        console.log(`${name} ${width}x${height} ${scheme}: zoom ${smallest.zoom.toFixed(3)}, smallest text ${smallest.size.toFixed(1)} px ("${smallest.text}")`);
        await screenshot(page, `docs/screenshots/first-view-${name}-${width}x${height}-${scheme}.png`);
      });
    }
  }
}

test('zooming in reveals the cards (semantic zoom), still never below 11 px', async ({ page }) => {
  await page.goto('/?context=demo');
  await waitLive(page);
  const pane = (await page.getByTestId('graph').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 3, pane.y + pane.height / 3);
  for (let step = 0; step < 12 && (await zoomOf(page)) < 1; step++) await page.mouse.wheel(0, -300);
  await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.92);
  await expect(page.getByTestId('graph')).toHaveAttribute('data-band', 'full');
  await expect(page.locator('.react-flow__node-Service .card-full').first()).toBeVisible();
  expect((await smallestText(page)).size).toBeGreaterThanOrEqual(11);
});

test('a deep link with selected= opens centred on that object at a readable zoom, beside the details', async ({ page }) => {
  const id = 'Service/shop/checkout';
  await page.goto(`/?context=demo&selected=${encodeURIComponent(id)}`);
  await waitLive(page);
  await expect(page.getByTestId('details')).toBeVisible();
  await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.92);
  const node = (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
  const pane = (await page.getByTestId('graph').boundingBox())!;
  expect(node.x).toBeGreaterThanOrEqual(pane.x);
  expect(node.x + node.width).toBeLessThanOrEqual(pane.x + pane.width);
  expect(node.y).toBeGreaterThanOrEqual(pane.y);
  expect(node.y + node.height).toBeLessThanOrEqual(pane.y + pane.height);
  expect((await smallestText(page)).size).toBeGreaterThanOrEqual(11);
});

test('only problems keeps every remaining Service where it was', async ({ page }) => {
  await page.goto('/?context=demo');
  await waitLive(page);
  const before = await placements(page);
  await page.getByLabel('only problems').check();
  await expect.poll(async () => Object.keys(await placements(page)).length).toBeLessThan(Object.keys(before).length);
  const after = await placements(page);
  for (const [id, place] of Object.entries(after)) if (!id!.startsWith('Namespace/')) expect(place, id!).toBe(before[id!]);
});

const shop = testNamespace('e2e-still', 3);

test('a rollout and a readiness flap move nothing outside the Service they touch: 0 px', async ({ page }) => {
  test.setTimeout(clusterSettleMs + 120_000);
  // A second Service beside "web", sorted below it, and one in another namespace.
  applyYaml(`apiVersion: v1\nkind: Service\nmetadata: {name: zz-below, namespace: ${shop.name}}\nspec: {selector: {app: nothing}, ports: [{port: 80}]}`);
  await expect.poll(() => runningPods(shop.name).length, { timeout: clusterSettleMs }).toBe(3);
  await page.goto(`/?context=svcmap-admin&namespace=${shop.name},shop`);
  await waitLive(page);
  await expect(page.locator(`.react-flow__node[data-id="Service/${shop.name}/zz-below"]`)).toBeAttached();
  await expect(page.locator(`.react-flow__node-Pod[data-id^="Pod/${shop.name}/"]`)).toHaveCount(3);
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const before = await placements(page);
  const outside = (id: string) => !id.startsWith(`Pod/${shop.name}/`) && !id.startsWith(`EndpointSlice/${shop.name}/web`);

  const pod = runningPods(shop.name)[0]!;
  kubectl('annotate', 'pod', pod, '-n', shop.name, 'svcmap.dev/ready=false');
  await expect(page.locator(`.react-flow__node[data-id="Pod/${shop.name}/${pod}"] [data-kind="Pod"]`)).toHaveAttribute('data-ready', 'false');
  kubectl('annotate', 'pod', pod, '-n', shop.name, 'svcmap.dev/ready-');
  await expect(page.locator(`.react-flow__node[data-id="Pod/${shop.name}/${pod}"] [data-kind="Pod"]`)).toHaveAttribute('data-ready', 'true');

  kubectl('rollout', 'restart', `deployment/web`, '-n', shop.name);
  kubectl('rollout', 'status', `deployment/web`, '-n', shop.name, `--timeout=${clusterSettleMs / 1000}s`);
  await expect.poll(async () => (await page.locator(`.react-flow__node-Pod[data-id^="Pod/${shop.name}/"]:not(.node-leaving)`).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')))).some((id) => id?.endsWith(pod)), { timeout: clusterSettleMs }).toBe(false);
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const after = await placements(page);
  const moved = Object.keys(before).filter((id) => outside(id) && after[id] !== undefined && after[id] !== before[id]);
  expect(moved).toEqual([]);
  expect(Object.keys(before).filter(outside).every((id) => after[id] !== undefined)).toBe(true);
});
