// A scripted apiserver for unit tests of the reflector and the hub: each list and each
// watch answers with the next item of its script. (Integration tests use the real
// control plane instead; this only stands in where a test needs exact control.)
import type { ListerWatcher, ListResult, RawWatchEvent } from '@/lib/k8s/list-watch';

export function pod(name: string, resourceVersion: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion },
    spec: { containers: [{ name: 'app' }] },
    status: { phase: 'Running' },
  };
}
export const event = (type: string, object: unknown): RawWatchEvent => ({ type, object });
export const bookmark = (resourceVersion: string) => event('BOOKMARK', { kind: 'Pod', metadata: { resourceVersion } });

type ListOptions = Parameters<ListerWatcher['list']>[0];
type ListAnswer = (options: ListOptions) => Promise<ListResult>;

/** A watch that yields the given events, then stays open, yielding what `emit` sends, until aborted. */
export type WatchScript = { events?: RawWatchEvent[]; fail?: Error; end?: boolean };

export class ScriptedApi implements ListerWatcher {
  /** The namespace it stands for (a reflector per watched namespace); all by default. */
  readonly namespace: string | undefined;
  lists: { resourceVersion: string }[] = [];
  watches: { resourceVersion: string; timeoutSeconds: number }[] = [];
  /** Watches that ended because the client aborted them. */
  aborted = 0;
  private feed: RawWatchEvent[] = [];
  private wake: (() => void) | undefined;
  // A list answers with a result, an error, or what a function of the request resolves to.
  private listScript: (ListResult | Error | ListAnswer)[];
  private watchScript: WatchScript[];

  constructor(listScript: (ListResult | Error | ListAnswer)[], watchScript: WatchScript[], namespace?: string) {
    this.namespace = namespace;
    this.listScript = listScript;
    this.watchScript = watchScript;
  }

  async list(options: ListOptions): Promise<ListResult> {
    this.lists.push({ resourceVersion: options.resourceVersion });
    const next = this.listScript.shift() ?? { items: [], resourceVersion: '999' };
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(options) : next;
  }

  async watch({ resourceVersion, timeoutSeconds, signal }: { resourceVersion: string; timeoutSeconds: number; signal: AbortSignal }) {
    this.watches.push({ resourceVersion, timeoutSeconds });
    const script = this.watchScript.shift() ?? {};
    if (script.fail) throw script.fail;
    return this.stream(script, signal);
  }

  private async *stream(script: WatchScript, signal: AbortSignal): AsyncIterable<RawWatchEvent> {
    for (const item of script.events ?? []) yield item;
    if (script.end) return;
    while (!signal.aborted) {
      const next = this.feed.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    this.aborted++;
    throw new DOMException('aborted', 'AbortError');
  }

  /** Sends an event on the open watch. */
  emit(item: RawWatchEvent): void {
    this.feed.push(item);
    this.wake?.();
  }
}

