import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { podStatusView } from './pod-status';

const fixture = parse(readFileSync(join(import.meta.dirname, '../../test/fixtures/frontend.yaml'), 'utf8')) as { items: { kind: string; metadata: { name: string } }[] };
const pod = (name: string) => fixture.items.find((item) => item.kind === 'Pod' && item.metadata.name === name);

describe('podStatusView', () => {
  it('lists conditions and each container with its state, restarts and ports', () => {
    const view = podStatusView(pod('frontend-6d9f7c-fghij'));
    expect(view?.conditions.map((condition) => `${condition.type}=${condition.status}`)).toEqual(['Initialized=True', 'Ready=False', 'ContainersReady=False', 'PodScheduled=True']);
    expect(view?.containers).toEqual([
      { name: 'web', init: false, image: 'ghcr.io/example/shop-frontend:1.4.2', ready: false, restarts: 1, state: 'Running', ports: ['http:8080/TCP', 'metrics:9090/TCP'] },
    ]);
  });

  it('says why a container waits or ended, and shows init containers first', () => {
    const view = podStatusView({
      spec: { initContainers: [{ name: 'migrate' }], containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] },
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastTransitionTime: '2026-11-30T03:00:00Z' }],
        initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
      },
    });
    expect(view?.containers.map((container) => [container.name, container.init, container.state, container.restarts, container.ports])).toEqual([
      ['migrate', true, 'Terminated: Completed (exit 0)', 0, []],
      ['app', false, 'Waiting: CrashLoopBackOff', 7, ['80/TCP']],
    ]);
    expect(view?.conditions[0]).toEqual({ type: 'Ready', status: 'False', since: '2026-11-30T03:00:00Z', why: 'ContainersNotReady: containers with unready status: [app]' });
  });

  it('a container with no status yet is not ready and in an unknown state', () => {
    expect(podStatusView({ spec: { containers: [{ name: 'app' }] } })?.containers[0]).toMatchObject({ ready: false, restarts: 0, state: 'Unknown' });
  });

  it('is null for something that is not a Pod object', () => {
    expect(podStatusView({ spec: { containers: 'nope' } })).toBeNull();
    expect(podStatusView('text')).toBeNull();
  });
});
