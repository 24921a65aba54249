import { describe, expect, it } from 'vitest';
import { authConfigFromEnv, decide, decodeHeader, isLoopback } from './auth.mts';
import { sessionCookie, Sessions } from './sessions.mts';

const token = 'a-shared-token-of-24-chars';
const request = (path: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') => ({ path, headers, remoteAddress });

describe('binding and auth modes', () => {
  it('needs nothing on loopback', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) {
      expect(isLoopback(host)).toBe(true);
      expect(authConfigFromEnv({}, host).config.mode).toBe('none');
    }
  });

  it('refuses to listen beyond loopback without an auth mode, saying what to set', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3']) {
      expect(() => authConfigFromEnv({}, host)).toThrow(/SVCMAP_AUTH=token .*SVCMAP_AUTH=proxy .*SVCMAP_AUTH=none/);
    }
  });

  it('accepts SVCMAP_AUTH=none beyond loopback only as an explicit choice, with a warning', () => {
    const { config, warning } = authConfigFromEnv({ SVCMAP_AUTH: 'none' }, '0.0.0.0');
    expect(config.mode).toBe('none');
    expect(warning).toMatch(/anyone who can reach 0\.0\.0\.0/);
  });

  it('rejects a short token, an empty proxy list, a bad CIDR and an unknown mode', () => {
    expect(() => authConfigFromEnv({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: 'short' }, '0.0.0.0')).toThrow(/at least 16 characters/);
    expect(() => authConfigFromEnv({ SVCMAP_AUTH: 'proxy' }, '0.0.0.0')).toThrow(/SVCMAP_TRUSTED_PROXIES/);
    expect(() => authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: 'proxy.local' }, '0.0.0.0')).toThrow(/not an IP address or CIDR/);
    expect(() => authConfigFromEnv({ SVCMAP_AUTH: 'ldap' }, '0.0.0.0')).toThrow(/use none, token or proxy/);
  });

  it('refuses trusted-proxy entries that are not a well-formed address or CIDR (an empty prefix would trust everyone)', () => {
    for (const entry of ['10.0.0.0/', '10.0.0.0/99', '10.0.0.0/abc', '10.0.0.0/8.5', '10.0.0.0/-1', '10.0.0.0/+8', '10.0.0.0/ 8', '10.0.0.0/8/8', 'fd00::/129', '10.0.0.0/0x8', '10.0.0.0/1e1']) {
      expect(() => authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: entry }, '0.0.0.0'), entry).toThrow(/not an IP address or CIDR/);
    }
    const { config } = authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8, 192.168.1.1' }, '0.0.0.0');
    expect(decide(config, request('/', { 'x-forwarded-user': 'ada' }, '10.9.9.9')).allow).toBe(true);
    expect(decide(config, request('/', { 'x-forwarded-user': 'ada' }, '11.0.0.1')).allow).toBe(false);
  });

  it('warns about a token shorter than 32 characters, and not about a longer one', () => {
    expect(authConfigFromEnv({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token }, '0.0.0.0').warning).toMatch(/at least 32 random/);
    expect(authConfigFromEnv({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: 'x'.repeat(32) }, '0.0.0.0').warning).toBeUndefined();
  });
});

describe('token mode', () => {
  const { config } = authConfigFromEnv({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token }, '0.0.0.0');
  const sessions = new Sessions(token, 3_600_000);

  it('lets in the right bearer token or a live session cookie, and nothing else', () => {
    const session = sessions.create();
    expect(decide(config, request('/api/clusters', { authorization: `Bearer ${token}` }), sessions)).toEqual({ allow: true, user: 'token' });
    expect(decide(config, request('/', { cookie: `theme=dark; ${sessionCookie}=${session}` }), sessions)).toEqual({ allow: true, user: 'token' });
    expect(decide(config, request('/api/clusters', { authorization: `Bearer ${token}x` }), sessions)).toMatchObject({ allow: false, status: 401, message: /not the one/, failedAttempt: true });
    expect(decide(config, request('/api/clusters', { cookie: `${sessionCookie}=${token}` }), sessions)).toMatchObject({ allow: false, status: 401, failedAttempt: true });
    expect(decide(config, request('/api/clusters'), sessions)).toMatchObject({ allow: false, status: 401, login: false, failedAttempt: false });
    expect(decide(config, request('/'), sessions)).toMatchObject({ allow: false, login: true }); // a page: off to the login form
  });

  it('keeps the probes and the login form open', () => {
    for (const path of ['/api/healthz', '/api/readyz', '/login']) expect(decide(config, request(path), sessions).allow).toBe(true);
  });
});

