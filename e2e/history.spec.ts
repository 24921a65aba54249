// Time travel in the page: a rollout recorded live (its old pods held in Terminating by a
// finalizer until the test lets them go), then replayed with the history bar — the pods go
// ready → terminating → gone on the map, the banner says it is the past, playback comes back
// to live.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { freshHistoryDir, startServer } from '../test/integration/server';
import { applyYaml, heldRolloutYaml, kubectl, releasePods, truthRows, uniqueNamespace } from '../test/integration/kube';
import { clockTime } from '../lib/view/time';
import { screenshot } from './screenshot';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let namespace = '';
test.beforeAll(() => {
  namespace = uniqueNamespace('e2e-history');
  applyYaml(heldRolloutYaml(namespace));
});
test.afterAll(() => {
  if (!namespace) return;
  for (const line of kubectl('get', 'pods', '-n', namespace, '-o', 'name').split('\n').filter(Boolean)) {
    try {
      releasePods(namespace, [line.replace('pod/', '')]);
    } catch {
      // Gone meanwhile.
    }
  }
  kubectl('delete', 'namespace', namespace, '--wait=false');
});

/** The pods on the map: name → "ready" / "terminating" / "not-ready". */
async function drawnPods(page: Page): Promise<Record<string, string>> {
  const pods = await page.locator('.react-flow__node-Pod:not(.node-leaving)').evaluateAll((nodes) =>
    nodes.map((node) => {
      const state = node.querySelector('[data-terminating]');
      const name = (node.getAttribute('data-id') ?? '').split('/')[2] ?? '';
      return [name, state?.getAttribute('data-terminating') === 'true' ? 'terminating' : state?.getAttribute('data-ready') === 'true' ? 'ready' : 'not-ready'] as const;
    }),
  );
  return Object.fromEntries(pods.sort());
}

/** Goes to a time by typing it in the history bar, as a person would. */
async function goTo(page: Page, at: number) {
  const field = page.getByLabel('Go to time');
  await field.fill(clockTime(at, Date.now()));
  await field.press('Enter');
  await expect(page.getByTestId('past-banner')).toContainText(`${clockTime(at, Date.now())} —`);
  await expect(page.getByTestId('past-banner')).toContainText('not live');
}

