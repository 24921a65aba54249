// Which Host (and Origin) values svcmap answers to, in every auth mode. A web page the
// user visits can point its own hostname at 127.0.0.1 (DNS rebinding) and then read the
// cluster through the user's browser; its requests carry the attacker's hostname, so
// only names svcmap is served as are accepted: loopback names and addresses (any port:
// `kubectl port-forward` may pick another local port), the address it listens on, and
// the names in SVCMAP_ALLOWED_HOSTS ("svcmap.example.com" any port, or "name:port").
// Plain Node (run with type stripping): no imports outside node: and this folder.
import { isIP } from 'node:net';
import { isLoopback } from './auth.mts';

export interface HostPolicy {
  /** Lower-case host names (without port) accepted on any port. */
  names: Set<string>;
  /** Lower-case "host:port" accepted exactly. */
  hostPorts: Set<string>;
}

/** Splits "name", "name:port", "1.2.3.4:80" and "[::1]:80" into a lower-case host and a port. */
export function splitHost(value: string): { host: string; port: string | null } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  return { host: match[1]!.toLowerCase().replace(/\.$/, ''), port: match[2] ?? null };
}

export function hostPolicyFromEnv(env: Record<string, string | undefined>, listenHost: string): HostPolicy {
  const policy: HostPolicy = { names: new Set(), hostPorts: new Set() };
  // A specific address svcmap listens on is one it is served as (0.0.0.0 and :: are not names).
  const listen = isIP(listenHost) === 6 ? `[${listenHost}]` : listenHost;
  if (!['0.0.0.0', '[::]'].includes(listen)) policy.names.add(listen.toLowerCase());
  for (const entry of (env.SVCMAP_ALLOWED_HOSTS ?? '').split(',').map((text) => text.trim()).filter(Boolean)) {
    const parsed = splitHost(entry.replace(/^https?:\/\//, '').replace(/\/$/, ''));
    if (!parsed || !/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/.test(parsed.host)) {
      throw new Error(`SVCMAP_ALLOWED_HOSTS: "${entry}" is not a host name, "name:port" or an IP address.`);
    }
    if (parsed.port === null) policy.names.add(parsed.host);
    else policy.hostPorts.add(`${parsed.host}:${parsed.port}`);
  }
  return policy;
}

export function hostAllowed(policy: HostPolicy, value: string | undefined): boolean {
  if (!value) return false;
  const parsed = splitHost(value);
  if (!parsed) return false;
  return isLoopback(parsed.host) || policy.names.has(parsed.host) || (parsed.port !== null && policy.hostPorts.has(`${parsed.host}:${parsed.port}`));
}

/** An Origin header, when present, must be http(s) on an accepted host ("null" is refused). */
export function originAllowed(policy: HostPolicy, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const match = /^https?:\/\/([^/]+)$/i.exec(origin);
  return match !== null && hostAllowed(policy, match[1]);
}
