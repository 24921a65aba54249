// The hook that keeps @kubernetes/client-node's generated API client out of the server: with
// it, KubeConfig still reads a kubeconfig and authenticates a request, and no generated model
// or API module is ever resolved; without it, they are (so the check can fail).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { slimVersion } from './client-node-slim.mjs';

const root = new URL('..', import.meta.url).pathname;
const kubeconfig = join(mkdtempSync(join(tmpdir(), 'svcmap-slim-')), 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
current-context: test
contexts: [{name: test, context: {cluster: c, user: u}}]
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]
users: [{name: u, user: {token: secret-token}}]
`,
);

// Loads KubeConfig as the server does, with a second hook that records every module resolved.
const script = `
import { registerHooks } from 'node:module';
const resolved = [];
registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); resolved.push(result.url); return result; } });
const { KubeConfig } = await import('@kubernetes/client-node/dist/config.js');
const { RequestContext, HttpMethod } = await import('@kubernetes/client-node/dist/gen/http/http.js');
const config = new KubeConfig();
config.loadFromFile(process.env.TEST_KUBECONFIG);
const request = new RequestContext('https://127.0.0.1:6443/api', HttpMethod.GET);
await config.applySecurityAuthentication(request);
console.log(JSON.stringify({
  context: config.getCurrentContext(),
  authorization: request.getHeaders().Authorization,
  generated: resolved.filter((url) => /\\/dist\\/gen\\/(models|apis|types)\\//.test(url)).length,
}));
`;
function load(hook?: string): { context: string; authorization: string; generated: number } {
  const args = [...(hook ? ['--import', hook] : []), '--input-type=module', '-e', script];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, TEST_KUBECONFIG: kubeconfig } }));
}

describe('server/client-node-slim.mjs', () => {
  it('was checked against the client-node installed: another version needs checking again (then change slimVersion)', () => {
    expect(createRequire(import.meta.url)('@kubernetes/client-node/package.json').version).toBe(slimVersion);
  });

  it('keeps the generated API client out, and KubeConfig reads and authenticates as before', () => {
    expect(load('./server/client-node-slim.mjs')).toEqual({ context: 'test', authorization: 'Bearer secret-token', generated: 0 });
  });

  it('is in place in the CLI too (cli/resolve.mjs registers it first)', () => {
    expect(load('./cli/resolve.mjs')).toEqual({ context: 'test', authorization: 'Bearer secret-token', generated: 0 });
  });

  it('without it, loading KubeConfig loads the generated models and APIs (what the hook saves)', () => {
    const full = load();
    expect(full.context).toBe('test');
    expect(full.generated).toBeGreaterThan(100);
  });
});