test('scrubbing back through a rollout shows its endpoints ready, then terminating, then gone', async ({ page }) => {
  await page.goto(`/?context=svcmap-admin&namespace=${namespace}&history=1`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('history-range')).toContainText('kept since');
  // The keyboard's step back below lands one second before the first stage: on a server that
  // just started, that second must already be kept (the slider stops at the first kept second).
  // (Before the first session is written the slider's start is now, so this waits for it too.)
  const slider = page.getByRole('slider', { name: 'Time' });
  await expect.poll(async () => Date.now() - Number(await slider.getAttribute('min')), { timeout: 30_000 }).toBeGreaterThan(1_500);

  // Each stage: the cluster holds still, the live map shows it, and it lasts past the next
  // whole second — the history bar takes times to the second.
  const stages: { at: number; pods: Record<string, string> }[] = [];
  const stage = async (expected: (pods: Record<string, string>) => boolean) => {
    await expect.poll(async () => expected(await drawnPods(page)), { timeout: 90_000 }).toBe(true);
    const pods = await drawnPods(page);
    const at = Math.ceil(Date.now() / 1000) * 1000;
    stages.push({ at, pods });
    // Time itself is the condition here: the stage must still hold at `at`.
    await expect.poll(() => Date.now()).toBeGreaterThan(at + 300);
  };
  const states = (pods: Record<string, string>) => Object.values(pods).sort().join(',');

  await stage((pods) => states(pods) === 'ready,ready');
  const before = Object.keys(stages[0]!.pods);
  kubectl('rollout', 'restart', 'deployment/web', '-n', namespace);
  await stage((pods) => states(pods) === 'ready,ready,terminating,terminating');
  releasePods(namespace, before);
  await stage((pods) => states(pods) === 'ready,ready' && before.every((name) => !(name in pods)));

  const [ready, terminating, gone] = stages;
  // A time that cannot be read stays in the field, marked, and goes nowhere.
  const field = page.getByLabel('Go to time');
  await field.fill('25:99');
  await field.press('Enter');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('a time like 14:02 or 14:02:10')).toBeVisible();
  await expect(page.getByTestId('past-banner')).toBeHidden();
  await goTo(page, ready!.at);
  await expect.poll(() => drawnPods(page)).toEqual(ready!.pods);
  await expect(page.getByTestId('past-badge')).toBeVisible();
  await screenshot(page, 'docs/screenshots/history-ready.png');

  await goTo(page, terminating!.at);
  await expect.poll(() => drawnPods(page)).toEqual(terminating!.pods);
  expect(before.map((name) => terminating!.pods[name])).toEqual(['terminating', 'terminating']);
  await screenshot(page, 'docs/screenshots/history-terminating.png');
  // The same moment, opened from its link on a laptop screen in the dark theme.
  const laptop = await page.context().browser()!.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'dark' });
  await laptop.goto(page.url());
  await expect.poll(() => drawnPods(laptop)).toEqual(terminating!.pods);
  await expect(laptop.getByTestId('time-bar')).toBeInViewport({ ratio: 1 });
  await screenshot(laptop, 'docs/screenshots/history-terminating-1280-dark.png');
  await laptop.close();

  await goTo(page, gone!.at);
  await expect.poll(() => drawnPods(page)).toEqual(gone!.pods);
  expect(Object.keys(gone!.pods).some((name) => before.includes(name))).toBe(false);
  await screenshot(page, 'docs/screenshots/history-gone.png');

  // Back before the rollout with the keyboard on the slider, then playback at 60× runs to now and is live again.
  await goTo(page, ready!.at);
  await page.getByRole('slider', { name: 'Time' }).press('ArrowLeft');
  await expect(page).toHaveURL(new RegExp(`at=${encodeURIComponent(new Date(ready!.at - 1000).toISOString())}`));
  await page.getByLabel('Playback speed').selectOption('60');
  await page.getByRole('button', { name: 'Play from here' }).click();
  await expect(page.getByTestId('past-banner')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Live' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => drawnPods(page)).toEqual(gone!.pods);
});

test('an address typed with a time says which pod held it then and for which Service', async ({ page }) => {
  const rows = truthRows(namespace);
  const [, , , , , , pod, address] = rows[0]!.split(' ');
  const at = Date.now();
  await page.goto(`/?context=svcmap-admin&namespace=${namespace}&search=${encodeURIComponent(`${address} at ${clockTime(at, at)}`)}`);
  await expect(page.getByTestId('ip-owner')).toContainText(`Pod ${namespace}/${pod}`);
  await expect(page.getByTestId('ip-endpoint')).toContainText(`Service ${namespace}/web`);
  await page.getByTestId('ip-owners').getByRole('button', { name: `${namespace}/${pod}` }).click();
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('details')).toContainText(pod!);
  // The map is not searched for the address as it is now: nothing blanks under the answer.
  await expect(page.getByText('Nothing matches')).toHaveCount(0);
  await page.getByRole('button', { name: 'Close (clear the search)' }).click();
  await expect(page.getByTestId('ip-owners')).toBeHidden();
  await expect(page).not.toHaveURL(/search=/);

  // A time still to come is not the past: the live map, and the link's problem said.
  await page.goto(`/?context=svcmap-admin&namespace=${namespace}&at=${new Date(Date.now() + 3_600_000).toISOString()}`);
  await expect(page.getByTestId('url-problems')).toContainText('is still to come');
  await expect(page.getByTestId('past-banner')).toBeHidden();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
});

test('a corrupt history database is said in the history bar, with what to do; the live map goes on', async ({ page }) => {
  const dir = freshHistoryDir();
  writeFileSync(join(dir, 'history.db'), 'not a database, but a text file long enough to have a header of sorts');
  const server = await startServer(3103, { SVCMAP_DEMO: '1', SVCMAP_HISTORY_DIR: dir });
  try {
    await page.goto(`${server.base}/?context=demo&history=1`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('time-bar').getByRole('alert')).toContainText(/History: The history database .* is corrupt .*move the file away/);
    await expect(page.locator('.react-flow__node-Service').first()).toBeVisible();
  } finally {
    await server.stop();
  }
});
