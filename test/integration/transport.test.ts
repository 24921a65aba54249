// The real ListerWatcher against the real apiserver: a consistent list comes in pages and
// says how far it is, with the count the apiserver gives (remainingItemCount).
import { describe, expect, it } from 'vitest';
import { configForContext } from '@/lib/k8s/kubeconfig';
import { kubeListerWatcher } from '@/lib/k8s/transport';
import { kubectlJson } from './kube';

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
