import { expect, test } from 'vitest';
import type { Pod } from '@/lib/graph/objects';
import { loadFixture } from '@/test/fixtures/load';
import { spanOps } from './spans';

const pod = [...loadFixture('frontend.yaml').pods.values()][0] as Pod;

test('a pod that got its IP and left within one write is written as a closed span', () => {
  const ops = spanOps([
    { at: 100, changes: [{ kind: 'pods', after: pod }] },
    { at: 400, changes: [{ kind: 'pods', before: pod }] },
  ]);
  expect(ops.close).toEqual([]);
  expect(ops.open).toEqual([{ ip: pod.podIPs[0], ownerKind: 'Pod', namespace: pod.namespace, name: pod.name, started: 100, startUnknown: false, ended: 400 }]);
});

test('a pod seen before the write and deleted in it closes its span; a new IP opens one', () => {
  const moved = { ...pod, podIPs: ['10.9.9.9'] };
  const ops = spanOps([{ at: 200, changes: [{ kind: 'pods', before: pod, after: moved }] }]);
  expect(ops.close).toEqual([{ ip: pod.podIPs[0], ownerKind: 'Pod', namespace: pod.namespace, name: pod.name, ended: 200 }]);
  expect(ops.open.map((span) => span.ip)).toEqual(['10.9.9.9']);
});
