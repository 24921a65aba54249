import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreKind } from '@/lib/graph/objects';
import type { ContextStatus, GraphPatch } from '@/lib/stream/protocol';
import { rawFixture } from '@/test/fixtures/load';
import { event, ScriptedApi } from '@/test/scripted-api';
import { ApiError } from './errors';
import { ContextHub, type HubOptions } from './hub';

const hubs: ContextHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
});

function makeHub(options: HubOptions = {}) {
  const raw = rawFixture('frontend.yaml');
  const apis: Record<CoreKind, ScriptedApi> = {
    services: new ScriptedApi([{ items: raw.services, resourceVersion: '100' }], []),
    endpointslices: new ScriptedApi([{ items: raw.endpointslices, resourceVersion: '100' }], []),
    pods: new ScriptedApi([{ items: raw.pods, resourceVersion: '100' }], []),
    networkpolicies: new ScriptedApi([{ items: [], resourceVersion: '100' }], []),
    nodes: new ScriptedApi([{ items: [], resourceVersion: '100' }], []),
    namespaces: new ScriptedApi([{ items: [], resourceVersion: '100' }], []),
  };
  const hub = new ContextHub('test', (kind) => apis[kind as CoreKind], options);
  hubs.push(hub);
  return { hub, apis, raw };
}

function recorder() {
  const patches: { seq: number; patch: GraphPatch }[] = [];
  const statuses: ContextStatus[] = [];
  return { patches, statuses, listener: { onPatch: (seq: number, patch: GraphPatch) => patches.push({ seq, patch }), onStatus: (status: ContextStatus) => statuses.push(status) } };
}

