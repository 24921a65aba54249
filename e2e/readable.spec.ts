// The first picture is readable and holds still: text on the map is never drawn below
// ~11 px on screen (semantic zoom below a readable scale), namespaces fill the pane, a
// deep link opens on its object at a readable zoom, and a rollout or a readiness flap
// moves nothing outside the Service it touches. Screenshots for docs/screenshots/.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { applyYaml, kubectl } from '../test/integration/kube';
import { clusterSettleMs, runningPods } from './cluster';
import { testNamespace } from './namespace';
import { type SmallestText, smallestTextInPage } from './readability.mts';
import { screenshot } from './screenshot';

/** The smallest on-screen size of any text drawn on the map inside the pane (font size × zoom). */
async function smallestText(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  return (await page.evaluate(smallestTextInPage, undefined)) as SmallestText;
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
        // Namespaces side by side, not one column: several columns of tiles spanning at least half the pane's width.
        const { spread, columns } = await page.evaluate(() => {
          const pane = document.querySelector('[data-testid="graph"]')!.getBoundingClientRect();
          const tiles = [...document.querySelectorAll('.react-flow__node-Namespace')].map((tile) => tile.getBoundingClientRect());
          return {
            spread: (Math.max(...tiles.map((tile) => tile.right)) - Math.min(...tiles.map((tile) => tile.left))) / pane.width,
            columns: new Set(tiles.map((tile) => Math.round(tile.left))).size,
          };
        });
        expect(columns).toBeGreaterThan(1);
        expect(spread).toBeGreaterThan(0.5);
        // A pod's name or an IP address cut short keeps its end in view (a pod's start repeats its workload's; a DNS name keeps its start).
        const ends = await page.evaluate(() => {
          const names = [...document.querySelectorAll('.react-flow__node-Pod, .react-flow__node-Address:not(:has([data-source="externalName"]))')].map((node) => node.querySelector('.card-summary > span:first-child')!);
          let cut = 0;
          const hidden: string[] = [];
          for (const name of names) {
            const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
            let text: Text | null = null;
            for (let next = walker.nextNode(); next; next = walker.nextNode()) text = next as Text;
            if (!text?.length) continue;
            if (name.scrollWidth > name.clientWidth) cut++;
            const last = document.createRange();
            last.setStart(text, text.length - 1);
            last.setEnd(text, text.length);
            const box = name.getBoundingClientRect();
            const end = last.getBoundingClientRect();
            if (end.right > box.right + 1 || end.left < box.left - 1) hidden.push(text.data);
          }
          return { names: names.length, cut, hidden };
        });
        expect(ends.names).toBeGreaterThan(0);
        expect(ends.cut).toBeGreaterThan(0); // names are cut at this zoom: the check below checks something
        expect(ends.hidden).toEqual([]);
        console.log(`${name} ${width}x${height} ${scheme}: zoom ${smallest.zoom.toFixed(3)}, smallest text ${smallest.size.toFixed(1)} px ("${smallest.text}"), ${ends.cut} of ${ends.names} pod names and addresses cut short`);
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

/** The viewport's zoom once its first picture is made: below 1 (the zoom it starts at) and the same two frames apart. */
async function settledZoom(page: Page) {
  let last = 0;
  await expect.poll(async () => {
    const before = await zoomOf(page);
    await page.evaluate(() => new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame))));
    const after = await zoomOf(page);
    last = after;
    return before === after && after < 0.99;
  }).toBe(true);
  return last;
}

