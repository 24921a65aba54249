// Time for the reflectors: a clock tests can drive, and client-go's retry backoff.
export interface Clock {
  now(): number;
  random(): number;
  /** Resolves after ms, or early when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  setTimeout(callback: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    }),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};

export interface BackoffOptions {
  initialMs: number;
  capMs: number;
  resetAfterMs: number;
  factor: number;
  jitter: number;
}

/**
 * client-go's NewExponentialBackoffManager(800ms, 30s, 2min, 2.0, 1.0): the delay doubles
 * from 0.8 s up to 30 s, each wait gets up to +100 % jitter, and it starts over after two
 * minutes without a failure.
 */
export class Backoff {
  private readonly options: BackoffOptions;
  private current: number;
  private lastFailureAt: number | undefined;

  private readonly clock: Pick<Clock, 'now' | 'random'>;

  constructor(clock: Pick<Clock, 'now' | 'random'>, options: Partial<BackoffOptions> = {}) {
    this.clock = clock;
    this.options = { initialMs: 800, capMs: 30_000, resetAfterMs: 120_000, factor: 2, jitter: 1, ...options };
    this.current = this.options.initialMs;
  }

  next(): number {
    const now = this.clock.now();
    if (this.lastFailureAt !== undefined && now - this.lastFailureAt > this.options.resetAfterMs) {
      this.current = this.options.initialMs;
    }
    this.lastFailureAt = now;
    const base = this.current;
    this.current = Math.min(this.options.capMs, this.current * this.options.factor);
    return base * (1 + this.options.jitter * this.clock.random());
  }
}
