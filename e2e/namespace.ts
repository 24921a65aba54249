// Each e2e file works in a namespace of its own with a Deployment "web" and its Service,
// created before its tests and deleted after them.
import { test } from '@playwright/test';
import { applyYaml, deploymentYaml, kubectl, uniqueNamespace } from '../test/integration/kube';

export function testNamespace(prefix: string, replicas: number): { readonly name: string } {
  let name = '';
  test.beforeAll(() => {
    name = uniqueNamespace(prefix);
    applyYaml(deploymentYaml(name, 'web', replicas));
  });
  test.afterAll(() => {
    if (name) kubectl('delete', 'namespace', name, '--wait=false');
  });
  return {
    get name() {
      return name;
    },
  };
}
