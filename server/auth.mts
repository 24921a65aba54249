// Who may use svcmap, decided before a request reaches Next.js. Three modes:
//   none  — anyone who can reach the port (the default on 127.0.0.1; elsewhere only when
//           SVCMAP_AUTH=none says so explicitly);
//   token — a shared secret: "Authorization: Bearer <token>", or the login form, which sets
//           an HttpOnly, SameSite=Strict session cookie derived from the token;
//   proxy — a reverse proxy that authenticated the user (oauth2-proxy) names them in
//           X-Auth-Request-User or X-Forwarded-User; believed only from SVCMAP_TRUSTED_PROXIES.
// Plain Node (run with type stripping): no imports outside node: and this folder.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

export type AuthConfig =
  | { mode: 'none' }
  | { mode: 'token'; token: string }
  | { mode: 'proxy'; trusted: BlockList; trustedText: string };

export type Decision =
  | { allow: true; user: string | null }
  | { allow: false; status: 401 | 403; code: string; message: string; login: boolean };

/** Paths that answer without auth: the kubelet's probes and the login form itself. */
export const publicPaths = new Set(['/api/healthz', '/api/readyz', '/login']);
export const sessionCookie = 'svcmap_session';
export const userHeader = 'x-svcmap-user';
const minTokenLength = 16;

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Reads SVCMAP_AUTH and friends; throws an Error whose message says what to set. */
export function authConfigFromEnv(env: Record<string, string | undefined>, host: string): { config: AuthConfig; warning?: string } {
  const mode = env.SVCMAP_AUTH ?? '';
  if (mode === '') {
    if (isLoopback(host)) return { config: { mode: 'none' } };
    throw new Error(
      `svcmap would listen on ${host}, reachable by others, without authentication. Set SVCMAP_AUTH=token (with SVCMAP_AUTH_TOKEN), ` +
        'SVCMAP_AUTH=proxy (with SVCMAP_TRUSTED_PROXIES), or SVCMAP_AUTH=none to accept that anyone who reaches the port sees your cluster.',
    );
  }
  if (mode === 'none') {
    return isLoopback(host) ? { config: { mode } } : { config: { mode }, warning: `SVCMAP_AUTH=none: anyone who can reach ${host} sees the cluster map without signing in.` };
  }
  if (mode === 'token') {
    const token = env.SVCMAP_AUTH_TOKEN ?? '';
    if (token.length < minTokenLength) throw new Error(`SVCMAP_AUTH=token needs SVCMAP_AUTH_TOKEN of at least ${minTokenLength} characters (e.g. openssl rand -hex 24).`);
    return { config: { mode, token } };
  }
  if (mode === 'proxy') {
    const trustedText = env.SVCMAP_TRUSTED_PROXIES ?? '';
    const trusted = new BlockList();
    const entries = trustedText.split(',').map((entry) => entry.trim()).filter(Boolean);
    if (entries.length === 0) throw new Error('SVCMAP_AUTH=proxy needs SVCMAP_TRUSTED_PROXIES: the addresses or CIDRs of the authenticating proxy, comma-separated.');
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address);
      if (family === 0) throw new Error(`SVCMAP_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR.`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) trusted.addAddress(address, type);
      else trusted.addSubnet(address, Number(prefix), type);
    }
    return { config: { mode, trusted, trustedText: entries.join(', ') } };
  }
  throw new Error(`SVCMAP_AUTH="${mode}" is not a mode svcmap knows; use none, token or proxy.`);
}

/** The cookie value for a token: an HMAC, so the cookie is not the token and a new token ends old sessions. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('svcmap-session-v1').digest('hex');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export interface RequestFacts {
  path: string;
  remoteAddress: string;
  headers: Record<string, string | string[] | undefined>;
}

export function decide(config: AuthConfig, request: RequestFacts): Decision {
  if (config.mode === 'none' || publicPaths.has(request.path)) return { allow: true, user: null };
  const api = request.path.startsWith('/api/');
  if (config.mode === 'token') {
    const authorization = headerValue(request.headers.authorization) ?? '';
    const bearer = /^Bearer (.+)$/i.exec(authorization)?.[1];
    if (bearer !== undefined && sameSecret(bearer, config.token)) return { allow: true, user: 'token' };
    const session = cookie(headerValue(request.headers.cookie), sessionCookie);
    if (session !== undefined && sameSecret(session, sessionValue(config.token))) return { allow: true, user: 'token' };
    return {
      allow: false,
      status: 401,
      code: 'Unauthorized',
      message: bearer !== undefined ? 'The bearer token is not the one this svcmap was started with.' : 'Sign in: send "Authorization: Bearer <token>" or use the form at /login.',
      login: !api,
    };
  }
  const address = request.remoteAddress.replace(/^::ffff:/, '');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (!config.trusted.check(address, family)) {
    return { allow: false, status: 403, code: 'Forbidden', message: `Requests must come through the authenticating proxy (${config.trustedText}); this one came from ${address}.`, login: false };
  }
  const user = headerValue(request.headers['x-auth-request-user']) ?? headerValue(request.headers['x-forwarded-user']);
  if (!user) return { allow: false, status: 401, code: 'Unauthorized', message: 'The proxy sent no X-Auth-Request-User or X-Forwarded-User header: is it authenticating?', login: false };
  return { allow: true, user };
}
