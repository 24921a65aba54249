// Throttles failed sign-in attempts per client address: a few wrong tokens are mistakes,
// hundreds a second are guessing. Each address may fail `limit` times per window; past
// that its attempts are refused (429 with Retry-After) until the window ends. Memory is
// bounded: the oldest addresses are forgotten first.
// Plain Node (run with type stripping): no imports outside node: and this folder.

export interface ThrottleOptions {
  limit?: number;
  windowMs?: number;
  maxAddresses?: number;
  now?: () => number;
}

export class FailureThrottle {
  private readonly failures = new Map<string, { count: number; windowEnds: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds this address must wait before trying again; 0 when it may try now. */
  retryAfter(address: string): number {
    const entry = this.current(address);
    return entry && entry.count >= this.limit ? Math.ceil((entry.windowEnds - this.now()) / 1000) : 0;
  }

  fail(address: string): void {
    const entry = this.current(address);
    if (entry) {
      entry.count++;
      return;
    }
    if (this.failures.size >= this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(address, { count: 1, windowEnds: this.now() + this.windowMs });
  }

  private current(address: string) {
    const entry = this.failures.get(address);
    if (entry && entry.windowEnds <= this.now()) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
