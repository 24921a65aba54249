// Cluster data is untrusted: an EndpointSlice written by anyone with edit rights can carry
// HTML in fields the apiserver does not validate (targetRef name, zone). svcmap must show
// it as text and never run it.
import { expect, test } from '@playwright/test';
import { applyYaml } from '../test/integration/kube';
import { testNamespace } from './namespace';

const ns = testNamespace('e2e-xss', 0);
const payload = '<img src=x onerror="window.__xss=1">';

test('HTML in cluster fields renders as inert text', async ({ page }) => {
  applyYaml(`
apiVersion: v1
kind: Service
metadata: {name: hostile, namespace: ${ns.name}, labels: {note: x}}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: hostile-1
  namespace: ${ns.name}
  labels: {kubernetes.io/service-name: hostile, endpointslice.kubernetes.io/managed-by: e2e}
  annotations: {note: '<script>window.__xss=2</script>'}
addressType: IPv4
ports: [{name: http, port: 80, protocol: TCP}]
endpoints:
- addresses: [192.0.2.77]
  zone: '${payload}'
  targetRef: {kind: Pod, namespace: ${ns.name}, name: '${payload}'}
`);
  await page.goto(`/?context=svcmap-admin&namespace=${ns.name}`);
  const service = page.locator(`.react-flow__node[data-id="Service/${ns.name}/hostile"]`);
  await expect(service).toContainText(payload); // shown, as text
  await expect(page.locator('.react-flow img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});
