import { describe, expect, it } from 'vitest';
import { authConfigFromEnv } from './auth.mts';
import { gate, type GateContext, requestPath } from './gate.mts';
import { hostAllowed, hostPolicyFromEnv, originAllowed } from './hosts.mts';
import { Sessions } from './sessions.mts';
import { FailureThrottle } from './throttle.mts';

const token = 'a-shared-token-of-at-least-32-characters';

function context(env: Record<string, string> = {}, listen = '127.0.0.1'): GateContext {
  return {
    auth: authConfigFromEnv(env, listen).config,
    hosts: hostPolicyFromEnv(env, listen),
    sessions: new Sessions(token, 3_600_000),
    throttle: new FailureThrottle({ limit: 3, windowMs: 60_000 }),
  };
}

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ method, url, remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:3000', ...headers } });

describe('the request gate', () => {
  it('refuses paths with malformed percent-encoding with 400 InvalidPath', () => {
    for (const url of ['/api/clusters/%ff/graph', '/api/%zz', '/%', '/a%2']) {
      expect(requestPath(url), url).toBeNull();
      expect(gate(context(), get(url)), url).toMatchObject({ pass: false, refusal: { status: 400, code: 'InvalidPath' } });
    }
    expect(gate(context(), get('/api/clusters/a%20b/graph')).pass).toBe(true);
  });

  it('decides on the path as written: no spelling of a public path lets an unauthenticated request past', () => {
    const tokenMode = context({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token });
    for (const url of ['//evil.example/api/healthz', '/api/clusters/../healthz', '/api/healthz/../clusters', '/api//healthz', '/login/../api/clusters']) {
      expect(gate(tokenMode, get(url)), url).toMatchObject({ pass: false, refusal: { status: 401 } });
    }
    expect(gate(tokenMode, get('/api/healthz?x=1')).pass).toBe(true);
  });

  it('allows GET and HEAD only, and POST to the sign-in forms in token mode; others get 405 with Allow', () => {
    for (const method of ['TRACE', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND']) {
      expect(gate(context(), get('/api/healthz', {}, method)), method).toMatchObject({ pass: false, refusal: { status: 405, code: 'MethodNotAllowed', headers: { Allow: 'GET, HEAD' } } });
      expect(gate(context(), get('/_next/static/chunks/x.js', {}, method)).pass).toBe(false);
    }
    expect(gate(context(), get('/', {}, 'HEAD')).pass).toBe(true);
    const tokenMode = context({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token });
    expect(gate(tokenMode, get('/login', {}, 'POST')).pass).toBe(true);
    expect(gate(tokenMode, get('/logout', {}, 'POST')).pass).toBe(true);
    expect(gate(tokenMode, get('/api/clusters', {}, 'POST'))).toMatchObject({ refusal: { status: 405 } });
    expect(gate(context(), get('/login', {}, 'POST'))).toMatchObject({ refusal: { status: 405 } }); // no form without token mode
  });

  it('refuses a Host svcmap is not served as (DNS rebinding), in every auth mode', () => {
    const modes = [context(), context({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token }), context({ SVCMAP_AUTH: 'proxy', SVCMAP_TRUSTED_PROXIES: '127.0.0.1' })];
    for (const mode of modes) {
      for (const host of ['rebind.attacker.example', 'rebind.attacker.example:3000', '127.0.0.1.nip.io', '', 'localhost.attacker.example']) {
        const result = gate(mode, get('/api/clusters', { host, authorization: `Bearer ${token}`, 'x-forwarded-user': 'ada' }));
        expect(result, `${mode.auth.mode} ${host}`).toMatchObject({ pass: false, refusal: { status: 421, code: 'UnknownHost' } });
      }
    }
    const noHost = { method: 'GET', url: '/api/clusters', remoteAddress: '127.0.0.1', headers: {} };
    expect(gate(context(), noHost)).toMatchObject({ refusal: { code: 'UnknownHost' } });
  });

  it('accepts loopback names on any port (port-forward), the listen address, and SVCMAP_ALLOWED_HOSTS', () => {
    const policy = hostPolicyFromEnv({ SVCMAP_ALLOWED_HOSTS: 'svcmap.example.com, https://svcmap.corp.example:8443/' }, '10.1.2.3');
    for (const host of ['localhost:8080', '127.0.0.1:3000', '127.1.2.3', '[::1]:3000', 'LOCALHOST:3000', '10.1.2.3:3000', 'svcmap.example.com', 'svcmap.example.com:443', 'svcmap.corp.example:8443']) {
      expect(hostAllowed(policy, host), host).toBe(true);
    }
    for (const host of ['svcmap.corp.example', 'svcmap.corp.example:443', 'example.com', 'svcmap.example.com.evil', '10.1.2.4:3000', 'a@b', '[::2]:3000']) {
      expect(hostAllowed(policy, host), host).toBe(false);
    }
    expect(() => hostPolicyFromEnv({ SVCMAP_ALLOWED_HOSTS: 'bad host' }, '0.0.0.0')).toThrow(/SVCMAP_ALLOWED_HOSTS/);
    expect(hostPolicyFromEnv({}, '0.0.0.0').names.size).toBe(0); // 0.0.0.0 is not a name anyone is served as
  });

  it('refuses an Origin of another site, or "null"; accepts none or its own', () => {
    const policy = hostPolicyFromEnv({}, '127.0.0.1');
    expect(originAllowed(policy, undefined)).toBe(true);
    expect(originAllowed(policy, 'http://127.0.0.1:3000')).toBe(true);
    for (const origin of ['null', 'https://attacker.example', 'http://127.0.0.1.attacker.example', 'file://', 'http://localhost:3000/path']) {
      expect(originAllowed(policy, origin), origin).toBe(false);
    }
    expect(gate(context(), get('/api/clusters', { origin: 'https://attacker.example' }))).toMatchObject({ refusal: { status: 403, code: 'ForeignOrigin' } });
  });

  it('keeps the probes open whatever the Host (the kubelet names the pod IP)', () => {
    expect(gate(context({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token }, '0.0.0.0'), get('/api/healthz', { host: '10.244.1.7:3000' })).pass).toBe(true);
  });

  it('throttles failed attempts per address with 429 and Retry-After; credential-less requests do not count', () => {
    const tokenMode = context({ SVCMAP_AUTH: 'token', SVCMAP_AUTH_TOKEN: token });
    for (let i = 0; i < 5; i++) expect(gate(tokenMode, get('/api/clusters'))).toMatchObject({ refusal: { status: 401 } });
    for (let i = 0; i < 3; i++) expect(gate(tokenMode, get('/api/clusters', { authorization: 'Bearer wrong' }))).toMatchObject({ refusal: { status: 401 } });
    const throttled = gate(tokenMode, get('/api/clusters', { authorization: `Bearer ${token}` }));
    expect(throttled).toMatchObject({ pass: false, refusal: { status: 429, code: 'TooManyAttempts' } });
    expect(Number((throttled as { refusal: { headers: Record<string, string> } }).refusal.headers['Retry-After'])).toBeGreaterThan(0);
    const elsewhere = { ...get('/api/clusters', { authorization: `Bearer ${token}` }), remoteAddress: '127.0.0.2' };
    expect(gate(tokenMode, elsewhere).pass).toBe(true);
  });
});

describe('FailureThrottle', () => {
  it('forgets an address when its window ends, and bounds how many it remembers', () => {
    let now = 0;
    const throttle = new FailureThrottle({ limit: 2, windowMs: 10_000, maxAddresses: 2, now: () => now });
    throttle.fail('a');
    throttle.fail('a');
    expect(throttle.retryAfter('a')).toBe(10);
    now = 9_001;
    expect(throttle.retryAfter('a')).toBe(1);
    now = 10_000;
    expect(throttle.retryAfter('a')).toBe(0);
    throttle.fail('b');
    throttle.fail('b');
    throttle.fail('c');
    throttle.fail('d'); // b is forgotten: the oldest
    expect(throttle.retryAfter('b')).toBe(0);
  });
});