test('a search, a namespace picked or the search cleared opens fitted to what it shows, not to the view before', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // Scenario namespaces only: other spec files' namespaces may still be going away.
  await page.goto('/?context=svcmap-admin&namespace=shop,data,front');
  await waitLive(page);
  const whole = await settledZoom(page);
  // The search's few nodes: a larger zoom than the whole map's, every match in the pane.
  await page.getByRole('searchbox').fill('checkout');
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(whole * 1.3);
  const pane = (await page.getByTestId('graph').boundingBox())!;
  const match = (await page.locator('.react-flow__node[data-id="Service/shop/checkout"]').boundingBox())!;
  expect(match.x).toBeGreaterThanOrEqual(pane.x);
  expect(match.x + match.width).toBeLessThanOrEqual(pane.x + pane.width);
  // Cleared: the whole map again, as at first.
  await page.getByRole('searchbox').press('Escape');
  await expect.poll(() => zoomOf(page)).toBeCloseTo(whole, 2);
  // One namespace picked: fitted to it, as a link to it opens.
  await page.goto('/?context=svcmap-admin&namespace=shop');
  const linked = await settledZoom(page);
  expect(linked).toBeGreaterThan(whole * 1.3);
  await page.goto('/?context=svcmap-admin&namespace=shop,data,front');
  await expect.poll(() => zoomOf(page)).toBeCloseTo(whole, 2);
  await page.getByTestId('namespace-filter').locator('summary').click();
  await page.getByRole('checkbox', { name: 'data' }).uncheck();
  await page.getByRole('checkbox', { name: 'front' }).uncheck();
  await page.keyboard.press('Escape');
  await expect.poll(() => zoomOf(page)).toBeCloseTo(linked, 2);
});

test('only problems keeps every remaining Service where it was', async ({ page }) => {
  await page.goto('/?context=demo');
  await waitLive(page);
  const before = await placements(page);
  await page.getByLabel('only problems').click(); // the box follows the URL, a moment after the click
  await expect(page.getByLabel('only problems')).toBeChecked();
  await expect.poll(async () => Object.keys(await placements(page)).length).toBeLessThan(Object.keys(before).length);
  const after = await placements(page);
  // Every node that was there before keeps its place (the demo's simulation goes on meanwhile:
  // a pod it replaces takes the old one's place under a new name, which is no move).
  const kept = Object.entries(after).filter(([id]) => !id.startsWith('Namespace/') && id in before);
  expect(kept.length).toBeGreaterThan(0);
  for (const [id, place] of kept) expect(place, id).toBe(before[id]);
});

// Its namespace exists only for this test: the first-view screenshots above show the scenarios alone.
test.describe('in a namespace of its own', () => {
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
});