describe('ContextHub', () => {
  it('shares one list and one watch per kind among all subscribers', async () => {
    const { hub, apis } = makeHub();
    const first = recorder();
    const second = recorder();
    hub.subscribe(first.listener);
    hub.subscribe(second.listener);
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
    for (const api of Object.values(apis)) {
      expect(api.lists).toHaveLength(1);
      expect(api.watches).toHaveLength(1);
    }
    expect(hub.snapshot().graph.nodes.map((node) => node.kind).sort()).toEqual(['EndpointSlice', 'Pod', 'Pod', 'Pod', 'Service']);
  });

  it("reports a paged list's progress per kind while it runs, and none once synced", async () => {
    const { hub, apis, raw } = makeHub();
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (finish = resolve));
    apis.pods = new ScriptedApi(
      [
        async ({ onProgress }) => {
          onProgress?.(2, 3);
          await held;
          return { items: raw.pods, resourceVersion: '100' };
        },
      ],
      [],
    );
    const { statuses, listener } = recorder();
    hub.subscribe(listener);
    const pods = (status: ContextStatus | undefined) => status?.kinds.find((kind) => kind.kind === 'pods');
    await vi.waitFor(() => expect(pods(statuses.at(-1))).toMatchObject({ state: 'syncing', listed: 2, total: 3 }));
    expect(pods(hub.status())).toMatchObject({ state: 'syncing', listed: 2, total: 3 });
    finish();
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    expect(pods(hub.status())).toMatchObject({ state: 'synced', objects: 3 });
    expect(pods(hub.status())?.listed).toBeUndefined();
  });

  it('keeps watching while anyone is subscribed, and stops a while after the last leaves', async () => {
    const { hub, apis } = makeHub({ idleStopMs: 50 });
    const leaveFirst = hub.subscribe(recorder().listener);
    const leaveSecond = hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
    leaveFirst();
    leaveSecond();
    expect(apis.pods.aborted).toBe(0); // not at once: a reload must not restart the watches
    await vi.waitFor(() => expect(apis.pods.aborted).toBe(1));
    expect(hub.snapshot().graph.nodes).toEqual([]);
  });

  it('waits the default minute when no idle period is configured', async () => {
    const { hub, apis } = makeHub({ idleStopMs: undefined });
    const leave = hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      leave();
      await vi.advanceTimersByTimeAsync(59_000);
      expect(apis.pods.aborted).toBe(0);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(apis.pods.aborted).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns one pod change into one numbered patch holding just the changed fields of that pod', async () => {
    const { hub, apis, raw } = makeHub();
    const { patches, listener } = recorder();
    hub.subscribe(listener);
    await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
    const start = hub.snapshot().seq;
    const pod = structuredClone(raw.pods[0]) as { metadata: { resourceVersion: string }; status: { conditions: { type: string; status: string }[] } };
    pod.metadata.resourceVersion = '101';
    pod.status.conditions = pod.status.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    apis.pods.emit(event('MODIFIED', pod));
    await vi.waitFor(() => expect(patches.filter((p) => p.seq > start)).toHaveLength(1));
    const [{ seq, patch }] = patches.filter((p) => p.seq > start) as [{ seq: number; patch: GraphPatch }];
    expect(seq).toBe(start + 1);
    const podUpdate = patch.updateNodes?.find((update) => update.id === 'Pod/shop/frontend-6d9f7c-abcde');
    expect(podUpdate?.set).toMatchObject({ ready: false });
    expect(Object.keys(podUpdate!.set)).not.toContain('name'); // unchanged fields stay home
    expect(patch.upsertNodes).toEqual([]);
    expect(patch.removeNodes).toEqual([]);
    expect(patch.upsertEdges).toEqual([]);
    expect(JSON.stringify(patch).length).toBeLessThan(1024);
  });

  it('hands a resuming client the patches it missed, or null once they left the buffer', async () => {
    const { hub, apis, raw } = makeHub({ patchBufferSize: 2 });
    hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
    const start = hub.snapshot().seq;
    for (const [index, rv] of ['201', '202', '203'].entries()) {
      const pod = structuredClone(raw.pods[index]) as { metadata: { resourceVersion: string; labels: Record<string, string> } };
      pod.metadata.resourceVersion = rv;
      pod.metadata.labels.version = rv;
      apis.pods.emit(event('DELETED', pod));
      await vi.waitFor(() => expect(hub.snapshot().seq).toBe(start + index + 1));
    }
    expect(hub.patchesSince(start + 3)).toEqual([]);
    expect(hub.patchesSince(start + 1)?.map((entry) => entry.seq)).toEqual([start + 2, start + 3]);
    expect(hub.patchesSince(start)).toBeNull();
    expect(hub.patchesSince(start + 99)).toBeNull();
  });

  it('treats an apiserver that fails its health check as gone: reconnecting with the reason, then live again', async () => {
    let healthy = true;
    const { hub, apis } = makeHub({ probeIntervalMs: 20, probe: async () => { if (!healthy) throw new Error('timeout'); } });
    const { statuses, listener } = recorder();
    hub.subscribe(listener);
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    healthy = false;
    await vi.waitFor(() => expect(hub.status().kinds.every((kind) => kind.state === 'reconnecting')).toBe(true));
    expect(hub.status().kinds[0]!.message).toBe('Cannot reach the apiserver: no answer to a health check within 5 s');
    healthy = true;
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true), { timeout: 5_000 });
    expect(apis.pods.watches.length).toBeGreaterThanOrEqual(2); // the dropped watch was opened again
    expect(apis.pods.lists).toHaveLength(1); // from where it was: no relist needed
    expect(statuses.some((status) => status.kinds.some((kind) => kind.state === 'reconnecting'))).toBe(true);
  });

  it('retries at once, not after its backoff, when the apiserver answers its health check again', async () => {
    let healthy = true;
    const { hub, apis } = makeHub({ probeIntervalMs: 20, backoff: { initialMs: 120_000 }, probe: async () => { if (!healthy) throw new Error('timeout'); } });
    hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    healthy = false;
    await vi.waitFor(() => expect(hub.status().kinds.every((kind) => kind.state === 'reconnecting')).toBe(true));
    expect(apis.pods.watches).toHaveLength(1); // waiting out a backoff of two minutes or more
    healthy = true;
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true), { timeout: 5_000 });
    expect(apis.pods.watches).toHaveLength(2);
  });

  it('bounds the resume buffer by size too: the whole-cluster patches of a first sync are not kept', async () => {
    const { hub, apis, raw } = makeHub({ patchBufferItems: 6 });
    hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
    const synced = hub.snapshot().seq;
    expect(hub.patchesSince(0)).toBeNull(); // the sync patches (5 nodes, 4 edges) did not fit
    const pod = structuredClone(raw.pods[0]) as { metadata: { resourceVersion: string } };
    pod.metadata.resourceVersion = '300';
    apis.pods.emit(event('DELETED', pod)); // the pod node and its edge go, the slice's and Service's counts change: 4 items
    await vi.waitFor(() => expect(hub.snapshot().seq).toBe(synced + 1));
    expect(hub.patchesSince(synced)?.map((entry) => entry.seq)).toEqual([synced + 1]);
    expect(hub.patchesSince(0)).toBeNull();
  });

  it('watches each listed namespace on its own, and reports a kind as well off as its worst namespace', async () => {
    const raw = rawFixture('frontend.yaml');
    const forbidden = new ApiError(403, 'Forbidden', 'pods is forbidden: User "team" cannot list resource "pods" in the namespace "other"');
    const shop = new ScriptedApi([{ items: raw.pods, resourceVersion: '100' }], []);
    const other = new ScriptedApi([forbidden, forbidden, forbidden], []);
    const single = (items: unknown[]) => new ScriptedApi([{ items, resourceVersion: '100' }], []);
    const sources = { services: single(raw.services), endpointslices: single(raw.endpointslices), networkpolicies: single([]), nodes: single([]), namespaces: single([]) };
    const hub = new ContextHub('test', (kind) => (kind === 'pods' ? [shop, other] : sources[kind as Exclude<CoreKind, 'pods'>]));
    hubs.push(hub);
    hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    const pods = hub.status().kinds.find((kind) => kind.kind === 'pods')!;
    expect(pods).toMatchObject({ state: 'forbidden', objects: 3 });
    expect(pods.message).toContain('namespace "other"');
    expect(hub.snapshot().graph.nodes.filter((node) => node.kind === 'Pod')).toHaveLength(3);
  });

  it('a subscriber arriving while the watches stop gets new watches that sync, on a clean hub', async () => {
    const { hub } = makeHub();
    const unsubscribe = hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    unsubscribe();
    const stopping = hub.stop();
    hub.subscribe(recorder().listener); // before the old reflectors have ended
    await stopping;
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    expect(hub.status().kinds.every((kind) => kind.state === 'synced')).toBe(true);
  });

  it('a relist in one watched namespace replaces that namespace only', async () => {
    const pod = (name: string, namespace: string, resourceVersion = '1') => ({ kind: 'Pod', metadata: { name, namespace, uid: `uid-${namespace}-${name}`, resourceVersion }, spec: { containers: [{ name: 'app' }] }, status: { phase: 'Running' } });
    const expired = { events: [event('ERROR', { code: 410, reason: 'Expired', message: 'too old' })], end: true };
    // shop lists a and b; its watch expires; the relist finds b gone. data lists c and keeps watching.
    const shop = new ScriptedApi([{ items: [pod('a', 'shop'), pod('b', 'shop')], resourceVersion: '10' }, { items: [pod('a', 'shop')], resourceVersion: '20' }], [expired, {}], 'shop');
    const data = new ScriptedApi([{ items: [pod('c', 'data')], resourceVersion: '10' }], [{}], 'data');
    const empty = () => new ScriptedApi([{ items: [], resourceVersion: '1' }], []);
    const hub = new ContextHub('test', (kind) => (kind === 'pods' ? [shop, data] : empty()));
    hubs.push(hub);
    hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(shop.lists).toHaveLength(2));
    await vi.waitFor(() => expect([...hub.objects().pods.keys()].sort()).toEqual(['data/c', 'shop/a']));
  });

  it('records changes to endpoints in the timeline once synced, not the first lists', async () => {
    const { hub, apis, raw } = makeHub();
    hub.subscribe(recorder().listener);
    await vi.waitFor(() => expect(apis.endpointslices.watches).toHaveLength(1));
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    expect(hub.timeline()).toEqual([]);
    const slice = structuredClone(raw.endpointslices[0]) as { metadata: { resourceVersion: string }; endpoints: { conditions: { ready: boolean } }[] };
    slice.metadata.resourceVersion = '200';
    slice.endpoints[0]!.conditions = { ready: false };
    apis.endpointslices.emit(event('MODIFIED', slice));
    await vi.waitFor(() => expect(hub.timeline('Service/shop/frontend')).toHaveLength(1));
    expect(hub.timeline('Service/shop/frontend')[0]).toMatchObject({ change: 'not-ready', service: 'Service/shop/frontend' });
    expect(hub.timeline('Service/shop/other')).toEqual([]);
  });

  it('reports each kind as synced after its first list', async () => {
    const { hub } = makeHub();
    const { statuses, listener } = recorder();
    hub.subscribe(listener);
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    expect(hub.status().kinds).toEqual([
      expect.objectContaining({ kind: 'services', state: 'synced', objects: 1 }),
      expect.objectContaining({ kind: 'endpointslices', state: 'synced', objects: 1 }),
      expect.objectContaining({ kind: 'pods', state: 'synced', objects: 3 }),
      expect.objectContaining({ kind: 'networkpolicies', state: 'synced', objects: 0 }),
      expect.objectContaining({ kind: 'nodes', state: 'synced', objects: 0 }),
      expect.objectContaining({ kind: 'namespaces', state: 'synced', objects: 0 }),
    ]);
    expect(statuses.length).toBeGreaterThan(0);
  });
});