describe('sessions', () => {
  it('are random per sign-in, and not the token', () => {
    const sessions = new Sessions(token, 1000);
    const [a, b] = [sessions.create(), sessions.create()];
    expect(a).not.toBe(b);
    expect(a).not.toContain(token);
    expect(sessions.valid(a) && sessions.valid(b)).toBe(true);
  });

  it('expire after their lifetime', () => {
    let now = 1_000_000;
    const sessions = new Sessions(token, 12 * 3_600_000, () => now);
    const session = sessions.create();
    now += 12 * 3_600_000 - 1;
    expect(sessions.valid(session)).toBe(true);
    now += 1;
    expect(sessions.valid(session)).toBe(false);
  });

  it('end on sign-out (that session only) and with a new token (all of them)', () => {
    const sessions = new Sessions(token, 3_600_000);
    const [kept, ended] = [sessions.create(), sessions.create()];
    sessions.revoke(ended);
    expect(sessions.valid(ended)).toBe(false);
    expect(sessions.valid(kept)).toBe(true);
    expect(new Sessions(`${token}-rotated`, 3_600_000).valid(kept)).toBe(false);
  });

  it('refuse a tampered expiry or signature', () => {
    const sessions = new Sessions(token, 3_600_000);
    const [id, expires, signature] = sessions.create().split('.');
    expect(sessions.valid(`${id}.${Number(expires) + 1000}.${signature}`)).toBe(false);
    const otherLast = signature!.endsWith('A') ? 'B' : 'A';
    expect(sessions.valid(`${id}.${expires}.${signature!.slice(0, -1)}${otherLast}`)).toBe(false);
    expect(sessions.valid('')).toBe(false);
  });
});

describe('proxy mode', () => {
  const { config } = authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' }, '0.0.0.0');

  it('believes the one configured user header, and only from a trusted proxy address', () => {
    expect(decide(config, request('/', { 'x-forwarded-user': 'grace' }, '::ffff:10.2.3.4'))).toEqual({ allow: true, user: 'grace' });
    expect(decide(config, request('/', { 'x-auth-request-user': 'ada' }))).toMatchObject({ allow: false, status: 401 });
    expect(decide(config, request('/', { 'x-forwarded-user': 'mallory' }, '192.168.1.5'))).toMatchObject({ allow: false, status: 403 });
    const other = authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '127.0.0.1', SVCMAP_USER_HEADER: 'X-Auth-Request-User' }, '0.0.0.0').config;
    expect(decide(other, request('/', { 'x-auth-request-user': 'ada', 'x-forwarded-user': 'mallory' }))).toEqual({ allow: true, user: 'ada' });
    expect(() => authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '127.0.0.1', SVCMAP_USER_HEADER: 'bad header' }, '0.0.0.0')).toThrow(/not an HTTP header name/);
  });

  it('does not tell untrusted clients which addresses are trusted', () => {
    const decision = decide(config, request('/', { 'x-forwarded-user': 'mallory' }, '192.168.1.5'));
    expect(JSON.stringify(decision)).not.toMatch(/10\.0\.0\.0|127\.0\.0\.1/);
  });

  it('refuses a trusted proxy that names no user, or an empty one', () => {
    expect(decide(config, request('/api/clusters'))).toMatchObject({ allow: false, status: 401, message: /x-forwarded-user/ });
    expect(decide(config, request('/api/clusters', { 'x-forwarded-user': '  ' }))).toMatchObject({ allow: false, status: 401 });
  });

  it('reads a UTF-8 user name as the proxy sent it (Node hands the bytes over as Latin-1)', () => {
    const latin1 = Buffer.from('José Müller 山田', 'utf8').toString('latin1');
    expect(decide(config, request('/', { 'x-forwarded-user': latin1 }))).toEqual({ allow: true, user: 'José Müller 山田' });
    expect(decodeHeader('caf\u00e9')).toBe('caf\u00e9'); // not valid UTF-8: kept as it came
  });
});
