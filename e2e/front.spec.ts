// From hostname to Pod: a URL typed in the search box is followed through the Gateway
// listener and route rule (or Ingress path) to the Services and Pods behind it; a route's
// details list its rules with each backend's share and ready endpoints; a weighted split is
// drawn with its shares. On the test cluster (cluster/scenarios/60-front.yaml, status written
// as a controller would) and on the demo.
import { expect, type Page, test } from '@playwright/test';
import { seriousViolations as serious } from './axe';
import { screenshot } from './screenshot';

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

test('search by URL shows the path from listener to Pods, and names a match that needs a header', async ({ page }) => {
  await page.goto('/?context=svcmap-admin&namespace=front');
  await expect(node(page, 'HTTPRoute/front/storefront')).toBeVisible();
  await page.getByRole('searchbox').fill('http://shop.example.test/api/admin');
  const answer = page.getByTestId('url-path-best');
  await expect(answer).toContainText('Gateway front/main listener http → front/storefront rule 1 (PathPrefix /api)');
  await expect(answer).toContainText('front/api 80 %');
  await expect(answer).toContainText('front/api-canary 20 % · 0/1 ready');
  await expect(page.getByTestId('url-path')).toContainText('Instead, when the request has: header x-admin');
  // Only the path is drawn: the route, its two Services, their slices and pods; not web.
  await expect(node(page, 'Service/front/api')).toBeVisible();
  await expect(node(page, 'Service/front/api-canary')).toBeVisible();
  await expect(node(page, 'Service/front/web')).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id^="Pod/front/api-"]')).toHaveCount(3);
  expect(await serious(page)).toEqual([]);
  await screenshot(page, 'docs/screenshots/url-search-cluster-1600x1000-light.png');

  // A link in the answer opens that object's details.
  await answer.getByRole('button', { name: 'front/storefront' }).click();
  await expect(page).toHaveURL(/selected=HTTPRoute%2Ffront%2Fstorefront/);
  await expect(page.getByTestId('details')).toContainText('HTTPRoute');

  // A rule whose every backend has weight 0 forwards nowhere: said, and no Service drawn as its path.
  await page.getByRole('searchbox').fill('drained.example.test/');
  await expect(answer).toContainText('front/drained rule 1');
  await expect(answer).toContainText('every backend has weight 0: the request is forwarded nowhere');
  await expect(node(page, 'HTTPRoute/front/drained')).toBeVisible();
  await expect(node(page, 'Service/front/web')).toHaveCount(0);
  await node(page, 'HTTPRoute/front/drained').click();
  await expect(page.getByTestId('details').locator('[data-code="NoBackendWeight"]')).toContainText('rule 1 gives weight 0 to every backend (front/web, front/api)');
  await page.keyboard.press('Escape');

  await page.getByRole('searchbox').fill('nothing.example.test/');
  await expect(page.getByTestId('url-path')).toContainText('No Gateway listener, route or Ingress serves nothing.example.test/');
});

