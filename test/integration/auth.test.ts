// The production server's gate, over HTTP: auth modes, the refusal to listen beyond
// loopback without one, security headers on every kind of response.
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToExit, type RunningServer, startServer } from './server';

const token = 'integration-test-token-0123456789';

// Every route the app has (app/routes.test.ts keeps the inventory), and pages.
const apiRoutes = ['/api/clusters', '/api/clusters/svcmap-admin/graph', '/api/clusters/svcmap-admin/stream', '/api/session', '/api/no-such-route'];
const pages = ['/', '/?context=svcmap-admin&namespace=shop'];

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(response.headers.get('content-security-policy')).not.toContain('unsafe-eval');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

/** GET that reads at most the start of the body (the stream route never ends). */
async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const reader = response.body?.getReader();
  const first = reader ? await reader.read() : undefined;
  await reader?.cancel();
  return { response, text: first?.value ? new TextDecoder().decode(first.value) : '' };
}

describe('token mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(3411, { SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token });
  });
  afterAll(() => server?.stop());

  it('answers every API route with 401 JSON, and every page with a redirect to the login form, without a token', async () => {
    for (const route of apiRoutes) {
      const { response, text } = await get(server.base + route);
      expect(response.status, route).toBe(401);
      expect(JSON.parse(text).error.code).toBe('Unauthorized');
      expectSecurityHeaders(response);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    for (const page of pages) {
      const { response } = await get(server.base + page);
      expect(response.status, page).toBe(303);
      expect(response.headers.get('location')).toBe('/login');
    }
  });

  it('keeps the liveness and readiness probes open', async () => {
    expect((await get(`${server.base}/api/healthz`)).response.status).toBe(200);
    expect([200, 503]).toContain((await get(`${server.base}/api/readyz`)).response.status);
  });

  it('serves pages, API and the event stream to the right bearer token, with security headers on each', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const page = await get(`${server.base}/`, auth);
    expect(page.response.status).toBe(200);
    expectSecurityHeaders(page.response);
    const api = await get(`${server.base}/api/clusters`, auth);
    expect(api.response.status).toBe(200);
    expectSecurityHeaders(api.response);
    expect(api.response.headers.get('cache-control')).toBe('no-store');
    const stream = await get(`${server.base}/api/clusters/svcmap-admin/stream?namespace=shop`, auth);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    expectSecurityHeaders(stream.response);
    expect(stream.response.headers.get('cache-control')).toContain('no-store');
    expect((await get(`${server.base}/api/clusters`, { authorization: 'Bearer wrong-token-wrong-token' })).response.status).toBe(401);
  });

  it('signs in through the form: a random, expiring HttpOnly, SameSite=Strict session that is not the token; sign-out ends it', async () => {
    const form = await get(`${server.base}/login`);
    expect(form.response.status).toBe(200);
    expectSecurityHeaders(form.response);
    const post = (value: string) => fetch(`${server.base}/login`, { method: 'POST', body: new URLSearchParams({ token: value }), redirect: 'manual' });
    expect((await post('not-the-token')).status).toBe(401);
    const signedIn = await post(token);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=43200/); // 12 h by default
    expect(cookie).not.toMatch(/Secure/); // not configured: a client's X-Forwarded-Proto does not decide it
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0]!;
    const second = ((await post(token)).headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(second).not.toBe(session); // a new session per sign-in
    const whoami = await get(`${server.base}/api/session`, { cookie: session, 'x-svcmap-user': 'someone-else' });
    expect(JSON.parse(whoami.text)).toEqual({ user: 'token' }); // the server says who, not the client
    expect((await get(`${server.base}/`, { cookie: session })).response.status).toBe(200);

    const signedOut = await fetch(`${server.base}/logout`, { method: 'POST', headers: { cookie: session }, redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('set-cookie')).toMatch(/svcmap_session=; Max-Age=0/);
    const after = await get(`${server.base}/api/clusters`, { cookie: session });
    expect(after.response.status).toBe(401);
    expect(JSON.parse(after.text).error.message).toMatch(/session has ended/);
    expect((await get(`${server.base}/api/clusters`, { cookie: second })).response.status).toBe(200); // the other session lives on
  });

  it('does not add HSTS because a client says X-Forwarded-Proto: https', async () => {
    const { response } = await get(`${server.base}/api/healthz`, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('throttles a client that keeps guessing: 429 with Retry-After, while other addresses sign in', async () => {
    let status = 401;
    let attempts = 0;
    while (status === 401 && attempts < 50) {
      attempts++;
      status = (await get(`${server.base}/api/clusters`, { authorization: `Bearer guess-${attempts}` })).response.status;
    }
    expect(status).toBe(429);
    expect(attempts).toBeLessThanOrEqual(11);
    const refused = await get(`${server.base}/api/clusters`, { authorization: `Bearer ${token}` });
    expect(refused.response.status).toBe(429);
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(refused.text).error.code).toBe('TooManyAttempts');
    // 127.0.0.2 is another client address on the same loopback interface.
    const other = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.base}/api/clusters`);
      request({ host: url.hostname, port: url.port, path: url.pathname, localAddress: '127.0.0.2', headers: { authorization: `Bearer ${token}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject).end();
    });
    expect(other).toBe(200);
  });
});

