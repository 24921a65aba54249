// Who may use svcmap, decided before a request reaches Next.js. Three modes:
//   none  — anyone who can reach the port (the default on 127.0.0.1; elsewhere only when
//           SVCMAP_AUTH=none says so explicitly);
//   token — a shared secret: "Authorization: Bearer <token>", or the login form, which sets
//           an HttpOnly, SameSite=Strict cookie holding a random, expiring session signed
//           with the token (server/sessions.mts);
//   proxy — a reverse proxy that authenticated the user (oauth2-proxy) names them in one
//           configured header (SVCMAP_USER_HEADER); believed only from SVCMAP_TRUSTED_PROXIES.
// Plain Node (run with type stripping): no imports outside node: and this folder.
import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { type Sessions, sessionCookie } from './sessions.mts';

export type AuthConfig =
  | { mode: 'none' }
  | { mode: 'token'; token: string }
  | { mode: 'proxy'; trusted: BlockList; userHeader: string };

export type Decision =
  | { allow: true; user: string | null }
  | { allow: false; status: 401 | 403; code: string; message: string; login: boolean; failedAttempt: boolean };

/** Paths that answer without auth: the kubelet's probes and the login form itself. */
export const publicPaths = new Set(['/api/healthz', '/api/readyz', '/login']);
export const userHeader = 'x-svcmap-user';
const minTokenLength = 16;
const recommendedTokenLength = 32;

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/**
 * One address or CIDR of SVCMAP_TRUSTED_PROXIES, added to the list; throws on anything
 * else. The prefix must be decimal digits within the family's range: "10.0.0.0/" would
 * otherwise read as /0 (Number('') is 0) and trust every address.
 */
function addTrusted(trusted: BlockList, entry: string): void {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  const problem = `SVCMAP_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8 or fd00::/8).`;
  if (family === 0 || rest.length > 0) throw new Error(problem);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) return trusted.addAddress(address, type);
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) throw new Error(problem);
  trusted.addSubnet(address, bits, type);
}

/** A header name as HTTP allows it (RFC 9110 token), lower-cased as Node hands headers over. */
function headerName(value: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) throw new Error(`SVCMAP_USER_HEADER: "${value}" is not an HTTP header name.`);
  return value.toLowerCase();
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
    const warning =
      token.length < recommendedTokenLength
        ? `SVCMAP_AUTH_TOKEN has ${token.length} characters; use at least ${recommendedTokenLength} random ones (openssl rand -hex 24) so it cannot be guessed.`
        : undefined;
    return { config: { mode, token }, warning };
  }
  if (mode === 'proxy') {
    const trusted = new BlockList();
    const entries = (env.SVCMAP_TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    if (entries.length === 0) throw new Error('SVCMAP_AUTH=proxy needs SVCMAP_TRUSTED_PROXIES: the addresses or CIDRs of the authenticating proxy, comma-separated.');
    for (const entry of entries) addTrusted(trusted, entry);
    return { config: { mode, trusted, userHeader: headerName(env.SVCMAP_USER_HEADER || 'X-Forwarded-User') } };
  }
  throw new Error(`SVCMAP_AUTH="${mode}" is not a mode svcmap knows; use none, token or proxy.`);
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A header value as the proxy sent it. Node hands header bytes over as Latin-1; a proxy
 * naming "José" sends UTF-8, so the bytes are decoded again (and kept as they are when
 * they are not valid UTF-8).
 */
export function decodeHeader(value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}

export interface RequestFacts {
  path: string;
  remoteAddress: string;
  headers: Record<string, string | string[] | undefined>;
}

export function decide(config: AuthConfig, request: RequestFacts, sessions?: Sessions): Decision {
  if (config.mode === 'none' || publicPaths.has(request.path)) return { allow: true, user: null };
  const api = request.path.startsWith('/api/');
  if (config.mode === 'token') {
    const authorization = headerValue(request.headers.authorization) ?? '';
    const bearer = /^Bearer (.+)$/i.exec(authorization)?.[1];
    if (bearer !== undefined && sameSecret(bearer, config.token)) return { allow: true, user: 'token' };
    const session = cookie(headerValue(request.headers.cookie), sessionCookie);
    if (session !== undefined && sessions?.valid(session)) return { allow: true, user: 'token' };
    return {
      allow: false,
      status: 401,
      code: 'Unauthorized',
      message:
        bearer !== undefined
          ? 'The bearer token is not the one this svcmap was started with.'
          : session !== undefined
            ? 'Your session has ended: sign in again at /login.'
            : 'Sign in: send "Authorization: Bearer <token>" or use the form at /login.',
      login: !api,
      // A wrong token or a forged cookie counts towards throttling; a request with no credentials does not.
      failedAttempt: bearer !== undefined || session !== undefined,
    };
  }
  const address = request.remoteAddress.replace(/^::ffff:/, '');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (!config.trusted.check(address, family)) {
    // Untrusted clients are not told which addresses are trusted (the server logs it).
    return { allow: false, status: 403, code: 'Forbidden', message: 'Requests must come through the authenticating proxy.', login: false, failedAttempt: false };
  }
  const user = decodeHeader(headerValue(request.headers[config.userHeader]) ?? '').trim();
  if (!user) return { allow: false, status: 401, code: 'Unauthorized', message: `The proxy sent no ${config.userHeader} header: is it authenticating?`, login: false, failedAttempt: false };
  return { allow: true, user };
}
