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