test('keyboard: Tab reaches the first node at once (no edges first), arrows follow edges, Escape closes the details; axe clean in dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?context=svcmap-admin&namespace=shop');
  await waitLive(page);
  await page.getByTestId('graph').locator('.react-flow__node').first().waitFor();
  // From the pane's first focusable element, the next Tab stops are nodes, in reading order.
  await page.locator('.react-flow__node').first().focus();
  const first = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
  expect(first).toBe('Namespace/shop');
  // The leftmost column comes first: shop's route (cluster/scenarios/60-front.yaml), left of its Services.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('HTTPRoute/shop/detached');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none'); // a visible focus ring
  // → from the route goes to the Service it sends traffic to, → to its slice, → again to a backend; ← comes back.
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('Service/shop/frontend');
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toMatch(/^EndpointSlice\/shop\//);
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toMatch(/^(Pod|PodGroup|Address)\/shop\//);
  await page.keyboard.press('ArrowLeft');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toMatch(/^EndpointSlice\/shop\//);
  const slice = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('details')).toBeVisible();
  // Escape (or ✕) closes them and the focus goes back to the node they were about; Enter opens them again.
  await page.getByRole('button', { name: 'Close details' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('details')).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(slice);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('details')).toBeVisible();
  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(page.getByTestId('details')).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(slice);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('details')).toBeVisible();
  const serious = async () => {
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    return (await new AxeBuilder({ page }).analyze()).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length}× e.g. ${violation.nodes[0]?.target.join(' ')})`);
  };
  expect(await serious()).toEqual([]);
  await page.getByRole('button', { name: 'Changes' }).click();
  await expect(page.getByRole('region', { name: 'Recent changes' })).toBeVisible();
  expect(await serious()).toEqual([]);
  // Escape closes what opened last: the changes list, then the details.
  await page.locator('body').press('Escape');
  await expect(page.getByRole('region', { name: 'Recent changes' })).toHaveCount(0);
  await expect(page.getByTestId('details')).toBeVisible();
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('details')).toHaveCount(0);
  // Details open, then the changes list, then another object selected: its details opened last, so they close first.
  await page.locator('.react-flow__node[data-id="Service/shop/frontend"]').click();
  await expect(page.getByTestId('details')).toContainText('frontend');
  await page.getByRole('button', { name: 'Changes' }).click();
  await expect(page.getByRole('region', { name: 'Recent changes' })).toBeVisible();
  await page.locator('.react-flow__node[data-id="Service/shop/cart"]').click();
  await expect(page.getByTestId('details')).toContainText('cart');
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('details')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Recent changes' })).toBeVisible();
  // A menu opened over the details closes first, and only it: the namespace picker, then the details.
  await page.locator('.react-flow__node[data-id="Service/shop/cart"]').click();
  await expect(page.getByTestId('details')).toContainText('cart');
  const picker = page.getByTestId('namespace-filter');
  await picker.locator('summary').click();
  await expect(picker.getByRole('checkbox', { name: 'shop' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(picker.getByRole('checkbox', { name: 'shop' })).toBeHidden();
  await expect(page.getByTestId('details')).toContainText('cart');
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('details')).toHaveCount(0);
});

test('errors say what is wrong and how out: the API message, the known contexts, unknown URL values', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=shop,%3Cscript%3E');
  await expect(page.getByText(/Namespace "<script>" must be lowercase/).first()).toBeVisible();
  // The way out drops the value that cannot be, and keeps the rest.
  await page.getByTestId('url-problems').getByRole('button', { name: 'Show without it' }).click();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  expect(new URL(page.url()).searchParams.get('namespace')).toBe('shop');
  await page.goto('/?context=nope');
  await expect(page.getByText('There is no context named “nope”')).toBeVisible();
  await page.getByRole('list', { name: 'Known contexts' }).getByRole('button', { name: 'svcmap-admin' }).click();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  expect(new URL(page.url()).searchParams.get('context')).toBe('svcmap-admin');
  await page.goto('/?context=demo&types=Bogus');
  await expect(page.getByTestId('url-problems')).toContainText('Service type "Bogus"');
  // The empty map names what hides everything, and offers the way out.
  await expect(page.getByRole('status').filter({ hasText: 'Nothing matches' })).toContainText('No Service or Pod matches the types Bogus.');
  await screenshot(page, 'docs/screenshots/unknown-url-value.png');
  await page.getByRole('button', { name: 'Show without it' }).click();
  await expect(page.getByTestId('url-problems')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.has('types')).toBe(false);
  await expect(page.locator('.react-flow__node[data-id="Service/shop/cart"]')).toBeVisible();
  await page.goto('/?context=demo&search=no-such-thing&problems=1');
  await page.getByRole('button', { name: 'Clear the search and filters' }).click();
  await expect(page.locator('.react-flow__node[data-id="Service/shop/cart"]')).toBeVisible();
  await expect(page.getByRole('searchbox')).toHaveValue('');
  expect(new URL(page.url()).searchParams.has('problems')).toBe(false);
});

// The demo (its badge and the Reach picker), a context whose credentials are refused (the
// error's message, the longest thing the header shows), a focus chip beside either.
const headers = [
  ['the demo', '/?context=demo', 'live'],
  ['a refused context', '/?context=svcmap-expired', 'error'],
  ['a focus', '/?context=svcmap-admin&focus=Service/shop/checkout', 'live'],
  ['a refused context with a focus', '/?context=svcmap-expired&focus=Service/shop/checkout', 'error'],
  ['an unknown type', '/?context=demo&types=Bogus', 'live (nothing drawn)'],
] as const;
for (const [width, height] of [[1280, 720], [1600, 1000]] as const) for (const [name, url, state] of headers) {
  test(`at ${width} px on ${name} the header is one row and no control runs over another`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(url);
    // Live: the whole header, with what comes once the map is drawn ("Collapse all").
    if (state === 'live') await waitLive(page);
    else await expect(page.getByTestId('connection')).toHaveAttribute('data-state', state.split(' ')[0]!);
    expect((await page.locator('header').boundingBox())!.height).toBeLessThan(60);
    // The header's row: its children, and the children of those that are display: contents.
    const boxes = await page.locator('header > *').evaluateAll((elements) =>
      elements.flatMap((element): Element[] => (getComputedStyle(element).display === 'contents' ? [...element.children] : [element])).map((child) => ({ name: child.getAttribute('data-testid') ?? child.tagName, left: child.getBoundingClientRect().left, right: child.getBoundingClientRect().right, overflow: child.scrollWidth - child.clientWidth })),
    );
    for (const [index, box] of boxes.entries()) {
      expect(box.overflow, `${box.name} is narrower than its content`).toBeLessThanOrEqual(1);
      if (index > 0) expect(box.left, `${box.name} starts before ${boxes[index - 1]!.name} ends`).toBeGreaterThanOrEqual(boxes[index - 1]!.right);
    }
  });
}

test('the header is one row at 1600 px and does not move when the namespace selection changes', async ({ page }) => {
  await page.goto('/?context=svcmap-admin');
  await waitLive(page);
  const header = page.locator('header');
  const height = (await header.boundingBox())!.height;
  expect(height).toBeLessThan(60); // one row of controls
  const search = await page.getByRole('searchbox').boundingBox();
  await page.goto('/?context=svcmap-admin&namespace=data,default,edge,shop');
  await waitLive(page);
  expect((await header.boundingBox())!.height).toBe(height);
  expect(await page.getByRole('searchbox').boundingBox()).toEqual(search);
});

test('at 768 px the details are a drawer under the map, and the selected node stays in view above it', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  const id = 'Service/shop/cart';
  await page.goto('/?context=svcmap-admin&namespace=shop');
  await waitLive(page);
  await page.locator(`.react-flow__node[data-id="${id}"]`).click();
  const details = (await page.getByTestId('details').boundingBox())!;
  const pane = (await page.getByTestId('graph').boundingBox())!;
  expect(details.y).toBeGreaterThanOrEqual(pane.y + pane.height - 1); // below the map, not over it
  expect(details.width).toBeGreaterThan(700);
  await expect.poll(async () => {
    const node = (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    return node.y >= pane.y && node.y + node.height <= pane.y + pane.height;
  }).toBe(true);
});

test('the details panel is resizable by keyboard, and the slices table never breaks a word', async ({ page }) => {
  await page.goto(`/?context=svcmap-admin&namespace=shop&selected=${encodeURIComponent('Service/shop/frontend')}`);
  await waitLive(page);
  const panel = page.getByTestId('details');
  const before = (await panel.boundingBox())!.width;
  await page.getByRole('separator', { name: 'Resize the details panel' }).focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await panel.boundingBox())!.width).toBeGreaterThan(before + 50);
  const broken = await page.getByTestId('slices-table').locator('td, th').evaluateAll((cells) =>
    cells.filter((cell) => getComputedStyle(cell).display !== 'none' && cell.textContent!.trim() !== '' && !/\s/.test(cell.textContent!.trim()) && cell.getClientRects().length > 0 && cell.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(cell).lineHeight)).map((cell) => cell.textContent),
  );
  expect(broken).toEqual([]);
});

test('an IP search finds pods inside collapsed namespaces; Back restores the search box', async ({ page }) => {
  const pod = JSON.parse(kubectl('get', 'pods', '-n', 'shop', '-l', 'app=cart', '-o', 'json')).items[0];
  await page.goto('/?context=svcmap-admin&collapsed=*');
  await waitLive(page);
  await expect(page.locator('.react-flow__node-Pod')).toHaveCount(0);
  const box = page.getByRole('searchbox');
  await box.fill(pod.status.podIP);
  await expect(page.locator(`.react-flow__node[data-id="Pod/shop/${pod.metadata.name}"]`)).toBeAttached();
  // Escape clears the search (a new history entry); Back brings it back, into the box too,
  // although the box still has the focus.
  await box.press('Escape');
  await expect(box).toHaveValue('');
  await expect.poll(() => new URL(page.url()).searchParams.has('search')).toBe(false);
  await page.goBack();
  await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe(pod.status.podIP);
  await expect(box).toHaveValue(pod.status.podIP);
});

test('no request of the page fails: the icon is served, nothing 404s', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto('/?context=demo');
  await waitLive(page);
  await expect(page.locator('link[rel="icon"]')).toHaveCount(1);
  expect((await page.request.get((await page.locator('link[rel="icon"]').getAttribute('href'))!)).status()).toBe(200);
  expect(failed).toEqual([]);
  // Nodes are buttons with a name a screen reader says.
  await expect(page.getByRole('button', { name: /^Service shop\/cart: \d+ of \d+ endpoints ready/ })).toHaveCount(1);
});
