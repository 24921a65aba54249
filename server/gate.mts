// The checks every request passes before Next.js sees it, in order: a path that decodes,
// a method svcmap serves, a Host/Origin it is served as, then authentication (with
// failed attempts throttled per client address). Pure over the request's facts, so each
// refusal is unit-tested; server/main.mts turns a refusal into a JSON response.
// Plain Node (run with type stripping): no imports outside node: and this folder.
import { type AuthConfig, decide, publicPaths } from './auth.mts';
import { type HostPolicy, hostAllowed, originAllowed } from './hosts.mts';
import type { Sessions } from './sessions.mts';
import type { FailureThrottle } from './throttle.mts';

export interface GateContext {
  auth: AuthConfig;
  hosts: HostPolicy;
  sessions: Sessions;
  throttle: FailureThrottle;
}

export interface GateRequest {
  method: string;
  /** The request target as sent (path and query). */
  url: string;
  remoteAddress: string;
  headers: Record<string, string | string[] | undefined>;
}

export type Refusal = { status: number; code: string; message: string; headers?: Record<string, string>; login?: boolean; log?: string };
export type GateResult = { pass: true; path: string; user: string | null } | { pass: false; path: string; refusal: Refusal };

/** Paths the server itself answers with POST in token mode; every other request is GET or HEAD. */
export const formPaths = new Set(['/login', '/logout']);

/**
 * The request's path as sent, or null when it is not a valid URL path (bad percent-encoding).
 * Not normalised: every decision is taken on the path as written ("//x/api/healthz" or
 * "/api/clusters/../healthz" is no public path), so no reading of it gets more access.
 */
export function requestPath(url: string): string | null {
  const path = url.split(/[?#]/, 1)[0]!;
  if (!path.startsWith('/')) return null;
  try {
    decodeURIComponent(path);
  } catch {
    return null;
  }
  return path;
}

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function gate(context: GateContext, request: GateRequest): GateResult {
  const path = requestPath(request.url);
  if (path === null) {
    return { pass: false, path: '/', refusal: { status: 400, code: 'InvalidPath', message: 'The request path is not valid: check its percent-encoding (%XX with two hex digits).' } };
  }
  const refuse = (refusal: Refusal): GateResult => ({ pass: false, path, refusal });

  const form = context.auth.mode === 'token' && formPaths.has(path);
  const allowed = form ? ['GET', 'HEAD', 'POST'] : ['GET', 'HEAD'];
  if (!allowed.includes(request.method)) {
    return refuse({
      status: 405,
      code: 'MethodNotAllowed',
      message: `svcmap is read-only: ${request.method.slice(0, 20)} is not allowed here; use ${allowed.join(' or ')}.`,
      headers: { Allow: allowed.join(', ') },
    });
  }

  // The probes come from the kubelet, which names the pod's IP as the host; they reveal nothing.
  if (!(path === '/api/healthz' || path === '/api/readyz')) {
    const host = firstValue(request.headers.host);
    if (!hostAllowed(context.hosts, host)) {
      return refuse({
        status: 421,
        code: 'UnknownHost',
        message: 'svcmap is not served under this host name. If this is your name for it, add it to SVCMAP_ALLOWED_HOSTS.',
        log: `refused Host ${JSON.stringify(String(host).slice(0, 100))}`,
      });
    }
    const origin = firstValue(request.headers.origin);
    if (!originAllowed(context.hosts, origin)) {
      return refuse({
        status: 403,
        code: 'ForeignOrigin',
        message: 'Requests from other sites are refused. If this is your name for svcmap, add it to SVCMAP_ALLOWED_HOSTS.',
        log: `refused Origin ${JSON.stringify(String(origin).slice(0, 100))}`,
      });
    }
  }

  if (publicPaths.has(path) && !(form && request.method === 'POST')) return { pass: true, path, user: null };
  const address = request.remoteAddress.replace(/^::ffff:/, '');
  const wait = context.throttle.retryAfter(address);
  if (wait > 0) {
    return refuse({ status: 429, code: 'TooManyAttempts', message: `Too many failed sign-in attempts from your address: try again in ${wait} s.`, headers: { 'Retry-After': String(wait) } });
  }
  // The form handlers check the token themselves; signing out needs no sign-in.
  if (form && (request.method === 'POST' || path === '/logout')) return { pass: true, path, user: null };
  const decision = decide(context.auth, { path, remoteAddress: request.remoteAddress, headers: request.headers }, context.sessions);
  if (decision.allow) return { pass: true, path, user: decision.user };
  if (decision.failedAttempt) context.throttle.fail(address);
  const log = context.auth.mode === 'proxy' && decision.status === 403 ? `untrusted proxy address ${address}` : undefined;
  return refuse({ status: decision.status, code: decision.code, message: decision.message, login: decision.login, log });
}
