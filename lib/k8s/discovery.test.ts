// API discovery (discovery.ts) and the hub that follows it: a kind is watched while the cluster
// serves it, survives one odd answer, leaves with its objects after two, moves to a new API
// version without its objects blinking, and nothing starts after the hub stopped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrontKind } from '@/lib/graph/objects';
import { ScriptedApi } from '@/test/scripted-api';
import { KindDiscovery } from './discovery';
import { ContextHub } from './hub';

type Answer = ReadonlyMap<FrontKind, string> | Error;
const served = (entries: [FrontKind, string][]) => new Map(entries);

function scripted(answers: Answer[]) {
  const changes: string[] = [];
  const discovery = new KindDiscovery({
    discover: async () => {
      const next = answers.shift() ?? new Map();
      if (next instanceof Error) throw next;
      return next;
    },
    intervalMs: 3_600_000, // the test asks by hand (check)
    onChange: (kind, prefix, previous) => changes.push(`${kind} ${previous ?? '-'} → ${prefix ?? '-'}`),
    onAnswer: () => undefined,
  });
  return { discovery, changes };
}

describe('KindDiscovery', () => {
  it('reports a kind when served, keeps it through one answer that lacks it, and drops it after two', async () => {
    const v1 = '/apis/gateway.networking.k8s.io/v1';
    const { discovery, changes } = scripted([served([['httproutes', v1]]), served([]), served([['httproutes', v1]]), served([]), served([])]);
    for (let answer = 0; answer < 5; answer++) await discovery.check();
    discovery.stop();
    expect(changes).toEqual([`httproutes - → ${v1}`, `httproutes ${v1} → -`]);
    expect(discovery.served).toEqual(new Map());
  });

  it('reports a move to another API version at once, and keeps what it had when discovery fails', async () => {
    const { discovery, changes } = scripted([served([['referencegrants', '/apis/gateway.networking.k8s.io/v1beta1']]), new Error('503'), served([['referencegrants', '/apis/gateway.networking.k8s.io/v1']])]);
    await discovery.check();
    await discovery.check();
    expect(discovery.served?.get('referencegrants')).toBe('/apis/gateway.networking.k8s.io/v1beta1');
    await discovery.check();
    discovery.stop();
    expect(changes).toEqual(['referencegrants - → /apis/gateway.networking.k8s.io/v1beta1', 'referencegrants /apis/gateway.networking.k8s.io/v1beta1 → /apis/gateway.networking.k8s.io/v1']);
  });

  it('applies no answer that arrives after it stopped', async () => {
    let answer: (value: ReadonlyMap<FrontKind, string>) => void = () => undefined;
    const changes: string[] = [];
    const discovery = new KindDiscovery({ discover: () => new Promise((resolve) => (answer = resolve)), intervalMs: 10, onChange: (kind) => changes.push(kind), onAnswer: () => undefined });
    const pending = discovery.check();
    discovery.stop();
    answer(served([['gateways', '/apis/gateway.networking.k8s.io/v1']]));
    await pending;
    expect([changes, discovery.served]).toEqual([[], undefined]);
  });
});

describe('ContextHub with API discovery', () => {
  const hubs: ContextHub[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
  });

  const route = (name: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '5' },
    spec: { parentRefs: [{ name: 'main' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
  });

  it('watches a front kind only while served: not in the status before, its objects drawn while, gone after', async () => {
    // Each discovery waits for the test to answer it.
    const asked: ((answer: ReadonlyMap<FrontKind, string>) => void)[] = [];
    const answer = async (value: ReadonlyMap<FrontKind, string>) => {
      await vi.waitFor(() => expect(asked.length).toBeGreaterThan(0));
      asked.shift()!(value);
    };
    const empty = () => new ScriptedApi([{ items: [], resourceVersion: '1' }], []);
    const routes = new ScriptedApi([{ items: [route('checkout')], resourceVersion: '5' }], []);
    const prefixes: (string | undefined)[] = [];
    const hub = new ContextHub('test', (kind, prefix) => (kind === 'httproutes' ? (prefixes.push(prefix), routes) : empty()), {
      discover: () => new Promise((resolve) => asked.push(resolve)),
      discoveryIntervalMs: 5,
    });
    hubs.push(hub);
    hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
    const kinds = () => hub.status().kinds.map((kind) => kind.kind);
    const drawn = () => hub.snapshot().graph.nodes.some((node) => node.id === 'HTTPRoute/shop/checkout');
    // Not synced before discovery answered, whatever the core kinds did.
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(hub.isSynced()).toBe(false);
    await answer(served([]));
    await vi.waitFor(() => expect(hub.isSynced()).toBe(true));
    expect(kinds()).not.toContain('httproutes');

    await answer(served([['httproutes', '/apis/gateway.networking.k8s.io/v1']]));
    await vi.waitFor(() => expect([kinds().includes('httproutes'), drawn()]).toEqual([true, true]));
    expect(prefixes).toEqual(['/apis/gateway.networking.k8s.io/v1']);
    // One answer without it changes nothing; the second takes the kind and its objects away.
    await answer(served([]));
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect([kinds().includes('httproutes'), drawn()]).toEqual([true, true]);
    await answer(served([]));
    await vi.waitFor(() => expect([kinds().includes('httproutes'), drawn()]).toEqual([false, false]));
  });
  it('picks up a kind whose CRD is installed while it runs within a minute, at the default interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    let answer = served([]);
    const hub = new ContextHub('test', (kind) => (kind === 'httproutes' ? new ScriptedApi([{ items: [route('late')], resourceVersion: '5' }], []) : new ScriptedApi([{ items: [], resourceVersion: '1' }], [])), {
      discover: async () => answer,
    });
    hubs.push(hub);
    hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
    const drawn = () => hub.snapshot().graph.nodes.some((node) => node.id === 'HTTPRoute/shop/late');
    await vi.advanceTimersByTimeAsync(1_000);
    expect([hub.isSynced(), drawn()]).toEqual([true, false]);
    // The CRD is installed now: the next discovery, at most a minute later, finds it.
    answer = served([['httproutes', '/apis/gateway.networking.k8s.io/v1']]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(drawn()).toBe(true);
  });
});
