import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreKind } from '@/lib/graph/objects';
import { rawFixture } from '@/test/fixtures/load';
import { event, ScriptedApi } from '@/test/scripted-api';
import { ContextHub } from '@/lib/k8s/hub';
import { patchEventSchema } from '@/lib/stream/protocol';
import { graphEventStream } from './sse';

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Reads SSE events off the stream until `count` named events have arrived. */
async function readEvents(stream: ReadableStream<Uint8Array>, count: number): Promise<SseEvent[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffered = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      if (fields.event) events.push({ id: fields.id, event: fields.event, data: fields.data ?? '' });
      end = buffered.indexOf('\n\n');
    }
  }
  reader.releaseLock();
  return events;
}

const hubs: ContextHub[] = [];
const aborts: AbortController[] = [];
afterEach(async () => {
  for (const abort of aborts.splice(0)) abort.abort();
  await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
});

async function syncedHub() {
  const raw = { ...rawFixture('frontend.yaml') };
  const legacy = rawFixture('legacy-db.yaml');
  const apis: Record<CoreKind, ScriptedApi> = {
    services: new ScriptedApi([{ items: [...raw.services, ...legacy.services], resourceVersion: '1' }], []),
    endpointslices: new ScriptedApi([{ items: [...raw.endpointslices, ...legacy.endpointslices], resourceVersion: '1' }], []),
    pods: new ScriptedApi([{ items: raw.pods, resourceVersion: '1' }], []),
    networkpolicies: new ScriptedApi([{ items: [], resourceVersion: '1' }], []),
    nodes: new ScriptedApi([{ items: [], resourceVersion: '1' }], []),
    namespaces: new ScriptedApi([{ items: [], resourceVersion: '1' }], []),
  };
  const hub = new ContextHub('test', (kind) => apis[kind as CoreKind]);
  hubs.push(hub);
  await hub.whenSynced(5_000);
  await vi.waitFor(() => expect(apis.pods.watches).toHaveLength(1));
  return { hub, apis, raw };
}

function open(hub: ContextHub, namespaces: string[] = [], lastEventId: string | null = null) {
  const abort = new AbortController();
  aborts.push(abort);
  return graphEventStream(hub, new Set(namespaces), lastEventId, abort.signal);
}

function deletePod(apis: Record<CoreKind, ScriptedApi>, raw: { pods: unknown[] }, index: number) {
  const pod = structuredClone(raw.pods[index]) as { metadata: { resourceVersion: string } };
  pod.metadata.resourceVersion = String(100 + index);
  apis.pods.emit(event('DELETED', pod));
}

