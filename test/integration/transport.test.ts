// The real ListerWatcher against the real apiserver: a consistent list comes in pages and
// says how far it is, with the count the apiserver gives (remainingItemCount); a WatchList
// streams the same objects without a LIST, and a refused one falls back to listing.
import { describe, expect, it } from 'vitest';
import type { Pod } from '@/lib/graph/objects';
import { applyWatchEvent, emptyStore } from '@/lib/graph/store';
import { ApiError } from '@/lib/k8s/errors';
import { configForContext } from '@/lib/k8s/kubeconfig';
import type { ListerWatcher } from '@/lib/k8s/list-watch';
import { Reflector } from '@/lib/k8s/reflector';
import { kubeListerWatcher } from '@/lib/k8s/transport';
import { trimPod } from '@/lib/k8s/trim';
import { eventually, kubectlJson } from './kube';

describe('kubeListerWatcher', () => {
  it('lists the pods of a namespace in pages, reporting objects so far and in all, and returns every pod once', async () => {
    const config = configForContext('svcmap-admin');
    expect(config).not.toBeNull();
    const progress: [number, number | undefined][] = [];
    const lister = kubeListerWatcher(config!, 'pods', { namespace: 'shop', pageSize: 3 });
    const list = await lister.list({ resourceVersion: '', signal: AbortSignal.timeout(30_000), onProgress: (listed, total) => progress.push([listed, total]) });

    const names = (list.items as { metadata: { namespace: string; name: string } }[]).map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    const total = names.length;
    expect(total).toBeGreaterThan(6); // the shop scenario has more than two pages of pods
    // One report per page that has a next page: 3, 6, 9, … each with the same total.
    expect(progress.map(([listed]) => listed)).toEqual(Array.from({ length: Math.ceil(total / 3) - 1 }, (_, page) => (page + 1) * 3));
    for (const [, reported] of progress) expect(reported).toBe(total);
    // The same pods kubectl lists (the list is a consistent read at list.resourceVersion).
    const truth = kubectlJson<{ items: { metadata: { namespace: string; name: string } }[] }>('get', 'pods', '-n', 'shop').items.map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`);
    expect(names.sort()).toEqual(truth.sort());
  });
});

describe('WatchList (sendInitialEvents) against the real apiserver', () => {
  /** A reflector on shop's pods that counts which calls it made, writing into a store of its own. */
  async function syncPods(wrap: (lister: ListerWatcher) => ListerWatcher) {
    const config = configForContext('svcmap-admin')!;
    const calls = { list: 0, watchList: 0, refused: [] as string[] };
    const real = kubeListerWatcher(config, 'pods', { namespace: 'shop' });
    const counted = wrap({
      namespace: 'shop',
      list: (options) => (calls.list++, real.list(options)),
      watch: (options) => real.watch(options),
      watchList: (options) => (calls.watchList++, real.watchList!(options)),
    });
    const store = emptyStore();
    let synced = false;
    const reflector = new Reflector<Pod>({
      kind: 'pods', listerWatcher: counted, trim: trimPod, write: (event) => applyWatchEvent(store, 'pods', event),
      onStatus: (state) => (synced ||= state === 'synced'), onWatchListRefused: (message) => calls.refused.push(message),
    });
    reflector.start();
    await eventually(() => expect(synced).toBe(true));
    await reflector.stop();
    const truth = kubectlJson<{ items: { metadata: { namespace: string; name: string; resourceVersion: string } }[] }>('get', 'pods', '-n', 'shop').items;
    return { calls, store, truth };
  }

  it('syncs from the streamed initial events, with no LIST, to exactly what kubectl lists', async () => {
    const { calls, store, truth } = await syncPods((lister) => lister);
    expect(calls).toEqual({ list: 0, watchList: 1, refused: [] });
    expect([...store.pods.keys()].sort()).toEqual(truth.map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`).sort());
  });

  it('lists instead when the apiserver refuses a WatchList (an older apiserver, or the feature turned off)', async () => {
    const refusing = (lister: ListerWatcher): ListerWatcher => ({ ...lister, watchList: async () => { throw new ApiError(400, 'BadRequest', 'sendInitialEvents is not supported'); } });
    const { calls, store, truth } = await syncPods(refusing);
    expect(calls.list).toBe(1);
    expect(calls.refused).toEqual(['sendInitialEvents is not supported']);
    expect(store.pods.size).toBe(truth.length);
  });
});
