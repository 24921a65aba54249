import { describe, expect, it } from 'vitest';
import { authConfigFromEnv, decide, isLoopback, sessionCookie, sessionValue } from './auth.mts';

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
});

describe('token mode', () => {
  const { config } = authConfigFromEnv({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token }, '0.0.0.0');

  it('lets in the right bearer token or session cookie, and nothing else', () => {
    expect(decide(config, request('/api/clusters', { authorization: `Bearer ${token}` }))).toEqual({ allow: true, user: 'token' });
    expect(decide(config, request('/', { cookie: `theme=dark; ${sessionCookie}=${sessionValue(token)}` }))).toEqual({ allow: true, user: 'token' });
    expect(decide(config, request('/api/clusters', { authorization: `Bearer ${token}x` }))).toMatchObject({ allow: false, status: 401, message: /not the one/ });
    expect(decide(config, request('/api/clusters', { cookie: `${sessionCookie}=${token}` }))).toMatchObject({ allow: false, status: 401 });
    expect(decide(config, request('/api/clusters'))).toMatchObject({ allow: false, status: 401, login: false });
    expect(decide(config, request('/'))).toMatchObject({ allow: false, login: true }); // a page: off to the login form
  });

  it('keeps the probes and the login form open', () => {
    for (const path of ['/api/healthz', '/api/readyz', '/login']) expect(decide(config, request(path)).allow).toBe(true);
  });

  it('ties sessions to the token: a new token ends them, and the cookie is not the token', () => {
    expect(sessionValue(token)).not.toContain(token);
    expect(sessionValue(token)).not.toBe(sessionValue(`${token}-rotated`));
  });
});

describe('proxy mode', () => {
  const { config } = authConfigFromEnv({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' }, '0.0.0.0');

  it('believes the user header only from a trusted proxy address', () => {
    expect(decide(config, request('/', { 'x-auth-request-user': 'ada' }))).toEqual({ allow: true, user: 'ada' });
    expect(decide(config, request('/', { 'x-forwarded-user': 'grace' }, '::ffff:10.2.3.4'))).toEqual({ allow: true, user: 'grace' });
    expect(decide(config, request('/', { 'x-forwarded-user': 'mallory' }, '192.168.1.5'))).toMatchObject({ allow: false, status: 403, message: /came from 192\.168\.1\.5/ });
  });

  it('refuses a trusted proxy that names no user', () => {
    expect(decide(config, request('/api/clusters'))).toMatchObject({ allow: false, status: 401, message: /X-Auth-Request-User/ });
  });
});
