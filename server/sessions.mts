// Sessions of the token mode: each sign-in gets a random id and an expiry, signed with an
// HMAC keyed by the token, in an HttpOnly, SameSite=Strict cookie. The signature lets any
// replica (and a restarted server) check a session without shared state, and a new token
// ends every old session; signing out revokes the id in this process until it expires.
// Plain Node (run with type stripping): no imports outside node: and this folder.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const sessionCookie = 'svcmap_session';
export const defaultSessionHours = 12;
// Revoked ids are kept only until they expire; this bounds them in between.
const maxRevoked = 100_000;

export class Sessions {
  private readonly revoked = new Map<string, number>(); // id → expiry (ms)
  private readonly key: string;
  readonly lifetimeMs: number;
  private readonly now: () => number;

  // Plain fields, no parameter properties: Node's type stripping runs this file as it is.
  constructor(key: string, lifetimeMs: number, now: () => number = Date.now) {
    this.key = key;
    this.lifetimeMs = lifetimeMs;
    this.now = now;
  }

  /** A new session's cookie value: id.expiry.signature. */
  create(): string {
    const id = randomBytes(18).toString('base64url');
    const body = `${id}.${this.now() + this.lifetimeMs}`;
    return `${body}.${this.sign(body)}`;
  }

  valid(value: string): boolean {
    const parsed = this.parse(value);
    return parsed !== null && parsed.expires > this.now() && !this.revoked.has(parsed.id);
  }

  /** Ends the session this cookie value names (a forged or expired value changes nothing). */
  revoke(value: string): void {
    const parsed = this.parse(value);
    if (!parsed || parsed.expires <= this.now()) return;
    for (const [id, expires] of this.revoked) if (expires <= this.now() || this.revoked.size >= maxRevoked) this.revoked.delete(id);
    this.revoked.set(parsed.id, parsed.expires);
  }

  private parse(value: string): { id: string; expires: number } | null {
    const match = /^([A-Za-z0-9_-]{24})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return null;
    const [, id, expires, signature] = match;
    const expected = Buffer.from(this.sign(`${id}.${expires}`));
    if (!timingSafeEqual(Buffer.from(signature!), expected)) return null;
    return { id: id!, expires: Number(expires) };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`svcmap-session-v2:${body}`).digest('base64url');
  }
}

/** SVCMAP_SESSION_HOURS: how long a sign-in lasts; throws with what to set on a bad value. */
export function sessionLifetimeMs(env: Record<string, string | undefined>): number {
  const text = env.SVCMAP_SESSION_HOURS;
  if (text === undefined || text === '') return defaultSessionHours * 3_600_000;
  const hours = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(hours > 0 && hours <= 24 * 30)) throw new Error(`SVCMAP_SESSION_HOURS="${text}" must be a number of hours above 0 and at most 720.`);
  return hours * 3_600_000;
}
