import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import { catalogue } from '@/lib/graph/diagnostics';
import { diagnosePolicies } from '@/lib/graph/policy-diagnostics';
import { type ClusterStore, type KubeObject, objectKey, watchedKinds } from '@/lib/graph/objects';
import type { Clock } from '@/lib/k8s/clock';
import { Reflector } from '@/lib/k8s/reflector';
import { trimmers } from '@/lib/k8s/trimmers';
import { applyWatchEvent, emptyStore } from '@/lib/graph/store';
import { DemoApiServer } from './cluster';
import { DemoSimulation } from './simulation';

/** Simulated time: timers fire only when the test advances the clock. */
class FakeClock implements Clock {
  time = Date.parse('2026-01-01T00:00:00Z');
  private timers = new Set<{ at: number; callback: () => void }>();
  now = () => this.time;
  random = () => 0.5;
  sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = this.setTimeout(resolve, ms);
      signal.addEventListener('abort', () => { timer.cancel(); resolve(); }, { once: true });
    });
  setTimeout(callback: () => void, ms: number) {
    const timer = { at: this.time + ms, callback };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }
  advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers.delete(next);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
}

/** The store the hub would hold: every raw object through the same trimmers (zod schemas) as a real cluster's. */
const trimmed = new Map<string, KubeObject | null>(); // by uid and resourceVersion: each version is checked once
function trimmedStore(simulation: DemoSimulation): { store: ClusterStore; rejected: string[] } {
  const rejected: string[] = [];
  const store = Object.fromEntries(
    watchedKinds.map((kind) => {
      const objects = new Map<string, KubeObject>();
      for (const raw of simulation.api.all(kind)) {
        const version = `${raw.metadata.uid}@${raw.metadata.resourceVersion}`;
        if (!trimmed.has(version)) trimmed.set(version, trimmers[kind](raw));
        const object = trimmed.get(version);
        if (object) objects.set(objectKey(object), object);
        else rejected.push(`${kind} ${raw.metadata.namespace}/${raw.metadata.name}`);
      }
      return [kind, objects];
    }),
  ) as unknown as ClusterStore;
  return { store, rejected };
}

// A simulated minute of a cluster with 1,000+ pods takes seconds of CPU: more on a busy
// 2-core machine than vitest's default 5 s.
const simulationTimeoutMs = 60_000;

describe('demo cluster', () => {
  it('holds Services of every shape in four namespaces and more, all valid Kubernetes objects', () => {
    const simulation = new DemoSimulation(new FakeClock());
    const { store, rejected } = trimmedStore(simulation);
    expect(rejected).toEqual([]);
    const services = [...store.services.values()];
    expect(new Set(services.map((service) => service.namespace)).size).toBeGreaterThanOrEqual(4);
    expect(services.length).toBeGreaterThanOrEqual(20);
    expect(services.some((service) => service.type === 'ExternalName')).toBe(true);
    expect(services.some((service) => service.clusterIP === 'None')).toBe(true);
    expect(services.some((service) => service.selector === null)).toBe(true);
    expect(services.some((service) => service.ports.length > 1)).toBe(true);
    expect(services.some((service) => service.ports.some((port) => typeof port.targetPort === 'string'))).toBe(true);
    expect([...store.nodes.values()].filter((node) => !node.ready)).toHaveLength(1);
  });

  it('shows every diagnostic svcmap knows within one simulated minute, with only valid objects throughout', () => {
    const clock = new FakeClock();
    const simulation = new DemoSimulation(clock);
    simulation.start();
    const seen = new Set<string>();
    const front = new Set<string>();
    for (let second = 0; second < 60; second++) {
      clock.advance(1_000);
      const { store, rejected } = trimmedStore(simulation);
      expect(rejected).toEqual([]);
      for (const node of buildGraph(store).nodes) {
        if (node.kind === 'Service') for (const diagnostic of node.diagnostics) seen.add(diagnostic.code);
        else if ('diagnostics' in node) for (const diagnostic of node.diagnostics) front.add(`${node.id} ${diagnostic.code}`);
      }
      for (const diagnostic of diagnosePolicies(store)) seen.add(diagnostic.code);
    }
    simulation.stop();
    // Shown by the test cluster's scenarios instead (cluster/scenarios/50-routing.yaml): the
    // demo is single-stack and every demo node has a zone, so hints are never ignored there.
    const clusterOnly = ['FamiliesDiffer', 'TopologyHintsIgnored'];
    expect([...seen].sort()).toEqual(Object.keys(catalogue).filter((code) => !clusterOnly.includes(code)).sort());
    // In front: the canary share of the storefront route fails while its pod crashes; the
    // reviews route names a Service never deployed (and its controller said so). The rest of
    // the route catalogue is shown by the test cluster's scenarios (cluster/scenarios/60-front.yaml).
    expect([...front].sort()).toEqual(['HTTPRoute/shop/reviews-beta BackendServiceNotFound', 'HTTPRoute/shop/reviews-beta RouteRefsNotResolved', 'HTTPRoute/shop/storefront SomeBackendsUnready']);
  }, simulationTimeoutMs);

  it('is alive: rollouts replace pods, and watch events carry each change to a reflector', async () => {
    const clock = new FakeClock();
    const simulation = new DemoSimulation(clock);
    const store = emptyStore();
    const held = store.pods;
    const reflector = new Reflector<KubeObject>({
      kind: 'pods',
      listerWatcher: simulation.api.listerWatcher('pods'),
      trim: trimmers.pods,
      clock,
      write: (event) => applyWatchEvent(store, 'pods', event),
      onStatus: () => undefined,
    });
    reflector.start();
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    const firstFrontends = simulation.api.all('pods').filter((pod) => pod.metadata.name.startsWith('frontend-')).map((pod) => pod.metadata.name);
    simulation.start();
    for (let second = 0; second < 90; second++) {
      clock.advance(1_000);
      await settle();
    }
    const truth = new Map(simulation.api.all('pods').map((raw) => [`${raw.metadata.namespace}/${raw.metadata.name}`, raw.metadata.resourceVersion]));
    expect(new Map([...held].map(([key, pod]) => [key, pod.resourceVersion]))).toEqual(truth);
    const frontends = [...held.values()].filter((pod) => pod.name.startsWith('frontend-'));
    expect(frontends.some((pod) => firstFrontends.includes(pod.name))).toBe(false); // the 60 s rollout replaced them all
    simulation.stop();
    await reflector.stop();
  }, simulationTimeoutMs);

  it('answers a watch from a resourceVersion older than its history with 410 Gone, as an apiserver does', async () => {
    const api = new DemoApiServer(new FakeClock(), 3);
    const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'demo' } });
    api.put('pods', pod('a'));
    const { resourceVersion } = await api.listerWatcher('pods').list({ resourceVersion: '0', signal: new AbortController().signal });
    const watch = (from: string) => api.listerWatcher('pods').watch({ resourceVersion: from, timeoutSeconds: 300, signal: AbortSignal.timeout(1_000) });
    await expect(watch(resourceVersion)).resolves.toBeDefined();
    for (const name of ['b', 'c', 'd', 'e']) api.put('pods', pod(name));
    await expect(watch(resourceVersion)).rejects.toMatchObject({ status: 410 });
  });
});
