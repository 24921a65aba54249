// Ten tabs on one origin over HTTP/1.1 (browsers allow ~6 connections per origin) all
// stay live, because they share one stream: one EventSource for the whole browser.
import { expect, type Page, test } from '@playwright/test';
import { kubectl } from '../test/integration/kube';
import { testNamespace } from './namespace';

const web = testNamespace('e2e-tabs', 2);

test('ten tabs stay live on one shared stream, and all see a change', async ({ context }) => {
  // Which tab opened each stream: the leader is whichever tab took the lock first.
  const streamRequests: Page[] = [];
  const pages: Page[] = [];
  for (let tab = 0; tab < 10; tab++) {
    const page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().includes('/stream')) streamRequests.push(page);
    });
    await page.goto(`/?context=svcmap-admin&namespace=${web.name}`);
    pages.push(page);
  }
  for (const page of pages) {
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.locator('.react-flow__node-Pod')).toHaveCount(2);
  }
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=3');
  for (const page of pages) await expect(page.locator('.react-flow__node-Pod')).toHaveCount(3);
  expect(streamRequests).toHaveLength(1);

  // The leader tab goes away: another takes over the stream, and the rest stay live.
  const leader = streamRequests[0]!;
  await leader.close();
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=1');
  const rest = pages.filter((page) => page !== leader);
  for (const page of rest) await expect(page.locator('.react-flow__node-Pod')).toHaveCount(1);
  expect(streamRequests).toHaveLength(2);
  expect(rest).toContain(streamRequests[1]);
});

test('ten tabs on ten different namespace selections share one stream, all live, and the API answers within a second meanwhile', async ({ context }) => {
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=2'); // the test before left one
  const selections = ['', 'shop', 'data', 'edge', 'vault', 'ops', 'routing', 'shop,data', 'edge,ops,vault', web.name];
  const streamRequests: string[] = [];
  const pages: Page[] = [];
  for (const selection of selections) {
    const page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().includes('/stream')) streamRequests.push(request.url());
    });
    await page.goto(`/?context=svcmap-admin${selection ? `&namespace=${selection}` : ''}`);
    pages.push(page);
  }
  for (const [tab, page] of pages.entries()) {
    await expect(page.getByTestId('connection'), `tab ${tab} (${selections[tab] || 'all namespaces'})`).toHaveAttribute('data-state', 'live');
  }
  // Each tab shows its own selection: the tab on the test namespace its two pods only.
  const own = pages.at(-1)!;
  await expect(own.locator('.react-flow__node-Pod')).toHaveCount(2);
  await expect(pages[1]!.locator('.react-flow__node-Service').first()).toBeVisible();
  const shopServices = await pages[1]!.locator('.react-flow__node-Service').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')));
  expect(shopServices.length).toBeGreaterThan(0);
  expect(shopServices.every((id) => id?.startsWith('Service/shop/'))).toBe(true);
  expect(streamRequests).toHaveLength(1);
  // With one connection held for the stream, every tab can still ask the API.
  for (const page of [pages[0]!, own]) {
    const took = await page.evaluate(async () => {
      const start = performance.now();
      const response = await fetch('/api/clusters');
      await response.json();
      return performance.now() - start;
    });
    console.log(`GET /api/clusters beside ten tabs: ${took.toFixed(0)} ms`);
    expect(took).toBeLessThan(1_000);
  }
  // A change reaches the tab that shows it through the shared stream.
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=3');
  await expect(own.locator('.react-flow__node-Pod')).toHaveCount(3);
  kubectl('scale', 'deployment/web', '-n', web.name, '--replicas=2');
  await expect(own.locator('.react-flow__node-Pod')).toHaveCount(2);
  for (const page of pages) await page.close();
});

/** Watches open on the apiserver for the kinds svcmap reads (everyone's, from its metrics). */
function apiserverWatches(): number {
  const metrics = kubectl('get', '--raw', '/metrics');
  const kinds = /resource="(services|endpointslices|pods|networkpolicies|nodes)"/;
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('apiserver_longrunning_requests{') && line.includes('verb="WATCH"') && kinds.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

test('100 stream clients hold no more apiserver watches than one', async ({ baseURL }) => {
  const url = `${baseURL}/api/clusters/svcmap-admin/stream?namespace=${web.name}`;
  const clients: AbortController[] = [];
  const openClient = async () => {
    const abort = new AbortController();
    clients.push(abort);
    const response = await fetch(url, { signal: abort.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    // keep the stream open without reading further; the bound on its queue is far away
  };
  try {
    await openClient();
    await expect.poll(apiserverWatches).toBeGreaterThan(0);
    const withOne = apiserverWatches();
    await Promise.all(Array.from({ length: 99 }, openClient));
    expect(clients).toHaveLength(100);
    expect(apiserverWatches()).toBe(withOne);
  } finally {
    for (const client of clients) client.abort();
  }
});
