// Hostile and malformed requests to every route of the production server: each gets a
// 4xx JSON error a person can act on, never a 500 or a stack trace, and the server
// keeps serving. Security headers on pages, API and SSE alike.
import { expect, test } from '@playwright/test';

const graph = (cluster: string, query = '') => `/api/clusters/${cluster}/graph${query}`;
const object = (query: string) => `/api/clusters/svcmap-admin/object${query}`;
const stream = (cluster: string, query = '') => `/api/clusters/${cluster}/stream${query}`;

const badRequests: { name: string; path: string; status: number; code: string }[] = [
  { name: 'unknown context', path: graph('no-such-context'), status: 404, code: 'UnknownContext' },
  { name: 'unknown context (stream)', path: stream('no-such-context'), status: 404, code: 'UnknownContext' },
  { name: 'traversal in the context', path: graph('..%2f..%2fetc'), status: 404, code: 'UnknownContext' },
  { name: 'context name over 253 characters', path: graph('a'.repeat(300)), status: 400, code: 'InvalidContext' },
  { name: 'control character in the context', path: graph('svcmap-admin%0a'), status: 400, code: 'InvalidContext' },
  { name: 'invalid namespace', path: graph('svcmap-admin', '?namespace=Not_Valid'), status: 400, code: 'InvalidNamespace' },
  { name: 'namespace over 63 characters', path: graph('svcmap-admin', `?namespace=${'a'.repeat(64)}`), status: 400, code: 'InvalidNamespace' },
  { name: 'unicode namespace', path: stream('svcmap-admin', '?namespace=sh%C3%B6p'), status: 400, code: 'InvalidNamespace' },
  { name: 'traversal in the namespace', path: graph('svcmap-admin', '?namespace=..%2fkube-system'), status: 400, code: 'InvalidNamespace' },
  { name: 'a kind svcmap never reads (secrets)', path: graph('svcmap-admin', '?kind=secrets'), status: 400, code: 'UnknownParameter' },
  { name: 'huge query string', path: graph('svcmap-admin', `?namespace=${'a,'.repeat(4000)}`), status: 414, code: 'QueryTooLong' },
  { name: 'reading a Secret', path: object('?kind=Secret&namespace=shop&name=db-password'), status: 400, code: 'UnsupportedKind' },
  { name: 'object without a kind', path: object('?namespace=shop&name=cart'), status: 400, code: 'UnsupportedKind' },
  { name: 'object kind from the prototype', path: object('?kind=constructor&namespace=shop&name=cart'), status: 400, code: 'UnsupportedKind' },
  { name: 'namespaced object without a namespace', path: object('?kind=Pod&name=cart'), status: 400, code: 'InvalidNamespace' },
  { name: 'a Node with a namespace', path: object('?kind=Node&namespace=shop&name=kwok-node-0'), status: 400, code: 'UnexpectedNamespace' },
  { name: 'traversal in an object name', path: object('?kind=Service&namespace=shop&name=..%2f..%2fsecrets'), status: 400, code: 'InvalidName' },
  { name: 'an object that does not exist', path: object('?kind=Service&namespace=shop&name=no-such-service'), status: 404, code: 'NotFound' },
  { name: 'namespaces with a parameter', path: '/api/clusters/svcmap-admin/namespaces?kind=secrets', status: 400, code: 'UnknownParameter' },
  { name: 'namespaces of an unknown context', path: '/api/clusters/no-such-context/namespaces', status: 404, code: 'UnknownContext' },
  { name: 'unknown API route', path: '/api/clusters/svcmap-admin/secrets', status: 404, code: 'UnknownRoute' },
];

test.describe('bad input', () => {
  for (const { name, path, status, code } of badRequests) {
    test(`${name} → ${status} ${code}`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.status()).toBe(status);
      expect(response.headers()['content-type']).toContain('application/json');
      const body = await response.json();
      expect(body).toEqual({ error: { code, message: expect.any(String) } });
      expect(body.error.message).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
    });
  }

  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    test(`${method} is refused with 405 (svcmap is read-only)`, async ({ request }) => {
      const response = await request.fetch(graph('svcmap-admin'), { method, data: '{}' });
      expect(response.status()).toBe(405);
      expect(response.headers().allow).toBe('GET, HEAD');
      expect((await response.json()).error.code).toBe('MethodNotAllowed');
    });
  }

  test('a bogus Last-Event-ID gets a fresh snapshot, not an error', async ({ page }) => {
    await page.goto('/api/healthz');
    const events = await page.evaluate(async (url) => {
      const response = await fetch(url, { headers: { 'Last-Event-ID': '../../etc/passwd' } });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      return { status: response.status, text };
    }, stream('svcmap-admin', '?namespace=shop'));
    expect(events.status).toBe(200);
    expect(events.text).toContain('event: snapshot');
  });

  test('the server keeps serving after all that', async ({ request }) => {
    expect((await request.get('/api/healthz')).status()).toBe(200);
    expect((await request.get(graph('svcmap-admin', '?namespace=shop'))).status()).toBe(200);
  });
});

test.describe('security headers', () => {
  for (const path of ['/', '/api/clusters', graph('svcmap-admin', '?namespace=shop'), graph('no-such-context')]) {
    test(`on ${path}`, async ({ request }) => {
      const headers = (await request.get(path)).headers();
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).not.toContain('unsafe-eval');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      if (path.startsWith('/api')) expect(headers['cache-control']).toContain('no-store');
    });
  }

  test('on the SSE stream', async ({ page }) => {
    await page.goto('/api/healthz');
    const headers = await page.evaluate(async (url) => {
      const controller = new AbortController();
      const response = await fetch(url, { signal: controller.signal });
      const result = Object.fromEntries(response.headers.entries());
      controller.abort();
      return result;
    }, stream('svcmap-admin', '?namespace=shop'));
    expect(headers['content-type']).toContain('text/event-stream');
    expect(headers['cache-control']).toContain('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});
