// Discovery keeps the set of kinds in front of Services (Ingress, Gateway API) that a cluster
// serves, asking now and then every interval, and reports each kind that comes, goes or moves
// to another API version. A kind counts as gone only when two answers in a row lack it: one
// odd answer (an aggregated API restarting) must not make a whole column vanish and return.
import { type FrontKind, frontKinds } from '@/lib/graph/objects';

export interface DiscoveryOptions {
  /** Which front kinds the cluster serves now, each with its API path prefix. */
  discover: (signal: AbortSignal) => Promise<ReadonlyMap<FrontKind, string>>;
  intervalMs: number;
  /** A kind is served from `prefix` now (it was at `previous`, or not at all), or no longer (prefix undefined). */
  onChange: (kind: FrontKind, prefix: string | undefined, previous: string | undefined) => void;
  /** After every answer (or failure): the kinds served may have changed, and the first answer has come. */
  onAnswer: (error?: unknown) => void;
}

export class KindDiscovery {
  private current: Map<FrontKind, string> | undefined;
  private readonly misses = new Map<FrontKind, number>();
  private abort = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  private readonly options: DiscoveryOptions;

  constructor(options: DiscoveryOptions) {
    this.options = options;
  }

  /** The kinds served, by prefix; undefined until discovery first answered (or failed). */
  get served(): ReadonlyMap<FrontKind, string> | undefined {
    return this.current;
  }

  start(): void {
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    clearTimeout(this.timer);
  }

  /** Asks once, applies the answer, and asks again after the interval. */
  async check(): Promise<void> {
    clearTimeout(this.timer);
    this.abort = new AbortController();
    const { signal } = this.abort;
    try {
      const answer = await this.options.discover(signal);
      if (this.stopped || signal.aborted) return;
      this.apply(answer);
      this.options.onAnswer();
    } catch (error) {
      if (this.stopped || signal.aborted) return;
      // The watched kinds stay as they were; the core kinds' status says when the apiserver is down.
      this.current ??= new Map();
      this.options.onAnswer(error);
    }
    this.timer = setTimeout(() => void this.check(), this.options.intervalMs);
    this.timer.unref?.();
  }

  private apply(answer: ReadonlyMap<FrontKind, string>): void {
    const current = (this.current ??= new Map());
    for (const kind of frontKinds) {
      const prefix = answer.get(kind);
      const previous = current.get(kind);
      if (prefix !== undefined) this.misses.delete(kind);
      if (prefix === previous) continue;
      if (prefix === undefined) {
        const misses = (this.misses.get(kind) ?? 0) + 1;
        this.misses.set(kind, misses);
        if (misses < 2) continue;
        this.misses.delete(kind);
        current.delete(kind);
      } else {
        current.set(kind, prefix);
      }
      this.options.onChange(kind, prefix, previous);
    }
  }
}