test('a route\'s details list its rules in order, each backend with its share and ready endpoints, and its YAML; the weighted split is drawn with its shares', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?context=svcmap-admin&namespace=front&selected=HTTPRoute/front/storefront');
  const details = page.getByTestId('details');
  const rules = details.getByTestId('route-rules-table');
  // Most specific first, as the Gateway API's precedence applies them; numbered as written.
  await expect(rules.locator('tbody tr')).toHaveCount(3);
  await expect(rules.locator('tbody tr').nth(0)).toContainText('2Exact /api/admin · header x-admin=true');
  await expect(rules.locator('tbody tr').nth(1)).toContainText('1PathPrefix /api');
  await expect(rules.locator('tbody tr').nth(1)).toContainText('front/api:80 80 % (weight 80) · 2/2 ready');
  await expect(rules.locator('tbody tr').nth(1)).toContainText('front/api-canary:80 20 % (weight 20) · 0/1 ready');
  await expect(rules.locator('tbody tr').nth(2)).toContainText('3PathPrefix /');
  await expect(details.locator('[data-code="SomeBackendsUnready"]')).toContainText('sends 20 % of rule 1\'s traffic to Service front/api-canary, which has 0 ready endpoints');
  // The split on the map: the route's edges carry each Service's share and port.
  await expect(page.locator('.react-flow__edge[data-id="HTTPRoute/front/storefront>Service/front/api"]')).toHaveAttribute('aria-label', /80 % :80/);
  await expect(page.locator('.react-flow__edge[data-id="HTTPRoute/front/storefront>Service/front/api-canary"]')).toHaveAttribute('aria-label', /20 % :80/);
  await expect(page.locator('.react-flow__edge[data-id="Gateway/front/main>HTTPRoute/front/storefront"]')).toHaveAttribute('aria-label', /: http$/);
  expect(await serious(page)).toEqual([]);
  await screenshot(page, 'docs/screenshots/route-details-cluster-1280x720-dark.png');
  await details.getByRole('button', { name: 'Show YAML' }).click();
  await expect(details.getByTestId('object-yaml')).toContainText('kind: HTTPRoute');
  await expect(details.getByTestId('object-yaml')).toContainText('weight: 20');

  // A route that attaches nowhere says why, on its card.
  await page.goto('/?context=svcmap-admin&namespace=shop&selected=HTTPRoute/shop/detached');
  await expect(page.getByTestId('details').locator('[data-code="RouteNotAttached"]')).toContainText('allows routes only from its own namespace (Same); this route is in shop');

  // A Gateway's and an Ingress's YAML, and the YAML of the class each names (classes are not drawn).
  for (const [id, kind, classKind, classText] of [
    ['Gateway/front/main', 'Gateway', 'GatewayClass', 'controllerName: svcmap.dev/test-controller'],
    ['Ingress/front/site', 'Ingress', 'IngressClass', 'controller: k8s.io/ingress-nginx'],
  ] as const) {
    await page.goto(`/?context=svcmap-admin&namespace=front&selected=${id}`);
    const panel = page.getByTestId('details');
    await panel.getByRole('button', { name: 'Show YAML', exact: true }).click();
    await expect(panel.getByTestId('object-yaml').filter({ hasText: `kind: ${kind}` })).toContainText(`name: ${id.split('/')[2]}`);
    await panel.getByRole('button', { name: `Show ${classKind} YAML`, exact: true }).click();
    await expect(panel.getByTestId('object-yaml').filter({ hasText: `kind: ${classKind}` })).toContainText(classText);
  }
});

test('the demo: its Gateway, routes and Ingress, and a URL followed through the canary split', async ({ page }) => {
  for (const [width, height, scheme] of [
    [1600, 1000, 'light'],
    [1280, 720, 'dark'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/?context=demo&search=shop.example.com/search');
    await expect(page.getByTestId('url-path-best')).toContainText('Gateway edge/public listener http → shop/storefront rule 2 (PathPrefix /search)');
    await expect(page.getByTestId('url-path-best')).toContainText('shop/search-canary 20 %');
    await expect(node(page, 'Gateway/edge/public')).toBeVisible();
    expect(await serious(page)).toEqual([]);
    await screenshot(page, `docs/screenshots/url-search-demo-${width}x${height}-${scheme}.png`);
  }
  await page.goto('/?context=demo&selected=Gateway/edge/public');
  const listeners = page.getByTestId('details').getByTestId('listeners-table');
  await expect(listeners.locator('tbody tr')).toHaveCount(2);
  await expect(listeners.locator('tbody tr').nth(0)).toContainText('http');
  // The https listener's certificate: the Secret by name (svcmap never reads Secrets).
  await expect(listeners.locator('tbody tr').nth(1)).toContainText('edge/example-com-tls');
  await expect(page.getByTestId('details')).toContainText('shop/storefront');
  await page.goto('/?context=demo&selected=Ingress/platform/dashboards');
  await expect(page.getByTestId('details').getByTestId('ingress-rules-table')).toContainText('/grafana');
  await page.goto('/?context=demo&selected=HTTPRoute/shop/reviews-beta');
  await expect(page.getByTestId('details').locator('[data-code="BackendServiceNotFound"]')).toContainText('reviews-v2, which does not exist');
});