describe('token mode served over TLS by its ingress (SVCMAP_SECURE_COOKIES=true)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(3419, { SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token, SVCMAP_SECURE_COOKIES: 'true', SVCMAP_SESSION_HOURS: '1' });
  });
  afterAll(() => server?.stop());

  it('marks the session cookie Secure, with the configured lifetime, and sends HSTS', async () => {
    const signedIn = await fetch(`${server.base}/login`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/Max-Age=3600/);
    expect((await get(`${server.base}/api/healthz`)).response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('proxy mode', () => {
  let trusted: RunningServer;
  let untrusted: RunningServer;
  beforeAll(async () => {
    [trusted, untrusted] = await Promise.all([
      startServer(3412, { SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '127.0.0.1' }),
      startServer(3413, { SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '10.9.9.9' }),
    ]);
  });
  afterAll(async () => {
    await trusted?.stop();
    await untrusted?.stop();
  });

  it('takes the user oauth2-proxy names in X-Forwarded-User, from a trusted address only', async () => {
    const whoami = await get(`${trusted.base}/api/session`, { 'x-forwarded-user': 'ada@example.com' });
    expect(JSON.parse(whoami.text)).toEqual({ user: 'ada@example.com' });
    expect((await get(`${trusted.base}/api/clusters`)).response.status).toBe(401);
    const spoofed = await get(`${untrusted.base}/api/clusters`, { 'x-forwarded-user': 'mallory' });
    expect(spoofed.response.status).toBe(403);
    const message = JSON.parse(spoofed.text).error.message;
    expect(message).toContain('must come through the authenticating proxy');
    expect(message).not.toContain('10.9.9.9'); // the trusted list is not told to untrusted clients
  });

  it('reads a UTF-8 user name correctly, and only from the one configured header', async () => {
    const url = new URL(`${trusted.base}/api/session`);
    const user = await new Promise<string>((resolve, reject) => {
      // fetch() refuses non-Latin-1 header values; a proxy sends the UTF-8 bytes as they are.
      request({ host: url.hostname, port: url.port, path: url.pathname, headers: { 'x-forwarded-user': Buffer.from('José 山田', 'utf8').toString('latin1'), 'x-auth-request-user': 'mallory' } }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve(JSON.parse(body).user));
      }).on('error', reject).end();
    });
    expect(user).toBe('José 山田');
  });
});

describe('without a kubeconfig', () => {
  it('offers the simulated demo cluster as the current context, and never a real one', async () => {
    const server = await startServer(3417, { KUBECONFIG: undefined, HOME: mkdtempSync(join(tmpdir(), 'svcmap-home-')), SVCMAP_DEMO: undefined });
    try {
      expect(await (await fetch(`${server.base}/api/clusters`)).json()).toEqual({ contexts: [{ name: 'demo', cluster: 'demo (simulated)', current: true, demo: true }] });
      const graph = await (await fetch(`${server.base}/api/clusters/demo/graph?namespace=shop`)).json();
      expect(graph.graph.nodes.some((node: { id: string }) => node.id === 'Service/shop/frontend')).toBe(true);
      expect((await fetch(`${server.base}/api/clusters/svcmap-admin/graph`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

describe('credentials', () => {
  it('never reach the browser: no key, certificate or token of the kubeconfig in any answer', async () => {
    const kubeconfig = readFileSync(process.env.KUBECONFIG!, 'utf8');
    const secrets = [...kubeconfig.matchAll(/(?:client-key-data|client-certificate-data|token): *(\S+)/g)].map((match) => {
      const value = match[1]!;
      return value.length > 100 ? value.slice(80, 120) : value; // past the PEM header every key shares
    });
    expect(secrets.length).toBeGreaterThan(0);
    const server = await startServer(3418, {});
    try {
      for (const route of ['/', '/api/clusters', '/api/clusters/svcmap-admin/graph', '/api/clusters/svcmap-expired/graph']) {
        const text = await (await fetch(server.base + route)).text();
        for (const secret of secrets) expect(text, route).not.toContain(secret);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('binding', () => {
  it('refuses to listen on all interfaces without an auth mode, and says what to set', async () => {
    const { code, output } = await runToExit({ HOST: '0.0.0.0', PORT: '3414', SVCMAP_AUTH: undefined });
    expect(code).toBe(2);
    expect(output).toContain('without authentication');
    expect(output).toContain('SVCMAP_AUTH=token');
  });
});
