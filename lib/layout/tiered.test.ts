import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import { loadFixture } from '@/test/fixtures/load';
import { withNamespaceHeadings } from '@/lib/graph/namespaces';
import { columnX, layoutGraph } from './tiered';

describe('layoutGraph', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));
  const positions = layoutGraph(graph);

  it('places every node, in the column of its tier', () => {
    for (const node of graph.nodes) {
      const expected = node.kind === 'Service' ? columnX.Service : node.kind === 'EndpointSlice' ? columnX.EndpointSlice : columnX.backend;
      expect(positions[node.id]?.x, node.id).toBe(expected);
    }
  });

  it('never puts two nodes on the same spot', () => {
    const spots = Object.values(positions).map((p) => `${p.x},${p.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('is deterministic', () => {
    expect(layoutGraph(graph)).toEqual(positions);
  });

  it('keeps the Services of earlier namespaces in place when a later namespace changes', () => {
    const before = layoutGraph(graph);
    // "data" sorts before "shop": adding shop pods must not move data's nodes
    const dataIds = graph.nodes.filter((node) => node.namespace === 'data').map((node) => node.id);
    const trimmed = { nodes: graph.nodes.filter((n) => n.id !== 'Pod/shop/frontend-6d9f7c-klmno'), edges: graph.edges.filter((e) => !e.target.endsWith('klmno')) };
    const after = layoutGraph(trimmed);
    for (const id of dataIds) expect(after[id]).toEqual(before[id]);
  });
});

describe('layoutGraph with namespace headings', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));

  it('puts each heading above its namespace, and a collapsed namespace takes one row', () => {
    const open = layoutGraph(withNamespaceHeadings(graph, new Set()));
    for (const namespace of ['data', 'shop']) {
      const heading = open[`Namespace/${namespace}`]!;
      const rest = graph.nodes.filter((node) => node.namespace === namespace).map((node) => open[node.id]!.y);
      expect(heading.y, namespace).toBeLessThan(Math.min(...rest));
    }
    const collapsed = layoutGraph(withNamespaceHeadings(graph, new Set(['data'])));
    expect(Object.keys(collapsed).filter((id) => id.includes('/data/') || id === 'Namespace/data')).toEqual(['Namespace/data']);
    // shop moves up by what data no longer takes; within shop nothing moves relative to its heading.
    const shopOffset = open['Namespace/shop']!.y - collapsed['Namespace/shop']!.y;
    expect(shopOffset).toBeGreaterThan(0);
    for (const node of graph.nodes.filter((n) => n.namespace === 'shop')) expect(collapsed[node.id]!.y).toBe(open[node.id]!.y - shopOffset);
  });
});