describe('graphEventStream', () => {
  function flipper(apis: Record<CoreKind, ScriptedApi>, raw: { pods: unknown[] }) {
    const pod = structuredClone(raw.pods[1]) as { metadata: { resourceVersion: string }; status: { conditions: { type: string; status: string }[] } };
    let flips = 0;
    return () => {
      flips++;
      pod.metadata.resourceVersion = String(1000 + flips);
      pod.status.conditions = [{ type: 'Ready', status: flips % 2 ? 'True' : 'False' }];
      apis.pods.emit(event('MODIFIED', structuredClone(pod)));
      return flips;
    };
  }

  it('drops a client that stops reading once its queue passes the bound, and frees its queue; others keep going', async () => {
    const { hub, apis, raw } = await syncedHub();
    const abort = new AbortController();
    aborts.push(abort);
    const stalled = graphEventStream(hub, new Set(), null, abort.signal, { maxQueuedBytes: 16 * 1024 });
    await readEvents(stalled, 2); // reads the status and the snapshot, then never again
    const reading = open(hub);
    await readEvents(reading, 2);
    expect(hub.subscribers).toBe(2);
    const flip = flipper(apis, raw);
    let flips = 0;
    while (hub.subscribers === 2 && flips < 500) {
      flips = flip();
      await readEvents(reading, 1); // the reading client gets every patch
    }
    expect(hub.subscribers).toBe(1);
    expect(flips).toBeLessThan(500);
    // The dropped stream ends at once (its queue was discarded), so its EventSource reconnects and resnapshots.
    const reader = stalled.getReader();
    const chunks: number[] = [];
    for (let result = await reader.read(); !result.done; result = await reader.read()) chunks.push(result.value.byteLength);
    expect(chunks.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThan(16 * 1024);
  });

  it('drops a client whose oldest unread event is older than the time bound, even when little is queued', async () => {
    const { hub, apis, raw } = await syncedHub();
    const abort = new AbortController();
    aborts.push(abort);
    const stalled = graphEventStream(hub, new Set(), null, abort.signal, { maxLagMs: 200 });
    await readEvents(stalled, 2);
    const flip = flipper(apis, raw);
    flip();
    await vi.waitFor(() => {
      flip(); // a small patch now and then: far below the byte bound
      expect(hub.subscribers).toBe(0);
    }, { timeout: 5_000, interval: 100 });
  });

  it('subscribes only when the body is first read: a stream never read (HEAD, a client gone early) holds nothing', async () => {
    const { hub } = await syncedHub();
    const abort = new AbortController();
    const unread = graphEventStream(hub, new Set(), null, abort.signal);
    expect(hub.subscribers).toBe(0);
    const read = open(hub);
    await readEvents(read, 2);
    expect(hub.subscribers).toBe(1);
    await read.cancel();
    expect(hub.subscribers).toBe(0);
    abort.abort();
    expect(await unread.getReader().read()).toEqual({ done: true, value: undefined });
    expect(hub.subscribers).toBe(0);
  });

  it('keeps a client whose first snapshot alone is bigger than the bound', async () => {
    const { hub, apis, raw } = await syncedHub();
    const abort = new AbortController();
    aborts.push(abort);
    const stream = graphEventStream(hub, new Set(), null, abort.signal, { maxQueuedBytes: 2_000 }); // the snapshot is several KB
    const [, snapshot] = await readEvents(stream, 2);
    expect(snapshot!.event).toBe('snapshot');
    expect(snapshot!.data.length).toBeGreaterThan(2_000);
    expect(hub.subscribers).toBe(1);
    deletePod(apis, raw, 0);
    const [patch] = await readEvents(stream, 1);
    expect(patch!.event).toBe('patch');
  });

  it('starts with the watch status and a snapshot whose id is <run>-<seq>', async () => {
    const { hub } = await syncedHub();
    const [status, snapshot] = await readEvents(open(hub), 2);
    expect(status!.event).toBe('status');
    expect(JSON.parse(status!.data).kinds.map((kind: { state: string }) => kind.state)).toEqual(['synced', 'synced', 'synced', 'synced', 'synced', 'synced']);
    expect(snapshot!.event).toBe('snapshot');
    expect(snapshot!.id).toBe(`${hub.epoch}-${hub.snapshot().seq}`);
    expect(JSON.parse(snapshot!.data).graph.nodes).toHaveLength(hub.snapshot().graph.nodes.length);
  });

  it('sends later changes as patches', async () => {
    const { hub, apis, raw } = await syncedHub();
    const stream = open(hub);
    await readEvents(stream, 2);
    deletePod(apis, raw, 0);
    const [patch] = await readEvents(stream, 1);
    expect(patch!.event).toBe('patch');
    expect(JSON.parse(patch!.data).patch.removeNodes).toEqual(['Pod/shop/frontend-6d9f7c-abcde']);
  });

  it('gives a client resuming inside the buffer only the patches it missed', async () => {
    const { hub, apis, raw } = await syncedHub();
    const [, snapshot] = await readEvents(open(hub), 2);
    const seenSeq = Number(snapshot!.id!.split('-')[1]);
    deletePod(apis, raw, 0);
    await vi.waitFor(() => expect(hub.snapshot().seq).toBe(seenSeq + 1));
    deletePod(apis, raw, 1);
    await vi.waitFor(() => expect(hub.snapshot().seq).toBe(seenSeq + 2));
    const events = await readEvents(open(hub, [], snapshot!.id!), 3);
    expect(events.map((e) => e.event)).toEqual(['status', 'patch', 'patch']);
    expect(events.map((e) => JSON.parse(e.data).patch?.removeNodes).slice(1)).toEqual([['Pod/shop/frontend-6d9f7c-abcde'], ['Pod/shop/frontend-6d9f7c-fghij']]);
  });

  it('gives a client whose Last-Event-ID is unknown (other run, bogus) a fresh snapshot', async () => {
    const { hub } = await syncedHub();
    for (const lastEventId of ['zzzz-1', 'not an id', `${hub.epoch}-999999`]) {
      const events = await readEvents(open(hub, [], lastEventId), 2);
      expect(events.map((e) => e.event)).toEqual(['status', 'snapshot']);
    }
  });

  it('sends only the selected namespaces, in the snapshot and in patches', async () => {
    const { hub, apis, raw } = await syncedHub();
    const stream = open(hub, ['data']);
    const [, snapshot] = await readEvents(stream, 2);
    const nodes = JSON.parse(snapshot!.data).graph.nodes as { namespace: string }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.namespace === 'data')).toBe(true);
    deletePod(apis, raw, 2); // a shop change: nothing for this client
    const service = structuredClone(rawFixture('legacy-db.yaml').services[0]) as { metadata: { resourceVersion: string } };
    service.metadata.resourceVersion = '500';
    apis.services.emit(event('DELETED', service));
    const [patch] = await readEvents(stream, 1);
    const wire = JSON.parse(patch!.data).patch;
    expect(wire.removeNodes).toEqual(['Service/data/legacy-db']);
    expect(wire).not.toHaveProperty('upsertNodes'); // empty lists stay off the wire
    expect(patchEventSchema.parse(JSON.parse(patch!.data)).patch.upsertNodes).toEqual([]); // and parsing puts them back
  });

  it('serialises each snapshot and patch once for all clients of the same namespaces, and once more for another set', async () => {
    const { hub, apis, raw } = await syncedHub();
    const stringify = vi.spyOn(JSON, 'stringify');
    const countEvents = (name: string) => stringify.mock.calls.filter(([value]) => value && typeof value === 'object' && (name in value)).length;
    const tabs = [open(hub, ['shop']), open(hub, ['shop']), open(hub, ['shop']), open(hub, ['data'])];
    const firsts = await Promise.all(tabs.map((tab) => readEvents(tab, 2)));
    expect(firsts.map((events) => events[1]!.event)).toEqual(['snapshot', 'snapshot', 'snapshot', 'snapshot']);
    expect(firsts[1]![1]!.data).toBe(firsts[0]![1]!.data);
    expect(countEvents('graph')).toBe(2); // shop, data

    deletePod(apis, raw, 0);
    const patches = await Promise.all(tabs.slice(0, 3).map((tab) => readEvents(tab, 1)));
    expect(new Set(patches.map(([patch]) => patch!.data)).size).toBe(1);
    expect(countEvents('patch')).toBeLessThanOrEqual(2); // at most once per view (data may see nothing of it)
    stringify.mockRestore();
  });
});

