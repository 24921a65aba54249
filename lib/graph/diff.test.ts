import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/stream/protocol';
import { applyPatch, diffGraph, isEmptyPatch } from './diff';

const podNode = fc.record({
  id: fc.constantFrom('Pod/a/p1', 'Pod/a/p2', 'Pod/b/p3', 'Pod/b/p4'),
  kind: fc.constant('Pod' as const),
  namespace: fc.constant('a'),
  name: fc.constant('p'),
  phase: fc.constantFrom('Running', 'Pending'),
  ready: fc.boolean(),
  terminating: fc.boolean(),
  restarts: fc.nat(3),
  containers: fc.record({ ready: fc.nat(2), total: fc.constant(2) }),
  policies: fc.constant<string[]>([]),
  isolated: fc.boolean(),
});
const edge = fc.record({
  id: fc.constantFrom('e1', 'e2', 'e3'),
  namespace: fc.constant('a'),
  source: fc.constant('EndpointSlice/a/s'),
  target: fc.constant('Pod/a/p1'),
  relation: fc.constant('endpoint' as const),
  conditions: fc.record({ ready: fc.boolean(), serving: fc.boolean(), terminating: fc.boolean() }),
});
const graph: fc.Arbitrary<Graph> = fc
  .record({ nodes: fc.uniqueArray(podNode, { selector: (n) => n.id }), edges: fc.uniqueArray(edge, { selector: (e) => e.id }) })
  .map((g) => ({ nodes: [...g.nodes].sort((x, y) => x.id.localeCompare(y.id)), edges: [...g.edges].sort((x, y) => x.id.localeCompare(y.id)) }));

describe('diffGraph / applyPatch', () => {
  it('applying the diff of two graphs to the first yields the second', () => {
    fc.assert(fc.property(graph, graph, (before, after) => {
      expect(applyPatch(before, diffGraph(before, after))).toEqual(after);
    }));
  });

  it('a graph diffed with itself is an empty patch', () => {
    fc.assert(fc.property(graph, (g) => isEmptyPatch(diffGraph(g, g))));
  });

  it('sends only what changed', () => {
    const before: Graph = { nodes: [{ id: 'Pod/a/p1', kind: 'Pod', namespace: 'a', name: 'p1', phase: 'Running', ready: true, terminating: false, restarts: 0, containers: { ready: 1, total: 1 }, policies: [], isolated: false }], edges: [] };
    const after: Graph = { nodes: [{ ...before.nodes[0]!, ready: false } as Graph['nodes'][number]], edges: [] };
    expect(diffGraph(before, after)).toEqual({ upsertNodes: after.nodes, removeNodes: [], upsertEdges: [], removeEdges: [] });
    expect(diffGraph(before, { nodes: [], edges: [] })).toEqual({ upsertNodes: [], removeNodes: ['Pod/a/p1'], upsertEdges: [], removeEdges: [] });
  });
});
