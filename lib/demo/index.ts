// The embedded demo: a simulated cluster offered as the context "demo" when there is no
// kubeconfig (or SVCMAP_DEMO=1): another source of list/watch, which whoever assembles
// the contexts (lib/http/contexts.ts) serves through the same hub as a real cluster.
import { type FrontKind, frontKinds, type WatchedKind, watchedKindOf } from '@/lib/graph/objects';
import { systemClock } from '@/lib/k8s/clock';
import type { ListerWatcher } from '@/lib/k8s/list-watch';
import type { ObjectReader } from '@/lib/k8s/transport';
import type { KubeContext } from '@/lib/stream/protocol';
import { DemoSimulation } from './simulation';

export const demoContextName = 'demo';

/** SVCMAP_DEMO=1 forces the demo on, SVCMAP_DEMO=0 off; otherwise it is on when there is no kubeconfig. */
export function demoEnabled(hasKubeConfig: boolean): boolean {
  const setting = process.env.SVCMAP_DEMO;
  if (setting === '1' || setting === 'true') return true;
  if (setting === '0' || setting === 'false') return false;
  return !hasKubeConfig;
}

export function demoContext(current: boolean): KubeContext {
  return { name: demoContextName, cluster: 'demo (simulated)', current, demo: true };
}

/** The simulated cluster's list/watch and reads; the simulation starts with the first watch and keeps running. */
export function demoSource(): { listerWatcherFor: (kind: WatchedKind) => ListerWatcher; read: ObjectReader; discover: () => Promise<Map<FrontKind, string>> } {
  const simulation = new DemoSimulation(systemClock);
  return {
    listerWatcherFor: (kind) => {
      simulation.start();
      return simulation.api.listerWatcher(kind);
    },
    // The demo serves every kind in front of Services (at no particular API path).
    discover: async () => new Map(frontKinds.map((kind) => [kind, ''])),
    // The demo keeps the watched kinds only: it writes no v1 Endpoints.
    read: async ({ kind, namespace, name }) => {
      const watched = watchedKindOf(kind);
      return watched ? (simulation.api.get(watched, namespace ?? '', name) ?? null) : null;
    },
  };
}
