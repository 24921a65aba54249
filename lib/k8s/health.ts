// The health probe of a context: a cheap request to the apiserver (GET /livez) every few
// seconds. A frozen apiserver keeps watch connections open but silent, and bookmarks come
// only about once a minute, so no answer here is what marks the watches dead; an answer
// lets watches waiting out a backoff retry at once.
import type { Reflector } from './reflector';
import type { KubeObject } from '@/lib/graph/objects';

export interface HealthOptions {
  probe: (signal: AbortSignal) => Promise<void>;
  intervalMs: number;
  timeoutMs: number;
  onUnresponsive: () => void;
}

export class HealthProbe {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly options: HealthOptions;

  constructor(options: HealthOptions) {
    this.options = options;
  }

  /** Probes every interval, acting on the reflectors that `reflectors` returns at that time. */
  start(reflectors: () => Iterable<Reflector<KubeObject>>): void {
    this.stop();
    this.timer = setInterval(() => void this.check(reflectors()), this.options.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(reflectors: Iterable<Reflector<KubeObject>>): Promise<void> {
    const { probe, timeoutMs } = this.options;
    try {
      await probe(AbortSignal.timeout(timeoutMs));
    } catch {
      this.options.onUnresponsive();
      for (const reflector of reflectors) reflector.interrupt(`no answer to a health check within ${timeoutMs / 1000} s`);
      return;
    }
    // The apiserver answers: kinds that lost their connection need not wait out their backoff
    // (after a few failures it reaches 30–60 s; client-go would wait, we need not).
    for (const reflector of reflectors) reflector.retryNow();
  }
}
